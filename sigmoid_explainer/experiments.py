"""Seeded numeric experiments behind the pros and cons of the sigmoid.

Every experiment here is deterministic: it draws its random numbers from
``numpy.random.default_rng(seed)`` with a fixed default seed. Each works on
whole arrays and loops in Python only over training iterations or layers.
The slowest, `train_xor`, took about 0.5 s on an idle core of a 2-core
Linux machine and 2.5 s while other jobs loaded it. The others took
0.15 s or less. The results come back as frozen
dataclasses, so the pages, the figures and the tests read the same numbers.

This module imports numpy and the numeric core only. The matching figures
are in `sigmoid_explainer.experiment_plots`.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
from numpy.typing import ArrayLike, NDArray

from .core import derivative, gradient_b, gradient_w, log_sigmoid, sigmoid

__all__ = [
    "CLASS_CENTRES",
    "XOR_INPUTS",
    "XOR_TARGETS",
    "ActivationSummary",
    "DeepChainResult",
    "DerivativeCollapse",
    "LogisticFit",
    "SaturationResult",
    "StepComparison",
    "TwoClassData",
    "XorNetwork",
    "XorResult",
    "ZigZagResult",
    "activation_summaries",
    "deep_chain_products",
    "derivative_collapse",
    "expected_saturated_share",
    "fit_logistic_regression",
    "gradient_check",
    "logistic_gradient",
    "logistic_loss",
    "saturation_fractions",
    "saturation_threshold",
    "sigmoid_bump",
    "step_comparison",
    "tanh_from_sigmoid",
    "train_xor",
    "two_class_bayes_accuracy",
    "two_class_data",
    "unit_squared_error",
    "unit_squared_error_gradient",
    "xor_gradients",
    "xor_loss",
    "zigzag_paths",
]

FloatArray = NDArray[np.float64]
Activation = Callable[[FloatArray], Any]


def _require_positive(**counts: int) -> None:
    """Raise `ValueError` unless every named count is an integer of at least 1."""
    for name, value in counts.items():
        if isinstance(value, bool) or not isinstance(value, int | np.integer):
            raise TypeError(f"{name} must be an integer, got {value!r}")
        if value < 1:
            raise ValueError(f"{name} must be at least 1, got {value!r}")


def _binary_cross_entropy(z: FloatArray, y: FloatArray) -> float:
    # -[y log s + (1 - y) log(1 - s)] with s = sigma(z), written with
    # log_sigmoid so that confident outputs do not give log(0).
    losses = -(y * log_sigmoid(z) + (1.0 - y) * log_sigmoid(-z))
    return float(np.mean(losses))


# -- Non-linearity: a bump and XOR --------------------------------------------


def sigmoid_bump(
    x: ArrayLike, w: float = 4.0, left: float = -1.0, right: float = 1.0
) -> FloatArray:
    r"""Compute the bump made by the difference of two shifted sigmoids.

    Parameters
    ----------
    x : array_like of float
        Points at which to evaluate.
    w : float, default 4.0
        Slope shared by both sigmoids. A larger `w` gives steeper sides.
    left, right : float, default -1.0 and 1.0
        Centres of the rising and the falling side.

    Returns
    -------
    numpy.ndarray of float64
        :math:`\sigma(w(x - \text{left})) - \sigma(w(x - \text{right}))`,
        close to 1 between the centres and close to 0 outside them.

    Raises
    ------
    ValueError
        If `left` is not smaller than `right`.

    Notes
    -----
    The error is a few ``eps`` in absolute terms. Right of `right`, both
    sigmoids are close to 1 and their difference cancels, so the relative
    error of the small values there grows.

    Examples
    --------
    >>> from sigmoid_explainer.experiments import sigmoid_bump
    >>> print(sigmoid_bump([-5.0, 0.0, 5.0], w=4.0).round(4))
    [0.    0.964 0.   ]
    """
    if not left < right:
        raise ValueError(
            f"left must be smaller than right, got left={left!r}, right={right!r}"
        )
    x_array = np.asarray(x, dtype=np.float64)

    rising = sigmoid(x_array, w, -w * left)
    falling = sigmoid(x_array, w, -w * right)
    return np.asarray(rising - falling, dtype=np.float64)


XOR_INPUTS: FloatArray = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
"""The four inputs of the XOR truth table, one per row."""

XOR_TARGETS: FloatArray = np.array([0.0, 1.0, 1.0, 0.0])
"""The XOR of each row of `XOR_INPUTS`."""


@dataclass(frozen=True)
class XorNetwork:
    """Parameters of a network with one hidden layer of sigmoid units.

    The hidden layer computes ``h = sigmoid(x @ hidden_weights +
    hidden_bias)`` and the output is ``sigmoid(h @ output_weights +
    output_bias)``.

    Parameters
    ----------
    hidden_weights : numpy.ndarray, shape (2, hidden)
    hidden_bias : numpy.ndarray, shape (hidden,)
    output_weights : numpy.ndarray, shape (hidden,)
    output_bias : numpy.ndarray, shape ()
    """

    hidden_weights: FloatArray
    hidden_bias: FloatArray
    output_weights: FloatArray
    output_bias: FloatArray

    def hidden_scores(self, inputs: ArrayLike) -> FloatArray:
        """Return the scores ``z`` of the hidden units, shape (n, hidden)."""
        points = np.asarray(inputs, dtype=np.float64)
        return points @ self.hidden_weights + self.hidden_bias

    def output_scores(self, inputs: ArrayLike) -> FloatArray:
        """Return the score ``z`` of the output unit, shape (n,)."""
        hidden = sigmoid(self.hidden_scores(inputs))
        return np.asarray(hidden @ self.output_weights + self.output_bias)

    def predict(self, inputs: ArrayLike) -> FloatArray:
        """Return the output probability for each row of ``inputs``."""
        return np.asarray(sigmoid(self.output_scores(inputs)))


@dataclass(frozen=True)
class XorResult:
    """A trained XOR network and its training history.

    Parameters
    ----------
    network : XorNetwork
        The parameters after training.
    losses : numpy.ndarray, shape (iterations + 1,)
        Mean binary cross-entropy before each step and after the last.
    outputs : numpy.ndarray, shape (4,)
        The network's probabilities for `XOR_INPUTS`.
    """

    network: XorNetwork
    losses: FloatArray
    outputs: FloatArray


def xor_loss(network: XorNetwork) -> float:
    """Return the mean binary cross-entropy of ``network`` on XOR.

    Examples
    --------
    >>> import numpy as np
    >>> from sigmoid_explainer.experiments import XorNetwork, xor_loss
    >>> zero = XorNetwork(np.zeros((2, 3)), np.zeros(3), np.zeros(3), np.zeros(()))
    >>> round(xor_loss(zero), 6) == round(float(np.log(2.0)), 6)
    True
    """
    return _binary_cross_entropy(network.output_scores(XOR_INPUTS), XOR_TARGETS)


def xor_gradients(network: XorNetwork) -> XorNetwork:
    r"""Compute the gradient of `xor_loss` by backpropagation.

    Parameters
    ----------
    network : XorNetwork
        The point at which to differentiate.

    Returns
    -------
    XorNetwork
        The partial derivatives of the loss, one array per parameter.

    Notes
    -----
    With cross-entropy, the error at the output score is
    :math:`\delta = (\sigma(z) - y) / n`. The hidden scores receive
    :math:`\delta\, v_j\, \sigma'(z_j)`, where :math:`v` are the output
    weights and :math:`\sigma'` is `derivative`.
    """
    scores = network.hidden_scores(XOR_INPUTS)
    hidden = sigmoid(scores)
    output_error = (network.predict(XOR_INPUTS) - XOR_TARGETS) / len(XOR_TARGETS)

    hidden_error = np.outer(output_error, network.output_weights) * derivative(scores)
    return XorNetwork(
        hidden_weights=XOR_INPUTS.T @ hidden_error,
        hidden_bias=hidden_error.sum(axis=0),
        output_weights=hidden.T @ output_error,
        output_bias=np.asarray(output_error.sum()),
    )


def train_xor(
    hidden: int = 3,
    iterations: int = 3000,
    learning_rate: float = 2.0,
    seed: int = 0,
) -> XorResult:
    """Train a sigmoid network on XOR by full-batch gradient descent.

    Parameters
    ----------
    hidden : int, default 3
        Number of hidden sigmoid units. Two suffice in principle, but a
        network of two often gets stuck in a local minimum. With the
        defaults and seeds 0 to 19, two hidden units learned XOR from 12
        starts and three from 19.
    iterations : int, default 3000
        Number of gradient-descent steps.
    learning_rate : float, default 2.0
        Step size.
    seed : int, default 0
        Seed of the standard-normal initial weights.

    Returns
    -------
    XorResult

    Examples
    --------
    >>> from sigmoid_explainer.experiments import XOR_TARGETS, train_xor
    >>> result = train_xor()
    >>> bool(((result.outputs > 0.5) == (XOR_TARGETS == 1)).all())
    True
    """
    _require_positive(hidden=hidden, iterations=iterations)
    rng = np.random.default_rng(seed)
    network = XorNetwork(
        hidden_weights=rng.standard_normal((2, hidden)),
        hidden_bias=rng.standard_normal(hidden),
        output_weights=rng.standard_normal(hidden),
        output_bias=np.asarray(rng.standard_normal()),
    )

    losses = np.empty(iterations + 1)
    for step in range(iterations):
        losses[step] = xor_loss(network)
        gradients = xor_gradients(network)
        network = XorNetwork(
            network.hidden_weights - learning_rate * gradients.hidden_weights,
            network.hidden_bias - learning_rate * gradients.hidden_bias,
            network.output_weights - learning_rate * gradients.output_weights,
            network.output_bias - learning_rate * gradients.output_bias,
        )
    losses[-1] = xor_loss(network)
    return XorResult(network, losses, network.predict(XOR_INPUTS))


# -- Smooth gradient: a sigmoid unit against a step unit -----------------------


def _step(z: FloatArray) -> FloatArray:
    return (z > 0).astype(np.float64)


def unit_squared_error(
    w: float,
    b: float,
    x: FloatArray,
    y: FloatArray,
    activation: Literal["sigmoid", "step"] = "sigmoid",
) -> float:
    r"""Return the mean squared error :math:`\frac12\,\overline{(a(wx + b) - y)^2}`.

    Parameters
    ----------
    w, b : float
        Slope and bias of the unit.
    x, y : numpy.ndarray
        Inputs and 0/1 labels, the same shape.
    activation : {"sigmoid", "step"}, default "sigmoid"
        The activation :math:`a`: the sigmoid, or the unit step
        :math:`[z > 0]`.

    Returns
    -------
    float
    """
    z = w * x + b
    output = sigmoid(z) if activation == "sigmoid" else _step(z)
    return float(0.5 * np.mean((output - y) ** 2))


def unit_squared_error_gradient(
    w: float, b: float, x: FloatArray, y: FloatArray
) -> tuple[float, float]:
    r"""Compute the gradient of `unit_squared_error` for the sigmoid.

    Returns
    -------
    tuple of float
        :math:`\partial L / \partial w = \overline{(\sigma - y)\, x\,\sigma'}`
        and :math:`\partial L / \partial b = \overline{(\sigma - y)\,\sigma'}`,
        computed with `gradient_w` and `gradient_b`.

    Examples
    --------
    >>> import numpy as np
    >>> from sigmoid_explainer.experiments import unit_squared_error_gradient
    >>> unit_squared_error_gradient(0.0, 0.0, np.array([1.0]), np.array([1.0]))
    (-0.125, -0.125)
    """
    error = sigmoid(x, w, b) - y
    return (
        float(np.mean(error * gradient_w(x, w, b))),
        float(np.mean(error * gradient_b(x, w, b))),
    )


def _central_difference_gradient(
    w: float,
    b: float,
    x: FloatArray,
    y: FloatArray,
    activation: Literal["sigmoid", "step"],
    h: float,
) -> tuple[float, float]:
    def loss(w_: float, b_: float) -> float:
        return unit_squared_error(w_, b_, x, y, activation)

    d_w = (loss(w + h, b) - loss(w - h, b)) / (2 * h)
    d_b = (loss(w, b + h) - loss(w, b - h)) / (2 * h)
    return d_w, d_b


@dataclass(frozen=True)
class StepComparison:
    """Gradient descent on one unit with a sigmoid and with a step.

    Parameters
    ----------
    x, y : numpy.ndarray, shape (n,)
        The one-dimensional two-class data.
    sigmoid_path, step_path : numpy.ndarray, shape (iterations + 1, 2)
        ``(w, b)`` before each step and after the last.
    sigmoid_losses, step_losses : numpy.ndarray, shape (iterations + 1,)
        `unit_squared_error` along each path.
    step_gradient_max : float
        The largest magnitude of any component of the step unit's
        finite-difference gradient along its path.
    """

    x: FloatArray
    y: FloatArray
    sigmoid_path: FloatArray
    step_path: FloatArray
    sigmoid_losses: FloatArray
    step_losses: FloatArray
    step_gradient_max: float

    def accuracy(self, activation: Literal["sigmoid", "step"], end: bool) -> float:
        """Return the share of points classified correctly at the start or end."""
        w, b = (self.sigmoid_path if activation == "sigmoid" else self.step_path)[
            -1 if end else 0
        ]
        return float(np.mean((w * self.x + b > 0) == (self.y == 1)))


def step_comparison(
    start: tuple[float, float] = (-1.0, 0.5),
    iterations: int = 300,
    learning_rate: float = 2.0,
    h: float = 1e-6,
    seed: int = 1,
) -> StepComparison:
    r"""Run gradient descent on a sigmoid unit and on a step unit.

    Both units start at the same wrong ``(w, b)`` on the same data: 50
    points from :math:`N(-1, 0.7^2)` labelled 0 and 50 from
    :math:`N(1, 0.7^2)` labelled 1. The sigmoid unit follows the analytic
    gradient, `unit_squared_error_gradient`. The step unit has no usable
    derivative, so it follows central differences of its loss with step
    `h`.

    Parameters
    ----------
    start : tuple of float, default (-1.0, 0.5)
        Initial ``(w, b)``, which classifies most points wrongly.
    iterations : int, default 300
    learning_rate : float, default 2.0
    h : float, default 1e-6
        Step of the central differences for the step unit.
    seed : int, default 1

    Returns
    -------
    StepComparison

    Notes
    -----
    The loss of a step unit is piecewise constant in ``(w, b)``. A central
    difference is nonzero only if some :math:`w x_i + b` lies within about
    :math:`h(1 + |x_i|)` of 0, which the random data almost surely avoid.
    """
    _require_positive(iterations=iterations)
    rng = np.random.default_rng(seed)
    x = np.concatenate([rng.normal(-1.0, 0.7, 50), rng.normal(1.0, 0.7, 50)])
    y = np.repeat([0.0, 1.0], 50)

    paths = {
        "sigmoid": np.empty((iterations + 1, 2)),
        "step": np.empty((iterations + 1, 2)),
    }
    step_gradient_max = 0.0
    for activation, path in paths.items():
        path[0] = start
        for i in range(iterations):
            w, b = path[i]
            if activation == "sigmoid":
                d_w, d_b = unit_squared_error_gradient(w, b, x, y)
            else:
                d_w, d_b = _central_difference_gradient(w, b, x, y, "step", h)
                step_gradient_max = max(step_gradient_max, abs(d_w), abs(d_b))
            path[i + 1] = (w - learning_rate * d_w, b - learning_rate * d_b)

    def losses(path: FloatArray, activation: Literal["sigmoid", "step"]) -> FloatArray:
        return np.array([unit_squared_error(w, b, x, y, activation) for w, b in path])

    return StepComparison(
        x=x,
        y=y,
        sigmoid_path=paths["sigmoid"],
        step_path=paths["step"],
        sigmoid_losses=losses(paths["sigmoid"], "sigmoid"),
        step_losses=losses(paths["step"], "step"),
        step_gradient_max=step_gradient_max,
    )


# -- Classifier: logistic regression -------------------------------------------


@dataclass(frozen=True)
class TwoClassData:
    """Points in the plane with 0/1 labels.

    Parameters
    ----------
    points : numpy.ndarray, shape (n, 2)
    labels : numpy.ndarray, shape (n,)
    """

    points: FloatArray
    labels: FloatArray


CLASS_CENTRES: FloatArray = np.array([[-1.0, -0.5], [1.0, 0.5]])
"""The centres of class 0 and class 1 of `two_class_data`, one per row."""


def two_class_data(per_class: int = 100, seed: int = 2) -> TwoClassData:
    """Draw two overlapping Gaussian classes in the plane.

    Class 0 is centred at (-1, -0.5) and class 1 at (1, 0.5), both with
    identity covariance, so no line separates them perfectly.

    Examples
    --------
    >>> from sigmoid_explainer.experiments import two_class_data
    >>> data = two_class_data(per_class=5)
    >>> data.points.shape, data.labels.tolist()
    ((10, 2), [0.0, 0.0, 0.0, 0.0, 0.0, 1.0, 1.0, 1.0, 1.0, 1.0])
    """
    _require_positive(per_class=per_class)
    rng = np.random.default_rng(seed)
    negative = rng.standard_normal((per_class, 2)) + CLASS_CENTRES[0]
    positive = rng.standard_normal((per_class, 2)) + CLASS_CENTRES[1]
    return TwoClassData(
        points=np.concatenate([negative, positive]),
        labels=np.repeat([0.0, 1.0], per_class),
    )


def two_class_bayes_accuracy() -> float:
    r"""Return the best accuracy any classifier can reach on `two_class_data`.

    Returns
    -------
    float
        :math:`\Phi(d / 2)`, where :math:`d = \sqrt 5` is the distance
        between the class centres and :math:`\Phi` is the standard normal
        distribution function.

    Notes
    -----
    Two Gaussian classes with equal priors and identity covariance are
    best separated by the perpendicular bisector of their centres. Each
    class falls on the wrong side of it with probability
    :math:`\Phi(-d/2)`.

    Examples
    --------
    >>> from sigmoid_explainer.experiments import two_class_bayes_accuracy
    >>> round(two_class_bayes_accuracy(), 4)
    0.8682
    """
    distance = float(np.linalg.norm(CLASS_CENTRES[1] - CLASS_CENTRES[0]))
    return 0.5 * (1.0 + math.erf(distance / 2 / math.sqrt(2.0)))


def logistic_loss(weights: ArrayLike, bias: float, data: TwoClassData) -> float:
    """Return the mean binary cross-entropy of a logistic regression.

    Examples
    --------
    >>> import numpy as np
    >>> from sigmoid_explainer.experiments import logistic_loss, two_class_data
    >>> loss = logistic_loss([0.0, 0.0], 0.0, two_class_data())
    >>> bool(np.isclose(loss, np.log(2.0)))
    True
    """
    scores = data.points @ np.asarray(weights, dtype=np.float64) + bias
    return _binary_cross_entropy(scores, data.labels)


def logistic_gradient(
    weights: ArrayLike, bias: float, data: TwoClassData
) -> tuple[FloatArray, float]:
    r"""Compute the gradient of `logistic_loss` in the weights and the bias.

    Returns
    -------
    tuple
        :math:`X^\top(\sigma(z) - y) / n`, shape (2,), and
        :math:`\overline{\sigma(z) - y}`.

    Notes
    -----
    With cross-entropy the factor :math:`\sigma'(z)` of the chain rule
    cancels against the derivative of :math:`\log\sigma`, which is why the
    gradient is this simple and does not vanish for confident wrong
    predictions.
    """
    scores = data.points @ np.asarray(weights, dtype=np.float64) + bias
    residual = sigmoid(scores) - data.labels
    return data.points.T @ residual / len(residual), float(np.mean(residual))


@dataclass(frozen=True)
class LogisticFit:
    """A logistic regression fitted by gradient descent.

    Parameters
    ----------
    data : TwoClassData
    weights : numpy.ndarray, shape (2,)
    bias : float
    losses : numpy.ndarray, shape (iterations + 1,)
        `logistic_loss` before each step and after the last.
    """

    data: TwoClassData
    weights: FloatArray
    bias: float
    losses: FloatArray

    def scores(self, points: ArrayLike) -> FloatArray:
        """Return the log-odds ``z = points @ weights + bias``."""
        return np.asarray(points, dtype=np.float64) @ self.weights + self.bias

    def probabilities(self, points: ArrayLike) -> FloatArray:
        """Return the predicted probability of class 1, ``sigmoid(z)``."""
        return np.asarray(sigmoid(self.scores(points)))

    @property
    def accuracy(self) -> float:
        """Share of the training points on the correct side of the boundary."""
        predicted = self.scores(self.data.points) > 0
        return float(np.mean(predicted == (self.data.labels == 1)))


def fit_logistic_regression(
    data: TwoClassData | None = None,
    iterations: int = 500,
    learning_rate: float = 0.5,
) -> LogisticFit:
    """Fit a logistic regression by full-batch gradient descent from zero.

    Parameters
    ----------
    data : TwoClassData, optional
        Defaults to `two_class_data`.
    iterations : int, default 500
    learning_rate : float, default 0.5

    Returns
    -------
    LogisticFit

    Examples
    --------
    >>> from sigmoid_explainer.experiments import fit_logistic_regression
    >>> fit = fit_logistic_regression()
    >>> bool(fit.losses[-1] < fit.losses[0])
    True
    """
    _require_positive(iterations=iterations)
    data = two_class_data() if data is None else data
    weights = np.zeros(2)
    bias = 0.0

    losses = np.empty(iterations + 1)
    for i in range(iterations):
        losses[i] = logistic_loss(weights, bias, data)
        d_weights, d_bias = logistic_gradient(weights, bias, data)
        weights = weights - learning_rate * d_weights
        bias -= learning_rate * d_bias
    losses[-1] = logistic_loss(weights, bias, data)
    return LogisticFit(data, weights, bias, losses)


# -- Vanishing gradients: a deep chain -----------------------------------------


@dataclass(frozen=True)
class DeepChainResult:
    """Products of activation derivatives through chains of one unit per layer.

    Parameters
    ----------
    depths : numpy.ndarray of int, shape (depth,)
        1, 2, ..., depth.
    sigmoid_products, tanh_products : numpy.ndarray, shape (depth, chains)
        Row ``n - 1`` contains :math:`\\prod_{k \\le n} a'(z_k)` for each chain.
    sigmoid_input_gradients : numpy.ndarray, shape (depth, chains)
        :math:`\\partial h_n / \\partial h_0 = \\prod_{k \\le n} w_k
        \\sigma'(z_k)`, which includes the weights.
    weights, biases : numpy.ndarray, shape (depth, chains)
    inputs : numpy.ndarray, shape (chains,)
    """

    depths: NDArray[np.int64]
    sigmoid_products: FloatArray
    tanh_products: FloatArray
    sigmoid_input_gradients: FloatArray
    weights: FloatArray
    biases: FloatArray
    inputs: FloatArray

    @property
    def bound(self) -> FloatArray:
        """The bound :math:`0.25^n` on the sigmoid product at each depth."""
        return np.asarray(0.25**self.depths, dtype=np.float64)


def deep_chain_products(
    depth: int = 30, chains: int = 1000, bias_scale: float = 0.5, seed: int = 3
) -> DeepChainResult:
    """Measure derivative products through randomly initialised deep chains.

    Each chain computes :math:`h_k = a(w_k h_{k-1} + b_k)` for k = 1 ...
    `depth`, from a standard-normal input :math:`h_0`, with weights drawn
    from :math:`N(0, 1)` and biases from :math:`N(0, \\text{bias\\_scale}^2)`.
    The sigmoid and the tanh chains share the same weights, biases and
    inputs.

    Parameters
    ----------
    depth : int, default 30
    chains : int, default 1000
        Number of independent chains, computed side by side as arrays.
    bias_scale : float, default 0.5
    seed : int, default 3

    Returns
    -------
    DeepChainResult

    Examples
    --------
    >>> from sigmoid_explainer.experiments import deep_chain_products
    >>> result = deep_chain_products(depth=5, chains=10)
    >>> bool((result.sigmoid_products <= result.bound[:, None]).all())
    True
    """
    _require_positive(depth=depth, chains=chains)
    rng = np.random.default_rng(seed)
    inputs = rng.standard_normal(chains)
    weights = rng.standard_normal((depth, chains))
    biases = bias_scale * rng.standard_normal((depth, chains))

    sigmoid_products = np.empty((depth, chains))
    tanh_products = np.empty((depth, chains))
    input_gradients = np.empty((depth, chains))
    h_sigmoid = inputs
    h_tanh = inputs
    product, tanh_product, input_gradient = (np.ones(chains) for _ in range(3))
    for k in range(depth):
        w, b = weights[k], biases[k]
        # gradient_b is sigma'(w h + b); derivative adds the factor w.
        product = product * gradient_b(h_sigmoid, w, b)
        input_gradient = input_gradient * derivative(h_sigmoid, w, b)
        h_sigmoid = sigmoid(h_sigmoid, w, b)

        h_tanh = np.tanh(w * h_tanh + b)
        tanh_product = tanh_product * (1.0 - h_tanh**2)

        sigmoid_products[k] = product
        tanh_products[k] = tanh_product
        input_gradients[k] = input_gradient

    return DeepChainResult(
        depths=np.arange(1, depth + 1),
        sigmoid_products=sigmoid_products,
        tanh_products=tanh_products,
        sigmoid_input_gradients=input_gradients,
        weights=weights,
        biases=biases,
        inputs=inputs,
    )


# -- Not zero-centred: the zig-zag ---------------------------------------------


@dataclass(frozen=True)
class ZigZagResult:
    """Stochastic gradient descent on two weights, with two kinds of input.

    Parameters
    ----------
    target : numpy.ndarray, shape (2,)
        The weights that generated the labels, where the loss is smallest.
    positive_inputs, centred_inputs : numpy.ndarray, shape (n, 2)
        ``sigmoid(u)`` and ``tanh(u)`` of the same standard-normal ``u``.
    positive_path, centred_path : numpy.ndarray, shape (steps + 1, 2)
        The weights before each step and after the last.
    """

    target: FloatArray
    positive_inputs: FloatArray
    centred_inputs: FloatArray
    positive_path: FloatArray
    centred_path: FloatArray

    @staticmethod
    def same_sign_share(path: FloatArray) -> float:
        """Return the share of steps that move both weights the same way."""
        steps = np.diff(path, axis=0)
        return float(np.mean(steps[:, 0] * steps[:, 1] >= 0))

    @staticmethod
    def detour(path: FloatArray) -> float:
        """Return the path length divided by the distance from start to end."""
        steps = np.diff(path, axis=0)
        length = np.linalg.norm(steps, axis=1).sum()
        return float(length / np.linalg.norm(path[-1] - path[0]))

    def final_distance(self, path: FloatArray) -> float:
        """Return the distance from the last point of ``path`` to the target."""
        return float(np.linalg.norm(path[-1] - self.target))


def tanh_from_sigmoid(x: ArrayLike) -> FloatArray:
    r"""Compute :math:`\tanh(x)` as :math:`2\sigma(2x) - 1`.

    Notes
    -----
    The identity is exact. In floating point the result has an absolute
    error of a few units of ``eps``, but near 0 the subtraction cancels,
    so the *relative* error grows as :math:`|x|` shrinks. Use `numpy.tanh`
    when small values matter.

    Examples
    --------
    >>> import numpy as np
    >>> from sigmoid_explainer.experiments import tanh_from_sigmoid
    >>> print(tanh_from_sigmoid(np.array([-np.inf, 0.0, np.inf])))
    [-1.  0.  1.]
    """
    x_array = np.asarray(x, dtype=np.float64)
    return np.asarray(2.0 * sigmoid(x_array, 2.0) - 1.0)


def _sgd_path(
    inputs: FloatArray,
    labels: FloatArray,
    order: NDArray[np.int64],
    learning_rate: float,
) -> FloatArray:
    path = np.zeros((len(order) + 1, 2))
    for step, i in enumerate(order):
        weights = path[step]
        # Cross-entropy with soft labels: the gradient in w is (sigma - p) x.
        error = sigmoid(inputs[i] @ weights) - labels[i]
        path[step + 1] = weights - learning_rate * error * inputs[i]
    return path


def zigzag_paths(
    target: tuple[float, float] = (1.5, -1.5),
    samples: int = 200,
    steps: int = 400,
    learning_rate: float = 1.0,
    seed: int = 4,
) -> ZigZagResult:
    r"""Fit two weights by SGD with all-positive and with zero-centred inputs.

    A unit :math:`\sigma(w_1 x_1 + w_2 x_2)` learns soft labels
    :math:`p = \sigma(w^\ast \cdot x)` by stochastic gradient descent on
    the cross-entropy, one sample per step, starting from :math:`w = 0`.
    The inputs are the outputs of a previous layer: ``sigmoid(u)``, all
    positive, or ``tanh(u)``, centred on 0, for the same standard-normal
    ``u`` and the same sample order.

    Parameters
    ----------
    target : tuple of float, default (1.5, -1.5)
        :math:`w^\ast`. Its components have opposite signs, so one weight
        must grow and the other shrink.
    samples : int, default 200
    steps : int, default 400
    learning_rate : float, default 1.0
    seed : int, default 4

    Returns
    -------
    ZigZagResult

    Examples
    --------
    >>> from sigmoid_explainer.experiments import ZigZagResult, zigzag_paths
    >>> result = zigzag_paths()
    >>> ZigZagResult.same_sign_share(result.positive_path)
    1.0
    """
    _require_positive(samples=samples, steps=steps)
    rng = np.random.default_rng(seed)
    u = rng.standard_normal((samples, 2))
    order = rng.integers(0, samples, steps)
    target_array = np.asarray(target, dtype=np.float64)

    positive = np.asarray(sigmoid(u))
    centred = tanh_from_sigmoid(u)
    positive_path = _sgd_path(
        positive, sigmoid(positive @ target_array), order, learning_rate
    )
    centred_path = _sgd_path(
        centred, sigmoid(centred @ target_array), order, learning_rate
    )
    return ZigZagResult(target_array, positive, centred, positive_path, centred_path)


# -- Saturation ----------------------------------------------------------------


def saturation_threshold(level: float = 0.01) -> float:
    r"""Return the :math:`|z|` beyond which :math:`\sigma'(z) < \text{level}/4`.

    Parameters
    ----------
    level : float, default 0.01
        A share of the peak :math:`\sigma'(0) = 1/4`, in (0, 1).

    Returns
    -------
    float
        :math:`z^\ast = 2\operatorname{arccosh}(1 / \sqrt{\text{level}})`.

    Raises
    ------
    ValueError
        If `level` is not in (0, 1).

    Notes
    -----
    Since :math:`\sigma'(z) = 1 / (4\cosh^2(z/2))`, the condition
    :math:`\sigma'(z) < \text{level}/4` is
    :math:`\cosh(z/2) > 1/\sqrt{\text{level}}`.

    Examples
    --------
    >>> from sigmoid_explainer import derivative
    >>> from sigmoid_explainer.experiments import saturation_threshold
    >>> z = saturation_threshold(0.01)
    >>> round(z, 4)
    5.9864
    >>> round(float(derivative(z)) / 0.25, 6)
    0.01
    """
    if not 0.0 < level < 1.0:
        raise ValueError(f"level must lie in (0, 1), got {level!r}")
    return float(2.0 * np.arccosh(1.0 / np.sqrt(level)))


@dataclass(frozen=True)
class SaturationResult:
    r"""Saturated shares of standard-normal inputs for several slopes.

    Parameters
    ----------
    slopes : numpy.ndarray, shape (m,)
    measured : numpy.ndarray, shape (m,)
        Share of the sampled inputs x with
        :math:`\sigma'(wx) < \text{level} \cdot \sigma'(0)`.
    expected : numpy.ndarray, shape (m,)
        The exact probability for :math:`x \sim N(0, 1)`,
        :math:`\operatorname{erfc}(z^\ast / (|w|\sqrt 2))`.
    samples : int
    level : float
    """

    slopes: FloatArray
    measured: FloatArray
    expected: FloatArray
    samples: int
    level: float


def saturation_fractions(
    slopes: ArrayLike = (0.5, 1.0, 2.0, 4.0, 8.0, 16.0, 32.0),
    samples: int = 20_000,
    level: float = 0.01,
    seed: int = 5,
) -> SaturationResult:
    r"""Measure how many inputs saturate a sigmoid unit, for several slopes.

    The inputs x are `samples` draws from :math:`N(0, 1)`. For each slope
    w, an input counts as saturated when the derivative in x,
    :math:`w\sigma'(wx)`, is below `level` times its peak :math:`|w|/4`.

    Returns
    -------
    SaturationResult

    Notes
    -----
    The condition is :math:`|x| > z^\ast / |w|` with
    :math:`z^\ast` from `saturation_threshold`, whose probability is
    :math:`\operatorname{erfc}(z^\ast / (|w|\sqrt 2))`.

    Examples
    --------
    >>> from sigmoid_explainer.experiments import saturation_fractions
    >>> result = saturation_fractions(slopes=[1.0, 32.0])
    >>> print(result.expected.round(3))
    [0.    0.852]
    """
    _require_positive(samples=samples)
    slope_array = np.asarray(slopes, dtype=np.float64)
    if slope_array.ndim != 1 or np.any(slope_array == 0):
        raise ValueError(
            f"slopes must be a flat sequence of nonzero numbers, got {slopes!r}"
        )
    x = np.random.default_rng(seed).standard_normal(samples)

    peaks = np.abs(slope_array)[:, None] / 4.0
    slopes_in_x = derivative(x[None, :], slope_array[:, None])
    measured = np.mean(np.abs(slopes_in_x) < level * peaks, axis=1)
    expected = expected_saturated_share(slope_array, level)
    return SaturationResult(slope_array, measured, expected, samples, level)


def expected_saturated_share(slopes: ArrayLike, level: float = 0.01) -> FloatArray:
    r"""Return the probability that :math:`\sigma'(wx) < \text{level}/4`, x ~ N(0, 1).

    Parameters
    ----------
    slopes : array_like of float
        Nonzero slopes w.
    level : float, default 0.01
        A share of the peak of the derivative, in (0, 1).

    Returns
    -------
    numpy.ndarray of float64
        :math:`\operatorname{erfc}(z^\ast / (|w|\sqrt 2))`, the same shape as
        `slopes`, with :math:`z^\ast` from `saturation_threshold`.

    Examples
    --------
    >>> from sigmoid_explainer.experiments import expected_saturated_share
    >>> print(expected_saturated_share([2.0, 8.0]).round(4))
    [0.0028 0.4543]
    """
    threshold = saturation_threshold(level)
    try:
        slope_array = np.abs(np.asarray(slopes, dtype=np.float64))
    except (TypeError, ValueError):
        raise TypeError(
            f"slopes must be a real number or an array of real numbers, got {slopes!r}"
        ) from None

    # numpy has no erfc, and the slopes are few, so math.erfc runs per value.
    # With w = 0 every z is 0, far from the tails, so nothing saturates.
    shares = [
        math.erfc(float(threshold) / (float(w) * math.sqrt(2.0))) if w else 0.0
        for w in slope_array.flat
    ]
    return np.array(shares).reshape(slope_array.shape)


# -- Floating point: the naive derivative --------------------------------------


@dataclass(frozen=True)
class DerivativeCollapse:
    r"""The naive and the package's derivative on a grid of z >= 0.

    Parameters
    ----------
    z : numpy.ndarray
        The grid, in `dtype`.
    naive : numpy.ndarray
        ``s * (1 - s)`` with ``s = sigmoid(z)``, in `dtype`.
    stable : numpy.ndarray
        `derivative` of z, in `dtype`.
    dtype : str
    """

    z: NDArray[Any]
    naive: NDArray[Any]
    stable: NDArray[Any]
    dtype: str

    @property
    def naive_relative_error(self) -> FloatArray:
        """Return ``|naive - stable| / stable`` in float64, 1 where naive is 0.

        The cancellation in ``1 - s`` makes this grow like
        ``eps * exp(z)``, with the ``eps`` of `dtype`.
        """
        stable = self.stable.astype(np.float64)
        return np.abs(self.naive.astype(np.float64) - stable) / stable

    @property
    def naive_zero_from(self) -> float:
        """Return the smallest grid z from which the naive value stays 0."""
        nonzero = np.flatnonzero(self.naive != 0)
        first_zero = nonzero[-1] + 1 if nonzero.size else 0
        if first_zero >= self.z.size:
            return math.inf
        return float(self.z[first_zero])


def derivative_collapse(
    dtype: str = "float64", z_max: float = 60.0, points: int = 6001
) -> DerivativeCollapse:
    """Compare ``s * (1 - s)`` with `derivative` on ``[0, z_max]`` in ``dtype``.

    Parameters
    ----------
    dtype : {"float64", "float32", "float16"}, default "float64"
    z_max : float, default 60.0
    points : int, default 6001

    Returns
    -------
    DerivativeCollapse

    Examples
    --------
    >>> from sigmoid_explainer.experiments import derivative_collapse
    >>> result = derivative_collapse("float32", z_max=30.0, points=301)
    >>> round(result.naive_zero_from, 2)
    17.4
    """
    _require_positive(points=points)
    if dtype not in ("float64", "float32", "float16"):
        raise ValueError(
            f"dtype must be 'float64', 'float32' or 'float16', got {dtype!r}"
        )
    z = np.linspace(0.0, z_max, points).astype(dtype)

    s = sigmoid(z)
    naive = s * (1 - s)
    return DerivativeCollapse(z, naive, derivative(z), dtype)


# -- Sigmoid in context ---------------------------------------------------------


@dataclass(frozen=True)
class ActivationSummary:
    """Measured properties of one activation function.

    Parameters
    ----------
    name : str
    low, high : float
        The smallest and largest output on [-50, 50].
    peak_derivative : float
        The largest derivative on the same grid.
    mean_output : float
        The mean output over standard-normal inputs; 0 means zero-centred.
    zero_derivative_share : float
        Share of those inputs where the derivative is exactly 0.
    """

    name: str
    low: float
    high: float
    peak_derivative: float
    mean_output: float
    zero_derivative_share: float


def activation_summaries(
    samples: int = 100_000, seed: int = 6
) -> list[ActivationSummary]:
    """Measure the sigmoid, tanh and ReLU on a grid and on random inputs.

    Returns
    -------
    list of ActivationSummary
        For "sigmoid", "tanh" and "ReLU", in that order.

    Examples
    --------
    >>> from sigmoid_explainer.experiments import activation_summaries
    >>> [(s.name, round(s.peak_derivative, 3)) for s in activation_summaries()]
    [('sigmoid', 0.25), ('tanh', 1.0), ('ReLU', 1.0)]
    """
    _require_positive(samples=samples)
    grid = np.linspace(-50.0, 50.0, 100_001)
    inputs = np.random.default_rng(seed).standard_normal(samples)

    functions: dict[str, tuple[Activation, Activation]] = {
        "sigmoid": (sigmoid, derivative),
        "tanh": (np.tanh, lambda z: 1.0 - np.tanh(z) ** 2),
        "ReLU": (lambda z: np.maximum(z, 0.0), lambda z: (z > 0).astype(np.float64)),
    }
    summaries = []
    for name, (function, slope) in functions.items():
        outputs = function(grid)
        summaries.append(
            ActivationSummary(
                name=name,
                low=float(np.min(outputs)),
                high=float(np.max(outputs)),
                peak_derivative=float(np.max(slope(grid))),
                mean_output=float(np.mean(function(inputs))),
                zero_derivative_share=float(np.mean(slope(inputs) == 0)),
            )
        )
    return summaries


def gradient_check(
    x: ArrayLike, w: float, b: float, h: float = 1e-6
) -> dict[str, FloatArray]:
    """Compare `gradient_w` and `gradient_b` with central differences.

    Parameters
    ----------
    x : array_like of float
        Inputs.
    w, b : float
        The point at which to differentiate.
    h : float, default 1e-6
        Step of the central differences.

    Returns
    -------
    dict of str to numpy.ndarray
        "gradient_w", "difference_w", "gradient_b" and "difference_b".

    Examples
    --------
    >>> from sigmoid_explainer.experiments import gradient_check
    >>> check = gradient_check([0.0, 1.0], w=2.0, b=-1.0)
    >>> bool(abs(check["gradient_w"] - check["difference_w"]).max() < 1e-9)
    True
    """
    x_array = np.asarray(x, dtype=np.float64)
    return {
        "gradient_w": np.asarray(gradient_w(x_array, w, b)),
        "difference_w": (sigmoid(x_array, w + h, b) - sigmoid(x_array, w - h, b))
        / (2 * h),
        "gradient_b": np.asarray(gradient_b(x_array, w, b)),
        "difference_b": (sigmoid(x_array, w, b + h) - sigmoid(x_array, w, b - h))
        / (2 * h),
    }
