"""Matplotlib figures of the sigmoid book.

Each function draws one kind of figure and returns the
`matplotlib.figure.Figure` without showing or saving it. All of them use
`book_style`, a colour-blind-safe palette (Okabe and Ito) on an opaque
background, so that a figure reads the same on the theme's light and dark
pages and on a projected slide.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any, Literal

import matplotlib as mpl
import numpy as np
from cycler import cycler
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from numpy.typing import NDArray

from .core import derivative, sigmoid
from .grids import x_grid

Theme = Literal["light", "dark"]

# Okabe and Ito's palette, minus black and yellow, which vanish on one of
# the two backgrounds.
PALETTE = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9")

_THEMES: dict[str, dict[str, str]] = {
    "light": {"background": "#ffffff", "text": "#222222", "grid": "#d0d0d0"},
    "dark": {"background": "#1e2228", "text": "#e6e6e6", "grid": "#4a4f57"},
}


def style_parameters(theme: Theme = "light") -> dict[str, Any]:
    """Return the matplotlib rcParams of the book's figures for ``theme``.

    Parameters
    ----------
    theme : {"light", "dark"}, default "light"
        Background and text colours.

    Returns
    -------
    dict
        rcParams names and values, including a fixed SVG hash salt, so that
        an unchanged figure renders to identical bytes.

    Raises
    ------
    ValueError
        If `theme` is not "light" or "dark".
    """
    if theme not in _THEMES:
        raise ValueError(f"theme must be 'light' or 'dark', got {theme!r}")
    colours = _THEMES[theme]

    return {
        "figure.figsize": (6.4, 3.8),
        "figure.dpi": 100,
        "figure.facecolor": colours["background"],
        "axes.facecolor": colours["background"],
        "savefig.facecolor": colours["background"],
        "axes.edgecolor": colours["text"],
        "axes.labelcolor": colours["text"],
        "axes.prop_cycle": cycler(color=PALETTE),
        "axes.grid": True,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "grid.color": colours["grid"],
        "grid.linewidth": 0.6,
        "text.color": colours["text"],
        "xtick.color": colours["text"],
        "ytick.color": colours["text"],
        "legend.frameon": False,
        "lines.linewidth": 2.0,
        "font.size": 11,
        "svg.hashsalt": "sigmoid-explainer",
        "svg.fonttype": "path",
    }


@contextmanager
def book_style(theme: Theme = "light") -> Iterator[None]:
    """Apply the book's figure style inside a ``with`` block.

    Parameters
    ----------
    theme : {"light", "dark"}, default "light"
        Background and text colours.

    Examples
    --------
    >>> import matplotlib
    >>> from sigmoid_explainer.plotting import book_style
    >>> with book_style("dark"):
    ...     print(matplotlib.rcParams["axes.facecolor"])
    #1e2228
    """
    with mpl.rc_context(style_parameters(theme)):  # type: ignore[arg-type]
        yield


def _new_figure() -> tuple[Figure, Axes]:
    # Figure() rather than pyplot.figure(): pyplot keeps every figure alive
    # until it is closed, and the book draws many.
    figure = Figure(layout="constrained")
    axes = figure.add_subplot()
    return figure, axes


def _label_axes(axes: Axes, ylabel: str) -> None:
    axes.set_xlabel("$x$")
    axes.set_ylabel(ylabel)


def plot_slope_family(
    slopes: Sequence[float] = (1, 2, 3, 5, 9),
    b: float = 0.0,
    x: NDArray[np.float64] | None = None,
    theme: Theme = "light",
) -> Figure:
    r"""Draw :math:`\sigma(wx + b)` for several slopes ``w``.

    Parameters
    ----------
    slopes : sequence of float, default (1, 2, 3, 5, 9)
        The values of w, one curve each.
    b : float, default 0.0
        The bias shared by every curve.
    x : numpy.ndarray, optional
        Sample points; `x_grid` on [-5, 5] by default.
    theme : {"light", "dark"}, default "light"
        Colour theme, see `book_style`.

    Returns
    -------
    matplotlib.figure.Figure
        One axes with a curve and a legend entry per slope.

    Examples
    --------
    >>> from sigmoid_explainer.plotting import plot_slope_family
    >>> figure = plot_slope_family((1, 2))
    >>> [line.get_label() for line in figure.axes[0].get_lines()]
    ['$w = 1$', '$w = 2$']
    """
    x = x_grid(5.0) if x is None else x
    with book_style(theme):
        figure, axes = _new_figure()
        for w in slopes:
            axes.plot(x, sigmoid(x, w, b), label=f"$w = {w:g}$")
        _label_axes(axes, rf"$\sigma(wx {_signed(b)})$")
        axes.legend(title=f"$b = {b:g}$")
    return figure


def plot_bias_family(
    biases: Sequence[float] = (0, 1, 2, 5, 9),
    w: float = 2.0,
    x: NDArray[np.float64] | None = None,
    theme: Theme = "light",
) -> Figure:
    r"""Draw :math:`\sigma(wx + b)` for several biases ``b``.

    Parameters
    ----------
    biases : sequence of float, default (0, 1, 2, 5, 9)
        The values of b, one curve each.
    w : float, default 2.0
        The slope shared by every curve.
    x : numpy.ndarray, optional
        Sample points; `x_grid` on [-10, 10] by default.
    theme : {"light", "dark"}, default "light"
        Colour theme, see `book_style`.

    Returns
    -------
    matplotlib.figure.Figure
        One axes with a curve and a legend entry per bias.

    Examples
    --------
    >>> from sigmoid_explainer.plotting import plot_bias_family
    >>> figure = plot_bias_family((0, 5))
    >>> [line.get_label() for line in figure.axes[0].get_lines()]
    ['$b = 0$', '$b = 5$']
    """
    x = x_grid(10.0) if x is None else x
    with book_style(theme):
        figure, axes = _new_figure()
        for b in biases:
            axes.plot(x, sigmoid(x, w, b), label=f"$b = {b:g}$")
        _label_axes(axes, r"$\sigma(wx + b)$")
        axes.legend(title=f"$w = {w:g}$")
    return figure


def plot_with_derivative(
    w: float = 1.0,
    b: float = 0.0,
    x: NDArray[np.float64] | None = None,
    theme: Theme = "light",
) -> Figure:
    r"""Draw :math:`\sigma(wx + b)` with its derivative in x.

    The derivative includes the chain-rule factor w, so its peak is
    ``w / 4``, which is marked at the centre ``x = -b / w``.

    Parameters
    ----------
    w : float, default 1.0
        Slope. Must be non-zero, because the centre is ``-b / w``.
    b : float, default 0.0
        Bias.
    x : numpy.ndarray, optional
        Sample points; `x_grid` on [-10, 10] by default.
    theme : {"light", "dark"}, default "light"
        Colour theme, see `book_style`.

    Returns
    -------
    matplotlib.figure.Figure
        Two axes sharing x: the curve above, the derivative below.

    Raises
    ------
    ValueError
        If `w` is 0.

    Examples
    --------
    >>> from sigmoid_explainer.plotting import plot_with_derivative
    >>> figure = plot_with_derivative(w=9.0)
    >>> [axes.get_ylabel() for axes in figure.axes]
    ['$\\sigma(wx + b)$', "$\\sigma'$ in $x$"]
    """
    if w == 0:
        raise ValueError("w must be non-zero: the centre -b / w is undefined for 0")
    x = x_grid(10.0, points_per_unit=50) if x is None else x
    centre = -b / w
    peak = float(derivative(centre, w, b))

    with book_style(theme):
        figure = Figure(layout="constrained", figsize=(6.4, 5.0))
        top, bottom = figure.subplots(2, 1, sharex=True)
        top.plot(x, sigmoid(x, w, b), color=PALETTE[0], label=r"$\sigma(wx + b)$")
        top.set_ylabel(r"$\sigma(wx + b)$")
        top.legend(title=f"$w = {w:g}$, $b = {b:g}$", loc="upper left")

        bottom.plot(
            x, derivative(x, w, b), color=PALETTE[1], label=r"$w\sigma(1-\sigma)$"
        )
        bottom.plot(
            [centre], [peak], "o", color=PALETTE[2], label=f"max $w/4 = {peak:g}$"
        )
        bottom.set_xlabel("$x$")
        bottom.set_ylabel(r"$\sigma'$ in $x$")
        bottom.legend(loc="upper left")
    return figure


def plot_curves(
    parameters: Sequence[tuple[float, float]],
    x: NDArray[np.float64] | None = None,
    theme: Theme = "light",
) -> Figure:
    r"""Draw :math:`\sigma(wx + b)` for each ``(w, b)`` pair.

    Parameters
    ----------
    parameters : sequence of (float, float)
        The slope and bias of each curve.
    x : numpy.ndarray, optional
        Sample points; `x_grid` on [-1, 1] with 500 points per unit by
        default, fine enough for near-step curves.
    theme : {"light", "dark"}, default "light"
        Colour theme, see `book_style`.

    Returns
    -------
    matplotlib.figure.Figure
        One axes with a curve and a legend entry per pair.

    Examples
    --------
    >>> from sigmoid_explainer.plotting import plot_curves
    >>> figure = plot_curves([(99, -9), (99, 9)])
    >>> [line.get_label() for line in figure.axes[0].get_lines()]
    ['$w = 99$, $b = -9$', '$w = 99$, $b = 9$']
    """
    x = x_grid(1.0, points_per_unit=500) if x is None else x
    with book_style(theme):
        figure, axes = _new_figure()
        for w, b in parameters:
            label = f"$w = {w:g}$, $b = {b:g}$"
            axes.plot(x, sigmoid(x, w, b), label=label)
        _label_axes(axes, r"$\sigma(wx + b)$")
        axes.legend(loc="upper left")
    return figure


def _signed(value: float) -> str:
    return f"+ {value:g}" if value >= 0 else f"- {-value:g}"
