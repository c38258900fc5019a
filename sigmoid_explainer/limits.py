"""Saturation thresholds of the sigmoid and its derivative per float dtype.

Each threshold is found by bisection over the floats of the dtype, with
the package's own `sigmoid` and `derivative` as the test, so the table
describes the functions that the book uses rather than the exact maths.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Any

import numpy as np
from numpy.typing import DTypeLike

from .core import derivative, sigmoid

__all__ = ["FloatLimits", "float_limits", "float_limits_table"]

_SUPPORTED = ("float16", "float32", "float64")

# The unsigned integer type with the width of each float type. For
# non-negative floats, the order of the bit patterns is the order of the
# values, so bisection over the integers visits every float in between.
_BITS = {
    "float16": np.uint16,
    "float32": np.uint32,
    "float64": np.uint64,
}


@dataclass(frozen=True)
class FloatLimits:
    """Saturation thresholds of `sigmoid` and `derivative` in one dtype.

    Attributes
    ----------
    dtype : str
        Name of the float dtype, such as ``"float64"``.
    one_from : float
        Smallest x with ``sigmoid(x) == 1.0`` exactly.
    zero_below : float
        Largest x with ``sigmoid(x) == 0.0`` exactly.
    derivative_zero_beyond : float
        Smallest x > 0 with ``derivative(x) == 0.0`` exactly. By symmetry
        the derivative is also 0 for every x at or below the negative of
        this value.
    """

    dtype: str
    one_from: float
    zero_below: float
    derivative_zero_beyond: float


def _dtype_name(dtype: DTypeLike) -> str:
    try:
        name = np.dtype(dtype).name
    except TypeError:
        name = repr(dtype)
    if name not in _SUPPORTED:
        raise ValueError(f"dtype must be one of {', '.join(_SUPPORTED)}, got {dtype!r}")
    return name


def _smallest_positive(predicate: Callable[[Any], bool], name: str) -> float:
    """Return the smallest float t > 0 of dtype ``name`` with ``predicate(t)``.

    ``predicate`` must be false at 0, true at the largest finite float,
    and switch from false to true once in between.
    """
    float_type = np.dtype(name).type
    bits_type = _BITS[name]
    low = int(np.array(0, float_type).view(bits_type))
    high = int(np.array(np.finfo(float_type).max, float_type).view(bits_type))
    if predicate(float_type(0)) or not predicate(np.finfo(float_type).max):
        raise RuntimeError(
            f"bisection over {name} failed: the test must be false at 0 and "
            "true at the largest finite float"
        )

    # Invariant: the predicate is false at `low` and true at `high`.
    while high - low > 1:
        middle = (low + high) // 2
        value = np.array(middle, bits_type).view(float_type)[()]
        if predicate(value):
            high = middle
        else:
            low = middle
    return float(np.array(high, bits_type).view(float_type)[()])


@cache
def _limits_of(name: str) -> FloatLimits:
    one_from = _smallest_positive(lambda x: bool(sigmoid(x) == 1.0), name)
    zero_magnitude = _smallest_positive(lambda x: bool(sigmoid(-x) == 0.0), name)
    derivative_zero = _smallest_positive(lambda x: bool(derivative(x) == 0.0), name)

    # sigmoid(-t) == 0 is true from the smallest such t upwards, so the
    # largest x with sigmoid(x) == 0 is the negative of that t.
    return FloatLimits(
        dtype=name,
        one_from=one_from,
        zero_below=-zero_magnitude,
        derivative_zero_beyond=derivative_zero,
    )


def float_limits(dtype: DTypeLike) -> FloatLimits:
    """Find where `sigmoid` and `derivative` saturate in one float dtype.

    Parameters
    ----------
    dtype : str or numpy.dtype or type
        ``float16``, ``float32`` or ``float64``, in any form that
        `numpy.dtype` accepts.

    Returns
    -------
    FloatLimits
        The thresholds as Python floats, which hold every value of the
        three dtypes exactly.

    Raises
    ------
    ValueError
        If `dtype` is not one of the three float dtypes.

    Notes
    -----
    Each threshold is found by bisection over the bit patterns of the
    non-negative floats, about as many steps as the dtype has bits, with
    the package's own functions as the test. Results are cached.

    In exact arithmetic :math:`\\sigma(x)` rounds to 1 once
    :math:`1 - \\sigma(x) = \\sigma(-x)` is at most half the spacing of
    the floats just below 1, and to 0 once :math:`\\sigma(x)` is at most
    half the smallest subnormal. The tests compare the thresholds found
    here with those conditions evaluated in mpmath.

    Examples
    --------
    >>> from sigmoid_explainer import sigmoid
    >>> from sigmoid_explainer.limits import float_limits
    >>> limits = float_limits("float64")
    >>> round(limits.one_from, 2), round(limits.zero_below, 2)
    (37.43, -745.13)
    >>> float(sigmoid(limits.one_from)), float(sigmoid(limits.zero_below))
    (1.0, 0.0)
    >>> limits.derivative_zero_beyond == -limits.zero_below
    True
    >>> float_limits("int8")
    Traceback (most recent call last):
    ...
    ValueError: dtype must be one of float16, float32, float64, got 'int8'
    """
    return _limits_of(_dtype_name(dtype))


def float_limits_table() -> list[FloatLimits]:
    """Find the saturation thresholds of float16, float32 and float64.

    Returns
    -------
    list of FloatLimits
        One entry per dtype, from the narrowest to the widest.

    Examples
    --------
    >>> from sigmoid_explainer.limits import float_limits_table
    >>> for row in float_limits_table():
    ...     print(row.dtype, round(row.one_from, 2), round(row.zero_below, 2))
    float16 8.32 -17.34
    float32 17.33 -103.97
    float64 37.43 -745.13
    """
    return [float_limits(name) for name in _SUPPORTED]
