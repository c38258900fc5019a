"""Print the single-page HTML build of the book to PDF with Chromium.

Usage: ``python conf/print_pdf.py SINGLEHTML_DIR OUT.pdf``. ``nox -s pdf``
runs it after ``sphinx-build -b singlehtml``.

The route needs no LaTeX: Chromium lays out the same HTML and CSS as the
website, the equations are SVG drawn at build time (conf/svg_maths.py),
and the print rules in ``_static/lecture-kit.css`` hide the buttons and
interactive outputs. The build folder is served on 127.0.0.1, and every
request to another host is aborted, so printing needs no network.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import os
import shutil
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

from playwright.sync_api import Browser, Route, sync_playwright

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
LOOPBACK_HOSTS = {"127.0.0.1", "localhost", "::1"}
FOOTER = (
    '<div style="width: 100%; font-size: 8px; text-align: center; color: #555;">'
    '<span class="pageNumber"></span> / <span class="totalPages"></span></div>'
)


def find_chromium() -> str:
    """Return the path of the Chromium executable, or raise.

    ``$CHROMIUM`` overrides the search. Playwright's own browser download
    is not used, so the system package (Debian's ``chromium``) is needed.
    """
    candidate = os.environ.get("CHROMIUM") or shutil.which("chromium")
    if candidate is None:
        candidate = shutil.which("chromium-browser") or shutil.which("google-chrome")
    if candidate is None:
        raise FileNotFoundError(
            "Chromium was not found. Install it (Debian: apt-get install "
            "chromium) or set CHROMIUM to the path of the executable"
        )
    return candidate


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@contextmanager
def serve(folder: Path) -> Iterator[str]:
    """Serve ``folder`` on a free port of 127.0.0.1 and yield its address."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def _keep_local(route: Route) -> None:
    if urlsplit(route.request.url).hostname in LOOPBACK_HOSTS:
        route.continue_()
    else:
        route.abort()


def print_pdf(
    singlehtml: Path,
    out: Path,
    browser: Browser | None = None,
    timeout_ms: int = 120_000,
) -> Path:
    """Print ``singlehtml/index.html`` to the PDF file ``out``.

    Parameters
    ----------
    singlehtml : pathlib.Path
        Output folder of ``sphinx-build -b singlehtml``.
    out : pathlib.Path
        The PDF to write; its folder is created if missing.
    browser : playwright.sync_api.Browser, optional
        A running Chromium to print with. By default Chromium is started
        with `CHROMIUM_ARGS` and closed afterwards.
    timeout_ms : int, default 120000
        How long to wait for the page to load, in milliseconds.

    Returns
    -------
    pathlib.Path
        `out`.

    Raises
    ------
    FileNotFoundError
        If ``index.html`` or Chromium is missing.
    """
    index = singlehtml / "index.html"
    if not index.is_file():
        raise FileNotFoundError(
            f"{index} not found. Build it first with sphinx-build -b singlehtml"
        )
    out.parent.mkdir(parents=True, exist_ok=True)

    if browser is not None:
        _print_with(browser, singlehtml, out, timeout_ms)
        return out
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=find_chromium(), args=CHROMIUM_ARGS
        )
        try:
            _print_with(chromium, singlehtml, out, timeout_ms)
        finally:
            chromium.close()
    return out


def _print_with(browser: Browser, singlehtml: Path, out: Path, timeout_ms: int) -> None:
    page = browser.new_page()
    try:
        page.route("**/*", _keep_local)
        with serve(singlehtml) as address:
            page.goto(address + "index.html", wait_until="load", timeout=timeout_ms)
            page.emulate_media(media="print")
            page.pdf(
                path=str(out),
                format="A4",
                print_background=True,
                margin={
                    "top": "18mm",
                    "bottom": "18mm",
                    "left": "16mm",
                    "right": "16mm",
                },
                display_header_footer=True,
                header_template="<div></div>",
                footer_template=FOOTER,
                outline=True,
                tagged=True,
            )
    finally:
        page.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("singlehtml", type=Path, help="singlehtml build folder")
    parser.add_argument("out", type=Path, help="PDF file to write")
    options = parser.parse_args()

    written = print_pdf(options.singlehtml, options.out)
    print(f"wrote {written} ({written.stat().st_size // 1024} KiB)")


if __name__ == "__main__":
    main()
