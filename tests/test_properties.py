"""Properties of the sigmoid that must hold for any input (hypothesis)."""

from __future__ import annotations

import numpy as np
import scipy.special
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import sigmoid_explainer as se

FLOAT_DTYPES = st.sampled_from([np.float16, np.float32, np.float64])


@st.composite
def float_arrays(draw: st.DrawFn, *, allow_nan: bool = False) -> np.ndarray:
    """Draw a 1-d array of any float dtype, infinities included."""
    dtype = draw(FLOAT_DTYPES)
    return draw(
        hnp.arrays(
            dtype,
            st.integers(1, 40),
            elements=hnp.from_dtype(np.dtype(dtype), allow_nan=allow_nan),
        )
    )


finite = st.floats(-1e6, 1e6, allow_nan=False)
moderate = st.floats(-30.0, 30.0, allow_nan=False)
slopes = st.floats(0.01, 10.0)


@given(float_arrays())
def test_output_in_unit_interval(x: np.ndarray) -> None:
    y = se.sigmoid(x)

    assert np.all(y >= 0)
    assert np.all(y <= 1)


@given(float_arrays(), slopes, finite)
def test_monotone_in_x_for_positive_slope(x: np.ndarray, w: float, b: float) -> None:
    x = np.sort(x)

    y = se.sigmoid(x, w=w, b=b)

    assert np.all(np.diff(y) >= 0)


@given(float_arrays())
def test_reflection_identity(z: np.ndarray) -> None:
    # sigma(-z) = 1 - sigma(z). Both sides lie in [0, 1], where one float
    # spacing of 1 bounds the rounding of 1 - sigma(z).
    eps = float(np.finfo(z.dtype).eps)

    left = se.sigmoid(-z).astype(np.float64)
    right = 1.0 - se.sigmoid(z).astype(np.float64)

    np.testing.assert_allclose(left, right, rtol=0, atol=2 * eps)


@given(moderate, st.floats(-5.0, 5.0), st.floats(-5.0, 5.0))
def test_derivative_matches_central_difference(x: float, w: float, b: float) -> None:
    # The central difference errs by about h**2 |f'''| / 6 + eps / h.
    h = 1e-5

    difference = (se.sigmoid(x + h, w=w, b=b) - se.sigmoid(x - h, w=w, b=b)) / (2 * h)

    assert abs(se.derivative(x, w=w, b=b) - difference) <= 1e-8 * (1 + w * w * w * w)


@given(moderate, st.floats(-5.0, 5.0), st.floats(-5.0, 5.0))
def test_second_derivative_matches_central_difference(
    x: float, w: float, b: float
) -> None:
    h = 1e-5

    difference = (se.derivative(x + h, w=w, b=b) - se.derivative(x - h, w=w, b=b)) / (
        2 * h
    )

    assert abs(se.second_derivative(x, w=w, b=b) - difference) <= 1e-8 * (1 + w**4)


@given(float_arrays())
def test_logit_inverts_sigmoid(z: np.ndarray) -> None:
    # Where sigma(z) is neither 0 nor 1, logit(sigma(z)) = z up to the
    # rounding of sigma(z), which logit amplifies by 1 / (s (1 - s)).
    z = z[np.isfinite(z)]
    s = se.sigmoid(z)
    unrounded = (s > 0) & (s < 1)
    z, s = z[unrounded], s[unrounded]
    eps = float(np.finfo(z.dtype).eps)
    s64 = s.astype(np.float64)

    recovered = se.logit(s).astype(np.float64)

    # 2 ulp of s, then the rounding of the result itself.
    spread = 2 * np.spacing(np.abs(s)).astype(np.float64) / (s64 * (1 - s64))
    tolerance = spread + 2 * eps * np.abs(z.astype(np.float64))
    assert np.all(np.abs(recovered - z) <= tolerance)


@given(float_arrays(allow_nan=True))
def test_agrees_with_scipy_expit(z: np.ndarray) -> None:
    # scipy.special.expit rounds in z's own dtype and loses relative
    # accuracy in the subnormal tail, so the comparison allows 4 ulp of
    # the dtype and an absolute slack of a few subnormals.
    info = np.finfo(z.dtype)

    ours = se.sigmoid(z)
    theirs = scipy.special.expit(z)

    # scipy computes float16 input in float32, then returns float32.
    np.testing.assert_allclose(
        ours.astype(np.float64),
        theirs.astype(z.dtype).astype(np.float64),
        rtol=4 * float(info.eps),
        atol=64 * float(info.smallest_subnormal),
    )


@given(float_arrays(allow_nan=True))
def test_agrees_with_scipy_log_expit(z: np.ndarray) -> None:
    info = np.finfo(z.dtype)

    ours = se.log_sigmoid(z)
    theirs = scipy.special.log_expit(z)

    np.testing.assert_allclose(
        ours.astype(np.float64),
        theirs.astype(z.dtype).astype(np.float64),
        rtol=4 * float(info.eps),
        atol=64 * float(info.smallest_subnormal),
    )
