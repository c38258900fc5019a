"""The exercises at the end of the chapters, and their numeric answers.

Each answer on the page is computed by the package in the solution's cell
and glued into its text. The expected values here come from mpmath at 50
significant digits or from a closed form, not from the package.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import mpmath
import pytest

from .conftest import Build

mpmath.mp.dps = 50


def mp_sigmoid(z: mpmath.mpf) -> mpmath.mpf:
    return 1 / (1 + mpmath.exp(-z))


ANSWERS: dict[str, tuple[str, Callable[[], mpmath.mpf], float]] = {
    # solution label: (chapter, independent value, tolerance of the shown digits)
    "sol-intro-spam": ("intro", lambda: mp_sigmoid(mpmath.mpf("2.2")), 5e-5),
    "sol-intro-threshold": ("intro", lambda: mpmath.log(4), 5e-5),
    "sol-sigmoid-reach": (
        "sigmoid",
        lambda: (mpmath.log(9) + 2) / 4,
        5e-5,
    ),
    "sol-sigmoid-width": ("sigmoid", lambda: 2 * mpmath.log(9) / 99, 5e-5),
    "sol-derivative-value": (
        "derivative",
        lambda: mpmath.diff(lambda x: mp_sigmoid(2 * x - 1), 1),
        5e-5,
    ),
    "sol-pros-odds": ("pros", lambda: mpmath.exp(mpmath.mpf("0.5")), 5e-5),
    "sol-pros-bump": ("pros", lambda: 2 * mpmath.atanh(mpmath.mpf("0.99")), 5e-5),
    # The smallest whole n with 0.25**n < 1e-6, shown without decimals.
    "sol-cons-depth": (
        "cons",
        lambda: mpmath.ceil(6 * mpmath.log(10) / mpmath.log(4)),
        0,
    ),
    "sol-cons-tails": ("cons", lambda: mpmath.sech(mpmath.mpf("2.5")) ** 2, 5e-5),
    "sol-cons-uniform": ("cons", lambda: 1 - 2 * mpmath.acosh(10) / 8, 5e-5),
    "sol-context-tanh": ("context", lambda: mpmath.tanh(mpmath.mpf("0.5")), 5e-5),
    "sol-context-tanh-slope": ("context", lambda: mpmath.diff(mpmath.tanh, 1), 5e-5),
    "sol-context-loss": (
        "context",
        lambda: mpmath.diff(
            lambda w: (mp_sigmoid(2 * w - mpmath.mpf("0.5")) - 1) ** 2 / 2,
            mpmath.mpf("1.5"),
        ),
        5e-5,
    ),
    "sol-explorer-centre": (
        "explorer",
        lambda: -mpmath.mpf(4) / mpmath.mpf("2.5"),
        5e-5,
    ),
    "sol-explorer-peak": ("explorer", lambda: 5 / mpmath.diff(mp_sigmoid, 0), 5e-5),
    # sigma'(z) = 1 / (4 cosh(z/2)**2) is 1/8 where z = 2 asinh(1), and x = (z + 1) / 2.
    "sol-explorer-half": ("explorer", lambda: (2 * mpmath.asinh(1) + 1) / 2, 5e-5),
}

EXERCISES = {
    "intro": ["ex-intro-spam", "ex-intro-threshold", "ex-intro-probability"],
    "sigmoid": ["ex-sigmoid-centre", "ex-sigmoid-reach", "ex-sigmoid-width"],
    "derivative": [
        "ex-derivative-value",
        "ex-derivative-depth",
        "ex-derivative-symmetry",
    ],
    "pros": ["ex-pros-linear", "ex-pros-odds", "ex-pros-bump"],
    "cons": ["ex-cons-depth", "ex-cons-tails", "ex-cons-uniform", "ex-cons-mean"],
    "context": ["ex-context-tanh", "ex-context-tanh-slope", "ex-context-loss"],
    "explorer": ["ex-explorer-centre", "ex-explorer-peak", "ex-explorer-half"],
}


def solution_html(build: Build, chapter: str, label: str) -> str:
    page = (build.html / f"{chapter}.html").read_text(encoding="utf-8")
    start = page.index(f'id="{label}"')
    end = page.find('class="solution', start + 1)
    return page[start : end if end != -1 else len(page)]


def glued_numbers(fragment: str) -> list[float]:
    return [
        float(value) for value in re.findall(r'class="pasted-text">([^<]+)<', fragment)
    ]


@pytest.mark.parametrize("label", ANSWERS)
def test_numeric_answer_is_correct(built_book: Build, label: str) -> None:
    chapter, exact, tolerance = ANSWERS[label]

    shown = glued_numbers(solution_html(built_book, chapter, label))

    assert len(shown) == 1
    assert shown[0] == pytest.approx(float(exact()), abs=tolerance)


def test_depth_answer_is_power_of_four(built_book: Build) -> None:
    shown = glued_numbers(
        solution_html(built_book, "derivative", "sol-derivative-depth")
    )

    # 1 / 4**10, shown as its inverse and as a fraction with 4 digits.
    assert shown[0] == 4**10
    assert shown[1] == pytest.approx(4.0**-10, rel=5e-4)


@pytest.mark.parametrize("chapter", EXERCISES)
def test_chapter_ends_with_exercises(built_book: Build, chapter: str) -> None:
    page = (built_book.html / f"{chapter}.html").read_text(encoding="utf-8")
    # sphinx-exercise wraps every exercise and solution body in a section
    # with the id "exercise-content" or "solution-content".
    sections = [
        section
        for section in re.findall(r'<section id="([^"]+)">', page)
        if section not in {"exercise-content", "solution-content"}
    ]

    assert sections[-1] == f"{chapter}-exercises"
    for label in EXERCISES[chapter]:
        assert f'id="{label}"' in page


@pytest.mark.parametrize("chapter", EXERCISES)
def test_solutions_are_hidden_dropdowns(built_book: Build, chapter: str) -> None:
    page = (built_book.html / f"{chapter}.html").read_text(encoding="utf-8")
    solutions = re.findall(r'<div class="([^"]*solution[^"]*)" id="([^"]+)"', page)

    assert [label for _, label in solutions] == [
        label.replace("ex-", "sol-", 1) for label in EXERCISES[chapter]
    ]
    for classes, label in solutions:
        assert "dropdown" in classes.split(), label
