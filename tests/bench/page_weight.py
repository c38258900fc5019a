"""Measure what a reader downloads per page, and the Lighthouse scores.

Usage (``nox -s page_weight`` builds the book and runs it)::

    python tests/bench/page_weight.py [--html _build/html]
                                      [--lighthouse PATH] [--runs 3]

The built site is served on 127.0.0.1 the way GitHub Pages serves it:
every file compressed with ``gzip -6`` except formats that are compressed
already (fonts, raster images), and ``Cache-Control: max-age=600``.
Headless Chromium (``/usr/bin/chromium``, driven by Playwright) opens every
page of ``docs/`` with an empty cache, the first visit, and then, from the
same browser context, the next page in the list, a later visit. The
server adds up the bodies it sends for each visit. HTTP headers are not
counted.

Any request to a host other than the loopback server is reported as an
error, because the published site must make none.

With ``--lighthouse``, each page is also scored ``--runs`` times by
Lighthouse with its default mobile settings, and the medians of the
performance and accessibility scores are printed, with the accessibility
audits that failed.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

from playwright.sync_api import Page, sync_playwright

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
# Chromium resolves no host but the loopback address, so a request to any
# other host fails instead of leaving the machine.
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
]
ALREADY_COMPRESSED = {".woff", ".woff2", ".png", ".jpg", ".jpeg", ".gif", ".webp"}
LOOPBACK_HOSTS = {"127.0.0.1", "localhost", "[::1]"}


@dataclass(frozen=True)
class Served:
    """One file that the local server sent, and its body's size in bytes."""

    path: str
    size: int


class RecordingServer(ThreadingHTTPServer):
    """A static file server that records each response it sends."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.served: list[Served] = []
        self.lock = threading.Lock()
        handler = partial(CachingHandler, directory=str(folder))
        super().__init__(("127.0.0.1", 0), handler)

    def handle_error(self, request: object, client_address: object) -> None:
        # A browser that cancels a request (Lighthouse does, between its
        # passes) closes the socket mid-response. That is not a failure of
        # the site, so only other errors are printed.
        error = sys.exc_info()[1]
        if not isinstance(error, ConnectionError):
            super().handle_error(request, client_address)  # type: ignore[arg-type]

    def take(self) -> list[Served]:
        """Return the responses since the last call and forget them."""
        with self.lock:
            served, self.served = self.served, []
        return served


class CachingHandler(SimpleHTTPRequestHandler):
    """Serve files as GitHub Pages does: gzip-compressed, cacheable for 600 s."""

    server: RecordingServer

    def do_GET(self) -> None:
        relative = unquote(urlsplit(self.path).path).lstrip("/")
        file = self.server.folder / relative
        if file.is_dir():
            file = file / "index.html"
        if not file.is_file():
            self.send_error(404, f"no file {relative!r} in the built site")
            return

        body = file.read_bytes()
        compress = file.suffix.lower() not in ALREADY_COMPRESSED
        if compress:
            body = gzip.compress(body, compresslevel=6, mtime=0)
        with self.server.lock:
            self.server.served.append(Served(self.path, len(body)))

        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(file)))
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "max-age=600")
        if compress:
            self.send_header("Content-Encoding", "gzip")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


def book_pages(html: Path) -> list[str]:
    """List the built pages of the book's sources, in source order."""
    pages = []
    # The .ipynb files in docs/ are Colab copies of the .md pages, which
    # the build excludes.
    for source in sorted((ROOT / "docs").rglob("*.md")):
        relative = source.relative_to(ROOT / "docs").with_suffix(".html")
        if (html / relative).is_file():
            pages.append(relative.as_posix())
    if not pages:
        sys.exit(f"no built page of docs/ was found in {html}; build the book first")
    return pages


def bytes_of(served: list[Served]) -> int:
    return sum(item.size for item in served)


def load_fully(page: Page, url: str, server: RecordingServer) -> None:
    """Open ``url``, then wait until the server has sent nothing for 0.5 s."""
    page.goto(url, wait_until="networkidle")
    # A request that a script makes late can outlast the first idle moment
    # of the network on a busy machine.
    sent = -1
    while sent != len(server.served):
        sent = len(server.served)
        time.sleep(0.5)


def measure_weight(server: RecordingServer, pages: list[str]) -> list[tuple]:
    """Return (page, first visit bytes, files, later visit bytes) per page."""
    base = f"http://127.0.0.1:{server.server_port}/"
    rows = []
    external: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_FLAGS
        )
        for index, page_path in enumerate(pages):
            context = browser.new_context()
            page = context.new_page()
            page.on(
                "request",
                lambda request: (
                    external.append(request.url)
                    if urlsplit(request.url).hostname not in LOOPBACK_HOSTS
                    and urlsplit(request.url).scheme in {"http", "https"}
                    else None
                ),
            )
            server.take()
            load_fully(page, base + page_path, server)
            first = server.take()

            next_page = pages[(index + 1) % len(pages)]
            load_fully(page, base + next_page, server)
            later = server.take()
            context.close()

            rows.append(
                (
                    page_path,
                    bytes_of(first),
                    len(first),
                    bytes_of(later),
                )
            )
        browser.close()
    if external:
        print("requests to other hosts (the site must make none):")
        for url in sorted(set(external)):
            print(f"  {url}")
    return rows


def run_lighthouse(lighthouse: str, url: str, preset: str) -> dict:
    """Run Lighthouse once on ``url`` and return its JSON report."""
    with tempfile.TemporaryDirectory() as folder:
        report = Path(folder) / "report.json"
        command = [
            lighthouse,
            url,
            "--quiet",
            "--output=json",
            f"--output-path={report}",
            "--only-categories=performance,accessibility",
            f"--chrome-flags={' '.join(CHROMIUM_FLAGS)}",
        ]
        if preset == "desktop":
            command.append("--preset=desktop")
        env = {**os.environ, "CHROME_PATH": CHROMIUM}
        subprocess.run(command, check=True, env=env, capture_output=True)
        return json.loads(report.read_text(encoding="utf-8"))


def failed_accessibility_audits(report: dict) -> list[str]:
    audits = report["audits"]
    references = report["categories"]["accessibility"]["auditRefs"]
    return [
        reference["id"]
        for reference in references
        if reference.get("weight", 0) > 0
        and audits[reference["id"]].get("score") not in (None, 1)
    ]


def measure_lighthouse(
    server: RecordingServer, pages: list[str], lighthouse: str, runs: int, preset: str
) -> None:
    base = f"http://127.0.0.1:{server.server_port}/"
    print(f"\nLighthouse {preset} preset, medians of {runs} runs")
    print(
        f"  {'page':<28} {'performance':>11} {'accessibility':>13} "
        f"{'FCP s':>6} {'LCP s':>6} {'TBT ms':>6}  failed audits"
    )
    for page_path in pages:
        metrics: dict[str, list[float]] = {}
        failed: set[str] = set()
        for _ in range(runs):
            report = run_lighthouse(lighthouse, base + page_path, preset)
            categories = report["categories"]
            audits = report["audits"]
            values = {
                "performance": 100 * categories["performance"]["score"],
                "accessibility": 100 * categories["accessibility"]["score"],
                "fcp": audits["first-contentful-paint"]["numericValue"] / 1000,
                "lcp": audits["largest-contentful-paint"]["numericValue"] / 1000,
                "tbt": audits["total-blocking-time"]["numericValue"],
            }
            for name, value in values.items():
                metrics.setdefault(name, []).append(value)
            failed.update(failed_accessibility_audits(report))
        median = {name: statistics.median(value) for name, value in metrics.items()}
        print(
            f"  {page_path:<28} {median['performance']:11.0f} "
            f"{median['accessibility']:13.0f} {median['fcp']:6.2f} "
            f"{median['lcp']:6.2f} {median['tbt']:6.0f}  "
            f"{', '.join(sorted(failed)) or '-'}",
            flush=True,
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--html", type=Path, default=ROOT / "_build" / "html")
    parser.add_argument("--lighthouse", help="path of the lighthouse command")
    parser.add_argument(
        "--runs",
        type=int,
        default=3,
        help="page loads and Lighthouse runs per page; medians are printed",
    )
    parser.add_argument(
        "--preset",
        choices=("mobile", "desktop", "both"),
        default="both",
        help="Lighthouse settings: its mobile defaults, its desktop preset, or both",
    )
    args = parser.parse_args()
    if args.runs < 1:
        parser.error(f"--runs must be at least 1, got {args.runs}")
    html = args.html.resolve()
    pages = book_pages(html)

    server = RecordingServer(html)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        runs = [measure_weight(server, pages) for _ in range(args.runs)]
        print(f"bytes transferred, gzip -6, in KB (1000 bytes), medians of {args.runs}")
        print(f"  {'page':<28} {'first visit':>11} {'files':>5} {'later visit':>11}")
        for index, page_path in enumerate(pages):
            first, files, later = (
                statistics.median(run[index][column] for run in runs)
                for column in (1, 2, 3)
            )
            print(
                f"  {page_path:<28} {first / 1000:11.1f} {files:5.0f} "
                f"{later / 1000:11.1f}"
            )
        if args.lighthouse:
            presets = ("mobile", "desktop") if args.preset == "both" else (args.preset,)
            for preset in presets:
                measure_lighthouse(server, pages, args.lighthouse, args.runs, preset)
    finally:
        server.shutdown()


if __name__ == "__main__":
    main()
