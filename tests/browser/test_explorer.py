"""The Explorer page in Chromium: every slider, by keyboard, mouse and touch.

After each move the plotted traces must contain the curves that the package
computes for the slider's new setting. The expected curves are computed
here with `sigmoid` and `derivative` directly, and a few points are
checked once more against the closed forms 1 / (1 + exp(-z)) and
w * s * (1 - s).

The page loads plotly.js only on the reader's first sign of intent on an
explorer, so the tests also check the page before that, the single request
that intent starts, and a request that fails.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterator
from typing import Any
from urllib.parse import urljoin

import numpy as np
import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, Route

from sigmoid_explainer import derivative, sigmoid
from sigmoid_explainer.explorer import DECIMALS, EXPLORERS, describe

from ..conftest import CONF
from .conftest import PageLog, open_watched_page

# (explorer key, parameter of one of its sliders)
SLIDERS = [("slope", "w"), ("bias", "b"), ("combined", "w"), ("combined", "b")]
SLIDER_IDS = [f"{key}-{parameter}" for key, parameter in SLIDERS]

# The page rounds the curves to DECIMALS decimals.
TOLERANCE = 0.5 * 10.0**-DECIMALS + 1e-12

# Points at which the closed forms are checked. All lie on both grids.
CLOSED_FORM_POINTS = (-2.0, -0.5, 0.0, 1.0, 3.0)

LOCK_FILE = CONF / "js" / "package-lock.json"
PLOTLY_ROUTE = "**/_static/plotly-basic.min.js*"
FAILED_MESSAGE = "The interactive plot could not be loaded"

# Sums the scores of the layout shifts that start at or after `since`, a
# time in ms on the page's performance.now() clock.
LAYOUT_SHIFT_SINCE = """(since) => new Promise((resolve) => {
    new PerformanceObserver((list, observer) => {
        observer.disconnect();
        resolve(list.getEntries()
            .filter((entry) => entry.startTime >= since)
            .reduce((total, entry) => total + entry.value, 0));
    }).observe({type: "layout-shift", buffered: true});
    // The observer fires only if there is an entry at all.
    setTimeout(() => resolve(0), 500);
})"""


@pytest.fixture
def fresh_page(browser: Browser, site_url: str) -> Iterator[tuple[Page, PageLog]]:
    """Open the Explorer page and wait for the network to idle, touching nothing."""
    with open_watched_page(browser) as (page, log):
        page.goto(f"{site_url}explorer.html", wait_until="networkidle")
        yield page, log


@pytest.fixture
def explorer_page(fresh_page: tuple[Page, PageLog]) -> tuple[Page, PageLog]:
    """Open the Explorer page, point at an explorer and wait until all are drawn."""
    page, _ = fresh_page
    page.hover("#explorer-slope-plot")
    wait_until_drawn(page)
    return fresh_page


def wait_until_drawn(page: Page) -> None:
    for key in EXPLORERS:
        page.wait_for_selector(f"#explorer-{key}[data-ready='true']")


def plotly_requests(log: PageLog) -> list[str]:
    return [url for url in log.local_requests if "plotly" in url]


def slider_values(key: str, parameter: str) -> tuple[float, ...]:
    (slider,) = [s for s in EXPLORERS[key].sliders if s.parameter == parameter]
    return slider.values


def position(page: Page, key: str, parameter: str) -> int:
    return int(page.input_value(f"#explorer-{key}-{parameter}"))


def setting(page: Page, key: str) -> tuple[float, float]:
    """Return the (w, b) that the sliders of an explorer are set to."""
    values = dict(EXPLORERS[key].fixed)
    for slider in EXPLORERS[key].sliders:
        values[slider.parameter] = slider.values[position(page, key, slider.parameter)]
    return values["w"], values["b"]


def plotted_traces(page: Page, key: str) -> list[dict[str, list[float]]]:
    traces: list[dict[str, list[float]]] = page.evaluate(
        """(id) => document.getElementById(id).data.map(
            (trace) => ({x: Array.from(trace.x), y: Array.from(trace.y)}))""",
        f"explorer-{key}-plot",
    )
    return traces


def assert_plot_shows(page: Page, key: str, w: float, b: float) -> None:
    """Check the plotted traces against the package and the closed forms."""
    traces = plotted_traces(page, key)
    x = EXPLORERS[key].x
    plotted_x = np.array(traces[0]["x"])
    plotted_sigmoid = np.array(traces[0]["y"])
    plotted_derivative = np.array(traces[1]["y"])

    assert plotted_x.shape == x.shape
    np.testing.assert_allclose(plotted_x, x, rtol=0, atol=TOLERANCE)
    np.testing.assert_allclose(
        plotted_sigmoid, sigmoid(x, w, b), rtol=0, atol=TOLERANCE
    )
    np.testing.assert_allclose(
        plotted_derivative, derivative(x, w, b), rtol=0, atol=TOLERANCE
    )

    for point in CLOSED_FORM_POINTS:
        (index,) = np.flatnonzero(np.isclose(x, point, rtol=0, atol=1e-9))
        s = 1.0 / (1.0 + math.exp(-(w * point + b)))
        assert plotted_sigmoid[index] == pytest.approx(s, abs=TOLERANCE), point
        assert plotted_derivative[index] == pytest.approx(
            w * s * (1.0 - s), abs=TOLERANCE
        ), point

    if key == "combined":
        centre, peak = traces[2], traces[3]
        assert centre["x"] == pytest.approx([-b / w], abs=TOLERANCE)
        assert centre["y"] == [0.5]
        assert peak["x"] == pytest.approx([-b / w], abs=TOLERANCE)
        assert peak["y"] == pytest.approx([w / 4], abs=TOLERANCE)


def assert_value_shown(page: Page, key: str, parameter: str) -> None:
    value = slider_values(key, parameter)[position(page, key, parameter)]
    slider = page.locator(f"#explorer-{key}-{parameter}")

    assert page.text_content(f"#explorer-{key}-{parameter}-value") == f"{value:g}"
    assert slider.get_attribute("aria-valuetext") == f"{parameter} = {value:g}"


def track_point(page: Page, key: str, parameter: str, fraction: float) -> Any:
    """Scroll a slider into view and return a point along its track."""
    slider = page.locator(f"#explorer-{key}-{parameter}")
    slider.scroll_into_view_if_needed()
    box = slider.bounding_box()
    assert box is not None
    return box["x"] + fraction * box["width"], box["y"] + box["height"] / 2


@pytest.mark.parametrize("key", list(EXPLORERS))
def test_explorer_starts_at_start_setting(
    explorer_page: tuple[Page, PageLog], key: str
) -> None:
    page, _ = explorer_page
    w, b = EXPLORERS[key].settings()[EXPLORERS[key].start_index()]

    assert setting(page, key) == (w, b)
    assert_plot_shows(page, key, w, b)


@pytest.mark.parametrize(("key", "parameter"), SLIDERS, ids=SLIDER_IDS)
def test_slider_moves_by_keyboard(
    explorer_page: tuple[Page, PageLog], key: str, parameter: str
) -> None:
    page, log = explorer_page
    slider = page.locator(f"#explorer-{key}-{parameter}")
    start = position(page, key, parameter)
    last = len(slider_values(key, parameter)) - 1

    slider.focus()
    page.keyboard.press("ArrowRight")
    assert position(page, key, parameter) == start + 1
    assert_value_shown(page, key, parameter)
    assert_plot_shows(page, key, *setting(page, key))

    page.keyboard.press("End")
    assert position(page, key, parameter) == last
    assert_value_shown(page, key, parameter)
    assert_plot_shows(page, key, *setting(page, key))

    page.keyboard.press("Home")
    assert position(page, key, parameter) == 0
    assert_plot_shows(page, key, *setting(page, key))
    assert log.console_errors == []


@pytest.mark.parametrize(("key", "parameter"), SLIDERS, ids=SLIDER_IDS)
def test_slider_moves_by_mouse_click(
    explorer_page: tuple[Page, PageLog], key: str, parameter: str
) -> None:
    page, log = explorer_page
    last = len(slider_values(key, parameter)) - 1

    page.mouse.click(*track_point(page, key, parameter, 0.995))
    assert position(page, key, parameter) == last
    assert_value_shown(page, key, parameter)
    assert_plot_shows(page, key, *setting(page, key))

    page.mouse.click(*track_point(page, key, parameter, 0.005))
    assert position(page, key, parameter) == 0
    assert_value_shown(page, key, parameter)
    assert_plot_shows(page, key, *setting(page, key))
    assert log.console_errors == []


@pytest.mark.parametrize(("key", "parameter"), SLIDERS, ids=SLIDER_IDS)
def test_slider_moves_by_mouse_drag(
    explorer_page: tuple[Page, PageLog], key: str, parameter: str
) -> None:
    page, log = explorer_page
    last = len(slider_values(key, parameter)) - 1
    start = position(page, key, parameter)

    page.mouse.move(*track_point(page, key, parameter, 0.005))
    page.mouse.down()
    page.mouse.move(*track_point(page, key, parameter, 0.75), steps=12)
    page.mouse.up()

    # The thumb travels a little less than the full width, so the exact
    # stop under the pointer is known only to within one step.
    moved_to = position(page, key, parameter)
    assert moved_to != start
    assert abs(moved_to - 0.75 * last) <= 1.0
    assert_value_shown(page, key, parameter)
    assert_plot_shows(page, key, *setting(page, key))
    assert log.console_errors == []


@pytest.mark.parametrize(("key", "parameter"), SLIDERS, ids=SLIDER_IDS)
def test_slider_moves_by_touch(
    explorer_page: tuple[Page, PageLog], key: str, parameter: str
) -> None:
    page, log = explorer_page
    last = len(slider_values(key, parameter)) - 1

    page.touchscreen.tap(*track_point(page, key, parameter, 0.995))

    assert position(page, key, parameter) == last
    assert_value_shown(page, key, parameter)
    assert_plot_shows(page, key, *setting(page, key))
    assert log.console_errors == []


def test_combined_sliders_move_together(explorer_page: tuple[Page, PageLog]) -> None:
    page, _ = explorer_page

    page.locator("#explorer-combined-w").focus()
    page.keyboard.press("End")
    page.locator("#explorer-combined-b").focus()
    page.keyboard.press("Home")

    assert setting(page, "combined") == (10.0, -5.0)
    assert_plot_shows(page, "combined", 10.0, -5.0)


def test_summary_follows_setting(explorer_page: tuple[Page, PageLog]) -> None:
    page, _ = explorer_page

    page.locator("#explorer-combined-w").focus()
    page.keyboard.press("ArrowRight")

    # w = 2, b = 0 after one step from the start (w = 1, b = 0).
    summary = page.text_content("#explorer-combined-summary") or ""
    label = page.get_attribute("#explorer-combined-plot", "aria-label") or ""
    assert "w = 2, b = 0" in summary
    assert "steepest slope is 0.5" in summary
    assert summary in label


def test_plotly_loads_once(explorer_page: tuple[Page, PageLog]) -> None:
    _, log = explorer_page

    plotly = [url for url in log.local_requests if "plotly" in url]
    assert len(plotly) == 1
    assert "/_static/plotly-basic.min.js" in plotly[0]


def test_plotly_bundle_draws_every_trace(explorer_page: tuple[Page, PageLog]) -> None:
    page, log = explorer_page
    lock = json.loads(LOCK_FILE.read_text(encoding="utf-8"))
    locked = lock["packages"]["node_modules/plotly.js-basic-dist-min"]["version"]

    version = page.evaluate("() => Plotly.version")
    registered = page.evaluate("() => Object.keys(Plotly.PlotSchema.get().traces)")
    emitted = page.evaluate(
        """() => Array.from(document.querySelectorAll("script.explorer-data"))
            .flatMap((s) => JSON.parse(s.textContent).figure.data)
            .map((trace) => trace.type)"""
    )
    drawn = page.evaluate(
        """() => Array.from(document.querySelectorAll(".explorer-plot"))
            .flatMap((plot) => plot._fullData.map((trace) => trace.type))"""
    )

    assert version == locked
    # The partial bundle "basic" registers these three trace types only.
    assert sorted(registered) == ["bar", "pie", "scatter"]
    # Two curves per explorer, and two markers on the combined one.
    assert len(emitted) == 2 * len(EXPLORERS) + 2
    assert set(emitted) <= set(registered)
    assert drawn == emitted
    assert log.console_errors == []


def test_plotted_lines_keep_every_sample(
    explorer_page: tuple[Page, PageLog],
) -> None:
    # A simplified line drops samples, and the slope explorer's low bell at
    # w = 1 then peaked away from its centre x = 0.
    page, _ = explorer_page
    segments = page.evaluate(
        """() => Array.from(document.querySelectorAll(".explorer-plot"))
            .map((plot) => plot.querySelectorAll(".scatterlayer path.js-line"))
            .map((paths) => Array.from(paths)
                .map((path) => (path.getAttribute("d").match(/L/g) || []).length))"""
    )

    assert len(segments) == len(EXPLORERS)
    for explorer, counts in zip(EXPLORERS.values(), segments, strict=True):
        assert counts == [len(explorer.x) - 1] * 2, explorer.key


def test_print_shows_static_figures(explorer_page: tuple[Page, PageLog]) -> None:
    page, _ = explorer_page
    figure = page.locator("#fig-explorer-slope")
    interactive = page.locator("#explorer-slope")

    assert figure.is_hidden()
    assert interactive.is_visible()

    page.emulate_media(media="print")

    assert figure.is_visible()
    assert interactive.is_hidden()


def test_open_tables_pass_axe(explorer_page: tuple[Page, PageLog]) -> None:
    page, _ = explorer_page
    page.locator("#explorer-combined-w").focus()
    page.keyboard.press("End")
    for summary in page.locator(".explorer-table summary").all():
        summary.click()

    violations = Axe().run(page).response["violations"]

    severe = [v["id"] for v in violations if v["impact"] in {"serious", "critical"}]
    assert page.locator(".explorer-table[open]").count() == len(EXPLORERS)
    assert severe == []


def start_setting(key: str) -> tuple[float, float]:
    return EXPLORERS[key].settings()[EXPLORERS[key].start_index()]


def test_page_load_fetches_no_plotly(fresh_page: tuple[Page, PageLog]) -> None:
    page, log = fresh_page
    # A late timer or idle callback would request the bundle after the
    # network first fell idle.
    page.wait_for_timeout(1500)

    assert plotly_requests(log) == []
    assert page.evaluate("() => typeof window.Plotly") == "undefined"
    assert page.locator(".explorer-plot .plot-container").count() == 0
    assert log.console_errors == []
    assert log.failed_requests == []
    assert log.foreign_requests == []


@pytest.mark.parametrize("key", list(EXPLORERS))
def test_static_figure_shows_start_setting(
    fresh_page: tuple[Page, PageLog], key: str
) -> None:
    page, _ = fresh_page
    description = describe(*start_setting(key))
    image = page.locator(f"#explorer-{key}-static")
    image.scroll_into_view_if_needed()
    box = image.bounding_box()

    natural = page.evaluate(
        "(id) => [document.getElementById(id).naturalWidth,"
        " document.getElementById(id).naturalHeight]",
        f"explorer-{key}-static",
    )

    assert image.is_visible()
    # Decoded, with the 720 by 460 shape of the plotly figure, to within
    # the rounding of the natural size to whole pixels.
    assert natural[0] > 0
    assert natural[0] / natural[1] == pytest.approx(720 / 460, rel=0.01)
    assert box is not None
    assert box["height"] == 460
    assert image.get_attribute("alt") == ""
    assert page.get_attribute(f"#explorer-{key}-plot", "role") == "img"
    assert (
        page.get_attribute(f"#explorer-{key}-plot", "aria-label")
        == f"{EXPLORERS[key].title}. {description}"
    )
    assert page.text_content(f"#explorer-{key}-summary") == description
    assert page.text_content(f"#explorer-{key}-status") == ""


def test_sliders_work_before_plotly(fresh_page: tuple[Page, PageLog]) -> None:
    page, log = fresh_page
    # Every request for the bundle is held, so plotly.js never arrives.
    held_routes: list[Route] = []
    page.route(PLOTLY_ROUTE, lambda route: held_routes.append(route))

    page.locator("#explorer-combined-w").focus()
    page.keyboard.press("End")
    page.locator("#explorer-combined-b").focus()
    page.keyboard.press("Home")

    summary = page.text_content("#explorer-combined-summary") or ""
    label = page.get_attribute("#explorer-combined-plot", "aria-label") or ""
    assert setting(page, "combined") == (10.0, -5.0)
    assert_value_shown(page, "combined", "w")
    assert_value_shown(page, "combined", "b")
    assert summary == describe(10.0, -5.0)
    assert label.endswith(summary)
    assert page.text_content("#explorer-combined-status") == (
        "Loading the interactive plot…"
    )
    # Only the explorer in use announces the loading.
    assert page.text_content("#explorer-slope-status") == ""
    assert page.text_content("#explorer-bias-status") == ""
    assert page.locator("#explorer-combined-static").is_visible()
    assert log.console_errors == []
    for route in held_routes:
        route.abort()


def test_pointer_intent_loads_plotly_once(fresh_page: tuple[Page, PageLog]) -> None:
    page, log = fresh_page
    placeholder = page.get_attribute("#plotly-js", "src") or ""

    page.hover("#explorer-bias-plot")
    wait_until_drawn(page)
    # Later intent on the same or another explorer fetches nothing more.
    page.hover("#explorer-combined-plot")
    page.locator("#explorer-slope-w").focus()
    page.wait_for_load_state("networkidle")

    requests = plotly_requests(log)
    assert "?v=" in placeholder
    assert requests == [urljoin(page.url, placeholder)]
    assert page.locator(".explorer-static").count() == 0
    for key in EXPLORERS:
        assert_plot_shows(page, key, *start_setting(key))
        assert page.text_content(f"#explorer-{key}-status") == ""
    assert log.console_errors == []
    assert log.failed_requests == []


@pytest.mark.parametrize("event", ["pointerdown", "touchstart", "focusin", "input"])
def test_each_intent_event_loads_plotly(
    fresh_page: tuple[Page, PageLog], event: str
) -> None:
    page, log = fresh_page

    page.dispatch_event("#explorer-combined-b", event)
    wait_until_drawn(page)

    assert len(plotly_requests(log)) == 1
    assert log.console_errors == []


def test_swap_keeps_layout(fresh_page: tuple[Page, PageLog]) -> None:
    page, log = fresh_page
    page.locator("#explorer-bias").scroll_into_view_if_needed()
    boxes = {
        selector: page.locator(selector).bounding_box()
        for selector in ("#explorer-bias-plot", "#explorer-bias-summary")
    }
    started = page.evaluate("() => performance.now()")

    page.hover("#explorer-bias-plot")
    wait_until_drawn(page)
    shift = page.evaluate(LAYOUT_SHIFT_SINCE, started)

    for selector, box in boxes.items():
        assert page.locator(selector).bounding_box() == box, selector
    assert shift == 0
    assert log.console_errors == []


def test_keyboard_alone_loads_and_moves(fresh_page: tuple[Page, PageLog]) -> None:
    page, log = fresh_page

    # Tab from the top of the page until the slope slider has focus.
    for _ in range(300):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.id") == "explorer-slope-w":
            break
    else:
        pytest.fail("Tab never reached the slope slider")
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    wait_until_drawn(page)

    assert position(page, "slope", "w") == EXPLORERS["slope"].sliders[0].start + 2
    assert_value_shown(page, "slope", "w")
    assert_plot_shows(page, "slope", *setting(page, "slope"))
    page.keyboard.press("End")
    assert_plot_shows(page, "slope", 50.0, 0.0)
    assert len(plotly_requests(log)) == 1
    assert log.console_errors == []


def test_slider_moved_while_loading_is_drawn(
    fresh_page: tuple[Page, PageLog],
) -> None:
    page, log = fresh_page
    held_routes: list[Route] = []
    page.route(PLOTLY_ROUTE, lambda route: held_routes.append(route))

    page.locator("#explorer-combined-w").focus()
    page.wait_for_function("() => document.querySelector('script[src*=plotly-basic]')")
    page.keyboard.press("End")
    page.locator("#explorer-bias-b").focus()
    page.keyboard.press("Home")
    assert len(held_routes) == 1
    held_routes[0].continue_()
    wait_until_drawn(page)

    assert_plot_shows(page, "combined", 10.0, 0.0)
    assert_plot_shows(page, "bias", 1.0, -5.0)
    assert_plot_shows(page, "slope", *start_setting("slope"))
    label = page.get_attribute("#explorer-combined-plot", "aria-label") or ""
    assert label.endswith(describe(10.0, 0.0))
    assert len(plotly_requests(log)) == 1
    assert log.console_errors == []


def test_failed_plotly_keeps_static_figure(fresh_page: tuple[Page, PageLog]) -> None:
    page, log = fresh_page
    page.route(PLOTLY_ROUTE, lambda route: route.abort())

    page.hover("#explorer-slope-plot")
    for key in EXPLORERS:
        page.wait_for_selector(f"#explorer-{key}[data-ready='failed']")
    page.locator("#explorer-slope-w").focus()
    page.keyboard.press("ArrowRight")

    for key in EXPLORERS:
        status = page.text_content(f"#explorer-{key}-status") or ""
        assert status.startswith(FAILED_MESSAGE), key
        assert page.locator(f"#explorer-{key}-static").is_visible(), key
    assert page.locator(".explorer-plot .plot-container").count() == 0
    assert page.evaluate("() => typeof window.Plotly") == "undefined"
    # The sliders still set the value, the summary and the label.
    assert_value_shown(page, "slope", "w")
    summary = page.text_content("#explorer-slope-summary") or ""
    label = page.get_attribute("#explorer-slope-plot", "aria-label") or ""
    assert summary == describe(*setting(page, "slope"))
    assert label == f"{EXPLORERS['slope'].title}. {summary}"
    # One request, aborted, and no second try on later intent.
    assert len(plotly_requests(log)) == 1
    # Chromium logs the aborted request itself as a console error.
    assert [e for e in log.console_errors if "plotly" not in e] == []


def test_static_figures_pass_axe(fresh_page: tuple[Page, PageLog]) -> None:
    page, _ = fresh_page

    violations = Axe().run(page).response["violations"]

    severe = [v["id"] for v in violations if v["impact"] in {"serious", "critical"}]
    assert page.locator(".explorer-static").count() == len(EXPLORERS)
    assert severe == []
