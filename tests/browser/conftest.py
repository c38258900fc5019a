"""Browser pages that record what goes wrong while they load and run."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from playwright.sync_api import Browser, ConsoleMessage, Page, Request, Response

# Schemes that never leave the browser.
LOCAL_SCHEMES = {"data", "blob", "about"}


@dataclass
class PageLog:
    """Console errors, failed requests and the hosts that requests went to."""

    console_errors: list[str] = field(default_factory=list)
    failed_requests: list[str] = field(default_factory=list)
    foreign_requests: list[str] = field(default_factory=list)
    local_requests: list[str] = field(default_factory=list)

    def on_console(self, message: ConsoleMessage) -> None:
        if message.type == "error":
            self.console_errors.append(f"{message.text} at {message.location}")

    def on_page_error(self, error: Exception) -> None:
        self.console_errors.append(f"uncaught {error}")

    def on_request(self, request: Request) -> None:
        parts = urlsplit(request.url)
        if parts.scheme in LOCAL_SCHEMES:
            return
        if parts.hostname == "127.0.0.1":
            self.local_requests.append(request.url)
        else:
            self.foreign_requests.append(request.url)

    def on_request_failed(self, request: Request) -> None:
        self.failed_requests.append(f"{request.url}: {request.failure}")

    def on_response(self, response: Response) -> None:
        if response.status >= 400:
            self.failed_requests.append(f"{response.url}: HTTP {response.status}")


@contextmanager
def open_watched_page(
    browser: Browser, width: int = 1280, height: int = 900
) -> Iterator[tuple[Page, PageLog]]:
    """Open a fresh page with touch that logs errors and requests.

    The viewport is ``width`` by ``height`` CSS pixels, 1280 by 900 unless
    given.
    """
    context = browser.new_context(
        viewport={"width": width, "height": height},
        service_workers="block",
        has_touch=True,
    )
    page = context.new_page()
    log = PageLog()
    page.on("console", log.on_console)
    page.on("pageerror", log.on_page_error)
    page.on("request", log.on_request)
    page.on("requestfailed", log.on_request_failed)
    page.on("response", log.on_response)
    try:
        yield page, log
    finally:
        context.close()
