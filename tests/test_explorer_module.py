"""The explorer data that the build writes into the Explorer page."""

from __future__ import annotations

import json
import math
import re

import numpy as np
import pytest

from sigmoid_explainer.explorer import (
    EXPLORERS,
    Explorer,
    Slider,
    describe,
    explorer_html,
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
        assert step["y"][0][i] == pytest.approx(s, abs=5e-7)
        assert step["y"][1][i] == pytest.approx(w * s * (1.0 - s), abs=5e-7)
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
