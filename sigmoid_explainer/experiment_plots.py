"""Figures of the experiments on the pros, cons and context pages.

Each function runs its experiment from `sigmoid_explainer.experiments`
with the default arguments, unless a result is passed in, and returns a
`matplotlib.figure.Figure` drawn in `book_style`.
"""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure

from . import experiments as ex
from .core import derivative, sigmoid
from .grids import x_grid
from .plotting import PALETTE, Theme, _new_figure, book_style


def plot_bump(w: float = 4.0, theme: Theme = "light") -> Figure:
    """Draw two shifted sigmoids and the bump that is their difference.

    Examples
    --------
    >>> from sigmoid_explainer.experiment_plots import plot_bump
    >>> len(plot_bump().axes[0].get_lines())
    3
    """
    x = x_grid(4.0, points_per_unit=50)
    with book_style(theme):
        figure, axes = _new_figure()
        axes.plot(x, sigmoid(x, w, w), "--", label=r"$\sigma(w(x + 1))$")
        axes.plot(x, sigmoid(x, w, -w), "--", label=r"$\sigma(w(x - 1))$")
        axes.plot(x, ex.sigmoid_bump(x, w), color=PALETTE[2], label="difference")
        axes.set_xlabel("$x$")
        axes.set_ylabel("output")
        axes.legend(title=f"$w = {w:g}$", loc="upper left")
    return figure


def plot_xor(result: ex.XorResult | None = None, theme: Theme = "light") -> Figure:
    """Draw the trained XOR network's output over the unit square.

    Examples
    --------
    >>> from sigmoid_explainer.experiment_plots import plot_xor
    >>> plot_xor().axes[0].get_xlabel()
    '$x_1$'
    """
    result = ex.train_xor() if result is None else result
    grid = np.linspace(-0.25, 1.25, 101)
    x1, x2 = np.meshgrid(grid, grid)
    probabilities = result.network.predict(np.column_stack([x1.ravel(), x2.ravel()]))

    with book_style(theme):
        figure, axes = _new_figure()
        filled = axes.contourf(
            x1, x2, probabilities.reshape(x1.shape), levels=11, cmap="cividis"
        )
        axes.contour(x1, x2, probabilities.reshape(x1.shape), levels=[0.5], colors="w")
        figure.colorbar(filled, ax=axes, label="network output")
        for target, marker, colour in ((0.0, "o", PALETTE[0]), (1.0, "s", PALETTE[1])):
            points = ex.XOR_INPUTS[target == ex.XOR_TARGETS]
            axes.plot(
                points[:, 0],
                points[:, 1],
                marker,
                markersize=11,
                color=colour,
                markeredgecolor="w",
                linestyle="none",
                label=f"XOR = {target:g}",
            )
        axes.set_xlabel("$x_1$")
        axes.set_ylabel("$x_2$")
        axes.set_aspect("equal")
        axes.grid(False)
        axes.legend(loc="upper center", bbox_to_anchor=(0.5, -0.15), ncols=2)
    return figure


def plot_step_comparison(
    result: ex.StepComparison | None = None, theme: Theme = "light"
) -> Figure:
    """Draw the training loss of a sigmoid unit and of a step unit.

    Examples
    --------
    >>> from sigmoid_explainer.experiment_plots import plot_step_comparison
    >>> [line.get_label() for line in plot_step_comparison().axes[0].get_lines()]
    ['sigmoid unit', 'step unit']
    """
    result = ex.step_comparison() if result is None else result
    with book_style(theme):
        figure, axes = _new_figure()
        axes.plot(result.sigmoid_losses, label="sigmoid unit")
        axes.plot(result.step_losses, "--", label="step unit")
        axes.set_xlabel("gradient-descent step")
        axes.set_ylabel("mean squared error / 2")
        axes.set_ylim(bottom=0.0)
        axes.legend()
    return figure


def plot_logistic_regression(
    fit: ex.LogisticFit | None = None, theme: Theme = "light"
) -> Figure:
    """Draw the data, the predicted probability and the decision boundary.

    Examples
    --------
    >>> from sigmoid_explainer.experiment_plots import plot_logistic_regression
    >>> plot_logistic_regression().axes[0].get_ylabel()
    '$x_2$'
    """
    fit = ex.fit_logistic_regression() if fit is None else fit
    points, labels = fit.data.points, fit.data.labels
    low, high = points.min(axis=0) - 0.5, points.max(axis=0) + 0.5
    x1, x2 = np.meshgrid(
        np.linspace(low[0], high[0], 101), np.linspace(low[1], high[1], 101)
    )
    probabilities = fit.probabilities(np.column_stack([x1.ravel(), x2.ravel()]))

    with book_style(theme):
        figure, axes = _new_figure()
        filled = axes.contourf(
            x1,
            x2,
            probabilities.reshape(x1.shape),
            levels=11,
            cmap="cividis",
            alpha=0.8,
        )
        figure.colorbar(filled, ax=axes, label=r"$\sigma(z)$, probability of class 1")
        axes.contour(x1, x2, probabilities.reshape(x1.shape), levels=[0.5], colors="w")
        for label, marker, colour in ((0.0, "o", PALETTE[5]), (1.0, "s", PALETTE[1])):
            chosen = points[labels == label]
            axes.plot(
                chosen[:, 0],
                chosen[:, 1],
                marker,
                color=colour,
                markeredgecolor="k",
                markeredgewidth=0.5,
                markersize=5,
                linestyle="none",
                label=f"class {label:g}",
            )
        axes.set_xlabel("$x_1$")
        axes.set_ylabel("$x_2$")
        axes.grid(False)
        axes.legend(loc="upper left")
    return figure


def plot_deep_chain(
    result: ex.DeepChainResult | None = None, theme: Theme = "light"
) -> Figure:
    """Draw the derivative products of sigmoid and tanh chains against depth.

    The lines are medians over the chains and the bands span the 10th to
    the 90th percentile.

    Examples
    --------
    >>> from sigmoid_explainer.experiment_plots import plot_deep_chain
    >>> plot_deep_chain().axes[0].get_yscale()
    'log'
    """
    result = ex.deep_chain_products() if result is None else result
    depths = result.depths
    with book_style(theme):
        figure, axes = _new_figure()
        for name, products, colour in (
            ("sigmoid", result.sigmoid_products, PALETTE[0]),
            ("tanh", result.tanh_products, PALETTE[1]),
        ):
            low, median, high = np.percentile(products, [10, 50, 90], axis=1)
            axes.fill_between(depths, low, high, color=colour, alpha=0.25, linewidth=0)
            axes.plot(depths, median, color=colour, label=f"{name}, median")
        axes.plot(depths, result.bound, ":", color=PALETTE[2], label=r"bound $0.25^n$")
        axes.set_yscale("log")
        axes.set_xlabel("depth $n$")
        axes.set_ylabel(r"$\prod_{k \leq n} a'(z_k)$")
        axes.legend(loc="lower left")
    return figure


def plot_zigzag(
    result: ex.ZigZagResult | None = None, theme: Theme = "light"
) -> Figure:
    """Draw the SGD paths of two weights for positive and centred inputs.

    Examples
    --------
    >>> from sigmoid_explainer.experiment_plots import plot_zigzag
    >>> [axes.get_title() for axes in plot_zigzag().axes]
    ['inputs sigmoid(u) > 0', 'inputs tanh(u), centred']
    """
    result = ex.zigzag_paths() if result is None else result
    panels = (
        ("inputs sigmoid(u) > 0", result.positive_path, PALETTE[0]),
        ("inputs tanh(u), centred", result.centred_path, PALETTE[1]),
    )
    with book_style(theme):
        figure = Figure(layout="constrained", figsize=(6.4, 3.6))
        for axes, (title, path, colour) in zip(
            figure.subplots(1, 2, sharex=True, sharey=True), panels, strict=True
        ):
            axes.plot(path[:, 0], path[:, 1], color=colour, linewidth=1.2)
            axes.plot(*path[0], "o", color=PALETTE[3], label="start")
            axes.plot(
                *result.target, "*", markersize=12, color=PALETTE[2], label="$w^*$"
            )
            axes.set_title(title, fontsize=10)
            axes.set_xlabel("$w_1$")
            axes.set_aspect("equal")
        figure.axes[0].set_ylabel("$w_2$")
        figure.axes[0].legend(loc="lower left")
    return figure


def plot_saturation(
    result: ex.SaturationResult | None = None, theme: Theme = "light"
) -> Figure:
    """Draw the saturated share of inputs against the slope.

    Examples
    --------
    >>> from sigmoid_explainer.experiment_plots import plot_saturation
    >>> plot_saturation().axes[0].get_xscale()
    'log'
    """
    result = ex.saturation_fractions() if result is None else result
    slopes = np.geomspace(result.slopes.min(), result.slopes.max(), 200)
    with book_style(theme):
        figure, axes = _new_figure()
        axes.plot(
            slopes,
            ex.expected_saturated_share(slopes, result.level),
            label=r"exact, $\mathrm{erfc}(z^* / (|w|\sqrt{2}))$",
        )
        axes.plot(
            result.slopes,
            result.measured,
            "o",
            label=f"measured, {result.samples} inputs",
        )
        axes.set_xscale("log", base=2)
        axes.set_xlabel("slope $w$")
        axes.set_ylabel("share of inputs saturated")
        axes.set_ylim(0.0, 1.0)
        axes.legend(loc="upper left")
    return figure


def plot_derivative_collapse(theme: Theme = "light") -> Figure:
    """Draw the naive and the stable derivative for float64 and float32.

    The upper axes show both derivatives, the lower axes the relative
    error of the naive one, which reaches 1 where it becomes exactly 0.

    Examples
    --------
    >>> from sigmoid_explainer.experiment_plots import plot_derivative_collapse
    >>> [axes.get_yscale() for axes in plot_derivative_collapse().axes]
    ['log', 'log']
    """
    with book_style(theme):
        figure = Figure(layout="constrained", figsize=(6.4, 5.0))
        top, bottom = figure.subplots(2, 1, sharex=True)
        for dtype, colour in (("float64", PALETTE[0]), ("float32", PALETTE[1])):
            result = ex.derivative_collapse(dtype)
            positive = result.naive > 0

            top.plot(result.z, result.stable, color=colour, label=f"package, {dtype}")
            top.plot(
                result.z[positive],
                result.naive[positive],
                "--",
                color=colour,
                label=rf"$\sigma(1-\sigma)$, {dtype}",
            )
            bottom.plot(
                result.z, result.naive_relative_error, color=colour, label=dtype
            )
            for axes in (top, bottom):
                axes.axvline(
                    result.naive_zero_from, color=colour, linestyle=":", linewidth=1
                )
        top.set_yscale("log")
        top.set_ylabel(r"$\sigma'(z)$")
        top.legend(loc="lower left", fontsize=9)
        bottom.set_yscale("log")
        bottom.set_ylim(1e-17, 10.0)
        bottom.set_xlabel("$z$")
        bottom.set_ylabel("relative error\nof $\\sigma(1-\\sigma)$")
        bottom.legend(loc="lower right", fontsize=9)
    return figure


def plot_activations(theme: Theme = "light") -> Figure:
    """Draw the sigmoid, tanh and ReLU with their derivatives.

    Examples
    --------
    >>> from sigmoid_explainer.experiment_plots import plot_activations
    >>> [axes.get_ylabel() for axes in plot_activations().axes]
    ['$a(z)$', "$a'(z)$"]
    """
    z = x_grid(4.0, points_per_unit=100)
    curves = (
        ("sigmoid", sigmoid(z), derivative(z)),
        ("tanh", np.tanh(z), 1.0 - np.tanh(z) ** 2),
        ("ReLU", np.maximum(z, 0.0), (z > 0).astype(np.float64)),
    )
    with book_style(theme):
        figure = Figure(layout="constrained", figsize=(6.4, 3.6))
        left, right = figure.subplots(1, 2, sharex=True)
        for name, values, slopes in curves:
            left.plot(z, values, label=name)
            right.plot(z, slopes, label=name)
        left.set_ylim(-1.2, 2.2)
        left.set_ylabel("$a(z)$")
        right.set_ylabel("$a'(z)$")
        for axes in (left, right):
            axes.set_xlabel("$z$")
        left.legend(loc="upper left")
    return figure
