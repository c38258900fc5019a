"""Interactive slope and bias explorers for the static HTML book.

An explorer shows :math:`\\sigma(wx + b)` and its derivative in x for one
setting of the slope w and the bias b, and native range inputs switch
between settings. Every curve for every setting is computed here, when
the book is built, and written into the page as JSON. The page's script
(``conf/_static/explorer.js``) only hands the stored curves to plotly.js,
so the browser never evaluates the sigmoid itself.

Plotly builds the figure, and is imported only by the functions that need
it. The page loads plotly.js only when the reader first turns to an
explorer, and until then shows a static SVG of the start setting, drawn by
matplotlib in the same box. The static stand-ins for print are matplotlib
figures too.
"""

from __future__ import annotations

import html
import io
import itertools
import json
import re
from dataclasses import dataclass
from typing import Any, Literal
from urllib.parse import quote

import numpy as np
from matplotlib import rc_context
from matplotlib.figure import Figure
from numpy.typing import NDArray

from .core import derivative, sigmoid
from .grids import x_grid
from .plotting import PALETTE, Theme, book_style

Parameter = Literal["w", "b"]

# Curves go into the page rounded to this many decimals. The smallest
# panel, the bias explorer's derivative, spans 0.27 in about 200 pixels,
# so 1e-4 is a tenth of a pixel. Each further decimal costs the page about
# 7 KB of compressed data.
DECIMALS = 4

_PARAMETER_NAMES = {"w": "Slope", "b": "Bias"}


@dataclass(frozen=True)
class Slider:
    """One range input of an explorer.

    Parameters
    ----------
    parameter : {"w", "b"}
        The parameter the slider sets.
    values : tuple of float
        The settings, in slider order. The range input's value is an index
        into this tuple.
    start : int
        Index of the setting shown when the page loads.
    """

    parameter: Parameter
    values: tuple[float, ...]
    start: int

    def __post_init__(self) -> None:
        if self.parameter not in _PARAMETER_NAMES:
            raise ValueError(f"parameter must be 'w' or 'b', got {self.parameter!r}")
        if len(self.values) < 2:
            raise ValueError(
                f"a slider needs at least two values, got {list(self.values)}"
            )
        if not 0 <= self.start < len(self.values):
            raise ValueError(
                f"start must index values (0 to {len(self.values) - 1}), "
                f"got {self.start}"
            )

    @property
    def label(self) -> str:
        """The visible label, such as ``"Slope w"``."""
        return f"{_PARAMETER_NAMES[self.parameter]} {self.parameter}"


# eq=False: the generated __eq__ would compare the x arrays, and numpy
# does not reduce an elementwise comparison to one bool.
@dataclass(frozen=True, eq=False)
class Explorer:
    """An interactive figure of the sigmoid and its derivative.

    Parameters
    ----------
    key : str
        Short name, used in the HTML ids, such as ``"slope"``.
    title : str
        Accessible name of the figure.
    sliders : tuple of Slider
        One slider per parameter that moves.
    fixed : dict
        Values of the parameters that no slider moves.
    x : numpy.ndarray
        Sample points shared by all settings.
    print_settings : tuple of (float, float)
        The ``(w, b)`` pairs drawn in the static figure for print.
    mark_centre : bool, default False
        Mark the centre ``-b / w`` on the curve and the steepest slope
        ``w / 4`` on the derivative.
    """

    key: str
    title: str
    sliders: tuple[Slider, ...]
    fixed: dict[str, float]
    x: NDArray[np.float64]
    print_settings: tuple[tuple[float, float], ...]
    mark_centre: bool = False

    def __post_init__(self) -> None:
        moved = {slider.parameter for slider in self.sliders}
        if moved | set(self.fixed) != {"w", "b"} or moved & set(self.fixed):
            raise ValueError(
                "each of w and b must be set by exactly one slider or fixed "
                f"value, got sliders for {sorted(moved)} and fixed "
                f"{sorted(self.fixed)}"
            )
        if 0.0 in (w for w, _ in self.settings()):
            raise ValueError(
                "every setting needs a non-zero w, because the centre -b / w "
                "is undefined for w = 0; remove 0 from the slopes"
            )

    def settings(self) -> list[tuple[float, float]]:
        """List the ``(w, b)`` pair of every combination of slider positions.

        Returns
        -------
        list of (float, float)
            Row-major over the sliders: the last slider varies fastest, so
            positions ``(i, j)`` of two sliders are entry
            ``i * len(second.values) + j``.

        Examples
        --------
        >>> from sigmoid_explainer.explorer import EXPLORERS
        >>> EXPLORERS["bias"].settings()[:2]
        [(1.0, -5.0), (1.0, -4.5)]
        """
        pairs = []
        for values in itertools.product(*(s.values for s in self.sliders)):
            setting = dict(self.fixed)
            for slider, value in zip(self.sliders, values, strict=True):
                setting[slider.parameter] = value
            pairs.append((float(setting["w"]), float(setting["b"])))
        return pairs

    def start_index(self) -> int:
        """Return the index into `settings` of the slider start positions."""
        index = 0
        for slider in self.sliders:
            index = index * len(slider.values) + slider.start
        return index


def sample_curves(
    x: NDArray[np.float64], w: float, b: float
) -> dict[str, NDArray[np.float64]]:
    r"""Sample the curves of one explorer setting.

    Parameters
    ----------
    x : numpy.ndarray of float64
        Sample points.
    w : float
        Slope. Must be non-zero.
    b : float
        Bias.

    Returns
    -------
    dict
        ``"sigmoid"`` and ``"derivative"`` are arrays shaped like `x`.
        The derivative is in x and includes the chain-rule factor w.
        ``"centre"`` is the 0-d array ``-b / w``, and ``"peak"`` is the
        derivative at the centre, which is ``w / 4``.

    Raises
    ------
    ValueError
        If `w` is 0, or `w` or `b` is infinite or NaN.

    Examples
    --------
    >>> import numpy as np
    >>> from sigmoid_explainer.explorer import sample_curves
    >>> curves = sample_curves(np.array([-1.0, 0.0, 1.0]), w=2.0, b=2.0)
    >>> print(curves["sigmoid"].round(4))
    [0.5    0.8808 0.982 ]
    >>> float(curves["centre"]), float(curves["peak"])
    (-1.0, 0.5)
    """
    for name, value in (("w", w), ("b", b)):
        if not np.isfinite(value):
            raise ValueError(
                f"{name} must be a finite number, got {value!r}; the curves, "
                "their centre -b / w and their peak slope w / 4 are drawn "
                "for finite settings only"
            )
    if w == 0:
        raise ValueError(
            f"w must be non-zero, because the centre -b / w is undefined; got {w!r}"
        )
    centre = np.asarray(-b / w)

    return {
        "sigmoid": sigmoid(x, w, b),
        "derivative": derivative(x, w, b),
        "centre": centre,
        "peak": np.asarray(derivative(centre, w, b)),
    }


def _rounded(values: NDArray[np.float64]) -> list[float]:
    # + 0.0 turns the -0.0 that rounding leaves into 0.0.
    rounded: list[float] = (np.round(values, DECIMALS) + 0.0).tolist()
    return rounded


def describe(w: float, b: float) -> str:
    """Describe one setting in a sentence, for screen readers and the page.

    Parameters
    ----------
    w, b : float
        Slope (non-zero) and bias.

    Returns
    -------
    str

    Examples
    --------
    >>> from sigmoid_explainer.explorer import describe
    >>> print(describe(2.0, -1.0))  # doctest: +NORMALIZE_WHITESPACE
    w = 2, b = -1: the curve crosses 1/2 at the centre x = 0.5, where its
    steepest slope is 0.5.
    """
    curves = sample_curves(np.zeros(1), w, b)
    centre = float(curves["centre"]) + 0.0
    peak = float(curves["peak"])
    return (
        f"w = {w:g}, b = {b:g}: the curve crosses 1/2 at the centre "
        f"x = {centre:.3g}, where its steepest slope is {peak:.3g}."
    )


def _step(explorer: Explorer, w: float, b: float) -> dict[str, Any]:
    curves = sample_curves(explorer.x, w, b)
    y = [_rounded(curves["sigmoid"]), _rounded(curves["derivative"])]
    x: list[list[float] | None] = [None, None]
    if explorer.mark_centre:
        centre = np.atleast_1d(curves["centre"])
        y += [_rounded(sigmoid(centre, w, b)), _rounded(curves["peak"][None])]
        x += [_rounded(centre), _rounded(centre)]
    return {"y": y, "x": x, "description": describe(w, b)}


def build_figure(explorer: Explorer) -> Any:
    """Build the plotly figure of an explorer at its start setting.

    Parameters
    ----------
    explorer : Explorer

    Returns
    -------
    plotly.graph_objects.Figure
        Two rows sharing x: the sigmoid above, its derivative below. With
        `Explorer.mark_centre`, traces 2 and 3 are markers at the centre
        and at the steepest slope.

    Examples
    --------
    >>> from sigmoid_explainer.explorer import EXPLORERS, build_figure
    >>> [trace.name for trace in build_figure(EXPLORERS["combined"]).data]
    ['σ(wx + b)', 'σ′ in x', 'centre −b/w', 'steepest slope w/4']
    """
    from plotly.subplots import make_subplots

    w, b = explorer.settings()[explorer.start_index()]
    step = _step(explorer, w, b)
    x = _rounded(explorer.x)
    figure = make_subplots(rows=2, cols=1, shared_xaxes=True, vertical_spacing=0.08)
    # plotly.js simplifies a line to the points that a pixel tolerance
    # needs, which turns a low bell into a few segments whose peak need not
    # sit at the centre. Every sample is drawn instead.
    line = {"mode": "lines", "hoverinfo": "x+y", "line_simplify": False}
    figure.add_scatter(
        x=x,
        y=step["y"][0],
        name="σ(wx + b)",
        line_color=PALETTE[0],
        row=1,
        col=1,
        **line,
    )
    figure.add_scatter(
        x=x,
        y=step["y"][1],
        name="σ′ in x",
        line_color=PALETTE[1],
        row=2,
        col=1,
        **line,
    )
    if explorer.mark_centre:
        marker = {"mode": "markers", "marker_size": 11, "hoverinfo": "x+y"}
        figure.add_scatter(
            x=step["x"][2],
            y=step["y"][2],
            name="centre −b/w",
            marker_color=PALETTE[2],
            marker_symbol="circle",
            row=1,
            col=1,
            **marker,
        )
        figure.add_scatter(
            x=step["x"][3],
            y=step["y"][3],
            name="steepest slope w/4",
            marker_color=PALETTE[3],
            marker_symbol="diamond",
            row=2,
            col=1,
            **marker,
        )

    figure.update_layout(
        height=460,
        margin={"l": 60, "r": 20, "t": 20, "b": 50},
        paper_bgcolor="#ffffff",
        plot_bgcolor="#ffffff",
        font={"color": "#222222", "size": 14},
        legend={"orientation": "h", "y": -0.15},
        hovermode="closest",
    )
    figure.update_xaxes(
        range=[float(explorer.x[0]), float(explorer.x[-1])],
        gridcolor="#d0d0d0",
        zeroline=False,
    )
    figure.update_xaxes(title_text="x", row=2, col=1)
    figure.update_yaxes(gridcolor="#d0d0d0", zeroline=False)
    figure.update_yaxes(title_text="σ(wx + b)", range=[-0.05, 1.05], row=1, col=1)
    # A fixed range, set by the largest peak w / 4 over all settings, so
    # that moving a slider shows the derivative grow and shrink rather than
    # the axis rescaling around it.
    tallest = max(abs(w) for w, _ in explorer.settings()) / 4
    figure.update_yaxes(
        title_text="σ′ in x", range=[-0.05 * tallest, 1.05 * tallest], row=2, col=1
    )
    return figure


def _data(explorer: Explorer) -> dict[str, Any]:
    """Collect what the page's script needs: the figure and every step."""
    figure = build_figure(explorer)
    return {
        "title": explorer.title,
        "figure": figure.to_plotly_json(),
        "grid": _rounded(explorer.x),
        "sliders": [f"explorer-{explorer.key}-{s.parameter}" for s in explorer.sliders],
        "steps": [_step(explorer, w, b) for w, b in explorer.settings()],
    }


def _json_for_script(data: dict[str, Any]) -> str:
    # "</" would end the <script> element early, and "<!--" would start a
    # comment inside it.
    text = json.dumps(data, separators=(",", ":"), allow_nan=False)
    return text.replace("</", "<\\/").replace("<!--", "<\\!--")


def _slider_html(explorer: Explorer, slider: Slider) -> str:
    input_id = f"explorer-{explorer.key}-{slider.parameter}"
    value = slider.values[slider.start]
    return (
        '<div class="explorer-control">'
        f'<label for="{input_id}">{html.escape(slider.label)}</label>'
        f'<input type="range" id="{input_id}" min="0" '
        f'max="{len(slider.values) - 1}" step="1" value="{slider.start}" '
        f'aria-valuetext="{slider.parameter} = {value:g}" '
        f'data-parameter="{slider.parameter}" '
        f"data-values='{json.dumps([float(v) for v in slider.values])}'>"
        f'<output for="{input_id}" id="{input_id}-value">{value:g}</output>'
        "</div>"
    )


def _table_html(explorer: Explorer) -> str:
    """Tabulate the centre, the steepest slope and a few curve values."""
    points = (-2.0, 0.0, 2.0)
    head = "".join(f'<th scope="col">σ({p:g})</th>' for p in points)
    rows = []
    for w, b in explorer.settings():
        curves = sample_curves(np.array(points), w, b)
        cells = "".join(f"<td>{v:.3f}</td>" for v in curves["sigmoid"])
        rows.append(
            f'<tr><th scope="row">{w:g}</th><td>{b:g}</td>'
            f"<td>{float(curves['centre']) + 0.0:.3g}</td>"
            f"<td>{float(curves['peak']):.3g}</td>{cells}</tr>"
        )
    return (
        '<details class="explorer-table"><summary>Data table of '
        f"{html.escape(explorer.title)}</summary>"
        f"<table><caption>{html.escape(explorer.title)}: every setting of "
        "the sliders</caption><thead><tr>"
        '<th scope="col">w</th><th scope="col">b</th>'
        '<th scope="col">centre −b/w</th><th scope="col">steepest slope w/4</th>'
        f"{head}</tr></thead><tbody>{''.join(rows)}</tbody></table></details>"
    )


def plot_start_figure(explorer: Explorer) -> Figure:
    """Draw an explorer's start setting as the plotly figure shows it.

    The page shows this figure until plotly.js has drawn the live plot, so
    it copies the plotly figure's panels, colours, markers and axis ranges
    (see `build_figure`) and its shape at a width of 720 px.

    Parameters
    ----------
    explorer : Explorer

    Returns
    -------
    matplotlib.figure.Figure
        Two axes sharing x: the sigmoid above, its derivative below.

    Examples
    --------
    >>> from sigmoid_explainer.explorer import EXPLORERS, plot_start_figure
    >>> figure = plot_start_figure(EXPLORERS["combined"])
    >>> [len(axes.get_lines()) for axes in figure.axes]
    [2, 2]
    """
    w, b = explorer.settings()[explorer.start_index()]
    curves = sample_curves(explorer.x, w, b)
    tallest = max(abs(w) for w, _ in explorer.settings()) / 4
    with book_style("light"):
        # The 720 by 460 shape of the plotly figure. The style sheet scales
        # the image into the plot's 460 px high box.
        figure = Figure(layout="constrained", figsize=(7.2, 4.6), dpi=100)
        top, bottom = figure.subplots(2, 1, sharex=True)
        top.plot(explorer.x, curves["sigmoid"], color=PALETTE[0], label="σ(wx + b)")
        bottom.plot(explorer.x, curves["derivative"], color=PALETTE[1], label="σ′ in x")
        if explorer.mark_centre:
            centre = float(curves["centre"])
            top.plot([centre], [0.5], "o", color=PALETTE[2], label="centre −b/w")
            bottom.plot(
                [centre],
                [float(curves["peak"])],
                "D",
                color=PALETTE[3],
                label="steepest slope w/4",
            )
        top.set_xlim(float(explorer.x[0]), float(explorer.x[-1]))
        top.set_ylim(-0.05, 1.05)
        bottom.set_ylim(-0.05 * tallest, 1.05 * tallest)
        top.set_ylabel("σ(wx + b)")
        bottom.set_ylabel("σ′ in x")
        bottom.set_xlabel("x")
        figure.legend(loc="outside lower center", ncols=4, fontsize="small")
    return figure


def _static_figure_html(explorer: Explorer) -> str:
    """Render the start figure as an ``<img>`` with the SVG in a data URL.

    An image, unlike inline SVG, keeps matplotlib's element ids and its
    style sheet out of the page, where three explorers would repeat them.
    """
    buffer = io.StringIO()
    # Text as <text> elements rather than glyph paths, which nearly halves
    # the compressed size (3.8 KB against 6.9 KB for the combined figure).
    with book_style("light"), rc_context({"svg.fonttype": "none"}):
        plot_start_figure(explorer).savefig(
            buffer, format="svg", metadata={"Date": None}
        )
    # Drop the comments and the whitespace between elements, which the
    # data URL would otherwise carry as percent escapes.
    svg = re.sub(r"<!--.*?-->", "", buffer.getvalue(), flags=re.DOTALL)
    svg = re.sub(r">\s+<", "><", svg.strip())
    url = "data:image/svg+xml," + quote(svg, safe=" =:;,/'().-_")
    return (
        f'<img class="explorer-static" id="explorer-{explorer.key}-static" '
        f'alt="" width="720" height="460" src="{html.escape(url)}">'
    )


def explorer_html(explorer: Explorer) -> str:
    """Render an explorer as an HTML fragment for the book's pages.

    The fragment contains the labelled range inputs with their ``<output>``
    elements and a ``<div>`` that shows a static image of the start setting
    until plotly.js draws into it. Below them come a summary sentence that
    the script updates, a status line for loading plotly.js, a data table
    of every setting, and the JSON data of every step. The page needs
    ``conf/_static/explorer.js`` and a ``<script type="text/plain"
    id="plotly-js">`` with the URL of the plotly.js bundle, which the
    script loads on demand. ``conf/conf.py`` adds both to each page that
    contains an explorer.

    Parameters
    ----------
    explorer : Explorer

    Returns
    -------
    str

    Examples
    --------
    >>> from sigmoid_explainer.explorer import EXPLORERS, explorer_html
    >>> fragment = explorer_html(EXPLORERS["slope"])
    >>> fragment.startswith('<div class="sigmoid-explorer" id="explorer-slope">')
    True
    >>> '<label for="explorer-slope-w">Slope w</label>' in fragment
    True
    """
    w, b = explorer.settings()[explorer.start_index()]
    description = html.escape(describe(w, b))
    controls = "".join(_slider_html(explorer, s) for s in explorer.sliders)
    return (
        f'<div class="sigmoid-explorer" id="explorer-{explorer.key}">'
        f'<div class="explorer-controls">{controls}</div>'
        f'<div class="explorer-plot" id="explorer-{explorer.key}-plot" role="img" '
        f'aria-label="{html.escape(explorer.title)}. {description}">'
        f"{_static_figure_html(explorer)}</div>"
        f'<p class="explorer-summary" id="explorer-{explorer.key}-summary" '
        f'aria-live="polite">{description}</p>'
        f'<p class="explorer-status" id="explorer-{explorer.key}-status" '
        'role="status"></p>'
        f"{_table_html(explorer)}"
        f'<script type="application/json" class="explorer-data">'
        f"{_json_for_script(_data(explorer))}</script>"
        "</div>"
    )


@dataclass(frozen=True)
class ExplorerDisplay:
    """Show an explorer in a notebook cell as HTML.

    MyST-NB writes ``text/html`` outputs into the page as they are. It
    skips plotly's own ``application/vnd.plotly.v1+json`` output (seen
    with MyST-NB 1.4.0), so a plotly figure displayed the usual way would
    leave the page blank.

    Parameters
    ----------
    key : str
        A key of `EXPLORERS`.
    """

    key: str

    def _repr_html_(self) -> str:
        return explorer_html(EXPLORERS[self.key])


def plot_print_figure(explorer: Explorer, theme: Theme = "light") -> Figure:
    """Draw the static stand-in of an explorer for print.

    Parameters
    ----------
    explorer : Explorer
        Its `Explorer.print_settings` give the curves.
    theme : {"light", "dark"}, default "light"
        Colour theme, see `sigmoid_explainer.plotting.book_style`.

    Returns
    -------
    matplotlib.figure.Figure
        Two axes sharing x: the curves above, their derivatives below.

    Examples
    --------
    >>> from sigmoid_explainer.explorer import EXPLORERS, plot_print_figure
    >>> figure = plot_print_figure(EXPLORERS["bias"])
    >>> len(figure.axes[0].get_lines())
    5
    """
    with book_style(theme):
        figure = Figure(layout="constrained", figsize=(6.4, 5.0))
        top, bottom = figure.subplots(2, 1, sharex=True)
        for w, b in explorer.print_settings:
            curves = sample_curves(explorer.x, w, b)
            label = f"$w = {w:g}$, $b = {b:g}$"
            top.plot(explorer.x, curves["sigmoid"], label=label)
            bottom.plot(explorer.x, curves["derivative"], label=label)
            if explorer.mark_centre:
                centre, peak = float(curves["centre"]), float(curves["peak"])
                top.plot([centre], [0.5], "o", color="0.3")
                bottom.plot([centre], [peak], "D", color="0.3")
        top.set_ylabel(r"$\sigma(wx + b)$")
        top.legend(loc="upper left", fontsize="small")
        bottom.set_xlabel("$x$")
        bottom.set_ylabel(r"$\sigma'$ in $x$")
    return figure


def _bias_values() -> tuple[float, ...]:
    return tuple(float(b) for b in np.linspace(-5.0, 5.0, 21))


# The slopes follow a roughly geometric sequence of round numbers, so that
# equal slider moves change the steepness by similar factors.
SLOPES = (
    0.1,
    0.2,
    0.3,
    0.5,
    0.7,
    1.0,
    1.5,
    2.0,
    3.0,
    5.0,
    7.0,
    10.0,
    15.0,
    20.0,
    30.0,
    50.0,
)

EXPLORERS: dict[str, Explorer] = {
    # NOTE: for w = 50 the derivative's peak is about 0.07 wide at half
    # height, under two steps of this 0.05 grid, so it is drawn as a narrow
    # triangle. Its height is exact, because x = 0 is a grid point.
    "slope": Explorer(
        key="slope",
        title="Slope explorer: the sigmoid and its derivative for b = 0",
        sliders=(Slider("w", SLOPES, start=SLOPES.index(1.0)),),
        fixed={"b": 0.0},
        x=x_grid(10.0),
        print_settings=((0.5, 0.0), (1.0, 0.0), (2.0, 0.0), (5.0, 0.0)),
    ),
    "bias": Explorer(
        key="bias",
        title="Bias explorer: the sigmoid and its derivative for w = 1",
        sliders=(Slider("b", _bias_values(), start=10),),
        fixed={"w": 1.0},
        x=x_grid(10.0),
        print_settings=((1.0, -5.0), (1.0, -2.0), (1.0, 0.0), (1.0, 2.0), (1.0, 5.0)),
    ),
    # With these slopes and whole-number biases every centre -b / w lies on
    # the grid's 0.1 spacing, so the derivative curve passes through its
    # marked peak.
    "combined": Explorer(
        key="combined",
        title="Slope and bias explorer with the centre and the steepest slope",
        sliders=(
            Slider("w", (0.5, 1.0, 2.0, 5.0, 10.0), start=1),
            Slider("b", tuple(float(b) for b in range(-5, 6)), start=5),
        ),
        fixed={},
        x=x_grid(10.0, points_per_unit=10),
        print_settings=((1.0, -3.0), (2.0, 2.0), (5.0, -5.0)),
        mark_centre=True,
    ),
}
