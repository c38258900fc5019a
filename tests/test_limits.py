"""The saturation thresholds of `sigmoid_explainer.limits` against mpmath.

In exact arithmetic with round-to-nearest-even, a value rounds to 1.0 when
it is at most half the float spacing below 1 (``epsneg / 2``) away from
1, and to 0.0 when it is at most half the smallest subnormal. Each test
checks that this condition is true at the threshold and false one float
before it.
"""

from __future__ import annotations

import dataclasses
from typing import Any

import mpmath
import numpy as np
import pytest

from sigmoid_explainer import derivative, sigmoid
from sigmoid_explainer.limits import FloatLimits, float_limits, float_limits_table

from . import reference

DTYPES = [np.float16, np.float32, np.float64]


def _half_gap_below_one(dtype: type[np.floating[Any]]) -> Any:
    return mpmath.mpf(float(np.finfo(dtype).epsneg)) / 2


def _half_smallest_subnormal(dtype: type[np.floating[Any]]) -> Any:
    return mpmath.mpf(float(np.finfo(dtype).smallest_subnormal)) / 2


def _toward_zero(value: float, dtype: type[np.floating[Any]]) -> float:
    return float(np.nextafter(dtype(value), dtype(0)))


@pytest.mark.parametrize("dtype", DTYPES)
def test_one_from_matches_mpmath(dtype: type[np.floating[Any]]) -> None:
    limit = float_limits(dtype).one_from
    before = _toward_zero(limit, dtype)
    half_gap = _half_gap_below_one(dtype)

    # 1 - sigma(x) = sigma(-x), which mpmath computes with no cancellation.
    assert reference.sigmoid(-mpmath.mpf(limit)) <= half_gap
    assert reference.sigmoid(-mpmath.mpf(before)) > half_gap


@pytest.mark.parametrize("dtype", DTYPES)
def test_zero_below_matches_mpmath(dtype: type[np.floating[Any]]) -> None:
    limit = float_limits(dtype).zero_below
    after = _toward_zero(limit, dtype)
    half_tiny = _half_smallest_subnormal(dtype)

    assert reference.sigmoid(mpmath.mpf(limit)) <= half_tiny
    assert reference.sigmoid(mpmath.mpf(after)) > half_tiny


@pytest.mark.parametrize("dtype", DTYPES)
def test_derivative_zero_beyond_matches_mpmath(dtype: type[np.floating[Any]]) -> None:
    limit = float_limits(dtype).derivative_zero_beyond
    before = _toward_zero(limit, dtype)
    half_tiny = _half_smallest_subnormal(dtype)

    assert reference.bell(mpmath.mpf(limit)) <= half_tiny
    assert reference.bell(mpmath.mpf(before)) > half_tiny


@pytest.mark.parametrize("dtype", DTYPES)
def test_thresholds_switch_the_functions(dtype: type[np.floating[Any]]) -> None:
    limits = float_limits(dtype)
    one_from = dtype(limits.one_from)
    zero_below = dtype(limits.zero_below)
    flat_from = dtype(limits.derivative_zero_beyond)

    assert sigmoid(one_from) == 1.0
    assert sigmoid(np.nextafter(one_from, dtype(0))) < 1.0
    assert sigmoid(zero_below) == 0.0
    assert sigmoid(np.nextafter(zero_below, dtype(0))) > 0.0
    assert derivative(flat_from) == 0.0
    assert derivative(np.nextafter(flat_from, dtype(0))) > 0.0


def test_table_lists_the_three_dtypes_in_order() -> None:
    table = float_limits_table()

    assert [row.dtype for row in table] == ["float16", "float32", "float64"]
    assert all(isinstance(row, FloatLimits) for row in table)


@pytest.mark.parametrize("spelling", ["float32", np.float32, np.dtype("float32"), "f4"])
def test_dtype_spellings_give_one_result(spelling: Any) -> None:
    assert float_limits(spelling).dtype == "float32"


@pytest.mark.parametrize("bad", ["int8", np.int64, "float128", "complex128", "abc"])
def test_unsupported_dtype_rejected(bad: Any) -> None:
    with pytest.raises(ValueError, match="dtype must be one of float16, float32"):
        float_limits(bad)


def test_limits_are_frozen() -> None:
    limits = float_limits("float64")

    with pytest.raises(dataclasses.FrozenInstanceError):
        limits.one_from = 0.0  # type: ignore[misc]
