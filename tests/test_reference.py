"""The package against a 50-digit mpmath reference on fixed grids.

The grids cover each dtype's whole useful range, the region where the
sigmoid and its derivative are subnormal, and the saturation thresholds
of `sigmoid_explainer.limits` with their neighbours.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import mpmath
import numpy as np
import pytest

import sigmoid_explainer as se
from sigmoid_explainer.limits import float_limits

from . import reference

DTYPES = [np.float16, np.float32, np.float64]

# Largest error allowed, in ulp of the result dtype.
MAX_ULP = 2.0

# second_derivative computes float64 results in long double where that is
# wider than float64. Elsewhere it multiplies three rounded float64 factors,
# and its largest error on 30 000 random points was 2.9 ulp.
EXTENDED = np.finfo(np.longdouble).nmant > np.finfo(np.float64).nmant
MAX_ULP_SECOND_FLOAT64 = MAX_ULP if EXTENDED else 3.0


def _subnormal_start(dtype: type[np.floating[Any]]) -> float:
    """Return the z below which sigma(z) is subnormal in ``dtype``."""
    return float(np.log(np.finfo(dtype).tiny))


def z_grid(dtype: type[np.floating[Any]]) -> np.ndarray:
    """Return finite test points of ``dtype``, deduplicated and sorted."""
    info = np.finfo(dtype)
    limits = float_limits(dtype)
    wide = -limits.zero_below * 1.05
    parts = [
        np.linspace(-wide, wide, 601),
        np.linspace(-4.0, 4.0, 161),
        np.geomspace(float(info.smallest_subnormal), 1.0, 60),
        -np.geomspace(float(info.smallest_subnormal), 1.0, 60),
        # Subnormal sigmoid and derivative values.
        np.linspace(limits.zero_below, _subnormal_start(dtype), 201),
        np.array([info.max, -info.max]),
    ]
    points = np.concatenate(parts).astype(dtype)

    # Each threshold and the floats on both sides of it.
    thresholds = np.array(
        [limits.one_from, limits.zero_below, limits.derivative_zero_beyond],
        dtype=dtype,
    )
    up = np.nextafter(thresholds, dtype(np.inf))
    down = np.nextafter(thresholds, dtype(-np.inf))
    points = np.concatenate([points, thresholds, up, down, -up, -down])
    return np.unique(points)


def _max_ulp_error(
    computed: np.ndarray,
    points: np.ndarray,
    exact: Callable[[Any], Any],
    dtype: type[np.floating[Any]],
) -> tuple[float, float]:
    worst, where = 0.0, float("nan")
    for value, point in zip(computed, points, strict=True):
        error = reference.ulp_error(value, exact(mpmath.mpf(float(point))), dtype)
        if error > worst:
            worst, where = error, float(point)
    return worst, where


CASES: list[tuple[str, Callable[..., Any], Callable[[Any], Any]]] = [
    ("sigmoid", se.sigmoid, reference.sigmoid),
    ("log_sigmoid", se.log_sigmoid, reference.log_sigmoid),
    ("derivative", se.derivative, reference.bell),
    ("gradient_b", se.gradient_b, reference.bell),
    ("second_derivative", se.second_derivative, reference.second),
]


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize(("name", "function", "exact"), CASES)
def test_grid_within_ulp_bound(
    dtype: type[np.floating[Any]],
    name: str,
    function: Callable[..., Any],
    exact: Callable[[Any], Any],
) -> None:
    points = z_grid(dtype)
    bound = MAX_ULP
    if name == "second_derivative" and dtype is np.float64:
        bound = MAX_ULP_SECOND_FLOAT64

    computed = function(points)

    assert computed.dtype == dtype
    worst, where = _max_ulp_error(computed, points, exact, dtype)
    assert worst <= bound, f"{name} errs by {worst:.2f} ulp at z = {where!r}"


def _gradient_w_exact(x: Any) -> Any:
    return x * reference.bell(x)


@pytest.mark.parametrize("dtype", DTYPES)
def test_gradient_w_within_ulp_bound(dtype: type[np.floating[Any]]) -> None:
    points = z_grid(dtype)

    computed = se.gradient_w(points)

    worst, where = _max_ulp_error(computed, points, _gradient_w_exact, dtype)
    assert worst <= MAX_ULP, f"gradient_w errs by {worst:.2f} ulp at x = {where!r}"


def test_gradient_w_subnormal_bell_within_ulp_bound() -> None:
    # sigma'(z) is subnormal or 0 here, and the factor x makes the product
    # larger, so it must not inherit the subnormal's lost bits.
    points = np.concatenate([np.linspace(-790.0, -700.0, 181), [750.0, 785.0]])

    computed = se.gradient_w(points)

    worst, where = _max_ulp_error(computed, points, _gradient_w_exact, np.float64)
    assert worst <= MAX_ULP, f"gradient_w errs by {worst:.2f} ulp at x = {where!r}"


def test_gradient_w_large_x_small_slope() -> None:
    # z = w x stays near -720 while x is huge, so x sigma'(z) is normal.
    x = np.array([-1e300, -3e250, 2e200])
    w = 720.0 / np.abs(x)

    computed = se.gradient_w(x, w=w)

    exact = [
        mpmath.mpf(float(v)) * reference.bell(mpmath.mpf(float(v * s)))
        for v, s in zip(x, w, strict=True)
    ]
    for value, expected in zip(computed, exact, strict=True):
        assert reference.ulp_error(value, expected, np.float64) <= MAX_ULP


@pytest.mark.parametrize("dtype", DTYPES)
def test_slope_and_bias_within_ulp_bound(dtype: type[np.floating[Any]]) -> None:
    # With w = 2 and b = -1, w * x + b is exact in float64 for these x, so
    # the reference needs no model of the rounding of z.
    x = np.linspace(-60.0, 60.0, 241).astype(dtype)
    w, b = 2.0, -1.0

    computed_sigmoid = se.sigmoid(x, w=w, b=b)
    computed_derivative = se.derivative(x, w=w, b=b)

    def exact_derivative(z: Any) -> Any:
        return w * reference.bell(w * z + b)

    worst, where = _max_ulp_error(
        computed_sigmoid, x, lambda z: reference.sigmoid(w * z + b), dtype
    )
    assert worst <= MAX_ULP, f"sigmoid errs by {worst:.2f} ulp at x = {where!r}"
    worst, where = _max_ulp_error(computed_derivative, x, exact_derivative, dtype)
    assert worst <= MAX_ULP, f"derivative errs by {worst:.2f} ulp at x = {where!r}"


def p_grid(dtype: type[np.floating[Any]]) -> np.ndarray:
    """Return probabilities in (0, 1) of ``dtype``, tails and centre included."""
    info = np.finfo(dtype)
    tiny = float(info.smallest_subnormal)
    parts = [
        np.linspace(0.0, 1.0, 401)[1:-1],
        np.geomspace(tiny, 0.5, 120),
        1.0 - np.geomspace(float(info.epsneg), 0.5, 60),
        0.5 + np.geomspace(float(info.eps), 0.01, 30),
        0.5 - np.geomspace(float(info.eps), 0.01, 30),
    ]
    points = np.concatenate(parts).astype(dtype)
    return np.unique(points[(points > 0) & (points < 1)])


@pytest.mark.parametrize("dtype", DTYPES)
def test_logit_within_ulp_bound(dtype: type[np.floating[Any]]) -> None:
    points = p_grid(dtype)

    computed = se.logit(points)

    assert computed.dtype == dtype
    worst, where = _max_ulp_error(computed, points, reference.logit, dtype)
    assert worst <= MAX_ULP, f"logit errs by {worst:.2f} ulp at p = {where!r}"


@pytest.mark.parametrize("dtype", DTYPES)
def test_infinities_give_exact_limits(dtype: type[np.floating[Any]]) -> None:
    x = np.array([-np.inf, np.inf], dtype=dtype)

    assert se.sigmoid(x).tolist() == [0.0, 1.0]
    assert se.log_sigmoid(x).tolist() == [-np.inf, 0.0]
    assert se.derivative(x).tolist() == [0.0, 0.0]
    assert se.gradient_b(x).tolist() == [0.0, 0.0]
    assert se.gradient_w(x, w=0.5).tolist() == [0.0, 0.0]
    assert se.second_derivative(x).tolist() == [0.0, 0.0]
    assert se.logit(np.array([0.0, 1.0], dtype=dtype)).tolist() == [-np.inf, np.inf]


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("w", [np.inf, -np.inf])
@pytest.mark.parametrize("as_array", [False, True], ids=["scalar-w", "array-w"])
def test_infinite_slope_gives_limit(
    dtype: type[np.floating[Any]], w: float, as_array: bool
) -> None:
    # For x != 0, w sigma'(w x + b) and w**2 sigma''(w x + b) behave like
    # |w|**k exp(-|w x|) as |w| grows, so both tend to 0. At x = 0, z is
    # inf * 0, which is undefined.
    x = np.array([-np.inf, -3.0, -0.25, 0.0, 0.25, 3.0, np.inf], dtype=dtype)
    slope = np.full(x.shape, w, dtype=dtype) if as_array else dtype(w)
    expected = [0.0, 0.0, 0.0, None, 0.0, 0.0, 0.0]

    for function in (se.derivative, se.second_derivative):
        result = function(x, slope, dtype(0.5))
        for value, limit in zip(result.tolist(), expected, strict=True):
            if limit is None:
                assert np.isnan(value), function.__name__
            else:
                assert value == limit, function.__name__


FUNCTIONS = [
    se.sigmoid,
    se.log_sigmoid,
    se.derivative,
    se.gradient_w,
    se.gradient_b,
    se.second_derivative,
]


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("function", FUNCTIONS, ids=lambda f: f.__name__)
def test_nan_gives_nan(
    dtype: type[np.floating[Any]], function: Callable[..., Any]
) -> None:
    x = np.array([np.nan, 0.0, np.nan], dtype=dtype)

    result = function(x)

    assert np.isnan(result[0])
    assert np.isnan(result[2])
    assert not np.isnan(result[1])
    assert np.isnan(function(dtype(np.nan)))


@pytest.mark.parametrize("dtype", DTYPES)
def test_logit_nan_gives_nan(dtype: type[np.floating[Any]]) -> None:
    assert np.isnan(se.logit(dtype(np.nan)))
    assert np.isnan(se.logit(np.array([0.5, np.nan], dtype=dtype))[1])


def test_naive_formula_failures_against_mpmath() -> None:
    # Values that the naive formulas get wrong, each with its exact value.
    def close(computed: Any, exact: Any, dtype: Any = np.float64) -> bool:
        return reference.ulp_error(computed, exact, dtype) <= MAX_ULP

    m = mpmath.mpf
    assert se.sigmoid(-745.0) > 0.0
    assert close(se.sigmoid(-745.0), reference.sigmoid(m(-745)))
    assert se.sigmoid(-1000.0) == 0.0
    assert close(se.sigmoid(-37.0), reference.sigmoid(m(-37)))
    assert close(se.derivative(40.0), reference.bell(m(40)))
    assert se.log_sigmoid(-1000.0) == -1000.0
    assert close(se.log_sigmoid(40.0), reference.log_sigmoid(m(40)))
    assert close(se.derivative(np.float32(20.0)), reference.bell(m(20)), np.float32)
