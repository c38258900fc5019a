"""Input checks shared by every public function of the numeric core."""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

ACCEPTED = "a real number or an array of real numbers (bool, int or float16/32/64)"
FLOAT_DTYPES = (np.dtype(np.float16), np.dtype(np.float32), np.dtype(np.float64))


def _describe(value: Any) -> str:
    text = repr(value)
    if len(text) > 60:
        text = text[:57] + "..."
    return f"{text} of type {type(value).__name__}"


def as_real_array(value: ArrayLike, name: str) -> NDArray[Any]:
    """Convert ``value`` to a numpy array of a real dtype, or raise.

    Booleans and integers are kept as they are here; `result_dtype` decides
    the float type of the result. Complex, string, object and other
    non-numeric inputs raise `TypeError`.
    """
    if isinstance(value, np.ma.MaskedArray):
        # np.asarray would drop the mask and compute with the hidden values.
        raise TypeError(
            f"{name} is a masked array, which is not supported; fill the "
            f"masked values first, for example with {name}.filled(numpy.nan)"
        )
    if value is None or isinstance(value, str | bytes):
        raise TypeError(f"{name} must be {ACCEPTED}, got {_describe(value)}")
    if isinstance(value, complex | np.complexfloating):
        raise TypeError(
            f"{name} must be real, got the complex value {value!r}; "
            "pass its .real part if the imaginary part is zero"
        )

    try:
        array = np.asarray(value)
    except (TypeError, ValueError) as error:
        raise TypeError(
            f"{name} must be {ACCEPTED}, got {_describe(value)}: {error}"
        ) from None

    kind = array.dtype.kind
    if kind == "c":
        raise TypeError(
            f"{name} must be real, got a complex array of dtype {array.dtype}; "
            "pass its .real part if the imaginary part is zero"
        )
    if kind == "f" and array.dtype not in FLOAT_DTYPES:
        raise TypeError(
            f"{name} has dtype {array.dtype}, which is not supported; "
            "convert it to float64 with .astype(numpy.float64)"
        )
    if kind == "O":
        # numpy keeps Fractions, Decimals and ints beyond 64 bits as objects.
        raise TypeError(
            f"{name} must be {ACCEPTED}, got an array of dtype object from "
            f"{_describe(value)}; convert the values to float first, for "
            "example with numpy.asarray(values, dtype=float)"
        )
    if kind not in "biuf":
        raise TypeError(
            f"{name} must be {ACCEPTED}, got an array of dtype {array.dtype} "
            f"from {_describe(value)}"
        )
    return array


def result_dtype(*values: ArrayLike) -> np.dtype[np.floating[Any]]:
    """Return the float dtype of a result computed from ``values``.

    Python scalars do not widen a numpy float array, as in NumPy 2's
    promotion rules, so ``sigmoid(float32_array, w=2.0)`` stays float32.
    Inputs that are only bool or integer give float64.
    """
    dtype = np.result_type(*values)
    if dtype.kind != "f":
        return np.dtype(np.float64)
    return dtype


def broadcast_shape(**arrays: NDArray[Any]) -> tuple[int, ...]:
    """Return the broadcast shape of the named arrays, or raise `ValueError`."""
    try:
        return np.broadcast_shapes(*(a.shape for a in arrays.values()))
    except ValueError:
        shapes = ", ".join(f"{name} {a.shape}" for name, a in arrays.items())
        raise ValueError(
            f"the shapes of {shapes} do not broadcast together; "
            "give w and b as scalars or as arrays whose shapes broadcast with x"
        ) from None
