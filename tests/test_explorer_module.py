"""The explorer data that the build writes into the Explorer page."""

from __future__ import annotations

import html
import json
import math
import re
import xml.etree.ElementTree as ET
from urllib.parse import unquote

import numpy as np
import pytest

from sigmoid_explainer.explorer import (
    DECIMALS,
    EXPLORERS,
    Explorer,
    Slider,
    describe,
    explorer_html,
    plot_start_figure,
    sample_curves,
)
from sigmoid_explainer.grids import x_grid


def page_data(key: str) -> dict[str, object]:
    fragment = explorer_html(EXPLORERS[key])
    match = re.search(
        r'<script type="application/json" class="explorer-data">(.*?)</script>',
        fragment,
        re.DOTALL,
    )
    assert match is not None
    data: dict[str, object] = json.loads(match.group(1))
    return data


@pytest.mark.parametrize("key", list(EXPLORERS))
def test_page_data_has_every_setting(key: str) -> None:
    data = page_data(key)

    assert len(data["steps"]) == len(EXPLORERS[key].settings())  # type: ignore[arg-type]


def test_slope_range_matches_book() -> None:
    (slider,) = EXPLORERS["slope"].sliders

    assert min(slider.values) == 0.1
    assert max(slider.values) == 50.0
    assert EXPLORERS["slope"].fixed == {"b": 0.0}


def test_bias_range_matches_book() -> None:
    (slider,) = EXPLORERS["bias"].sliders

    assert min(slider.values) == -5.0
    assert max(slider.values) == 5.0
    assert EXPLORERS["bias"].fixed == {"w": 1.0}


@pytest.mark.parametrize(("w", "b"), [(0.5, -5.0), (10.0, 5.0), (2.0, 1.0)])
def test_step_curves_match_closed_form(w: float, b: float) -> None:
    explorer = EXPLORERS["combined"]
    index = explorer.settings().index((w, b))
    step = page_data("combined")["steps"][index]  # type: ignore[index]

    for i, x in enumerate(explorer.x):
        s = 1.0 / (1.0 + math.exp(-(w * x + b)))
        assert step["y"][0][i] == pytest.approx(s, abs=0.5 * 10.0**-DECIMALS)
        assert step["y"][1][i] == pytest.approx(
            w * s * (1.0 - s), abs=0.5 * 10.0**-DECIMALS
        )
    assert step["x"][2] == [pytest.approx(-b / w)]
    assert step["y"][3] == [pytest.approx(w / 4)]


def test_combined_centres_lie_on_grid() -> None:
    explorer = EXPLORERS["combined"]

    for w, b in explorer.settings():
        assert min(abs(explorer.x + b / w)) < 1e-9, (w, b)


def test_script_data_cannot_close_script() -> None:
    explorer = Explorer(
        key="escape",
        title="a </script><!-- title",
        sliders=(Slider("w", (1.0, 2.0), start=0),),
        fixed={"b": 0.0},
        x=x_grid(2.0),
        print_settings=(),
    )

    fragment = explorer_html(explorer)

    assert fragment.count("</script>") == 1
    assert "<!--" not in fragment


def test_sample_curves_rejects_zero_slope() -> None:
    with pytest.raises(ValueError, match="w must be non-zero"):
        sample_curves(x_grid(), w=0.0, b=1.0)


@pytest.mark.parametrize(
    ("w", "b", "shown"),
    [
        (np.inf, 0.0, "w must be a finite number, got inf"),
        (-np.inf, 1.0, "w must be a finite number, got -inf"),
        (1.0, np.nan, "b must be a finite number, got nan"),
    ],
)
def test_describe_rejects_non_finite_setting(w: float, b: float, shown: str) -> None:
    with pytest.raises(ValueError, match=shown):
        describe(w, b)


def test_slider_rejects_bad_start() -> None:
    with pytest.raises(ValueError, match="start must index values"):
        Slider("w", (1.0, 2.0), start=2)


def test_explorer_rejects_missing_parameter() -> None:
    with pytest.raises(ValueError, match="each of w and b"):
        Explorer(
            key="broken",
            title="broken",
            sliders=(Slider("w", (1.0, 2.0), start=0),),
            fixed={},
            x=x_grid(),
            print_settings=(),
        )


@pytest.mark.parametrize("key", list(EXPLORERS))
def test_static_image_is_svg_in_plot_box(key: str) -> None:
    fragment = explorer_html(EXPLORERS[key])
    plot = re.search(
        rf'<div class="explorer-plot" id="explorer-{key}-plot"[^>]*>'
        r"(<img [^>]*>)</div>",
        fragment,
    )
    assert plot is not None
    source = re.search(r'src="([^"]*)"', plot.group(1))
    assert source is not None
    url = html.unescape(source.group(1))
    prefix = "data:image/svg+xml,"
    assert url.startswith(prefix)
    # "#" would end the data URL and start a fragment.
    assert "#" not in url

    svg = ET.fromstring(unquote(url.removeprefix(prefix)))

    assert svg.tag == "{http://www.w3.org/2000/svg}svg"
    assert svg.get("viewBox") == "0 0 518.4 331.2"
    assert 'alt=""' in plot.group(1)


@pytest.mark.parametrize("key", list(EXPLORERS))
def test_start_figure_draws_start_setting(key: str) -> None:
    explorer = EXPLORERS[key]
    w, b = explorer.settings()[explorer.start_index()]
    top, bottom = plot_start_figure(explorer).axes
    tallest = max(abs(w) for w, _ in explorer.settings()) / 4

    curve = top.get_lines()[0].get_ydata()
    slope = bottom.get_lines()[0].get_ydata()
    np.testing.assert_allclose(curve, 1 / (1 + np.exp(-(w * explorer.x + b))))
    np.testing.assert_allclose(
        slope, w / (2 + np.exp(w * explorer.x + b) + np.exp(-(w * explorer.x + b)))
    )
    assert top.get_ylim() == (-0.05, 1.05)
    assert bottom.get_ylim() == pytest.approx((-0.05 * tallest, 1.05 * tallest))
