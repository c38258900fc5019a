"""Browser tests in Chromium: the copy-link buttons, and the PDF of the book."""

from __future__ import annotations

import importlib.util
import re
from types import ModuleType
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser
from pypdf import PdfReader

from .conftest import CONF, DOCS, Build, run_sphinx


def load_print_pdf() -> ModuleType:
    spec = importlib.util.spec_from_file_location("print_pdf", CONF / "print_pdf.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


print_pdf = load_print_pdf()


def test_copy_link_copies_equation_address(built_book: Build, browser: Browser) -> None:
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    hosts: set[str] = set()
    page.on("request", lambda request: hosts.add(urlsplit(request.url).hostname or ""))

    with print_pdf.serve(built_book.html) as address:
        page.goto(address + "derivative.html", wait_until="load")
        buttons = page.locator("button.copy-link")
        # Five labelled equations and two figures on the page.
        assert buttons.count() == 7
        first = buttons.first
        html = (built_book.html / "derivative.html").read_text(encoding="utf-8")
        number = re.search(
            r'class="eqno">(\(\d+\))<a class="headerlink" '
            r'href="#equation-eq-derivative-raw"',
            html,
        )
        assert number is not None
        assert first.get_attribute("aria-label") == f"Copy link to equation {number[1]}"

        # Keyboard only: focus the button and press Enter.
        first.focus()
        page.keyboard.press("Enter")
        page.wait_for_selector(".copy-link-status:text('Link copied')")
        copied = page.evaluate("() => navigator.clipboard.readText()")

        assert copied == address + "derivative.html#equation-eq-derivative-raw"

        page.goto(copied, wait_until="load")
        assert (
            page.evaluate("() => window.location.hash") == "#equation-eq-derivative-raw"
        )
    context.close()

    assert hosts == {"127.0.0.1"}


def test_copy_link_names_figure(built_book: Build, browser: Browser) -> None:
    html = (built_book.html / "sigmoid.html").read_text(encoding="utf-8")
    figure = html[html.index('id="fig-near-step"') :]
    number = re.search(r'<span class="caption-number">(Fig\. \d+) </span>', figure)
    assert number is not None
    page = browser.new_page()

    with print_pdf.serve(built_book.html) as address:
        page.goto(address + "sigmoid.html", wait_until="load")
        button = page.locator("#fig-near-step button.copy-link")

        assert button.get_attribute("aria-label") == f"Copy link to {number[1]}"
        assert (
            button.get_attribute("data-href") == address + "sigmoid.html#fig-near-step"
        )
    page.close()


def test_solution_hidden_until_opened(built_book: Build, browser: Browser) -> None:
    page = browser.new_page()

    with print_pdf.serve(built_book.html) as address:
        page.goto(address + "derivative.html", wait_until="load")
        exercise = page.locator("#ex-derivative-value")
        answer = page.locator("#sol-derivative-value .cell")
        toggle = page.locator("#sol-derivative-value button.toggle-button")

        assert exercise.is_visible()
        assert not answer.is_visible()
        toggle.focus()
        page.keyboard.press("Enter")
        answer.wait_for(state="visible")
        assert toggle.get_attribute("aria-expanded") == "true"
    page.close()


@pytest.fixture(scope="module")
def book_pdf(tmp_path_factory: pytest.TempPathFactory, browser: Browser) -> PdfReader:
    """Build the single-page HTML book and print it, as ``nox -s pdf`` does."""
    folder = tmp_path_factory.mktemp("pdf")
    build = run_sphinx(DOCS, folder / "singlehtml", "-b", "singlehtml")
    assert build.returncode == 0, build.output[-6000:]

    out = print_pdf.print_pdf(folder / "singlehtml", folder / "book.pdf", browser)
    return PdfReader(out)


def pdf_text(reader: PdfReader) -> str:
    return "\n".join(page.extract_text() for page in reader.pages)


def chapter_titles() -> list[str]:
    titles = []
    for path in sorted(DOCS.glob("*.md")):
        text = path.read_text(encoding="utf-8")
        # Orphan pages, such as the 404 page, are in no toctree, so the
        # single-page build that the PDF is printed from leaves them out.
        if re.match(r"---\n(.*\n)*?orphan: true\n", text):
            continue
        heading = re.search(r"^# (.+)$", text, re.M)
        assert heading is not None, path
        titles.append(heading[1])
    return titles


@pytest.mark.parametrize("title", chapter_titles())
def test_pdf_has_every_chapter(book_pdf: PdfReader, title: str) -> None:
    # pypdf may break a title across lines; compare without whitespace.
    text = re.sub(r"\s+", "", pdf_text(book_pdf))

    assert re.sub(r"\s+", "", title) in text


def test_pdf_numbers_equations(book_pdf: PdfReader) -> None:
    equations = sum(
        len(re.findall(r"^\$\$ \([\w-]+\)$", path.read_text(encoding="utf-8"), re.M))
        for path in DOCS.glob("*.md")
    )
    text = pdf_text(book_pdf)

    for number in range(1, equations + 1):
        assert f"({number})" in text


def test_pdf_numbers_figures(book_pdf: PdfReader) -> None:
    figures = sum(
        len(re.findall(r"^:name: fig-", path.read_text(encoding="utf-8"), re.M))
        for path in DOCS.glob("*.md")
    )
    captions = re.findall(r"Fig\. (\d+) \S", pdf_text(book_pdf))

    assert sorted(set(map(int, captions))) == list(range(1, figures + 1))


def test_pdf_hides_screen_controls(book_pdf: PdfReader) -> None:
    text = pdf_text(book_pdf)

    assert "Download this figure" not in text
    assert "Copy linkLink copied" not in text
    assert len(book_pdf.pages) > 10
