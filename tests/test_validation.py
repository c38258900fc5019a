"""Bad input raises TypeError or ValueError with a message that helps."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from fractions import Fraction
from typing import Any

import numpy as np
import pytest

import sigmoid_explainer as se

FUNCTIONS = [
    se.sigmoid,
    se.log_sigmoid,
    se.derivative,
    se.gradient_w,
    se.gradient_b,
    se.second_derivative,
]

ACCEPTED = "a real number or an array of real numbers"

# (value, text that the message must show)
NOT_REAL = [
    ("abc", "'abc' of type str"),
    (None, "None of type NoneType"),
    (b"01", "b'01' of type bytes"),
    ([1.0, "a"], "dtype <U"),
    (np.array([1.0, 2.0], dtype=object), "dtype object"),
    ({"x": 1.0}, "of type dict"),
    (np.datetime64("2026-01-01"), "dtype datetime64"),
    (2**100, "dtype object"),
]


@pytest.mark.parametrize("function", FUNCTIONS, ids=lambda f: f.__name__)
@pytest.mark.parametrize("argument", ["x", "w", "b"])
@pytest.mark.parametrize(("value", "shown"), NOT_REAL)
def test_non_real_input_rejected(
    function: Callable[..., Any], argument: str, value: Any, shown: str
) -> None:
    arguments: dict[str, Any] = {"x": 0.5, "w": 1.0, "b": 0.0, argument: value}

    with pytest.raises(TypeError) as error:
        function(**arguments)

    message = str(error.value)
    assert message.startswith(f"{argument} must be")
    assert ACCEPTED in message
    assert shown in message


@pytest.mark.parametrize("value", [1 + 2j, np.complex64(1.0), np.array([1.0 + 0j])])
def test_complex_input_rejected(value: Any) -> None:
    with pytest.raises(TypeError) as error:
        se.sigmoid(value)

    message = str(error.value)
    assert message.startswith("x must be real")
    assert "complex" in message
    assert ".real" in message


@pytest.mark.parametrize(
    "value",
    [Fraction(1, 3), Decimal("0.5"), [Fraction(1, 2), Fraction(3, 4)], -(2**70)],
    ids=["fraction", "decimal", "fraction-list", "huge-int"],
)
def test_object_input_gets_float_hint(value: Any) -> None:
    with pytest.raises(TypeError) as error:
        se.sigmoid(value)

    message = str(error.value)
    assert message.startswith("x must be")
    assert "dtype object" in message
    assert "numpy.asarray(values, dtype=float)" in message


def test_ragged_list_rejected() -> None:
    with pytest.raises(TypeError, match=r"x must be .* got \[1.0, \[2.0, 3.0\]\]"):
        se.sigmoid([1.0, [2.0, 3.0]])


def test_long_double_rejected() -> None:
    with pytest.raises(
        TypeError, match=r"x has dtype float128.*astype\(numpy.float64\)"
    ):
        se.sigmoid(np.ones(2, dtype=np.longdouble))


def test_masked_array_rejected() -> None:
    masked = np.ma.masked_array([1.0, 2.0], mask=[False, True])

    with pytest.raises(TypeError, match=r"w is a masked array.*w\.filled"):
        se.sigmoid(0.0, w=masked)


def test_long_value_is_shortened_in_message() -> None:
    with pytest.raises(TypeError) as error:
        se.sigmoid("x" * 500)

    assert len(str(error.value)) < 200


@pytest.mark.parametrize("function", FUNCTIONS, ids=lambda f: f.__name__)
def test_shapes_that_do_not_broadcast_rejected(function: Callable[..., Any]) -> None:
    with pytest.raises(ValueError, match="do not broadcast") as error:
        function(np.ones(3), w=np.ones(2), b=np.ones((4, 1, 1)))

    message = str(error.value)
    assert "x (3,), w (2,), b (4, 1, 1)" in message
    assert "give w and b as scalars" in message


@pytest.mark.parametrize("p", [-0.25, 1.5, -np.inf, np.inf])
def test_logit_outside_unit_interval_rejected(p: float) -> None:
    with pytest.raises(ValueError, match=rf"p must lie in \[0, 1\], got {p!r}"):
        se.logit(p)


def test_logit_reports_first_bad_value_in_array() -> None:
    p = np.full(20_000, 0.5)
    p[15_000] = 1.25
    p[18_000] = -3.0

    with pytest.raises(ValueError, match=r"got 1\.25"):
        se.logit(p)


def test_logit_string_rejected() -> None:
    with pytest.raises(TypeError, match=r"p must be .* got 'half' of type str"):
        se.logit("half")


@pytest.mark.parametrize("value", [True, 3, np.int8(-2), np.uint64(2**64 - 1)])
def test_bool_and_integer_accepted(value: Any) -> None:
    assert se.sigmoid(value).dtype == np.float64
