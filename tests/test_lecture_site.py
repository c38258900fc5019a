"""Lecture features of the HTML book: anchors, downloads, launch links, footer."""

from __future__ import annotations

import json
import re
import tomllib

import pytest
from pypdf import PdfReader

from sigmoid_explainer.figures import CREDIT, FIGURES

from .conftest import CHAPTERS, DOCS, ROOT, Build
from .test_citation import conf_setting
from .test_notebooks import has_code_cells

NOTEBOOK_PAGES = ("intro", "sigmoid", "pros", "cons", "derivative")
BOOK_PAGES = (*CHAPTERS, "cite", "references")
# Pages with code cells have a notebook for Colab beside them in docs/.
CODE_PAGES = sorted(path.stem for path in DOCS.glob("*.md") if has_code_cells(path))
PLAIN_PAGES = sorted(
    path.stem for path in DOCS.glob("*.md") if not has_code_cells(path)
)


def source_labels(pattern: str) -> dict[str, list[str]]:
    """Return the labels that match ``pattern`` in each page's MyST source."""
    return {
        path.stem: re.findall(pattern, path.read_text(encoding="utf-8"), re.M)
        for path in sorted(DOCS.glob("*.md"))
    }


EQUATION_LABELS = source_labels(r"^\$\$ \(([\w-]+)\)$")
FIGURE_LABELS = source_labels(r"^:name: ([\w-]+)$")


def read(build: Build, page: str) -> str:
    return (build.html / f"{page}.html").read_text(encoding="utf-8")


# The API reference shows the formulas of the docstrings' Notes sections,
# which are unnumbered by design, so it is left out here.
@pytest.mark.parametrize("page", [page for page in BOOK_PAGES if page != "api"])
def test_every_equation_has_label_anchor(built_book: Build, page: str) -> None:
    text = read(built_book, page)
    blocks = re.findall(
        r'<div class="math notranslate nohighlight"( id="[^"]*")?>', text
    )
    anchors = re.findall(
        r'<div class="math notranslate nohighlight" id="([^"]+)">', text
    )

    assert len(anchors) == len(blocks), "a displayed equation has no label"
    assert anchors == [f"equation-{label}" for label in EQUATION_LABELS.get(page, [])]
    for anchor in anchors:
        assert f'href="#{anchor}" title="Link to this equation"' in text


def figure_html(text: str, label: str) -> str:
    start = text.index(f'id="{label}"')
    end = text.index("</figure>", start)
    return text[start:end]


@pytest.mark.parametrize("page", BOOK_PAGES)
def test_every_figure_has_label_anchor(built_book: Build, page: str) -> None:
    text = read(built_book, page)
    figures = re.findall(r"<figure[^>]*>", text)
    anchors = re.findall(r'<figure class="[^"]*" id="([^"]+)">', text)

    assert len(anchors) == len(figures), "a figure has no label"
    assert anchors == FIGURE_LABELS.get(page, [])
    numbers = []
    for anchor in anchors:
        figure = figure_html(text, anchor)
        assert f'href="#{anchor}" title="Link to this image"' in figure
        number = re.search(r'<span class="caption-number">Fig\. (\d+) </span>', figure)
        assert number is not None, f"{anchor} has no number"
        numbers.append(int(number[1]))
    assert numbers == sorted(numbers)


def test_book_has_labelled_figures_and_equations() -> None:
    # Guards the two tests above against passing on an empty book.
    assert sum(map(len, EQUATION_LABELS.values())) >= 8
    assert sum(map(len, FIGURE_LABELS.values())) >= 5


@pytest.mark.parametrize("label", FIGURES)
def test_figure_offers_svg_and_pdf(built_book: Build, label: str) -> None:
    pages = [page for page, labels in FIGURE_LABELS.items() if label in labels]
    if not pages:
        pytest.fail(f"no page shows the figure {label}")
    text = read(built_book, pages[0])
    figure = figure_html(text, label)

    svg = built_book.html / "_figures" / f"{label}.svg"
    pdf = built_book.html / "_figures" / f"{label}.pdf"
    assert f'href="_figures/{label}.svg"' in figure
    assert f'href="_figures/{label}.pdf"' in figure
    assert f"<dc:title>{CREDIT}</dc:title>" in svg.read_text(encoding="utf-8")
    info = PdfReader(pdf).metadata
    assert info is not None
    assert info["/Subject"] == CREDIT


@pytest.mark.parametrize("page", NOTEBOOK_PAGES)
def test_page_offers_source_and_notebook(built_book: Build, page: str) -> None:
    text = read(built_book, page)

    assert f'href="_sources/{page}.md"' in text
    assert f'href="_sources/{page}.ipynb"' in text
    assert (built_book.html / "_sources" / f"{page}.md").is_file()
    notebook = json.loads(
        (built_book.html / "_sources" / f"{page}.ipynb").read_text(encoding="utf-8")
    )
    code_cells = [cell for cell in notebook["cells"] if cell["cell_type"] == "code"]
    assert code_cells
    assert all(cell["execution_count"] is not None for cell in code_cells)


def launch_links(text: str) -> list[str]:
    """Return the links of the page's launch menu, in menu order."""
    menu = r'<div class="dropdown dropdown-launch-buttons">(.*?)</ul>'
    match = re.search(menu, text, re.S)
    return re.findall(r'href="([^"]+)"', match[1]) if match else []


@pytest.mark.parametrize("page", CODE_PAGES)
def test_code_page_has_launch_links(built_book: Build, page: str) -> None:
    repository = str(conf_setting("REPOSITORY_URL"))
    owner_and_name = repository.removeprefix("https://github.com/")
    branch = conf_setting("REPOSITORY_BRANCH")
    binder = f"https://mybinder.org/v2/gh/{owner_and_name}/{branch}?urlpath=lab/tree"
    colab = f"https://colab.research.google.com/github/{owner_and_name}/blob/{branch}"

    links = launch_links(read(built_book, page))

    # sphinx-book-theme 1.4.0 points every launch link at docs/PAGE.ipynb
    # when that file exists, and Colab cannot open the .md source.
    assert links == [f"{binder}/docs/{page}.ipynb", f"{colab}/docs/{page}.ipynb"]
    linked = ROOT / links[1].removeprefix(f"{colab}/")
    assert linked.is_file(), f"the Colab link opens {linked}, which is missing"


@pytest.mark.parametrize("page", PLAIN_PAGES)
def test_page_without_code_has_no_launch_links(built_book: Build, page: str) -> None:
    text = read(built_book, page)

    # sphinx-book-theme 1.4.0 offers launch links only on pages whose front
    # matter has a kernelspec, and pages without code cells have none.
    assert "dropdown-launch-buttons" not in text
    assert "colab.research.google.com" not in text
    assert "mybinder.org" not in text


@pytest.mark.parametrize("page", BOOK_PAGES)
def test_footer_states_licences(built_book: Build, page: str) -> None:
    text = read(built_book, page)
    footer = text[text.index('class="bd-footer-content') :]

    assert "https://creativecommons.org/licenses/by/4.0/" in footer
    assert "CC BY 4.0" in footer
    assert "MIT licence" in footer


def test_bibliography_lists_cited_sources(built_book: Build) -> None:
    text = read(built_book, "references")
    bib = (DOCS / "references.bib").read_text(encoding="utf-8")
    cited = set()
    for page in ("intro", "sigmoid", "derivative", "pros", "cons", "context"):
        source = (DOCS / f"{page}.md").read_text(encoding="utf-8")
        for keys in re.findall(r"\{cite:[pt]\}`([^`]+)`", source):
            cited.update(re.sub(r"\{[^}]*\}", "", key) for key in keys.split(","))

    assert len(cited) >= 8
    for key in cited:
        assert f"{{{key}," in bib, key
    assert len(re.findall(r'<div class="citation" [^>]*role="listitem"', text)) == len(
        cited
    )


def test_copy_link_script_names_no_host(built_book: Build) -> None:
    script = (built_book.html / "_static" / "copy-link.js").read_text(encoding="utf-8")

    assert not re.search(r"https?://", script)


def test_binder_pins_match_pyproject() -> None:
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    groups = pyproject["dependency-groups"]
    pinned = {
        entry
        for group in ("runtime-pins", "docs")
        for entry in groups[group]
        if isinstance(entry, str)
    }
    lines = (ROOT / ".binder" / "requirements.txt").read_text(encoding="utf-8")
    binder = [line for line in lines.splitlines() if line and not line.startswith("#")]

    for requirement in binder:
        if requirement == "." or requirement.startswith("jupytext=="):
            continue
        assert requirement in pinned, requirement
    assert "." in binder
