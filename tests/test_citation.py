"""CITATION.cff, and the "How to cite" page generated from it."""

from __future__ import annotations

import ast
import html
import re
import shutil
import tomllib
from pathlib import Path

import pytest
from cffconvert import Citation
from ruamel.yaml import YAML

import sigmoid_explainer
from sigmoid_explainer import figures

from .conftest import CONF, DOCS, ROOT, Build, run_sphinx

CFF = ROOT / "CITATION.cff"


def read_cff(path: Path = CFF) -> dict[str, object]:
    data: dict[str, object] = YAML(typ="safe").load(path.read_text(encoding="utf-8"))
    return data


def conf_setting(name: str) -> object:
    """Return the literal value assigned to ``name`` in conf/conf.py."""
    tree = ast.parse((CONF / "conf.py").read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(
            isinstance(target, ast.Name) and target.id == name
            for target in node.targets
        ):
            return ast.literal_eval(node.value)
    raise AssertionError(f"conf/conf.py assigns no {name}")


def preformatted(page: str, css_class: str) -> str:
    match = re.search(rf'class="[^"]*{css_class}[^"]*".*?<pre>(.*?)</pre>', page, re.S)
    assert match is not None, f"no {css_class} block"
    return html.unescape(re.sub(r"<[^>]+>", "", match[1]))


def test_citation_file_is_valid_cff() -> None:
    citation = Citation(CFF.read_text(encoding="utf-8"))

    citation.validate()


def test_citation_version_matches_package() -> None:
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))

    assert read_cff()["version"] == sigmoid_explainer.__version__
    assert read_cff()["version"] == pyproject["project"]["version"]


def test_citation_repository_matches_conf() -> None:
    assert read_cff()["repository-code"] == conf_setting("REPOSITORY_URL")


def test_citation_licences() -> None:
    assert read_cff()["license"] == ["CC-BY-4.0", "MIT"]


def test_figure_credit_matches_citation() -> None:
    cff = read_cff()
    authors = cff["authors"]
    assert isinstance(authors, list)

    assert cff["title"] == figures.BOOK_TITLE
    assert authors[0]["name"] == figures.BOOK_AUTHORS


def test_cite_page_shows_bibtex(built_book: Build) -> None:
    page = (built_book.html / "cite.html").read_text(encoding="utf-8")
    cff = read_cff()

    bibtex = preformatted(page, "citation-bibtex")

    assert bibtex.startswith("@misc{sigmoid-explainer,")
    assert f"title = {{{cff['title']}}}" in bibtex
    assert "author = {{The sigmoid-explainer authors}}" in bibtex
    assert f"year = {{{str(cff['date-released'])[:4]}}}" in bibtex
    assert f"url = {{{cff['repository-code']}}}" in bibtex


def test_cite_page_shows_apa(built_book: Build) -> None:
    page = (built_book.html / "cite.html").read_text(encoding="utf-8")
    cff = read_cff()

    apa = preformatted(page, "citation-apa")

    assert apa.startswith(
        f"The sigmoid-explainer authors ({str(cff['date-released'])[:4]})"
    )
    assert f"{cff['title']} (version {cff['version']})" in apa


@pytest.fixture(scope="module")
def cite_only_source(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A source folder with the "How to cite" page and the 404 page.

    The configuration warns when a build has no 404 page, so it comes along.
    """
    source = tmp_path_factory.mktemp("cite") / "docs"
    source.mkdir()
    shutil.copy(DOCS / "cite.md", source / "index.md")
    (source / "404.md").write_text(
        "---\norphan: true\n---\n\n# Page not found\n", encoding="utf-8"
    )
    return source


def test_cite_page_follows_citation_file(
    cite_only_source: Path, tmp_path: Path
) -> None:
    changed = tmp_path / "CITATION.cff"
    text = CFF.read_text(encoding="utf-8")
    changed.write_text(
        text.replace(
            'title: "The sigmoid function, explained"', 'title: "A new title"'
        ),
        encoding="utf-8",
    )

    build = run_sphinx(
        cite_only_source, tmp_path / "html", "-D", f"lecture_citation_file={changed}"
    )

    assert build.returncode == 0, build.output[-3000:]
    page = (tmp_path / "html" / "index.html").read_text(encoding="utf-8")
    assert "title = {A new title}" in preformatted(page, "citation-bibtex")


def test_invalid_citation_file_fails_build(
    cite_only_source: Path, tmp_path: Path
) -> None:
    broken = tmp_path / "CITATION.cff"
    broken.write_text(
        CFF.read_text(encoding="utf-8").replace("version: 0.1.0", "version: [0, 1]"),
        encoding="utf-8",
    )

    build = run_sphinx(
        cite_only_source, tmp_path / "html", "-D", f"lecture_citation_file={broken}"
    )

    assert build.returncode != 0
    assert "is not a valid CITATION.cff" in build.output
