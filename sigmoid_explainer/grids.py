"""Sample grids for the book's figures and tables."""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.typing import NDArray

# A figure needs a few thousand points; 10**7 float64 values are 80 MB.
MAX_POINTS = 10_000_000


def x_grid(half_width: float = 10.0, points_per_unit: int = 20) -> NDArray[np.float64]:
    """Return an evenly spaced grid on ``[-half_width, half_width]``.

    Parameters
    ----------
    half_width : float, default 10.0
        The grid runs from ``-half_width`` to ``half_width``. Must be
        positive and finite.
    points_per_unit : int, default 20
        Samples per unit length. Must be a positive integer.

    Returns
    -------
    numpy.ndarray of float64
        ``2 * half_width * points_per_unit + 1`` points, so that the middle
        point is exactly 0.

    Raises
    ------
    TypeError
        If `half_width` is not a real number.
    ValueError
        If `half_width` is not positive and finite, `points_per_unit` is
        not a positive integer, or the grid would have more than
        `MAX_POINTS` points.

    Notes
    -----
    The grid is built with `numpy.linspace`, which places both ends and the
    centre exactly. Stepping with `numpy.arange` accumulates the rounding of
    the step, and a point meant to be 0 comes out near 1e-14.

    Examples
    --------
    >>> from sigmoid_explainer.grids import x_grid
    >>> x = x_grid(5.0, points_per_unit=10)
    >>> len(x), float(x[0]), float(x[50]), float(x[-1])
    (101, -5.0, 0.0, 5.0)
    """
    if isinstance(half_width, bool) or not isinstance(
        half_width, int | float | np.integer | np.floating
    ):
        raise TypeError(
            f"half_width must be a real number, got {half_width!r} of type "
            f"{type(half_width).__name__}"
        )
    if not (np.isfinite(half_width) and half_width > 0):
        raise ValueError(
            f"half_width must be a positive finite number, got {half_width!r}"
        )
    if isinstance(points_per_unit, bool) or not isinstance(
        points_per_unit, int | np.integer
    ):
        raise ValueError(
            f"points_per_unit must be a positive integer, got {points_per_unit!r}"
        )
    if points_per_unit < 1:
        raise ValueError(
            f"points_per_unit must be a positive integer, got {points_per_unit!r}"
        )

    intervals = round(2 * half_width * points_per_unit)
    if intervals > MAX_POINTS:
        raise ValueError(
            f"a grid of half_width {half_width!r} with {points_per_unit} points per "
            f"unit has {intervals + 1:.3g} points, more than {MAX_POINTS}; use a "
            "smaller half_width or fewer points per unit"
        )
    half = intervals // 2
    grid: NDArray[Any] = np.linspace(-half_width, half_width, 2 * half + 1)
    return grid
