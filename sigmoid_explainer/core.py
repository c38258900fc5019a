"""The sigmoid, its logarithm, its derivatives and its inverse.

Every function here takes ``x`` and the parameters ``w`` (slope) and ``b``
(bias) of the affine map ``z = w * x + b``. The formulas are arranged so
that no intermediate value overflows: each one is written with
``e = exp(-|z|)``, which lies in ``[0, 1]`` for every ``z``.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from ._validation import as_real_array, broadcast_shape, result_dtype

__all__ = [
    "derivative",
    "gradient_b",
    "gradient_w",
    "log_sigmoid",
    "logit",
    "second_derivative",
    "sigmoid",
]

FloatArray = NDArray[np.floating[Any]]


def _weak(value: object, array: NDArray[Any]) -> Any:
    # Python scalars keep NumPy 2's "weak" promotion; everything else is
    # promoted by its array dtype.
    if isinstance(value, bool | int | float) and not isinstance(value, np.generic):
        return value
    return array


def _affine(
    x: ArrayLike, w: ArrayLike, b: ArrayLike
) -> tuple[FloatArray, FloatArray, np.dtype[Any], bool]:
    """Validate the inputs and return ``(x, z)`` in the working dtype.

    Also returns the dtype of the result and whether every input was a
    scalar. float16 inputs are computed in float32 and rounded once at the
    end, because numpy's float16 ufuncs round every intermediate step.
    """
    x_array = as_real_array(x, "x")
    w_array = as_real_array(w, "w")
    b_array = as_real_array(b, "b")
    broadcast_shape(x=x_array, w=w_array, b=b_array)

    dtype = result_dtype(_weak(x, x_array), _weak(w, w_array), _weak(b, b_array))
    work = np.dtype(np.float32) if dtype == np.float16 else dtype
    xw = x_array.astype(work, copy=False)
    with np.errstate(invalid="ignore", over="ignore"):
        z = w_array.astype(work, copy=False) * xw + b_array.astype(work, copy=False)
    scalar = x_array.ndim == 0 and w_array.ndim == 0 and b_array.ndim == 0

    # Work on at least one dimension so that ufuncs return arrays that
    # can be reused through ``out=``; `_finish` restores scalars.
    z = np.atleast_1d(z)
    return np.broadcast_to(xw, z.shape), z, dtype, scalar


def _finish(result: FloatArray, dtype: np.dtype[Any], scalar: bool) -> Any:
    result = result.astype(dtype, copy=False)
    if scalar:
        return result.reshape(-1)[0]
    return result


def _exp_neg_abs(z: FloatArray) -> FloatArray:
    """Return ``exp(-|z|)``, which is in [0, 1] and never overflows."""
    e = np.abs(z)
    np.negative(e, out=e)
    np.exp(e, out=e)
    return e


def _sigmoid_of(z: FloatArray) -> FloatArray:
    e = _exp_neg_abs(z)
    denominator = 1.0 + e

    # For z >= 0, 1 / (1 + e); for z < 0, e / (1 + e). NaN compares false,
    # so it takes the second branch and stays NaN.
    result: FloatArray = np.divide(e, denominator)
    np.divide(1.0, denominator, out=result, where=z >= 0)
    return result


def _bell_of(z: FloatArray) -> FloatArray:
    """Return sigma(z) * (1 - sigma(z)) as e / (1 + e) / (1 + e), e = exp(-|z|)."""
    e = _exp_neg_abs(z)
    denominator = 1.0 + e

    # Two divisions round closer than one division by the rounded square.
    np.divide(e, denominator, out=e)
    np.divide(e, denominator, out=e)
    return e


def sigmoid(x: ArrayLike, w: ArrayLike = 1.0, b: ArrayLike = 0.0) -> Any:
    r"""Compute the logistic sigmoid of ``w * x + b``.

    Parameters
    ----------
    x : array_like of real numbers
        Points at which to evaluate.
    w : array_like of real numbers, default 1.0
        Slope. Broadcasts with `x`.
    b : array_like of real numbers, default 0.0
        Bias. Broadcasts with `x`.

    Returns
    -------
    numpy.floating or numpy.ndarray
        :math:`\sigma(wx + b)` in the float dtype of the inputs (float64 for
        bool, int or Python scalars), with the broadcast shape of the inputs.
        A numpy scalar when every input is a scalar.

    Raises
    ------
    TypeError
        If an input is not real (a string, None, complex or object data).
    ValueError
        If the shapes of `x`, `w` and `b` do not broadcast.

    Notes
    -----
    The sigmoid is

    .. math:: \sigma(z) = \frac{1}{1 + e^{-z}}, \qquad z = wx + b.

    The naive formula overflows in ``exp(-z)`` for z below about -709 in
    float64. Here, with :math:`e = \exp(-|z|)`, the result is
    :math:`1 / (1 + e)` for :math:`z \ge 0` and :math:`e / (1 + e)` for
    :math:`z < 0`. Neither form overflows, and the second keeps full
    relative accuracy in the negative tail, down to subnormal results.

    The error in the result is measured against :math:`\sigma` of the
    rounded value of :math:`wx + b`. With ``w`` and ``b`` other than 1 and
    0, the rounding of :math:`wx + b` itself adds a relative error of
    about :math:`|z|` ulp in the negative tail.

    Examples
    --------
    >>> import numpy as np
    >>> from sigmoid_explainer import sigmoid
    >>> print(sigmoid(0.0))
    0.5
    >>> print(sigmoid(np.array([-np.inf, -1000.0, 0.0, 37.0, np.inf])))
    [0.  0.  0.5 1.  1. ]

    The far negative tail keeps its relative accuracy:

    >>> float(sigmoid(-745.0))
    5e-324
    >>> float(sigmoid(-37.0))  # 1 - sigmoid(37), which rounds to 0 in 1 - x
    8.533047625744066e-17

    The slope and bias move the centre to ``-b / w``:

    >>> print(sigmoid(4.5, w=2.0, b=-9.0))
    0.5

    The identity :math:`\sigma(-z) = 1 - \sigma(z)`:

    >>> bool(np.isclose(sigmoid(-2.0), 1 - sigmoid(2.0)))
    True
    """
    _, z, dtype, scalar = _affine(x, w, b)

    return _finish(_sigmoid_of(z), dtype, scalar)


def log_sigmoid(x: ArrayLike, w: ArrayLike = 1.0, b: ArrayLike = 0.0) -> Any:
    r"""Compute the natural logarithm of the sigmoid of ``w * x + b``.

    Parameters
    ----------
    x : array_like of real numbers
        Points at which to evaluate.
    w : array_like of real numbers, default 1.0
        Slope. Broadcasts with `x`.
    b : array_like of real numbers, default 0.0
        Bias. Broadcasts with `x`.

    Returns
    -------
    numpy.floating or numpy.ndarray
        :math:`\log \sigma(wx + b)`, always :math:`\le 0`, in the dtype and
        broadcast shape of the inputs.

    Raises
    ------
    TypeError
        If an input is not real.
    ValueError
        If the shapes of `x`, `w` and `b` do not broadcast.

    Notes
    -----
    Computed as :math:`\min(z, 0) - \operatorname{log1p}(e^{-|z|})`, which
    equals :math:`-\log(1 + e^{-z})` and does not overflow. Taking the log
    of `sigmoid` instead would give ``-inf`` below z of about -745.

    Examples
    --------
    >>> import numpy as np
    >>> from sigmoid_explainer import log_sigmoid
    >>> float(log_sigmoid(-1000.0))
    -1000.0
    >>> float(log_sigmoid(40.0))
    -4.248354255291589e-18
    >>> print(log_sigmoid(np.array([-np.inf, np.inf])))
    [-inf   0.]
    >>> bool(np.isclose(log_sigmoid(0.0), -np.log(2.0)))
    True
    """
    _, z, dtype, scalar = _affine(x, w, b)

    e = _exp_neg_abs(z)
    result = np.minimum(z, 0.0)
    result -= np.log1p(e)
    return _finish(result, dtype, scalar)


def derivative(x: ArrayLike, w: ArrayLike = 1.0, b: ArrayLike = 0.0) -> Any:
    r"""Compute the derivative of :math:`\sigma(wx + b)` with respect to x.

    Parameters
    ----------
    x : array_like of real numbers
        Points at which to evaluate.
    w : array_like of real numbers, default 1.0
        Slope. Broadcasts with `x`.
    b : array_like of real numbers, default 0.0
        Bias. Broadcasts with `x`.

    Returns
    -------
    numpy.floating or numpy.ndarray
        :math:`w\,\sigma(z)(1 - \sigma(z))` with :math:`z = wx + b`, in the
        dtype and broadcast shape of the inputs.

    Raises
    ------
    TypeError
        If an input is not real.
    ValueError
        If the shapes of `x`, `w` and `b` do not broadcast.

    Notes
    -----
    By the chain rule,

    .. math:: \frac{d}{dx}\sigma(wx + b) = w\,\sigma(z)\,(1 - \sigma(z)).

    The factor :math:`\sigma(z)(1 - \sigma(z))` is computed as
    :math:`e / (1 + e)^2` with :math:`e = \exp(-|z|)`. The product of the
    rounded values ``s * (1 - s)`` is 0 wherever ``s`` rounds to 1, which
    happens from z of about 37 in float64, although the true value is
    still far above the smallest float.

    Examples
    --------
    >>> import numpy as np
    >>> from sigmoid_explainer import derivative
    >>> float(derivative(0.0, w=3.0))
    0.75
    >>> float(derivative(1.0, w=2.0, b=-1.0))
    0.3932238664829637
    >>> float(derivative(40.0))
    4.248354255291589e-18
    >>> print(derivative(np.array([-np.inf, np.inf])))
    [0. 0.]

    The peak value is w / 4 at the centre x = -b / w:

    >>> float(derivative(-0.5, w=8.0, b=4.0))
    2.0
    """
    _, z, dtype, scalar = _affine(x, w, b)
    w_array = as_real_array(w, "w")

    bell = _bell_of(z)
    with np.errstate(invalid="ignore", over="ignore"):
        result = bell * w_array.astype(bell.dtype, copy=False)
    return _finish(result, dtype, scalar)


def gradient_w(x: ArrayLike, w: ArrayLike = 1.0, b: ArrayLike = 0.0) -> Any:
    r"""Compute the gradient of :math:`\sigma(wx + b)` with respect to w.

    Parameters
    ----------
    x : array_like of real numbers
        Points at which to evaluate.
    w : array_like of real numbers, default 1.0
        Slope. Broadcasts with `x`.
    b : array_like of real numbers, default 0.0
        Bias. Broadcasts with `x`.

    Returns
    -------
    numpy.floating or numpy.ndarray
        :math:`x\,\sigma(z)(1 - \sigma(z))` with :math:`z = wx + b`.

    Raises
    ------
    TypeError
        If an input is not real.
    ValueError
        If the shapes of `x`, `w` and `b` do not broadcast.

    Notes
    -----
    :math:`\partial \sigma(wx + b) / \partial w = x\,\sigma(z)(1 - \sigma(z))`,
    the gradient that training a sigmoid unit follows for its weight.

    Examples
    --------
    >>> from sigmoid_explainer import gradient_w
    >>> float(gradient_w(2.0, w=0.0))
    0.5
    >>> float(gradient_w(0.0, w=5.0, b=1.0))
    0.0
    """
    x_work, z, dtype, scalar = _affine(x, w, b)

    bell = _bell_of(z)
    with np.errstate(invalid="ignore", over="ignore"):
        result = bell * x_work
    return _finish(result, dtype, scalar)


def gradient_b(x: ArrayLike, w: ArrayLike = 1.0, b: ArrayLike = 0.0) -> Any:
    r"""Compute the gradient of :math:`\sigma(wx + b)` with respect to b.

    Parameters
    ----------
    x : array_like of real numbers
        Points at which to evaluate.
    w : array_like of real numbers, default 1.0
        Slope. Broadcasts with `x`.
    b : array_like of real numbers, default 0.0
        Bias. Broadcasts with `x`.

    Returns
    -------
    numpy.floating or numpy.ndarray
        :math:`\sigma(z)(1 - \sigma(z))` with :math:`z = wx + b`.

    Raises
    ------
    TypeError
        If an input is not real.
    ValueError
        If the shapes of `x`, `w` and `b` do not broadcast.

    Notes
    -----
    :math:`\partial \sigma(wx + b) / \partial b = \sigma(z)(1 - \sigma(z))`,
    computed in the same overflow-free form as `derivative`.

    Examples
    --------
    >>> from sigmoid_explainer import gradient_b
    >>> float(gradient_b(0.0))
    0.25
    >>> float(gradient_b(1.0, w=2.0, b=-2.0))
    0.25
    """
    _, z, dtype, scalar = _affine(x, w, b)

    return _finish(_bell_of(z), dtype, scalar)


def second_derivative(x: ArrayLike, w: ArrayLike = 1.0, b: ArrayLike = 0.0) -> Any:
    r"""Compute the second derivative of :math:`\sigma(wx + b)` in x.

    Parameters
    ----------
    x : array_like of real numbers
        Points at which to evaluate.
    w : array_like of real numbers, default 1.0
        Slope. Broadcasts with `x`.
    b : array_like of real numbers, default 0.0
        Bias. Broadcasts with `x`.

    Returns
    -------
    numpy.floating or numpy.ndarray
        :math:`w^2\,\sigma(z)(1 - \sigma(z))(1 - 2\sigma(z))`.

    Raises
    ------
    TypeError
        If an input is not real.
    ValueError
        If the shapes of `x`, `w` and `b` do not broadcast.

    Notes
    -----
    The factor :math:`1 - 2\sigma(z)` equals :math:`-\tanh(z / 2)`, which is
    accurate near z = 0, where the subtraction ``1 - 2 * s`` cancels.
    The second derivative is 0 at the centre and has its extremes at
    :math:`z = \pm\ln(2 + \sqrt{3})`.

    Examples
    --------
    >>> import numpy as np
    >>> from sigmoid_explainer import second_derivative
    >>> float(second_derivative(0.0))
    -0.0
    >>> round(float(second_derivative(np.log(2 + np.sqrt(3)))), 12)
    -0.096225044865
    >>> print(second_derivative(np.array([-np.inf, np.inf])) == 0)
    [ True  True]
    """
    _, z, dtype, scalar = _affine(x, w, b)
    w_array = as_real_array(w, "w").astype(z.dtype, copy=False)

    bell = _bell_of(z)
    bell *= -np.tanh(z / 2)
    with np.errstate(invalid="ignore", over="ignore"):
        result = w_array * (w_array * bell)
    return _finish(result, dtype, scalar)


def logit(p: ArrayLike) -> Any:
    r"""Compute the logit, the inverse of the sigmoid.

    Parameters
    ----------
    p : array_like of real numbers in [0, 1]
        Probabilities.

    Returns
    -------
    numpy.floating or numpy.ndarray
        :math:`\log(p / (1 - p))`, from ``-inf`` at 0 to ``inf`` at 1, in the
        float dtype and shape of `p`.

    Raises
    ------
    TypeError
        If `p` is not real.
    ValueError
        If a value of `p` lies outside [0, 1]. NaN is passed through.

    Notes
    -----
    For :math:`1/4 \le p \le 3/4` the result is computed as
    :math:`\operatorname{log1p}((2p - 1) / (1 - p))`, where both the numerator
    and the denominator are exact, so that values near :math:`p = 1/2` keep
    their relative accuracy. Elsewhere :math:`\log p - \operatorname{log1p}(-p)`
    has no cancellation.

    Examples
    --------
    >>> import numpy as np
    >>> from sigmoid_explainer import logit, sigmoid
    >>> float(logit(0.5))
    0.0
    >>> print(logit(np.array([0.0, 1.0])))
    [-inf  inf]
    >>> float(logit(sigmoid(-30.0)))
    -30.0
    """
    p_array = as_real_array(p, "p")
    dtype = result_dtype(_weak(p, p_array))
    work = np.dtype(np.float32) if dtype == np.float16 else dtype
    q = p_array.astype(work, copy=False)

    outside = (q < 0) | (q > 1)
    if np.any(outside):
        bad = q[outside].flat[0]
        raise ValueError(
            f"p must lie in [0, 1], got {bad!r}; logit is defined only for "
            "probabilities"
        )

    middle = (q >= 0.25) & (q <= 0.75)
    with np.errstate(divide="ignore"):
        result = np.log(q) - np.log1p(-q)
    result = np.atleast_1d(result)
    middle = np.atleast_1d(middle)
    q = np.atleast_1d(q)
    result[middle] = np.log1p((2 * q[middle] - 1) / (1 - q[middle]))
    return _finish(result, dtype, p_array.ndim == 0)
