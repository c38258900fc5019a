"""The built site served under a sub-path, as GitHub Pages serves a project.

GitHub Pages publishes a project site at ``https://OWNER.github.io/REPO/``.
These tests build the book with ``SIGMOID_BOOK_BASEURL`` set to a sub-path
on 127.0.0.1, serve the build folder under that sub-path only, and crawl
it: every ``href``, ``src``, ``srcset``, form ``action`` and stylesheet
``url()`` must resolve, and no URL may start with ``/``, which would point
outside the sub-path.
"""

from __future__ import annotations

import doctest
import functools
import http.server
import importlib.util
import re
import subprocess
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from types import ModuleType
from urllib.parse import urldefrag, urljoin, urlsplit
from xml.etree import ElementTree

import pytest

from .conftest import CONF, DOCS, run_sphinx

SUBPATH = "/sigmoid-explainer/"
DEEP_MISSING_PATH = SUBPATH + "no/such/chapter/page.html"
CHROMIUM = Path("/usr/bin/chromium")
SITEMAP_NAMESPACE = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}
# Pages that conf/conf.py's sitemap_excludes leaves out of the sitemap.
NOT_IN_SITEMAP = {"404.html", "genindex.html", "py-modindex.html", "search.html"}
CSS_URL = re.compile(r"""url\(\s*(['"]?)(?P<url>[^'")]+)\1\s*\)""")


# -- Server ------------------------------------------------------------------


class SubPathHandler(http.server.SimpleHTTPRequestHandler):
    """Serve the build folder under ``SUBPATH`` as GitHub Pages does.

    A path outside ``SUBPATH`` or a missing file gets status 404 with the
    built ``404.html`` as its body.
    """

    server: SiteServer

    def send_head(self) -> object:
        path = urlsplit(self.path).path
        if not path.startswith(SUBPATH):
            return self.send_not_found()

        self.path = "/" + self.path[len(SUBPATH) :]
        target = Path(self.translate_path(self.path))
        try:
            if target.is_dir():
                target = target / "index.html"
            found = target.is_file()
        except OSError:  # For example, a path too long for the file system.
            found = False
        if not found:
            return self.send_not_found()

        return super().send_head()

    def send_not_found(self) -> None:
        body = (self.server.root / "404.html").read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        self.server.requests.append((self.requestline.split(" ")[1], int(code)))

    def log_message(self, format: str, *args: object) -> None:
        """Keep the test output free of one line per request."""


class SiteServer(http.server.ThreadingHTTPServer):
    """HTTP server on a free port of 127.0.0.1 that records its requests."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.requests: list[tuple[str, int]] = []
        handler = functools.partial(SubPathHandler, directory=str(root))
        super().__init__(("127.0.0.1", 0), handler)

    @property
    def origin(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"

    @property
    def base_url(self) -> str:
        return self.origin + SUBPATH


# No proxy: a proxy taken from the environment must not see loopback traffic.
OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))


@dataclass(frozen=True)
class Response:
    url: str
    status: int
    content_type: str
    body: bytes


def fetch(url: str) -> Response:
    """GET ``url`` and return the response, also for an HTTP error status."""
    try:
        with OPENER.open(url, timeout=30) as reply:
            return Response(
                url, reply.status, reply.headers.get_content_type(), reply.read()
            )
    except urllib.error.HTTPError as error:
        return Response(url, error.code, error.headers.get_content_type(), error.read())


# -- Site fixture ------------------------------------------------------------


@dataclass(frozen=True)
class Site:
    server: SiteServer
    html: Path


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    """Build the book for a sub-path base URL and serve it there."""
    html = tmp_path_factory.mktemp("subpath") / "html"
    server = SiteServer(html)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        build = run_sphinx(DOCS, html, env={"SIGMOID_BOOK_BASEURL": server.base_url})
        assert build.returncode == 0, f"the build failed:\n{build.output[-6000:]}"
        yield Site(server, html)
    finally:
        server.shutdown()
        server.server_close()


# -- Crawler -----------------------------------------------------------------


# <link rel=...> values whose target the browser loads with the page.
ASSET_RELS = {"stylesheet", "preload", "modulepreload", "icon", "manifest"}


class LinkParser(HTMLParser):
    """Collect the URLs that an HTML page refers to, and its element ids.

    ``urls`` contains every URL. ``assets`` contains the URLs that the
    browser loads with the page (``src``, ``srcset`` and stylesheets), as
    opposed to links that a reader may follow.
    """

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.urls: list[str] = []
        self.assets: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value for name, value in attrs if value is not None}
        if "id" in values:
            self.ids.add(values["id"])

        for name in ("href", "action"):
            if name in values:
                self.urls.append(values[name])
        rels = set(values.get("rel", "").split())
        if tag == "link" and rels & ASSET_RELS and "href" in values:
            self.assets.append(values["href"])

        loaded = [values["src"]] if "src" in values else []
        for candidate in values.get("srcset", "").split(","):
            if candidate.strip():
                loaded.append(candidate.split()[0])
        self.urls.extend(loaded)
        self.assets.extend(loaded)


def parse_html(body: bytes) -> LinkParser:
    parser = LinkParser()
    parser.feed(body.decode("utf-8"))
    parser.close()
    return parser


@dataclass
class Crawl:
    """What a crawl of the site found."""

    # Every URL as written in a page or stylesheet: (where, url).
    written: list[tuple[str, str]] = field(default_factory=list)
    # The URLs that pages and stylesheets load, resolved: (where, url).
    assets: list[tuple[str, str]] = field(default_factory=list)
    responses: dict[str, Response] = field(default_factory=dict)
    # Links with a fragment: (where, target page, fragment).
    fragments: list[tuple[str, str, str]] = field(default_factory=list)
    ids: dict[str, set[str]] = field(default_factory=dict)


def crawl(server: SiteServer, seeds: list[str]) -> Crawl:
    """Fetch ``seeds`` and every same-origin URL they lead to, each once."""
    found = Crawl()
    queue = list(seeds)
    while queue:
        url = queue.pop()
        if url in found.responses:
            continue

        response = fetch(url)
        found.responses[url] = response
        # An error page is followed only where a seed asked for it. Followed
        # everywhere, a 404 page with broken relative links would lead to
        # ever deeper missing paths.
        if response.status != 200 and url not in seeds:
            continue

        if response.content_type == "text/html":
            page = parse_html(response.body)
            found.ids[url] = page.ids
            urls, assets = page.urls, page.assets
        elif response.content_type == "text/css":
            urls = [m["url"] for m in CSS_URL.finditer(response.body.decode())]
            assets = urls
        else:
            continue

        found.assets.extend((url, urljoin(url, asset)) for asset in assets)
        for written in urls:
            found.written.append((url, written))
            target, fragment = urldefrag(urljoin(url, written))
            if not target.startswith(server.origin + "/"):
                continue
            if fragment and not target.endswith((".css", ".js")):
                found.fragments.append((url, target, fragment))
            queue.append(target)
    return found


def built_pages(html: Path) -> set[str]:
    """Return the HTML pages of a build, relative to its folder.

    Folders whose names start with ``_`` hold assets and sources, not pages.
    """
    pages = (p.relative_to(html) for p in html.rglob("*.html"))
    return {p.as_posix() for p in pages if not p.parts[0].startswith("_")}


@pytest.fixture(scope="module")
def site_crawl(site: Site) -> Crawl:
    """Crawl from every built page and from a deep missing path."""
    seeds = [site.server.base_url]
    seeds += [site.server.base_url + page for page in sorted(built_pages(site.html))]
    seeds.append(site.server.origin + DEEP_MISSING_PATH)
    return crawl(site.server, seeds)


# -- Tests of the crawl ------------------------------------------------------


def test_crawl_follows_assets(site_crawl: Crawl) -> None:
    paths = [urlsplit(url).path for url in site_crawl.responses]
    assert any(path.endswith(".css") for path in paths)
    assert any(path.endswith(".js") for path in paths)
    assert any(path.endswith(".svg") for path in paths)
    assert any(path.endswith(".woff2") for path in paths)


def test_every_internal_url_resolves(site: Site, site_crawl: Crawl) -> None:
    deep_missing = site.server.origin + DEEP_MISSING_PATH
    broken = [
        f"{response.status} {url}"
        for url, response in site_crawl.responses.items()
        if response.status != 200 and url != deep_missing
    ]
    assert broken == [], "broken links or assets:\n" + "\n".join(broken)


def test_every_fragment_exists(site_crawl: Crawl) -> None:
    missing = [
        f"{page} -> {target}#{fragment}"
        for page, target, fragment in site_crawl.fragments
        if target in site_crawl.ids and fragment not in site_crawl.ids[target]
    ]
    assert missing == [], "links to missing anchors:\n" + "\n".join(missing)


def test_no_url_starts_with_slash(site_crawl: Crawl) -> None:
    rooted = [
        f"{page}: {url}" for page, url in site_crawl.written if url.startswith("/")
    ]
    assert rooted == [], "URLs that leave the sub-path:\n" + "\n".join(rooted)


def test_assets_come_from_the_site(site: Site, site_crawl: Crawl) -> None:
    # Links may lead to other sites, but what a page loads must come from it.
    third_party = [
        f"{page}: {url}"
        for page, url in site_crawl.assets
        if urlsplit(url).scheme != "data"
        and not url.startswith(site.server.origin + "/")
    ]
    assert third_party == [], "assets from other hosts:\n" + "\n".join(third_party)


def test_server_rejects_paths_outside_subpath(site: Site) -> None:
    # The crawl can only catch links that leave the sub-path if the server
    # rejects them, as GitHub Pages does.
    response = fetch(site.server.origin + "/index.html")
    assert response.status == 404


# -- 404 page ----------------------------------------------------------------


def test_nojekyll_exists(site: Site) -> None:
    assert (site.html / ".nojekyll").is_file()


def test_not_found_page_is_built(site: Site) -> None:
    page = site.html / "404.html"
    assert page.is_file()
    assert "Page not found" in page.read_text(encoding="utf-8")


def test_deep_missing_path_gets_not_found_page(site: Site) -> None:
    response = fetch(site.server.origin + DEEP_MISSING_PATH)
    assert response.status == 404
    assert response.body == (site.html / "404.html").read_bytes()


def test_not_found_page_links_work_at_depth(site: Site) -> None:
    page_url = site.server.origin + DEEP_MISSING_PATH
    page = parse_html(fetch(page_url).body)
    targets = {urldefrag(urljoin(page_url, url))[0] for url in page.urls}
    # Fragment-only links such as "#main-content" point back at the page.
    targets.discard(page_url)
    internal = sorted(t for t in targets if t.startswith(site.server.origin + "/"))

    assert site.server.base_url + "index.html" in internal
    assert any("/_static/" in target for target in internal)
    failed = [f"{fetch(t).status} {t}" for t in internal if fetch(t).status != 200]
    assert failed == [], "404.html links that fail at depth:\n" + "\n".join(failed)


def test_not_found_page_is_not_indexed(site: Site) -> None:
    markup = (site.html / "404.html").read_text(encoding="utf-8")
    assert '<meta content="noindex" name="robots" />' in markup


def test_browser_loads_not_found_page_at_depth(site: Site) -> None:
    # A real browser also runs the theme's scripts, which load more files.
    assert CHROMIUM.is_file(), f"{CHROMIUM} not found: apt-get install chromium"
    site.server.requests.clear()
    command = [
        str(CHROMIUM),
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-dev-shm-usage",
        "--virtual-time-budget=5000",
        "--dump-dom",
        site.server.origin + DEEP_MISSING_PATH,
    ]
    completed = subprocess.run(
        command, capture_output=True, text=True, timeout=120, check=False
    )

    assert completed.returncode == 0, completed.stderr[-3000:]
    assert "Page not found" in completed.stdout
    loaded = [path for path, _ in site.server.requests]
    assert any(path.startswith(SUBPATH + "_static/") for path in loaded)
    # Without a <link rel="icon">, Chromium requests /favicon.ico at the root
    # of the host, outside the site. No link of the book causes that request.
    failed = [
        f"{status} {path}"
        for path, status in site.server.requests
        if status != 200 and path not in (DEEP_MISSING_PATH, "/favicon.ico")
    ]
    assert failed == [], "requests that failed:\n" + "\n".join(failed)


# -- Sitemap and canonical URLs ----------------------------------------------


def sitemap_locations(site: Site) -> list[str]:
    tree = ElementTree.parse(site.html / "sitemap.xml")
    return [loc.text or "" for loc in tree.iterfind("sm:url/sm:loc", SITEMAP_NAMESPACE)]


def test_sitemap_lists_every_page_under_base_url(site: Site) -> None:
    pages = built_pages(site.html) - NOT_IN_SITEMAP
    expected = {site.server.base_url + page for page in pages}

    locations = sitemap_locations(site)

    assert sorted(locations) == sorted(expected)


def test_sitemap_locations_resolve(site: Site) -> None:
    failed = [
        f"{fetch(url).status} {url}"
        for url in sitemap_locations(site)
        if fetch(url).status != 200
    ]
    assert failed == []


def test_canonical_links_use_base_url(site: Site) -> None:
    for page in ("index.html", "intro.html", "404.html"):
        markup = (site.html / page).read_text(encoding="utf-8")
        canonical = f'<link rel="canonical" href="{site.server.base_url}{page}" />'
        assert canonical in markup, page


# -- Base URL setting --------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("sigmoid-explainer/", "must be an absolute http or https URL"),
        ("ftp://x", "must be an absolute http or https URL"),
        ("https://x/?page=1", "must not have a query or a fragment"),
    ],
    ids=["relative", "ftp", "query"],
)
def test_invalid_base_url_is_rejected(tmp_path: Path, value: str, message: str) -> None:
    # TMPDIR keeps Sphinx's error log (sphinx-err-*.log) inside tmp_path.
    env = {"SIGMOID_BOOK_BASEURL": value, "TMPDIR": str(tmp_path)}
    build = run_sphinx(DOCS, tmp_path / "html", env=env)

    assert build.returncode != 0
    assert f"ConfigError: SIGMOID_BOOK_BASEURL {message}" in build.output
    assert repr(value) in build.output
    assert "programmable error" not in build.output


# -- URL rewriting of the 404 page -------------------------------------------


def load_page_not_found() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "page_not_found", CONF / "page_not_found.py"
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


BASE = "https://owner.github.io/repo/"


@pytest.mark.parametrize(
    ("markup", "expected"),
    [
        ('<a href="intro.html">', f'<a href="{BASE}intro.html">'),
        ('<a href="intro.html#x">', f'<a href="{BASE}intro.html#x">'),
        ('<img src="_images/a.svg">', f'<img src="{BASE}_images/a.svg">'),
        ('<form action="search.html">', f'<form action="{BASE}search.html">'),
        ('<html data-content_root="./">', f'<html data-content_root="{BASE}">'),
        ('<a href="a.html?x=1&amp;y=2">', f'<a href="{BASE}a.html?x=1&amp;y=2">'),
        ('<a href="#top">', '<a href="#top">'),
        ('<a href="">', '<a href="">'),
        ('<a href="https://example.org/x">', '<a href="https://example.org/x">'),
        ('<a href="mailto:a@b.c">', '<a href="mailto:a@b.c">'),
        (
            '<img src="data:image/png;base64,AA==">',
            '<img src="data:image/png;base64,AA==">',
        ),
        ('<a class="x" title="intro.html">', '<a class="x" title="intro.html">'),
    ],
)
def test_absolutize_urls(markup: str, expected: str) -> None:
    module = load_page_not_found()
    assert module.absolutize_urls(markup, BASE) == expected


def test_page_not_found_examples_pass() -> None:
    module = load_page_not_found()
    result = doctest.testmod(module)
    assert result.attempted > 0
    assert result.failed == 0
