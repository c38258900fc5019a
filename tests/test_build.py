"""A real Sphinx build of the book, checked page by page."""

from __future__ import annotations

import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest

from .conftest import CHAPTERS, DOCS, Build, run_sphinx


class _Collector(HTMLParser):
    """Collect the tags, attributes and classes of one HTML page."""

    def __init__(self) -> None:
        super().__init__()
        self.images: list[str] = []
        self.classes: list[str] = []
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        self.classes.extend((values.get("class") or "").split())
        if tag == "img" and values.get("src"):
            self.images.append(values["src"] or "")
        if tag == "a" and values.get("href"):
            self.links.append(values["href"] or "")


def parse(page: Path) -> _Collector:
    collector = _Collector()
    collector.feed(page.read_text(encoding="utf-8"))
    return collector


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_build_writes_every_chapter(built_book: Build, chapter: str) -> None:
    assert (built_book.html / f"{chapter}.html").is_file()


def test_build_has_no_warnings(built_book: Build) -> None:
    assert "WARNING" not in built_book.output
    assert "build succeeded" in built_book.output


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_head_links_no_import_only_style_sheet(built_book: Build, chapter: str) -> None:
    # A style sheet that only @imports another costs a round trip before
    # the first paint, so the page links the imported basic.css itself.
    html = (built_book.html / f"{chapter}.html").read_text(encoding="utf-8")
    head = html[: html.index("</head>")]
    style_sheets = re.findall(r'<link[^>]*rel="stylesheet"[^>]*>', head)
    hrefs = [re.search(r'href="([^"]+)"', tag)[1] for tag in style_sheets]

    assert "_static/basic.css" in hrefs
    assert not [href for href in hrefs if href.split("?")[0].endswith("/theme.css")]
    for href in hrefs:
        path = built_book.html / href.split("?")[0]
        assert path.is_file(), href
        assert "@import" not in path.read_text(encoding="utf-8"), href


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_head_holds_no_blocking_script(built_book: Build, chapter: str) -> None:
    html = (built_book.html / f"{chapter}.html").read_text(encoding="utf-8")
    head = html[: html.index("</head>")]
    body = html[html.index("</head>") :]

    # Only the inline script that sets the colour mode before the first paint.
    assert re.findall(r"<script\b[^>]*>", head) == ['<script data-cfasync="false">']
    assert '<script src="_static/documentation_options.js' in body
    assert body.index("documentation_options.js") < body.index("searchindex.js")


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_style_sheet_bundle_keeps_order(built_book: Build, chapter: str) -> None:
    html = (built_book.html / f"{chapter}.html").read_text(encoding="utf-8")
    head = html[: html.index("</head>")]
    hrefs = re.findall(r'<link[^>]*rel="stylesheet"[^>]*href="([^"]+)"', head)
    hrefs += re.findall(r'<link href="([^"]+)" rel="stylesheet"', head)
    bundles = [href for href in hrefs if "/bundle-" in href]
    static = built_book.html / "_static"

    assert len(bundles) == 1
    bundle = (built_book.html / bundles[0]).read_text(encoding="utf-8")
    # The theme's small style sheets and the book's own, in their order.
    sources = ["pygments.css", "styles/sphinx-book-theme.css", "book.css"]
    offsets = [
        bundle.index((static / name).read_text(encoding="utf-8")) for name in sources
    ]
    assert offsets == sorted(offsets)


def test_pages_share_one_style_sheet_bundle(built_book: Build) -> None:
    # A page-specific style sheet, such as the Explorer's, stays out of the
    # bundle, so a later visit to any page reuses the one already cached.
    bundles = {
        page.name: re.findall(r"_static/bundle-[0-9a-f]+\.css", page.read_text("utf-8"))
        for page in built_book.html.glob("*.html")
    }

    assert len(bundles) >= 10
    assert all(len(found) == 1 for found in bundles.values()), bundles
    assert len({found[0] for found in bundles.values()}) == 1, bundles


@pytest.mark.parametrize("chapter", ["sigmoid", "cons", "pros"])
def test_figures_after_first_load_lazily(built_book: Build, chapter: str) -> None:
    html = (built_book.html / f"{chapter}.html").read_text(encoding="utf-8")
    article = html[html.index("<article") : html.index("</article>")]
    images = re.findall(r"<img\b[^>]*>", article)

    assert len(images) >= 2
    assert 'loading="lazy"' not in images[0]
    for image in images[1:]:
        assert 'loading="lazy"' in image


@pytest.mark.parametrize(("chapter", "figures"), [("sigmoid", 3), ("derivative", 2)])
def test_figures_are_svg_files(built_book: Build, chapter: str, figures: int) -> None:
    page = built_book.html / f"{chapter}.html"
    # Theme icons, such as the Binder logo, are SVG files under _static/.
    images = [
        src
        for src in parse(page).images
        if src.endswith(".svg") and not src.startswith("_static/")
    ]

    assert len(images) == figures
    for src in images:
        image = (page.parent / src).resolve()
        assert image.is_file(), src
        assert image.read_bytes().lstrip().startswith(b"<?xml"), src


def test_figures_are_numbered_and_captioned(built_book: Build) -> None:
    text = (built_book.html / "sigmoid.html").read_text(encoding="utf-8")

    for number in (1, 2, 3):
        assert f"Fig. {number}" in text
    assert 'id="fig-slope-family"' in text
    assert "The sigmoid for slopes" in text


def test_equations_are_numbered(built_book: Build) -> None:
    text = (built_book.html / "sigmoid.html").read_text(encoding="utf-8")

    assert 'id="equation-eq-sigmoid"' in text
    assert re.search(r'class="eqno">\(1\)', text)


def test_equation_references_resolve(built_book: Build) -> None:
    text = (built_book.html / "derivative.html").read_text(encoding="utf-8")

    # {eq} references render as links to the equation's anchor.
    assert 'href="sigmoid.html#equation-eq-centre"' in text
    assert 'href="#equation-eq-derivative-x"' in text


def test_glued_numbers_appear_in_prose(built_book: Build) -> None:
    text = (built_book.html / "derivative.html").read_text(encoding="utf-8")

    # The peak of the derivative is w / 4, computed by a cell and glued.
    assert "0.25" in text
    assert "2.25" in text


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_no_cell_produced_an_error(built_book: Build, chapter: str) -> None:
    page = parse(built_book.html / f"{chapter}.html")

    assert "traceback" not in page.classes
    assert "stderr" not in page.classes


def test_failing_cell_fails_build(tmp_path: Path) -> None:
    source = tmp_path / "docs"
    shutil.copytree(DOCS, source)
    page = source / "pros.md"
    page.write_text(
        page.read_text(encoding="utf-8")
        + "\n```{code-cell} ipython3\nraise RuntimeError('planted failure')\n```\n",
        encoding="utf-8",
    )

    build = run_sphinx(source, tmp_path / "html")

    assert build.returncode != 0
    assert "pros" in build.output
    assert "planted failure" in build.output
