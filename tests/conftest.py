"""Shared fixtures: a real build of the book, made once per test run."""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import settings
from playwright.sync_api import Browser, sync_playwright

# The test machines are shared and their timings vary, so a slow example
# is not a failure. Speed is measured by the bench sessions instead.
settings.register_profile("sigmoid-explainer", deadline=None)
settings.load_profile("sigmoid-explainer")

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
CONF = ROOT / "conf"

CHAPTERS = (
    "index",
    "intro",
    "sigmoid",
    "pros",
    "cons",
    "derivative",
    "explorer",
    "api",
)

# -- Sigmoid in context: tanh, ReLU and the gradient checks --
CHAPTERS += ("context",)


@dataclass(frozen=True)
class Build:
    """The result of one ``sphinx-build`` run."""

    returncode: int
    output: str
    html: Path


def run_sphinx(
    source: Path,
    out: Path,
    *extra: str,
    env: Mapping[str, str] | None = None,
    conf: Path = CONF,
    cwd: Path = ROOT,
) -> Build:
    """Build the HTML book from ``source`` into ``out`` with the strict flags.

    ``env`` sets environment variables for the build, on top of the test
    run's own environment. ``conf`` and ``cwd`` let a copy of the project
    build with its own configuration.
    """
    command = [
        sys.executable,
        "-m",
        "sphinx",
        "-b",
        "html",
        "-n",
        "-W",
        "--keep-going",
        "-c",
        str(conf),
        *extra,
        str(source),
        str(out),
    ]
    completed = subprocess.run(
        command,
        capture_output=True,
        text=True,
        cwd=cwd,
        check=False,
        env={**os.environ, **(env or {})},
    )
    return Build(completed.returncode, completed.stdout + completed.stderr, out)


@pytest.fixture(scope="session")
def built_book(tmp_path_factory: pytest.TempPathFactory) -> Build:
    """Build the book once into a temporary folder and fail fast if it breaks."""
    out = tmp_path_factory.mktemp("book") / "html"
    build = run_sphinx(DOCS, out)
    assert build.returncode == 0, f"the book failed to build:\n{build.output[-6000:]}"
    return build


# -- Browser tests -----------------------------------------------------------
# Playwright drives the system's Chromium, because Playwright cannot
# download its own browser builds here. The built book is served from a
# thread of the test process on 127.0.0.1, on a port the system picks.

CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome")
CHROMIUM_DEFAULT = Path("/usr/bin/chromium")
# Keep Chromium from calling any host of its own: the tests watch every
# request that a page makes, and only the local server may be reached.
CHROMIUM_ARGS = [
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-gpu",
    "--headless",
    "--no-sandbox",
]
INSTALL_HINT = (
    "install it with `sudo apt-get install chromium` (Debian, Ubuntu), or set "
    "CHROMIUM_PATH to the path of a Chromium or Chrome executable"
)


def find_chromium() -> Path:
    """Return the Chromium executable, or fail the test with how to install it.

    ``$CHROMIUM_PATH`` wins when set. Otherwise the first found of
    ``/usr/bin/chromium`` and the `CHROMIUM_NAMES` on ``PATH`` is used.
    """
    configured = os.environ.get("CHROMIUM_PATH")
    if configured:
        path = Path(configured)
        if path.is_file() and os.access(path, os.X_OK):
            return path
        pytest.fail(
            f"CHROMIUM_PATH={configured!r} is not an executable file; {INSTALL_HINT}",
            pytrace=False,
        )
    if CHROMIUM_DEFAULT.is_file():
        return CHROMIUM_DEFAULT
    for name in CHROMIUM_NAMES:
        found = shutil.which(name)
        if found:
            return Path(found)
    searched = ", ".join((str(CHROMIUM_DEFAULT), *CHROMIUM_NAMES))
    pytest.fail(
        f"no Chromium found (searched {searched}); {INSTALL_HINT}", pytrace=False
    )


class _SiteHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        # The tests check every request in the browser, and a line per
        # file served would bury pytest's own output.
        pass


@pytest.fixture(scope="session")
def site_url(built_book: Build) -> Iterator[str]:
    """Serve the built book on 127.0.0.1 and yield its base URL."""
    handler = functools.partial(_SiteHandler, directory=str(built_book.html))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()

    yield f"http://127.0.0.1:{server.server_address[1]}/"

    server.shutdown()
    server.server_close()
    thread.join()


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """Launch one headless Chromium for the whole test run."""
    executable = find_chromium()
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=executable, args=CHROMIUM_ARGS, headless=True
        )
        yield chromium
        chromium.close()
