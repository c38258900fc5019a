"""The sigmoid, its logarithm, its derivatives and its inverse.

Every function here takes ``x`` and the parameters ``w`` (slope) and ``b``
(bias) of the affine map ``z = w * x + b``. The formulas are arranged so
that no overflow or cancellation in an intermediate value changes the
result: most are written with ``e = exp(-|z|)``, which lies in ``[0, 1]``
for every ``z``. The work is done in float64, in blocks of a few thousand
elements (see `sigmoid_explainer._blocks`), and rounded once to the dtype
of the result.

``nox -s bench`` times `sigmoid` and `derivative` against
``scipy.special.expit``, the naive formula, ``np.exp`` and a plain copy.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from ._blocks import Block, Kernel, Scratch, evaluate
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

# Scaling by 2**64 through exp: -|z| + 64 ln2 must be exact. _SHIFT_HIGH
# keeps the top 21 bits of 64 ln2, so it is a multiple of 2**-15 and its
# sum with any -|z| in [-1024, -512] is exact. _SHIFT_LOW_EXPM1 is
# exp(64 ln2 - _SHIFT_HIGH) - 1, with ln 2 taken to 40 digits.
_LN2 = Fraction("0.6931471805599453094172321214581765680755")
_SHIFT_HIGH = float(Fraction(round(64 * _LN2 * 2**15), 2**15))
_SHIFT_LOW_EXPM1 = float(np.expm1(float(64 * _LN2 - Fraction(_SHIFT_HIGH))))
_TINY = float(np.finfo(np.float64).tiny)

_ONE = np.array(1.0)
_ZERO = np.array(0.0)


def _weak(value: object, array: Any) -> Any:
    # Python scalars keep NumPy 2's "weak" promotion; everything else is
    # promoted by its array dtype.
    if isinstance(value, bool | int | float) and not isinstance(value, np.generic):
        return value
    return array


def _apply(kernel: Kernel, x: ArrayLike, w: ArrayLike, b: ArrayLike) -> Any:
    """Validate the inputs, run ``kernel`` on ``w * x + b`` and shape the result.

    Returns a numpy scalar when every input is a scalar, else an array of
    the broadcast shape.
    """
    x_array = as_real_array(x, "x")
    w_array = as_real_array(w, "w")
    b_array = as_real_array(b, "b")
    broadcast_shape(x=x_array, w=w_array, b=b_array)
    dtype = result_dtype(_weak(x, x_array), _weak(w, w_array), _weak(b, b_array))

    result = evaluate(kernel, x_array, w_array, b_array, dtype)

    return result[()] if result.ndim == 0 else result


def _exp_neg_abs(z: Block, out: Block) -> None:
    """Write e = exp(-|z|) to out. It lies in [0, 1] and never overflows."""
    np.abs(z, out=out)
    np.negative(out, out=out)
    np.exp(out, out=out)


def _sigmoid_kernel(
    z: Block, out: Block, scratch: Scratch, *, narrow: bool, **_: Any
) -> None:
    if narrow:
        # For float16 and float32 results, 1 / (1 + exp(-z)) in float64
        # errs by about 2 float64 ulp, far below the final rounding. Where
        # exp(-z) overflows, sigma(z) < 1e-308 rounds to 0 in those dtypes.
        np.negative(z, out=out)
        np.exp(out, out=out)
        np.add(out, 1.0, out=out)
        np.divide(1.0, out, out=out)
        return

    # sigma(z) = n / (1 + e) with e = exp(-|z|), and n = 1 for z >= 0 or
    # n = e for z < 0. Nothing overflows, and the negative tail keeps its
    # relative accuracy down to subnormal results.
    d, correction, n = scratch
    _exp_neg_abs(z, out)
    np.add(out, 1.0, out=d)

    # d = 1 + e is rounded. Its rounding error, e - (d - 1), is exact
    # (Fast2Sum, as e <= 1), and dividing by d + error instead of d
    # brings the largest error from 2.1 to 1.8 ulp on random samples.
    np.subtract(d, 1.0, out=correction)
    np.subtract(out, correction, out=correction)
    np.divide(correction, d, out=correction)

    # maximum() propagates NaN; the comparison alone would map NaN to 0.
    np.greater_equal(z, 0.0, out=n)
    np.maximum(out, n, out=out)
    np.divide(out, d, out=out)
    np.multiply(correction, out, out=correction)
    np.subtract(out, correction, out=out)


def _bell(z: Block, out: Block, scratch: Scratch, narrow: bool) -> None:
    """Write sigma(z) * (1 - sigma(z)) = e / (1 + e)**2, e = exp(-|z|), to out."""
    t, denominator, correction = scratch
    _exp_neg_abs(z, out)

    if narrow:
        # Two divisions by 1 + e err by about 4 float64 ulp, which the
        # rounding to float16 or float32 hides.
        np.add(out, 1.0, out=denominator)
        np.divide(out, denominator, out=out)
        np.divide(out, denominator, out=out)
        return

    # (1 + e)**2 = 1 + t with t = e * (2 + e), rounded once instead of
    # squaring a rounded 1 + e. The rounding error of 1 + t is exact, as
    # in `_sigmoid_kernel`, and corrects the quotient.
    np.add(out, 2.0, out=t)
    np.multiply(t, out, out=t)
    np.add(t, 1.0, out=denominator)
    np.subtract(denominator, 1.0, out=correction)
    np.subtract(t, correction, out=correction)
    np.divide(correction, denominator, out=correction)

    np.divide(out, denominator, out=out)
    np.multiply(correction, out, out=correction)
    np.subtract(out, correction, out=out)


def _log_sigmoid_kernel(z: Block, out: Block, scratch: Scratch, **_: Any) -> None:
    # min(z, 0) - log1p(exp(-|z|)) = -log(1 + exp(-z)), with no overflow.
    _exp_neg_abs(z, out)
    np.log1p(out, out=out)
    np.minimum(z, 0.0, out=scratch[0])
    np.subtract(scratch[0], out, out=out)


def _derivative_kernel(
    z: Block,
    out: Block,
    scratch: Scratch,
    *,
    w: Block | float,
    narrow: bool,
    **_: Any,
) -> None:
    _bell(z, out, scratch, narrow)
    if isinstance(w, float) and w == 1.0:
        return
    vanished = _vanished_under_infinite_w(out, w)
    np.multiply(out, w, out=out)
    if vanished is not None:
        out[vanished] = 0.0


def _vanished_under_infinite_w(
    factor: Block, w: Block | float
) -> NDArray[np.bool_] | None:
    """Return where ``factor`` is 0 and w is infinite, or None if w is finite.

    For x != 0 and |w| = inf, z = w x is infinite and sigma'(z) is 0, so a
    product with w or w**2 is inf * 0 = NaN. Its limit as |w| grows is 0,
    because sigma'(w x + b) decays like exp(-|w x|).
    """
    infinite = np.isinf(w)
    if not np.any(infinite):
        return None
    vanished: NDArray[np.bool_] = (factor == 0.0) & infinite
    return vanished


def _gradient_w_kernel(
    z: Block, out: Block, scratch: Scratch, *, x: Block, narrow: bool, **_: Any
) -> None:
    _bell(z, out, scratch, narrow)
    subnormal: NDArray[np.bool_] | None = None
    if not narrow and np.fmin.reduce(out) < _TINY:
        subnormal = out < _TINY
    flat = out == 0.0
    np.multiply(out, x, out=out)

    # At x = +-inf with sigma'(z) = 0, inf * 0 gives NaN, but the limit of
    # x sigma'(w x + b) for w != 0 is 0.
    out[flat & np.isinf(x)] = 0.0

    # A subnormal sigma'(z) has lost relative accuracy, which a factor
    # |x| > 1 would show. There sigma'(z) = exp(-|z|) to double precision,
    # so x * exp(-|z| + 64 ln2) * 2**-64 is computed instead.
    if subnormal is not None:
        scaled = np.exp(_SHIFT_HIGH - np.abs(z[subnormal]))
        scaled += scaled * _SHIFT_LOW_EXPM1
        scaled *= x[subnormal]
        finite = np.isfinite(scaled)
        out[subnormal] = np.where(finite, np.ldexp(scaled, -64), out[subnormal])


def _gradient_b_kernel(
    z: Block, out: Block, scratch: Scratch, *, narrow: bool, **_: Any
) -> None:
    _bell(z, out, scratch, narrow)


def _second_derivative_kernel(
    z: Block,
    out: Block,
    scratch: Scratch,
    *,
    w: Block | float,
    narrow: bool,
    **_: Any,
) -> None:
    if not narrow and _EXTENDED:
        _second_derivative_extended(z, out, w)
    else:
        # 1 - 2 sigma(z) = -tanh(z / 2), which does not cancel near z = 0.
        _bell(z, out, scratch, narrow)
        half = scratch[0]
        np.multiply(z, -0.5, out=half)
        np.tanh(half, out=half)
        np.multiply(out, half, out=out)

        # w * (w * f) rather than w**2 * f: w**2 overflows for |w| > 1e154.
        vanished = _vanished_under_infinite_w(out, w)
        np.multiply(out, w, out=out)
        np.multiply(out, w, out=out)
        if vanished is not None:
            out[vanished] = 0.0


# x86-64's long double carries 63 bits after the point against float64's
# 52, so a product of factors computed in it rounds once to float64.
_EXTENDED = np.finfo(np.longdouble).nmant > np.finfo(np.float64).nmant


def _second_derivative_extended(z: Block, out: Block, w: Block | float) -> None:
    """Write w**2 sigma(z) (1 - sigma(z)) (1 - 2 sigma(z)) to out via long double.

    The float64 product of three rounded factors errs by up to 2.9 ulp. In
    long double their errors stay below 0.01 float64 ulp, and the result
    rounds once.
    """
    wide = z.astype(np.longdouble)
    e = np.exp(-np.abs(wide))
    denominator = 1 + e
    result = e / (denominator * denominator)
    result *= -np.tanh(wide / 2)

    w_wide = np.asarray(w).astype(np.longdouble)
    vanished = _vanished_under_infinite_w(result, w)
    result *= w_wide
    result *= w_wide
    out[...] = result
    if vanished is not None:
        out[vanished] = 0.0


def _logit_kernel(p: Block, out: Block, scratch: Scratch, **_: Any) -> None:
    # fmin and fmax skip NaN, which logit passes through.
    if np.fmin.reduce(p) < 0.0 or np.fmax.reduce(p) > 1.0:
        bad = p[(p < 0.0) | (p > 1.0)][0]
        raise ValueError(
            f"p must lie in [0, 1], got {float(bad)!r}; logit is defined "
            "only for probabilities"
        )

    # log(p) - log1p(-p): outside [1/4, 3/4] one term dominates the other,
    # so the difference does not cancel.
    log_q = scratch[0]
    np.negative(p, out=log_q)
    np.log1p(log_q, out=log_q)
    np.log(p, out=out)
    np.subtract(out, log_q, out=out)

    # Near 1/2 both terms are close to -log 2 and cancel. There 2p - 1 is
    # exact (Sterbenz), and logit(p) = 2 atanh(2p - 1) rounds only once.
    middle = (p >= 0.25) & (p <= 0.75)
    if middle.any():
        out[middle] = 2.0 * np.arctanh(2.0 * p[middle] - 1.0)


_SIGMOID = Kernel(_sigmoid_kernel)
_LOG_SIGMOID = Kernel(_log_sigmoid_kernel)
_DERIVATIVE = Kernel(_derivative_kernel, reads_w=True)
_GRADIENT_W = Kernel(_gradient_w_kernel, reads_x=True)
_GRADIENT_B = Kernel(_gradient_b_kernel)
_SECOND_DERIVATIVE = Kernel(_second_derivative_kernel, reads_w=True)
_LOGIT = Kernel(_logit_kernel)


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
    The rounding error of :math:`1 + e` is recovered exactly and
    corrects the quotient.

    Every dtype is computed in float64 and rounded once to the result
    dtype. For float16 and float32 results the plain
    :math:`1 / (1 + e^{-z})` in float64 is accurate enough, and those
    results were within 0.5 ulp of a 50-digit mpmath reference on random
    samples. float64 results were within 1.9 ulp on 80 000 random points
    (numpy 2.4, AVX-512 ``exp``). The test suite checks 2 ulp. The work
    runs in blocks of a few thousand elements, so no temporary array
    grows with the input.

    The error in a float64 result is measured against :math:`\sigma` of
    the rounded value of :math:`wx + b`. With ``w`` and ``b`` other than 1
    and 0, the rounding of :math:`wx + b` itself adds a relative error of
    about :math:`|z|` ulp in the negative tail.

    NaN in `x`, `w` or `b` gives NaN, following numpy's convention.
    Integer inputs are converted to float64 before :math:`wx + b` is
    computed, so integers beyond :math:`2^{53}` lose precision. For
    example, ``sigmoid(2**53 + 1, b=-2**53)`` gives 0.5 and not
    :math:`\sigma(1) \approx 0.731`.

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
    >>> float(sigmoid(-37.0))  # 1 - sigma(37), with no cancellation
    8.533047625744065e-17

    The slope and bias move the centre to ``-b / w``:

    >>> print(sigmoid(4.5, w=2.0, b=-9.0))
    0.5

    The identity :math:`\sigma(-z) = 1 - \sigma(z)`:

    >>> bool(np.isclose(sigmoid(-2.0), 1 - sigmoid(2.0)))
    True

    NaN gives NaN, and integers beyond 2**53 are rounded to float64:

    >>> print(sigmoid(np.nan))
    nan
    >>> print(sigmoid(2**53 + 1, b=-2**53))
    0.5
    """
    return _apply(_SIGMOID, x, w, b)


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

    NaN in `x`, `w` or `b` gives NaN, following numpy's convention.
    Integer inputs are converted to float64 before :math:`wx + b` is
    computed, so integers beyond :math:`2^{53}` lose precision, as the
    example in `sigmoid` shows.

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
    return _apply(_LOG_SIGMOID, x, w, b)


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
    :math:`e / (1 + t)` with :math:`e = \exp(-|z|)` and
    :math:`t = e(2 + e)`, so that :math:`(1 + e)^2` is rounded once, and
    the rounding error of :math:`1 + t` corrects the quotient. The product
    of the rounded values ``s * (1 - s)`` is 0 wherever ``s`` rounds to 1,
    which happens from z of about 37 in float64, although the true value
    is still far above the smallest float.

    With an infinite slope, the result is the limit 0 wherever x is not 0,
    and NaN at x = 0, where :math:`wx` is undefined.

    As in `sigmoid`, the work is done in float64 and rounded once. float64
    results were within 1.6 ulp of a 50-digit mpmath reference on random
    samples (numpy 2.4), and float16 and float32 results within 0.5 ulp.

    NaN in `x`, `w` or `b` gives NaN, following numpy's convention.
    Integer inputs are converted to float64 before :math:`wx + b` is
    computed, so integers beyond :math:`2^{53}` lose precision, as the
    example in `sigmoid` shows.

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
    >>> print(derivative(np.float32(20.0)))  # float32 in, float32 out
    2.0611537e-09
    >>> print(derivative(np.array([-np.inf, np.inf])))
    [0. 0.]

    The peak value is w / 4 at the centre x = -b / w:

    >>> float(derivative(-0.5, w=8.0, b=4.0))
    2.0
    """
    return _apply(_DERIVATIVE, x, w, b)


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

    Where :math:`\sigma(z)(1 - \sigma(z))` is subnormal (:math:`|z|` above
    about 708 in float64) it has lost relative accuracy, which a factor
    :math:`|x| > 1` would show. There the factor equals :math:`e^{-|z|}`
    to double precision, and the result is computed as
    :math:`x\,e^{-|z| + 64 \ln 2}\,2^{-64}`, which keeps its relative
    accuracy.

    NaN in `x`, `w` or `b` gives NaN, following numpy's convention.
    Integer inputs are converted to float64 before :math:`wx + b` is
    computed, so integers beyond :math:`2^{53}` lose precision, as the
    example in `sigmoid` shows.

    Examples
    --------
    >>> import numpy as np
    >>> from sigmoid_explainer import gradient_b, gradient_w
    >>> float(gradient_w(2.0, w=0.0))
    0.5
    >>> float(gradient_w(0.0, w=5.0, b=1.0))
    0.0
    >>> float(gradient_w(40.0))
    1.6993417021166355e-16
    >>> print(gradient_w(np.array([-np.inf, np.inf]), w=0.5))
    [0. 0.]

    The identity :math:`\partial \sigma / \partial w = x\,\partial \sigma / \partial b`:

    >>> bool(gradient_w(3.0, w=0.5) == 3.0 * gradient_b(3.0, w=0.5))
    True
    """
    return _apply(_GRADIENT_W, x, w, b)


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

    NaN in `x`, `w` or `b` gives NaN, following numpy's convention.
    Integer inputs are converted to float64 before :math:`wx + b` is
    computed, so integers beyond :math:`2^{53}` lose precision, as the
    example in `sigmoid` shows.

    Examples
    --------
    >>> import numpy as np
    >>> from sigmoid_explainer import derivative, gradient_b
    >>> float(gradient_b(0.0))
    0.25
    >>> float(gradient_b(1.0, w=2.0, b=-2.0))
    0.25
    >>> float(gradient_b(-745.0)), float(gradient_b(50.0))
    (5e-324, 1.9287498479639178e-22)
    >>> print(gradient_b(np.array([-np.inf, np.inf])))
    [0. 0.]

    The identity :math:`\partial \sigma / \partial x = w\,\partial \sigma / \partial b`:

    >>> bool(derivative(0.3, w=4.0) == 4.0 * gradient_b(0.3, w=4.0))
    True
    """
    return _apply(_GRADIENT_B, x, w, b)


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
    :math:`z = \pm\ln(2 + \sqrt{3})`. As for `derivative`, an infinite
    slope gives the limit 0 wherever x is not 0, and NaN at x = 0.

    Where numpy's ``longdouble`` has more precision than float64, as on
    x86-64, float64 results are computed in it and rounded once.

    NOTE: where ``longdouble`` is float64 (Windows, Arm macOS), float64
    results carry the error of three rounded factors and of numpy's
    ``exp``. On random samples they were within 2.9 ulp of a 50-digit
    mpmath reference, against 2 ulp for the other functions. float16 and
    float32 results were within 0.5 ulp.

    NaN in `x`, `w` or `b` gives NaN, following numpy's convention.
    Integer inputs are converted to float64 before :math:`wx + b` is
    computed, so integers beyond :math:`2^{53}` lose precision, as the
    example in `sigmoid` shows.

    Examples
    --------
    >>> import numpy as np
    >>> from sigmoid_explainer import second_derivative
    >>> float(second_derivative(0.0))
    -0.0
    >>> round(float(second_derivative(np.log(2 + np.sqrt(3)))), 12)
    -0.096225044865
    >>> print(second_derivative(np.array([-40.0, 40.0])))
    [ 4.24835426e-18 -4.24835426e-18]
    >>> print(second_derivative(np.array([-np.inf, np.inf])) == 0)
    [ True  True]

    The identity :math:`\sigma''(-z) = -\sigma''(z)`:

    >>> bool(second_derivative(-1.5) == -second_derivative(1.5))
    True
    """
    return _apply(_SECOND_DERIVATIVE, x, w, b)


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
    :math:`2 \operatorname{artanh}(2p - 1)`, where :math:`2p - 1` is exact,
    so that values near :math:`p = 1/2` keep their relative accuracy.
    Elsewhere :math:`\log p - \operatorname{log1p}(-p)` has no
    cancellation. The work is done in float64 and rounded once to the
    dtype of `p`.

    NaN gives NaN, following numpy's convention. Integer inputs are
    converted to float64.

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

    result = evaluate(_LOGIT, p_array, _ONE, _ZERO, dtype)

    return result[()] if result.ndim == 0 else result
