"""Dtypes, shapes, scalars, blocks and memory of the numeric core."""

from __future__ import annotations

import tracemalloc
from collections.abc import Callable
from typing import Any

import numpy as np
import pytest
import scipy.special

import sigmoid_explainer as se
from sigmoid_explainer._blocks import BLOCK

FUNCTIONS = [
    se.sigmoid,
    se.log_sigmoid,
    se.derivative,
    se.gradient_w,
    se.gradient_b,
    se.second_derivative,
]
ALL_FUNCTIONS = [*FUNCTIONS, se.logit]
FLOATS = [np.float16, np.float32, np.float64]


def ids(function: Callable[..., Any]) -> str:
    return function.__name__


@pytest.mark.parametrize("function", ALL_FUNCTIONS, ids=ids)
@pytest.mark.parametrize("dtype", FLOATS)
def test_float_dtype_kept(function: Callable[..., Any], dtype: type[Any]) -> None:
    p = np.array([0.25, 0.5], dtype=dtype)

    assert function(p).dtype == dtype
    assert function(dtype(0.5)).dtype == dtype


@pytest.mark.parametrize("function", FUNCTIONS, ids=ids)
@pytest.mark.parametrize("dtype", FLOATS)
def test_python_scalar_parameters_keep_dtype(
    function: Callable[..., Any], dtype: type[Any]
) -> None:
    x = np.array([0.25, 0.5], dtype=dtype)

    assert function(x, w=2.0, b=-1).dtype == dtype


@pytest.mark.parametrize("function", ALL_FUNCTIONS, ids=ids)
@pytest.mark.parametrize(
    "value", [0, True, np.int32(0), 0.5, np.array([0, 1]), np.array([True, False])]
)
def test_integer_bool_and_python_input_give_float64(
    function: Callable[..., Any], value: Any
) -> None:
    assert function(value).dtype == np.float64


@pytest.mark.parametrize("function", FUNCTIONS, ids=ids)
def test_array_parameter_promotes_dtype(function: Callable[..., Any]) -> None:
    x = np.array([0.25, 0.5], dtype=np.float32)

    assert function(x, w=np.array([1.0, 2.0])).dtype == np.float64
    assert function(x, b=np.float16(1.0)).dtype == np.float32


@pytest.mark.parametrize("function", ALL_FUNCTIONS, ids=ids)
@pytest.mark.parametrize("value", [0.5, np.float32(0.5), np.array(0.5), 1])
def test_scalar_input_returns_numpy_scalar(
    function: Callable[..., Any], value: Any
) -> None:
    result = function(value)

    assert isinstance(result, np.floating)
    assert not isinstance(result, np.ndarray)


@pytest.mark.parametrize("function", ALL_FUNCTIONS, ids=ids)
@pytest.mark.parametrize("shape", [(1,), (0,), (3, 0), (2, 3), (2, 1, 4)])
def test_array_input_keeps_shape(
    function: Callable[..., Any], shape: tuple[int, ...]
) -> None:
    x = np.full(shape, 0.5)

    result = function(x)

    assert isinstance(result, np.ndarray)
    assert result.shape == shape


def test_parameters_broadcast_with_x() -> None:
    x = np.linspace(-3.0, 3.0, 4).reshape(4, 1)
    w = np.array([0.5, 1.0, 2.0])
    b = np.array([-1.0, 1.0]).reshape(2, 1, 1)
    z = w * x + b

    result = se.sigmoid(x, w=w, b=b)
    slope = se.derivative(x, w=w, b=b)
    weight = se.gradient_w(x, w=w, b=b)

    assert result.shape == (2, 4, 3)
    np.testing.assert_allclose(result, scipy.special.expit(z), rtol=1e-15)
    bell = scipy.special.expit(z) * scipy.special.expit(-z)
    np.testing.assert_allclose(slope, w * bell, rtol=1e-14)
    np.testing.assert_allclose(weight, x * bell, rtol=1e-14)


def test_scalar_x_with_array_parameter_returns_array() -> None:
    result = se.sigmoid(1.0, w=np.array([1.0, 2.0]))

    assert isinstance(result, np.ndarray)
    assert result.shape == (2,)


@pytest.mark.parametrize("function", FUNCTIONS, ids=ids)
def test_blocks_match_elementwise_results(function: Callable[..., Any]) -> None:
    # Long enough for several blocks and a short last block, with special
    # values placed on both sides of a block boundary.
    x = np.linspace(-800.0, 800.0, 3 * BLOCK + 17)
    x[BLOCK - 1 : BLOCK + 2] = [np.nan, -720.0, np.inf]
    x[2 * BLOCK] = -np.inf

    whole = function(x, w=1.5, b=-0.5)
    one_by_one = np.array([function(value, w=1.5, b=-0.5) for value in x[::97]])

    np.testing.assert_array_equal(whole[::97], one_by_one)
    assert np.isnan(whole[BLOCK - 1])
    assert whole[BLOCK] == function(-720.0, w=1.5, b=-0.5)


def test_strided_and_fortran_input() -> None:
    x = np.asfortranarray(np.linspace(-40.0, 40.0, 600).reshape(20, 30))
    reversed_columns = x[:, ::-2]

    np.testing.assert_array_equal(se.sigmoid(x), se.sigmoid(np.ascontiguousarray(x)))
    np.testing.assert_array_equal(
        se.sigmoid(reversed_columns), se.sigmoid(reversed_columns.copy())
    )


def test_input_is_not_modified() -> None:
    x = np.linspace(-5.0, 5.0, 2 * BLOCK)
    original = x.copy()

    for function in ALL_FUNCTIONS[:-1]:
        function(x)

    np.testing.assert_array_equal(x, original)


@pytest.mark.parametrize("function", FUNCTIONS, ids=ids)
def test_extreme_inputs_raise_no_warning(function: Callable[..., Any]) -> None:
    # pytest turns every warning into an error (pyproject filterwarnings).
    big = np.finfo(np.float64).max
    x = np.array([-np.inf, -big, -1000.0, -745.0, 0.0, 745.0, big, np.inf, np.nan])

    function(x)
    function(x, w=big, b=-big)
    function(x, w=0.0, b=np.inf)
    half = np.array([-np.inf, -65504.0, -20.0, 0.0, 1e-4, 65504.0, np.inf, np.nan])
    function(half.astype(np.float16), w=np.float16(60000.0))


def test_logit_at_bounds_raises_no_warning() -> None:
    assert se.logit(0.0) == -np.inf
    assert se.logit(1.0) == np.inf


@pytest.mark.parametrize("function", [*ALL_FUNCTIONS, np.exp], ids=ids)
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_at_most_one_temporary_beyond_result(
    function: Callable[..., Any], dtype: type[Any]
) -> None:
    # numpy reports its data allocations to tracemalloc. The peak during
    # the call, less the result, must stay under one more array of the
    # result's size. The blocks themselves take a few hundred KiB.
    x = np.linspace(0.01, 0.99, 1_000_000).astype(dtype)

    tracemalloc.start()
    try:
        tracemalloc.reset_peak()
        result = function(x)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()

    assert peak - result.nbytes < result.nbytes
