"""Numerically sound sigmoid functions and the figures of the sigmoid book.

The numeric core (`sigmoid`, `derivative` and friends) needs numpy only.
The drawing helpers live in `sigmoid_explainer.plotting` and import
matplotlib when they are first used.
"""

from .core import (
    derivative,
    gradient_b,
    gradient_w,
    log_sigmoid,
    logit,
    second_derivative,
    sigmoid,
)

__all__ = [
    "derivative",
    "gradient_b",
    "gradient_w",
    "log_sigmoid",
    "logit",
    "second_derivative",
    "sigmoid",
]

__version__ = "0.1.0"
