"""Reference values at 50 significant digits with mpmath, and ulp errors.

The tests compare the package with these closed forms. Each function takes
an mpmath number ``z`` (or ``p``) and returns the exact value to 50 digits.
"""

from __future__ import annotations

from typing import Any

import mpmath
import numpy as np

mpmath.mp.dps = 50


def sigmoid(z: Any) -> Any:
    return 1 / (1 + mpmath.exp(-z))


def log_sigmoid(z: Any) -> Any:
    return -mpmath.log1p(mpmath.exp(-z))


def bell(z: Any) -> Any:
    """sigma(z) * (1 - sigma(z)), written so that neither factor cancels."""
    return 1 / ((1 + mpmath.exp(-z)) * (1 + mpmath.exp(z)))


def second(z: Any) -> Any:
    """sigma''(z) = bell(z) * (1 - 2 sigma(z)) = -bell(z) * tanh(z / 2)."""
    return -bell(z) * mpmath.tanh(z / 2)


def logit(p: Any) -> Any:
    return mpmath.log(p / (1 - p))


def ulp(exact: Any, dtype: type[np.floating[Any]]) -> Any:
    """Return the spacing of the floats of ``dtype`` at the exact value.

    Below the smallest normal number the spacing is the smallest
    subnormal. At a power of two it is the spacing just above, as usual.
    """
    info = np.finfo(dtype)
    if exact == 0:
        return mpmath.mpf(float(info.smallest_subnormal))
    _, exponent = mpmath.frexp(abs(exact))
    binade = max(int(exponent) - 1, info.minexp)
    return mpmath.ldexp(1, binade - info.nmant)


def ulp_error(computed: Any, exact: Any, dtype: type[np.floating[Any]]) -> float:
    """Return ``|computed - exact|`` in units of the last place of ``dtype``."""
    return float(abs(mpmath.mpf(float(computed)) - exact) / ulp(exact, dtype))
