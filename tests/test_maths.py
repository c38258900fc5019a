"""Maths rendered to SVG at build time by conf/svg_maths.py.

The book's own pages are checked on the shared build. A small book with
inline, dollar, directive, multi-paragraph and amsmath formulas is built
with ``-j 2``, and a copy of it with a TeX error must fail to build.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from .conftest import CHAPTERS, Build, run_sphinx

MATHS_PAGE = """\
# Formulas

Inline $\\sigma(z)$ and {math}`e^{-z}` maths.

$$
\\sigma(z) = \\frac{1}{1 + e^{-z}}
$$ (eq-dollar)

```{math}
:label: eq-directive

\\sigma'(z) = \\sigma(z)\\,(1 - \\sigma(z))
```

```{math}
a = b \\\\ c = d

e = f
```

\\begin{align}
u &= \\tanh(z) \\\\
v &= 2\\sigma(2z) - 1
\\end{align}

See {eq}`eq-dollar` and {eq}`eq-directive`.
"""

# conf/page_not_found.py warns when a book has no 404 page.
NOT_FOUND_PAGE = """\
---
orphan: true
---

# Page not found
"""

INDEX_PAGE = """\
# Maths test book

```{toctree}
formulas
```
"""


class _MathsCollector(HTMLParser):
    """Collect the ``.math`` elements and what each one contains."""

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []
        self.formulas: list[dict[str, int]] = []
        self.scripts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "script" and values.get("src"):
            self.scripts.append(values["src"] or "")
        classes = (values.get("class") or "").split()
        if "math" in classes and tag in ("div", "span") and not self.stack:
            self.formulas.append({"svg": 0, "assistive": 0, "math": 0})
            self.stack.append(tag)
            return
        if self.stack:
            if tag in ("div", "span"):
                self.stack.append(tag)
            formula = self.formulas[-1]
            if tag == "svg" and values.get("aria-hidden") == "true":
                formula["svg"] += 1
            if tag == "mjx-assistive-mml":
                formula["assistive"] += 1
            if tag == "math":
                formula["math"] += 1

    def handle_endtag(self, tag: str) -> None:
        if self.stack and tag == self.stack[-1]:
            self.stack.pop()


def collect(page: Path) -> _MathsCollector:
    collector = _MathsCollector()
    collector.feed(page.read_text(encoding="utf-8"))
    return collector


def text_of(build: Build, page: str) -> str:
    return (build.html / f"{page}.html").read_text(encoding="utf-8")


def write_maths_book(source: Path, formulas: str = MATHS_PAGE) -> Path:
    source.mkdir(parents=True)
    (source / "index.md").write_text(INDEX_PAGE, encoding="utf-8")
    (source / "404.md").write_text(NOT_FOUND_PAGE, encoding="utf-8")
    (source / "formulas.md").write_text(formulas, encoding="utf-8")
    return source


@pytest.fixture(scope="module")
def maths_book(tmp_path_factory: pytest.TempPathFactory) -> Build:
    folder = tmp_path_factory.mktemp("maths")
    source = write_maths_book(folder / "docs")
    build = run_sphinx(source, folder / "html", "-j", "2")
    assert build.returncode == 0, build.output[-6000:]
    return build


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_chapter_formulas_are_svg(built_book: Build, chapter: str) -> None:
    page = collect(built_book.html / f"{chapter}.html")

    for formula in page.formulas:
        assert formula["svg"] == 1, formula
        assert formula["assistive"] == 1, formula
        assert formula["math"] == 1, formula


def glyph_problems(page: Path) -> list[str]:
    """List the glyph references of ``page`` that do not resolve once."""
    text = page.read_text(encoding="utf-8")
    defined = re.findall(r'<path id="(MJX-[^"]+)"', text)
    used = set(re.findall(r'xlink:href="#(MJX-[^"]+)"', text))
    problems = [f"{glyph} is not defined" for glyph in sorted(used - set(defined))]
    problems += [
        f"{glyph} is defined twice"
        for glyph in sorted(set(defined))
        if defined.count(glyph) > 1
    ]
    return problems


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_chapter_glyphs_resolve(built_book: Build, chapter: str) -> None:
    page = built_book.html / f"{chapter}.html"

    assert glyph_problems(page) == []


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_chapter_loads_no_mathjax(built_book: Build, chapter: str) -> None:
    page = collect(built_book.html / f"{chapter}.html")

    assert page.scripts, "the page has no script tags to check"
    assert [src for src in page.scripts if "mathjax" in src.lower()] == []


def test_book_ships_no_mathjax(built_book: Build) -> None:
    assert not (built_book.html / "_static" / "mathjax").exists()
    # Guards the chapter checks above against a book without formulas.
    formulas = sum(
        len(collect(built_book.html / f"{chapter}.html").formulas)
        for chapter in CHAPTERS
    )
    assert formulas > 100


def test_every_formula_kind_renders(maths_book: Build) -> None:
    page = collect(maths_book.html / "formulas.html")

    # Two inline formulas and four displayed blocks.
    assert len(page.formulas) == 6
    for formula in page.formulas:
        assert formula["svg"] == 1, formula
        assert formula["math"] == 1, formula
    assert glyph_problems(maths_book.html / "formulas.html") == []
    assert 'xlink:href="#MJX-TEX-I-1D70E"' in text_of(maths_book, "formulas")
    # The index page has no maths, so no glyphs either.
    assert "MJX-" not in text_of(maths_book, "index")


def test_displayed_formulas_keep_numbers(maths_book: Build) -> None:
    text = (maths_book.html / "formulas.html").read_text(encoding="utf-8")

    for number, label in ((1, "eq-dollar"), (2, "eq-directive")):
        anchor = f'id="equation-{label}"'
        assert anchor in text
        block = text[text.index(anchor) : text.index("</div>", text.index(anchor))]
        assert f'<span class="eqno">({number})' in block
        assert f'href="#equation-{label}" title="Link to this equation"' in block
        assert "<mjx-container" in block
        assert f'href="#equation-{label}"' in text.replace(block, "")


def test_multiline_block_is_aligned(maths_book: Build) -> None:
    text = (maths_book.html / "formulas.html").read_text(encoding="utf-8")

    # "a = b \\ c = d" and "e = f" become the three rows of one table.
    tables = re.findall(r'<math [^>]*display="block"><mtable', text)
    rows = re.findall(r"<mtr>", text)
    assert len(tables) >= 2
    assert len(rows) >= 5


def test_tex_error_fails_build(tmp_path: Path) -> None:
    broken = MATHS_PAGE.replace("\\frac{1}{1 + e^{-z}}", "\\frac{1}{1 + \\sigmoidz}")
    source = write_maths_book(tmp_path / "docs", broken)

    build = run_sphinx(source, tmp_path / "html", "-j", "2")

    assert build.returncode != 0
    assert "formulas.md" in build.output
    assert "Undefined control sequence \\sigmoidz" in build.output
    assert "\\frac{1}{1 + \\sigmoidz}" in build.output


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_punctuation_stays_with_formula(built_book: Build, chapter: str) -> None:
    # A full stop or comma right after an inline formula shares its
    # nowrap span, so it cannot start a line on its own.
    html = (built_book.html / f"{chapter}.html").read_text(encoding="utf-8")
    body = html[html.index("<article") : html.index("</article>")]
    # An inline formula's markup ends with "</mjx-container></span>". In
    # the wrapped form the punctuation is followed by the nowrap span's end.
    endings = re.findall(r"</mjx-container></span>([.,;:!?)]+)(</span>)?", body)
    loose = [mark for mark, closing in endings if not closing]

    assert loose == [], "punctuation left outside the nowrap span"
    if chapter in ("sigmoid", "derivative", "cons"):
        assert endings
