"""The experiments of the pros, cons and context pages, against independent checks.

Expected values come from mpmath at 50 digits, closed forms, central
differences, scipy's optimiser or the truth table, never from the code
under test.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable

import mpmath
import numpy as np
import pytest
from matplotlib.figure import Figure
from scipy import optimize, special, stats

from sigmoid_explainer import experiments as ex
from sigmoid_explainer import logit
from sigmoid_explainer.figures import FIGURES, draw

from .conftest import Build

mpmath.mp.dps = 50

EXPERIMENT_FIGURES = {
    "pros": (
        "fig-sigmoid-bump",
        "fig-xor-network",
        "fig-step-comparison",
        "fig-logistic-regression",
    ),
    "cons": (
        "fig-deep-chain",
        "fig-zigzag",
        "fig-saturation",
        "fig-derivative-collapse",
    ),
    "context": ("fig-activations",),
}


def mp_sigmoid(z: float) -> mpmath.mpf:
    return 1 / (1 + mpmath.exp(-mpmath.mpf(z)))


def mp_sigmoid_derivative(z: float) -> mpmath.mpf:
    s = mp_sigmoid(z)
    return s * (1 - s)


# -- Non-linearity --------------------------------------------------------------


def test_bump_matches_mpmath() -> None:
    x = np.linspace(-4.0, 4.0, 33)
    expected = [float(mp_sigmoid(4 * (v + 1)) - mp_sigmoid(4 * (v - 1))) for v in x]

    # Right of the bump both sigmoids are close to 1 and their difference
    # cancels, so the error bound is absolute.
    np.testing.assert_allclose(
        ex.sigmoid_bump(x, w=4.0), expected, rtol=0, atol=4 * np.finfo(float).eps
    )


def test_bump_rises_then_falls() -> None:
    bump = ex.sigmoid_bump(np.linspace(-4.0, 4.0, 81))
    top = int(np.argmax(bump))

    assert 0 < top < len(bump) - 1
    assert np.all(np.diff(bump[: top + 1]) > 0)
    assert np.all(np.diff(bump[top:]) < 0)


def test_bump_rejects_reversed_centres() -> None:
    with pytest.raises(ValueError, match="left must be smaller than right"):
        ex.sigmoid_bump(0.0, left=1.0, right=-1.0)


def test_xor_outputs_match_truth_table() -> None:
    result = ex.train_xor()
    predicted = (result.outputs > 0.5).astype(float)

    np.testing.assert_array_equal(predicted, [0.0, 1.0, 1.0, 0.0])
    assert np.max(np.abs(result.outputs - ex.XOR_TARGETS)) < 0.01


def test_xor_loss_decreases() -> None:
    losses = ex.train_xor().losses

    assert losses[-1] < 0.01
    assert losses[-1] < losses[0]


def test_xor_gradients_match_central_differences() -> None:
    rng = np.random.default_rng(11)
    network = ex.XorNetwork(
        rng.standard_normal((2, 3)),
        rng.standard_normal(3),
        rng.standard_normal(3),
        np.asarray(rng.standard_normal()),
    )
    gradients = ex.xor_gradients(network)
    h = 1e-6

    for field in dataclasses.fields(ex.XorNetwork):
        values = getattr(network, field.name)
        analytic = getattr(gradients, field.name)
        for index in np.ndindex(values.shape):
            plus, minus = values.copy(), values.copy()
            plus[index] += h
            minus[index] -= h
            numeric = (
                ex.xor_loss(dataclasses.replace(network, **{field.name: plus}))
                - ex.xor_loss(dataclasses.replace(network, **{field.name: minus}))
            ) / (2 * h)
            assert analytic[index] == pytest.approx(numeric, abs=1e-8), (
                field.name,
                index,
            )


@pytest.mark.parametrize(
    ("run", "message"),
    [
        (lambda: ex.train_xor(hidden=0), "hidden must be at least 1, got 0"),
        (lambda: ex.step_comparison(iterations=-1), "iterations must be at least 1"),
        (lambda: ex.deep_chain_products(chains=0), "chains must be at least 1"),
        (lambda: ex.zigzag_paths(steps=0), "steps must be at least 1"),
        (lambda: ex.saturation_fractions(samples=0), "samples must be at least 1"),
    ],
)
def test_experiments_reject_zero_counts(
    run: Callable[[], object], message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        run()


def test_experiments_reject_fractional_counts() -> None:
    with pytest.raises(TypeError, match=r"depth must be an integer, got 2\.5"):
        ex.deep_chain_products(depth=2.5)  # type: ignore[arg-type]


# -- Smooth gradient against a step ------------------------------------------------


def test_unit_gradient_matches_central_differences() -> None:
    comparison = ex.step_comparison()
    h = 1e-6

    for w, b in [(-1.0, 0.5), (0.3, -0.2), (3.0, 1.0)]:
        d_w, d_b = ex.unit_squared_error_gradient(w, b, comparison.x, comparison.y)

        def loss(w_: float, b_: float) -> float:
            return ex.unit_squared_error(w_, b_, comparison.x, comparison.y)

        assert d_w == pytest.approx(
            (loss(w + h, b) - loss(w - h, b)) / (2 * h), abs=1e-9
        )
        assert d_b == pytest.approx(
            (loss(w, b + h) - loss(w, b - h)) / (2 * h), abs=1e-9
        )


def test_sigmoid_unit_learns() -> None:
    comparison = ex.step_comparison()

    assert np.all(np.diff(comparison.sigmoid_losses) <= 0)
    assert comparison.sigmoid_losses[-1] < 0.2 * comparison.sigmoid_losses[0]
    assert comparison.accuracy("sigmoid", end=False) < 0.5
    assert comparison.accuracy("sigmoid", end=True) > 0.9


def test_step_unit_never_moves() -> None:
    comparison = ex.step_comparison()

    assert comparison.step_gradient_max == 0.0
    np.testing.assert_array_equal(
        comparison.step_path,
        comparison.step_path[[0]].repeat(len(comparison.step_path), axis=0),
    )
    assert np.all(comparison.step_losses == comparison.step_losses[0])
    assert comparison.accuracy("step", end=True) == comparison.accuracy(
        "step", end=False
    )


# -- Logistic regression ---------------------------------------------------------


def test_logistic_loss_starts_at_log_two() -> None:
    fit = ex.fit_logistic_regression()

    assert fit.losses[0] == pytest.approx(math.log(2.0), rel=1e-15)


def test_logistic_loss_decreases() -> None:
    losses = ex.fit_logistic_regression().losses
    eps = np.finfo(np.float64).eps

    assert np.all(np.diff(losses[:100]) < 0)
    assert np.all(np.diff(losses) <= 4 * eps)
    assert losses[-1] < 0.5 * losses[0]


def test_logistic_gradient_matches_central_differences() -> None:
    data = ex.two_class_data()
    weights, bias = np.array([0.7, -0.4]), 0.3
    d_weights, d_bias = ex.logistic_gradient(weights, bias, data)
    h = 1e-6

    for j in range(2):
        step = np.zeros(2)
        step[j] = h
        numeric = (
            ex.logistic_loss(weights + step, bias, data)
            - ex.logistic_loss(weights - step, bias, data)
        ) / (2 * h)
        assert d_weights[j] == pytest.approx(numeric, abs=1e-9)
    numeric_bias = (
        ex.logistic_loss(weights, bias + h, data)
        - ex.logistic_loss(weights, bias - h, data)
    ) / (2 * h)
    assert d_bias == pytest.approx(numeric_bias, abs=1e-9)


def test_logistic_fit_matches_scipy_optimum() -> None:
    fit = ex.fit_logistic_regression()
    data = fit.data

    def loss(parameters: np.ndarray) -> float:
        scores = data.points @ parameters[:2] + parameters[2]
        return float(np.mean(np.logaddexp(0.0, scores) - data.labels * scores))

    optimum = optimize.minimize(loss, np.zeros(3), method="BFGS", tol=1e-12)

    np.testing.assert_allclose(fit.weights, optimum.x[:2], atol=1e-4)
    assert fit.bias == pytest.approx(optimum.x[2], abs=1e-4)
    assert fit.losses[-1] == pytest.approx(optimum.fun, abs=1e-9)


def test_bayes_accuracy_matches_scipy() -> None:
    # The centres (-1, -0.5) and (1, 0.5) are sqrt(5) apart.
    expected = stats.norm.cdf(math.sqrt(5.0) / 2)

    assert ex.two_class_bayes_accuracy() == pytest.approx(expected, rel=1e-14)


def test_logistic_probabilities_are_open_interval() -> None:
    fit = ex.fit_logistic_regression()
    probabilities = fit.probabilities(fit.data.points)

    assert np.all(probabilities > 0)
    assert np.all(probabilities < 1)


def test_logistic_logit_recovers_scores() -> None:
    fit = ex.fit_logistic_regression()
    scores = fit.scores(fit.data.points)

    np.testing.assert_allclose(
        logit(fit.probabilities(fit.data.points)), scores, rtol=1e-12, atol=1e-14
    )


def test_logistic_accuracy_counts_correct_side() -> None:
    fit = ex.fit_logistic_regression()
    scores = fit.data.points @ fit.weights + fit.bias
    correct = sum(
        (score > 0) == (label == 1)
        for score, label in zip(scores, fit.data.labels, strict=True)
    )

    assert fit.accuracy == correct / len(scores)
    assert 0.8 < fit.accuracy < 0.95


# -- Deep chains ---------------------------------------------------------------


def test_deep_chain_products_within_bound() -> None:
    result = ex.deep_chain_products()

    # 0.25**n is a power of two, so the bound itself is exact in float64.
    assert np.all(result.sigmoid_products <= 0.25 ** result.depths[:, None])
    assert np.all(result.sigmoid_products > 0)


def test_deep_chain_products_match_mpmath() -> None:
    result = ex.deep_chain_products(depth=12, chains=5)

    for chain in range(5):
        h = mpmath.mpf(float(result.inputs[chain]))
        product = mpmath.mpf(1)
        for k in range(12):
            z = mpmath.mpf(float(result.weights[k, chain])) * h + float(
                result.biases[k, chain]
            )
            product *= mp_sigmoid_derivative(z)
            h = mp_sigmoid(z)
            assert float(result.sigmoid_products[k, chain]) == pytest.approx(
                float(product), rel=1e-12
            )


def test_deep_chain_input_gradient_matches_mpmath() -> None:
    result = ex.deep_chain_products(depth=6, chains=5)

    for chain in range(5):
        weights = [float(w) for w in result.weights[:, chain]]
        biases = [float(b) for b in result.biases[:, chain]]

        def forward(
            h: mpmath.mpf, weights: list[float] = weights, biases: list[float] = biases
        ) -> mpmath.mpf:
            for w, b in zip(weights, biases, strict=True):
                h = mp_sigmoid(w * h + b)
            return h

        expected = mpmath.diff(forward, float(result.inputs[chain]))
        assert float(result.sigmoid_input_gradients[-1, chain]) == pytest.approx(
            float(expected), rel=1e-12
        )


def test_deep_chain_tanh_products_match_mpmath() -> None:
    result = ex.deep_chain_products(depth=8, chains=4)

    for chain in range(4):
        h = mpmath.mpf(float(result.inputs[chain]))
        product = mpmath.mpf(1)
        for k in range(8):
            h = mpmath.tanh(
                float(result.weights[k, chain]) * h + float(result.biases[k, chain])
            )
            product *= 1 - h**2
        assert float(result.tanh_products[-1, chain]) == pytest.approx(
            float(product), rel=1e-10
        )


def test_deep_chain_tanh_keeps_more_gradient() -> None:
    result = ex.deep_chain_products()
    sigmoid_median = np.median(result.sigmoid_products, axis=1)
    tanh_median = np.median(result.tanh_products, axis=1)

    assert np.all(tanh_median > sigmoid_median)
    assert tanh_median[-1] > 1e10 * sigmoid_median[-1]


def test_deep_chain_is_deterministic() -> None:
    first, second = ex.deep_chain_products(), ex.deep_chain_products()

    np.testing.assert_array_equal(first.sigmoid_products, second.sigmoid_products)


# -- Zig-zag -------------------------------------------------------------------


def test_zigzag_positive_steps_share_sign() -> None:
    result = ex.zigzag_paths()
    steps = np.diff(result.positive_path, axis=0)

    assert np.all(result.positive_inputs > 0)
    assert np.all(np.sign(steps[:, 0]) == np.sign(steps[:, 1]))
    assert ex.ZigZagResult.same_sign_share(result.positive_path) == 1.0


def test_zigzag_centred_steps_mix_signs() -> None:
    result = ex.zigzag_paths()

    assert abs(result.centred_inputs.mean()) < 0.1
    assert ex.ZigZagResult.same_sign_share(result.centred_path) < 0.75


def test_zigzag_centred_path_is_shorter() -> None:
    result = ex.zigzag_paths()
    positive_detour = ex.ZigZagResult.detour(result.positive_path)
    centred_detour = ex.ZigZagResult.detour(result.centred_path)

    assert positive_detour > 2 * centred_detour
    assert result.final_distance(result.centred_path) < result.final_distance(
        result.positive_path
    )


def test_zigzag_detour_of_straight_line_is_one() -> None:
    path = np.array([[0.0, 0.0], [1.0, 1.0], [2.0, 2.0]])

    assert ex.ZigZagResult.detour(path) == pytest.approx(1.0)


def test_zigzag_first_step_is_cross_entropy_gradient() -> None:
    result = ex.zigzag_paths(steps=1, learning_rate=1.0)
    step = result.positive_path[1] - result.positive_path[0]
    inputs = result.positive_inputs
    labels = np.array([float(mp_sigmoid(float(x @ result.target))) for x in inputs])

    # From w = 0 the output is 1/2, so the gradient of the cross-entropy
    # with soft label p is (1/2 - p) x for whichever sample came first.
    candidates = -(0.5 - labels)[:, None] * inputs
    matches = np.all(np.isclose(candidates, step, rtol=1e-12, atol=0), axis=1)
    assert matches.sum() >= 1


# -- Saturation ------------------------------------------------------------------


def test_saturation_threshold_matches_mpmath_root() -> None:
    root = mpmath.findroot(lambda z: mp_sigmoid_derivative(z) - mpmath.mpf("0.0025"), 6)

    assert ex.saturation_threshold(0.01) == pytest.approx(float(root), rel=1e-14)
    assert ex.saturation_threshold(0.01) == pytest.approx(
        2 * math.acosh(10.0), rel=1e-15
    )


def test_saturation_measured_matches_exact() -> None:
    result = ex.saturation_fractions()

    for share, exact in zip(result.measured, result.expected, strict=True):
        standard_error = math.sqrt(max(exact * (1 - exact), 1e-12) / result.samples)
        assert abs(share - exact) <= 4 * standard_error + 1e-12, (share, exact)


def test_saturation_exact_share_matches_scipy() -> None:
    slopes = np.array([0.5, 2.0, 8.0, 32.0])
    threshold = float(
        mpmath.findroot(lambda z: mp_sigmoid_derivative(z) - mpmath.mpf("0.0025"), 6)
    )
    expected = special.erfc(threshold / (slopes * math.sqrt(2.0)))

    np.testing.assert_allclose(
        ex.expected_saturated_share(slopes), expected, rtol=1e-12
    )


def test_saturation_grows_with_slope() -> None:
    result = ex.saturation_fractions()

    assert np.all(np.diff(result.measured) >= 0)
    assert result.measured[0] == 0.0
    assert result.measured[-1] > 0.8


@pytest.mark.parametrize("level", [0.0, 1.0, -0.5, 2.0])
def test_saturation_threshold_rejects_level(level: float) -> None:
    with pytest.raises(ValueError, match="level must lie in"):
        ex.saturation_threshold(level)


def test_saturation_rejects_zero_slope() -> None:
    with pytest.raises(ValueError, match="nonzero"):
        ex.saturation_fractions(slopes=[0.0, 1.0])


# -- Floating point --------------------------------------------------------------


def test_collapse_stable_derivative_matches_mpmath() -> None:
    result = ex.derivative_collapse()
    z, stable = result.z[::30], result.stable[::30]
    expected = np.array([float(mp_sigmoid_derivative(float(v))) for v in z])

    assert np.all(np.abs(stable - expected) <= 4 * np.spacing(expected))


@pytest.mark.parametrize("dtype", ["float64", "float32"])
def test_collapse_naive_is_zero_where_true_is_not(dtype: str) -> None:
    result = ex.derivative_collapse(dtype)
    start = result.naive_zero_from
    beyond = result.z >= start
    smallest_true = float(mp_sigmoid_derivative(float(result.z[-1])))

    assert np.all(result.naive[beyond] == 0)
    assert result.naive[~beyond][-1] > 0
    assert np.all(result.stable[beyond] > 0)
    assert smallest_true > np.finfo(dtype).tiny


@pytest.mark.parametrize(
    ("dtype", "low", "high"), [("float64", 37.0, 38.0), ("float32", 17.0, 18.0)]
)
def test_collapse_starts_where_sigmoid_rounds_to_one(
    dtype: str, low: float, high: float
) -> None:
    result = ex.derivative_collapse(dtype)
    start = result.naive_zero_from
    # 1 - sigma(z) is about exp(-z). The floats just below 1 are eps / 2
    # apart, so sigma rounds to 1 once exp(-z) is below half that, eps / 4.
    closed_form = -math.log(np.finfo(dtype).eps / 4)

    assert low < start < high
    assert abs(start - closed_form) < 0.1


@pytest.mark.parametrize("dtype", ["float64", "float32"])
def test_collapse_relative_error_grows_like_exp(dtype: str) -> None:
    result = ex.derivative_collapse(dtype)
    before = result.naive > 0
    z = result.z[before].astype(np.float64)
    eps = float(np.finfo(dtype).eps)

    # 1 - s has an absolute rounding error of about eps / 4 near s = 1,
    # against a true value of about exp(-z).
    bound = 1.5 * eps * np.exp(z) + 4 * eps
    assert np.all(result.naive_relative_error[before] <= bound)
    assert np.all(result.naive_relative_error[~before] == 1.0)


def test_collapse_rejects_unknown_dtype() -> None:
    with pytest.raises(ValueError, match="dtype must be"):
        ex.derivative_collapse("int32")


# -- Context -------------------------------------------------------------------


def test_tanh_identity_matches_mpmath() -> None:
    x = np.linspace(-20.0, 20.0, 2001)
    expected = np.array([float(mpmath.tanh(float(v))) for v in x])
    error = np.abs(ex.tanh_from_sigmoid(x) - expected)
    away_from_zero = np.abs(x) >= 0.55

    assert np.all(error <= 2 * np.finfo(np.float64).eps)
    assert np.all(
        error[away_from_zero] <= 4 * np.spacing(np.abs(expected[away_from_zero]))
    )


def test_activation_summaries_match_closed_forms() -> None:
    summaries = {s.name: s for s in ex.activation_summaries()}
    samples = 100_000

    assert summaries["sigmoid"].peak_derivative == 0.25
    assert summaries["tanh"].peak_derivative == 1.0
    assert summaries["ReLU"].peak_derivative == 1.0
    assert summaries["tanh"].low == -1.0
    assert summaries["sigmoid"].high == 1.0
    assert summaries["ReLU"].high == 50.0
    # Means over N(0, 1): 1/2 for the sigmoid by symmetry, 0 for tanh,
    # 1/sqrt(2 pi) for ReLU; each within 4 standard errors.
    assert abs(summaries["sigmoid"].mean_output - 0.5) < 4 * 0.21 / math.sqrt(samples)
    assert abs(summaries["tanh"].mean_output) < 4 * 0.63 / math.sqrt(samples)
    relu_mean = 1 / math.sqrt(2 * math.pi)
    assert abs(summaries["ReLU"].mean_output - relu_mean) < 4 * 0.59 / math.sqrt(
        samples
    )
    assert abs(summaries["ReLU"].zero_derivative_share - 0.5) < 4 * 0.5 / math.sqrt(
        samples
    )
    assert summaries["sigmoid"].zero_derivative_share == 0.0


def test_gradient_check_matches_mpmath_derivatives() -> None:
    x = np.linspace(-4.0, 4.0, 9)
    w, b = 1.5, -0.5
    check = ex.gradient_check(x, w, b)

    for i, value in enumerate(x):
        by_w = mpmath.diff(lambda w_, x_=value: mp_sigmoid(w_ * x_ + b), w)
        by_b = mpmath.diff(lambda b_, x_=value: mp_sigmoid(w * x_ + b_), b)
        assert check["gradient_w"][i] == pytest.approx(
            float(by_w), rel=1e-14, abs=1e-16
        )
        assert check["gradient_b"][i] == pytest.approx(float(by_b), rel=1e-14)
        assert check["difference_w"][i] == pytest.approx(float(by_w), abs=1e-9)
        assert check["difference_b"][i] == pytest.approx(float(by_b), abs=1e-9)


# -- Figures and pages ---------------------------------------------------------


@pytest.mark.parametrize(
    "label", [label for labels in EXPERIMENT_FIGURES.values() for label in labels]
)
def test_experiment_figure_draws(label: str) -> None:
    assert label in FIGURES
    figure = draw(label)

    assert isinstance(figure, Figure)
    assert figure.axes
    assert all(
        axes.has_data() for axes in figure.axes if axes.get_label() != "<colorbar>"
    )


@pytest.mark.parametrize(("chapter", "labels"), list(EXPERIMENT_FIGURES.items()))
def test_pages_show_experiment_figures(
    built_book: Build, chapter: str, labels: tuple[str, ...]
) -> None:
    text = (built_book.html / f"{chapter}.html").read_text(encoding="utf-8")

    for label in labels:
        assert f'id="{label}"' in text, label
    assert text.count(".svg") >= len(labels)


@pytest.mark.parametrize(
    ("chapter", "compute", "spec"),
    [
        ("pros", lambda: ex.train_xor().losses[-1], ".4f"),
        ("pros", lambda: ex.fit_logistic_regression().losses[-1], ".4f"),
        ("cons", lambda: ex.saturation_threshold(0.01), ".4f"),
        (
            "cons",
            lambda: ex.ZigZagResult.detour(ex.zigzag_paths().positive_path),
            ".1f",
        ),
    ],
)
def test_pages_show_experiment_numbers(
    built_book: Build, chapter: str, compute: Callable[[], float], spec: str
) -> None:
    text = (built_book.html / f"{chapter}.html").read_text(encoding="utf-8")

    assert format(float(compute()), spec) in text


def test_saturated_share_zero_slope_is_zero() -> None:
    # With w = 0 every z equals the bias 0, at the peak of the derivative.
    shares = ex.expected_saturated_share([0.0, 2.0])

    assert shares[0] == 0.0
    assert shares[1] > 0.0


def test_saturated_share_rejects_text() -> None:
    with pytest.raises(TypeError, match="slopes must be a real number"):
        ex.expected_saturated_share("a")  # type: ignore[arg-type]
