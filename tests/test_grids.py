"""The sample grid shared by the book's figures."""

from __future__ import annotations

import numpy as np
import pytest

from sigmoid_explainer.grids import MAX_POINTS, x_grid


def test_grid_centre_is_exactly_zero() -> None:
    x = x_grid(10.0, points_per_unit=20)

    assert len(x) == 401
    assert x[200] == 0.0
    assert x[0] == -10.0
    assert x[-1] == 10.0


def test_grid_is_evenly_spaced() -> None:
    steps = np.diff(x_grid(3.0, points_per_unit=7))

    np.testing.assert_allclose(steps, 1 / 7, rtol=1e-12)


@pytest.mark.parametrize("half_width", ["a", None, True, 1 + 0j])
def test_grid_rejects_non_real_half_width(half_width: object) -> None:
    with pytest.raises(TypeError, match="half_width must be a real number"):
        x_grid(half_width)  # type: ignore[arg-type]


@pytest.mark.parametrize("half_width", [0.0, -1.0, np.inf, np.nan])
def test_grid_rejects_bad_half_width(half_width: float) -> None:
    with pytest.raises(ValueError, match="half_width must be a positive finite"):
        x_grid(half_width)


@pytest.mark.parametrize("points_per_unit", [0, -3, 2.5, True])
def test_grid_rejects_bad_points_per_unit(points_per_unit: object) -> None:
    with pytest.raises(ValueError, match="points_per_unit must be a positive"):
        x_grid(1.0, points_per_unit=points_per_unit)  # type: ignore[arg-type]


def test_grid_rejects_huge_grid() -> None:
    with pytest.raises(ValueError, match=f"more than {MAX_POINTS}"):
        x_grid(1e300)
