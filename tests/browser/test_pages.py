"""Every page of the built book, opened in Chromium from a local server.

Each page is opened once. The tests below check different parts of the
one report, so that a failure names the part that broke.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser

from .conftest import PageLog, open_watched_page, wait_for_maths

DOCS = Path(__file__).resolve().parents[2] / "docs"

# The chapters and the pages that Sphinx adds to every HTML build.
PAGES = [*sorted(path.stem for path in DOCS.glob("*.md")), "genindex", "search"]

SEVERE_IMPACTS = {"serious", "critical"}


@dataclass(frozen=True)
class PageReport:
    """What one visit to a page recorded."""

    log: PageLog
    formulas: int
    untypeset_formulas: int
    typeset_formulas: int
    broken_images: list[str]
    severe_violations: list[str]


def visit(browser: Browser, url: str) -> PageReport:
    with open_watched_page(browser) as (page, log):
        page.goto(url, wait_until="networkidle")
        wait_for_maths(page)

        # Sphinx writes each formula into an element of class "math" for
        # MathJax to replace with an mjx-container.
        formulas = page.locator(".math").count()
        untypeset = page.locator(".math:not(:has(mjx-container))").count()
        typeset = page.locator("mjx-container").count()
        broken = page.evaluate(
            """() => Array.from(document.images)
                .filter((image) => !image.complete || image.naturalWidth === 0)
                .map((image) => image.src)"""
        )
        # Keep what the reader's page did apart from axe-core's own
        # requests. The axe-core 4.12.1 in axe-playwright-python 0.1.8 fetches
        # the style sheets again and resolves theme.css's
        # @import "../basic.css" against the page, so it requests a
        # /basic.css that the page itself never requests.
        reader_log = copy.deepcopy(log)
        violations = Axe().run(page).response["violations"]

    severe = [
        f"{violation['id']} ({violation['impact']}): {violation['help']} at "
        + ", ".join(str(node["target"]) for node in violation["nodes"][:5])
        for violation in violations
        if violation["impact"] in SEVERE_IMPACTS
    ]
    return PageReport(reader_log, formulas, untypeset, typeset, broken, severe)


@pytest.fixture(scope="session")
def page_report(browser: Browser, site_url: str) -> Callable[[str], PageReport]:
    """Return a function that visits a page once and returns its report."""
    reports: dict[str, PageReport] = {}

    def report(name: str) -> PageReport:
        if name not in reports:
            reports[name] = visit(browser, f"{site_url}{name}.html")
        return reports[name]

    return report


@pytest.mark.parametrize("name", PAGES)
def test_page_has_no_console_errors(
    page_report: Callable[[str], PageReport], name: str
) -> None:
    assert page_report(name).log.console_errors == []


@pytest.mark.parametrize("name", PAGES)
def test_page_requests_all_succeed(
    page_report: Callable[[str], PageReport], name: str
) -> None:
    assert page_report(name).log.failed_requests == []


@pytest.mark.parametrize("name", PAGES)
def test_page_requests_stay_local(
    page_report: Callable[[str], PageReport], name: str
) -> None:
    report = page_report(name)

    assert report.log.foreign_requests == []
    # Guards the check above: the page did load its files from the server.
    assert len(report.log.local_requests) > 5


@pytest.mark.parametrize("name", PAGES)
def test_page_maths_is_typeset(
    page_report: Callable[[str], PageReport], name: str
) -> None:
    report = page_report(name)

    assert report.untypeset_formulas == 0
    assert report.typeset_formulas >= report.formulas


@pytest.mark.parametrize("name", ["index", "sigmoid", "derivative", "explorer"])
def test_maths_pages_show_formulas(
    page_report: Callable[[str], PageReport], name: str
) -> None:
    # Guards the check above against a page whose formulas were never found.
    report = page_report(name)

    assert report.formulas > 0
    assert report.typeset_formulas > 0


@pytest.mark.parametrize("name", PAGES)
def test_page_images_load(page_report: Callable[[str], PageReport], name: str) -> None:
    assert page_report(name).broken_images == []


@pytest.mark.parametrize("name", PAGES)
def test_page_has_no_severe_axe_violations(
    page_report: Callable[[str], PageReport], name: str
) -> None:
    assert page_report(name).severe_violations == []


@pytest.mark.parametrize("name", PAGES)
def test_page_loads_no_icon_font(
    page_report: Callable[[str], PageReport], name: str
) -> None:
    # conf/_static/book-icons.css draws every theme icon as an SVG mask, so
    # Font Awesome's 115 KB web font is never needed.
    fonts = [
        url for url in page_report(name).log.local_requests if "fontawesome" in url
    ]

    assert fonts == []


# (selector, pseudo-element) of icons that the theme draws in CSS alone.
CSS_ICONS = [
    ("div.exercise > p.admonition-title", "::after"),
    ("a.reference.download", "::before"),
]


@pytest.mark.parametrize(("selector", "pseudo"), CSS_ICONS)
def test_css_icons_drawn_as_masks(
    browser: Browser, site_url: str, selector: str, pseudo: str
) -> None:
    with open_watched_page(browser) as (page, _):
        page.goto(f"{site_url}cons.html", wait_until="networkidle")
        style = page.locator(selector).first.evaluate(
            """(element, pseudo) => {
                const style = getComputedStyle(element, pseudo);
                return {
                    content: style.content,
                    mask: style.maskImage || style.webkitMaskImage,
                    iconWidth: parseFloat(style.width),
                };
            }""",
            pseudo,
        )

    assert style["content"] == '""'
    assert style["mask"].startswith('url("data:image/svg+xml,')
    assert style["iconWidth"] > 0
