"""Every page of the built book, opened in Chromium from a local server.

Each page is opened once. The tests below check different parts of the
one report, so that a failure names the part that broke.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

import matplotlib.image
import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser

from .conftest import PageLog, open_watched_page

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
    mathjax_requests: list[str]
    mathjax_loaded: bool
    broken_images: list[str]
    severe_violations: list[str]


def visit(browser: Browser, url: str) -> PageReport:
    with open_watched_page(browser) as (page, log):
        page.goto(url, wait_until="networkidle")

        # Sphinx writes each formula into an element of class "math", and
        # conf/svg_maths.py puts MathJax's SVG in an mjx-container there.
        formulas = page.locator(".math").count()
        untypeset = page.locator(".math:not(:has(mjx-container > svg))").count()
        typeset = page.locator("mjx-container > svg").count()
        mathjax_requests = [
            request for request in log.local_requests if "mathjax" in request.lower()
        ]
        mathjax_loaded = page.evaluate("() => 'MathJax' in window")
        # Figures below the first screen load lazily; load them all now.
        page.evaluate(
            """() => document.querySelectorAll('img[loading="lazy"]')
                .forEach((image) => { image.loading = "eager"; })"""
        )
        page.wait_for_load_state("networkidle")
        page.wait_for_function(
            "() => Array.from(document.images).every((image) => image.complete)"
        )
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
    return PageReport(
        reader_log,
        formulas,
        untypeset,
        typeset,
        mathjax_requests,
        mathjax_loaded,
        broken,
        severe,
    )


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


@pytest.mark.parametrize("name", PAGES)
def test_page_loads_no_maths_script(
    page_report: Callable[[str], PageReport], name: str
) -> None:
    report = page_report(name)

    assert report.mathjax_requests == []
    assert not report.mathjax_loaded


def test_formula_is_visible_with_text(browser: Browser, site_url: str) -> None:
    with open_watched_page(browser) as (page, log):
        page.goto(f"{site_url}sigmoid.html", wait_until="networkidle")
        equation = page.locator("#equation-eq-sigmoid")
        drawing = equation.locator("mjx-container > svg")
        formula = equation.get_by_role("math")

        assert drawing.is_visible()
        box = drawing.bounding_box()
        assert box is not None
        # A fraction in the body font: wider and taller than a line of text.
        assert box["width"] > 100
        assert box["height"] > 30
        # The glyphs, drawn with <use> from the page's hidden <svg>, paint
        # dark text: about 4.6 % of the pixels in Chromium, where the
        # fraction bar alone, without the glyphs, darkens about 1.3 %.
        pixels = matplotlib.image.imread(BytesIO(drawing.screenshot()), format="png")
        dark = pixels[..., :3].mean(axis=2) < 0.5
        assert dark.mean() > 0.025
        # Screen readers get the MathML of the TeX in docs/sigmoid.md,
        # sigma(x) = 1 / (1 + e^{-(wx + b)}), and not the drawing.
        assert drawing.get_attribute("aria-hidden") == "true"
        assert formula.count() == 1
        text = "".join((formula.text_content() or "").split())
        assert text == "σ(x)=11+e−(wx+b)"
        assert log.console_errors == []


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
