"""The book's layout on a phone and on a desktop screen, in Chromium."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Browser, FloatRect

from .conftest import open_watched_page

DOCS = Path(__file__).resolve().parents[2] / "docs"

PAGES = [*sorted(path.stem for path in DOCS.glob("*.md")), "genindex", "search"]

# Viewports in CSS pixels: an iPhone 12 to 15 in portrait, a common
# narrow Android phone, and a laptop screen 1366 pixels wide.
PHONE = (390, 844)
NARROW_PHONE = (360, 800)
DESKTOP = (1366, 900)

# The pages with numbered equations: Sphinx gives each an id.
EQUATION_PAGES = ["sigmoid", "pros", "cons", "derivative", "context"]

# conf/_static/book.css lets a formula shrink to 70 % of its natural width.
MIN_SCALE = 0.7

# Rounding of subpixel layout.
TOLERANCE = 0.5

MEASURE_EQUATIONS = """() => Array.from(document.querySelectorAll("div.math[id]"))
    .map((block) => {
        const box = (element) => {
            const rect = element.getBoundingClientRect();
            return {left: rect.left, right: rect.right, top: rect.top,
                    bottom: rect.bottom, width: rect.width};
        };
        const container = block.querySelector("mjx-container");
        const svg = container.querySelector(":scope > svg");
        return {
            id: block.id,
            container: box(container),
            svg: box(svg),
            number: box(block.querySelector(".eqno")),
            // The width attribute, in ex, converted to CSS pixels.
            naturalWidth: svg.width.baseVal.value,
        };
    })"""


def overlap(first: dict[str, float], second: dict[str, float]) -> bool:
    """Return whether two boxes share any area."""
    return (
        first["left"] < second["right"] - TOLERANCE
        and second["left"] < first["right"] - TOLERANCE
        and first["top"] < second["bottom"] - TOLERANCE
        and second["top"] < first["bottom"] - TOLERANCE
    )


def edges(box: FloatRect) -> dict[str, float]:
    """Return a Playwright bounding box as its four edges."""
    return {
        "left": box["x"],
        "right": box["x"] + box["width"],
        "top": box["y"],
        "bottom": box["y"] + box["height"],
    }


@pytest.mark.parametrize("name", PAGES)
def test_page_fits_phone_width(browser: Browser, site_url: str, name: str) -> None:
    with open_watched_page(browser, *PHONE) as (page, _):
        page.goto(f"{site_url}{name}.html", wait_until="networkidle")
        document_width = page.evaluate("document.documentElement.scrollWidth")
        viewport_width = page.evaluate("document.documentElement.clientWidth")

    assert document_width <= viewport_width


@pytest.mark.parametrize("size", [PHONE, NARROW_PHONE], ids=["390px", "360px"])
@pytest.mark.parametrize("name", EQUATION_PAGES)
def test_equations_fit_phone(
    browser: Browser, site_url: str, name: str, size: tuple[int, int]
) -> None:
    with open_watched_page(browser, *size) as (page, _):
        page.goto(f"{site_url}{name}.html", wait_until="networkidle")
        equations = page.evaluate(MEASURE_EQUATIONS)

    assert equations, f"no numbered equation found on {name}.html"
    for equation in equations:
        svg = equation["svg"]
        container = equation["container"]
        label = equation["id"]
        assert svg["left"] >= container["left"] - TOLERANCE, label
        assert svg["right"] <= container["right"] + TOLERANCE, label
        # The number and its copy button sit beside the formula if it fits
        # there, and below it if not, but never over it.
        assert not overlap(equation["number"], svg), label
        assert svg["width"] >= MIN_SCALE * equation["naturalWidth"] - TOLERANCE, label


@pytest.mark.parametrize("name", EQUATION_PAGES)
def test_equations_unscaled_on_desktop(
    browser: Browser, site_url: str, name: str
) -> None:
    with open_watched_page(browser, *DESKTOP) as (page, _):
        page.goto(f"{site_url}{name}.html", wait_until="networkidle")
        equations = page.evaluate(MEASURE_EQUATIONS)

    assert equations, f"no numbered equation found on {name}.html"
    for equation in equations:
        svg = equation["svg"]
        number = equation["number"]
        label = equation["id"]
        assert svg["width"] == pytest.approx(equation["naturalWidth"], abs=1), label
        assert svg["right"] <= equation["container"]["right"] + TOLERANCE, label
        # The number stays on the formula's line, to its right.
        assert number["top"] < svg["bottom"], label
        assert number["bottom"] > svg["top"], label
        assert number["left"] >= svg["right"] - TOLERANCE, label


def test_equation_scrolls_below_minimum(browser: Browser, site_url: str) -> None:
    # At 280 px the widest formula of the derivative page, equation 14,
    # would need less than 70 % of its natural size, so it scrolls.
    with open_watched_page(browser, 280, 800) as (page, _):
        page.goto(f"{site_url}derivative.html", wait_until="networkidle")
        container = page.locator("#equation-eq-gradients mjx-container")
        scroll = container.evaluate(
            """(element) => ({
                scrollWidth: element.scrollWidth,
                clientWidth: element.clientWidth,
                overflowX: getComputedStyle(element).overflowX,
                background: getComputedStyle(element).backgroundImage,
            })"""
        )
        equation = next(
            item
            for item in page.evaluate(MEASURE_EQUATIONS)
            if item["id"] == "equation-eq-gradients"
        )

    assert scroll["scrollWidth"] > scroll["clientWidth"]
    assert scroll["overflowX"] == "auto"
    # The shadows that show the clipped edge.
    assert scroll["background"].count("radial-gradient") == 2
    assert equation["svg"]["width"] == pytest.approx(
        MIN_SCALE * equation["naturalWidth"], abs=1
    )
    assert equation["number"]["top"] >= equation["svg"]["bottom"] - TOLERANCE


SEARCH_FIELD = """(form) => {
    const icon = form.querySelector(".fa-magnifying-glass").getBoundingClientRect();
    const input = form.querySelector("input");
    const box = input.getBoundingClientRect();
    const style = getComputedStyle(input);
    return {
        iconLeft: icon.left,
        iconRight: icon.right,
        iconWidth: icon.width,
        textLeft: box.left + parseFloat(style.borderLeftWidth)
            + parseFloat(style.paddingLeft),
        formLeft: form.getBoundingClientRect().left,
    };
}"""


@pytest.mark.parametrize("size", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_search_text_right_of_icon(
    browser: Browser, site_url: str, size: tuple[int, int]
) -> None:
    with open_watched_page(browser, *size) as (page, _):
        page.goto(f"{site_url}search.html?q=derivative", wait_until="networkidle")
        field = page.locator(".bd-search-container form.bd-search").evaluate(
            SEARCH_FIELD
        )

    assert field["iconWidth"] > 0
    assert field["iconLeft"] >= field["formLeft"]
    assert field["textLeft"] >= field["iconRight"]


def test_search_dialog_text_right_of_icon(browser: Browser, site_url: str) -> None:
    with open_watched_page(browser, *DESKTOP) as (page, _):
        page.goto(f"{site_url}sigmoid.html", wait_until="networkidle")
        page.keyboard.press("Control+k")
        form = page.locator("#pst-search-dialog form.bd-search")
        form.wait_for(state="visible")
        field = form.evaluate(SEARCH_FIELD)

    assert field["iconWidth"] > 0
    assert field["textLeft"] >= field["iconRight"]


@pytest.mark.parametrize("size", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_caption_links_do_not_overlap(
    browser: Browser, site_url: str, size: tuple[int, int]
) -> None:
    with open_watched_page(browser, *size) as (page, _):
        page.goto(f"{site_url}sigmoid.html", wait_until="networkidle")
        figure = page.locator("figure[id]").first
        figure.hover()
        headerlink = figure.locator("figcaption a.headerlink").bounding_box()
        button = figure.locator("figcaption button.copy-link").bounding_box()

    assert headerlink is not None
    assert button is not None
    assert headerlink["width"] > 0
    assert not overlap(edges(headerlink), edges(button))
