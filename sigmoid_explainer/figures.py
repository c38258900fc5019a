"""The registry of the book's figures, keyed by their labels.

A page draws a figure with ``draw(label)`` and the command line writes
the same figure to a file, so both go through one function.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from matplotlib.figure import Figure

from . import experiment_plots, explorer, plotting
from .figure_info import BOOK_AUTHORS as BOOK_AUTHORS
from .figure_info import BOOK_TITLE as BOOK_TITLE
from .figure_info import CREDIT as CREDIT
from .figure_info import FIGURE_LABELS
from .figure_info import FILE_FORMATS as FILE_FORMATS
from .figure_info import LICENCE as LICENCE
from .figure_info import LICENCE_URL as LICENCE_URL
from .figure_info import FileFormat as FileFormat
from .plotting import Theme, book_style

FIGURES: dict[str, Callable[[Theme], Figure]] = {
    "fig-slope-family": lambda theme: plotting.plot_slope_family(theme=theme),
    "fig-bias-family": lambda theme: plotting.plot_bias_family(theme=theme),
    "fig-near-step": lambda theme: plotting.plot_curves(
        [(99.0, -9.0), (99.0, 9.0)], theme=theme
    ),
    "fig-derivative-w1": lambda theme: plotting.plot_with_derivative(
        w=1.0, theme=theme
    ),
    "fig-derivative-w9": lambda theme: plotting.plot_with_derivative(
        w=9.0, theme=theme
    ),
    # -- Experiments on the pros, cons and context pages --
    "fig-sigmoid-bump": lambda theme: experiment_plots.plot_bump(theme=theme),
    "fig-xor-network": lambda theme: experiment_plots.plot_xor(theme=theme),
    "fig-step-comparison": lambda theme: experiment_plots.plot_step_comparison(
        theme=theme
    ),
    "fig-logistic-regression": lambda theme: experiment_plots.plot_logistic_regression(
        theme=theme
    ),
    "fig-deep-chain": lambda theme: experiment_plots.plot_deep_chain(theme=theme),
    "fig-zigzag": lambda theme: experiment_plots.plot_zigzag(theme=theme),
    "fig-saturation": lambda theme: experiment_plots.plot_saturation(theme=theme),
    "fig-derivative-collapse": lambda theme: experiment_plots.plot_derivative_collapse(
        theme=theme
    ),
    "fig-activations": lambda theme: experiment_plots.plot_activations(theme=theme),
    # Static stand-ins for the interactive explorers, shown in print.
    "fig-explorer-slope": lambda theme: explorer.plot_print_figure(
        explorer.EXPLORERS["slope"], theme=theme
    ),
    "fig-explorer-bias": lambda theme: explorer.plot_print_figure(
        explorer.EXPLORERS["bias"], theme=theme
    ),
    "fig-explorer-combined": lambda theme: explorer.plot_print_figure(
        explorer.EXPLORERS["combined"], theme=theme
    ),
}

if tuple(FIGURES) != FIGURE_LABELS:
    raise RuntimeError(
        "FIGURES and figure_info.FIGURE_LABELS list different labels; "
        "keep both in the same order"
    )


def draw(label: str, theme: Theme = "light") -> Figure:
    """Draw the book figure named ``label``.

    Parameters
    ----------
    label : str
        A key of `FIGURES`, the same label the page uses for the figure.
    theme : {"light", "dark"}, default "light"
        Colour theme, see `sigmoid_explainer.plotting.book_style`.

    Returns
    -------
    matplotlib.figure.Figure

    Raises
    ------
    KeyError
        If no figure has that label. The message lists the labels.

    Examples
    --------
    >>> from sigmoid_explainer.figures import draw
    >>> draw("fig-slope-family").axes[0].get_xlabel()
    '$x$'
    """
    if label not in FIGURES:
        known = ", ".join(sorted(FIGURES))
        raise KeyError(f"no book figure is labelled {label!r}; known labels: {known}")
    return FIGURES[label](theme)


def to_svg(figure: Figure) -> str:
    """Render ``figure`` as SVG text that is identical from run to run.

    The date is left out of the metadata, and `book_style` fixes the hash
    salt of the element ids, so the same figure gives the same bytes.

    Parameters
    ----------
    figure : matplotlib.figure.Figure

    Returns
    -------
    str
        The SVG document.
    """
    buffer = io.StringIO()
    with book_style():
        figure.savefig(buffer, format="svg", metadata={"Date": None})
    return buffer.getvalue()


@dataclass(frozen=True)
class BookFigure:
    """A book figure that notebooks display as SVG.

    Jupyter and MyST-NB's ``glue`` call `_repr_mimebundle_`, so a cell can
    show a figure without pyplot or an inline backend.

    Parameters
    ----------
    label : str
        A key of `FIGURES`.
    theme : {"light", "dark"}, default "light"
        Colour theme.
    """

    label: str
    theme: Theme = "light"

    def _repr_mimebundle_(
        self, include: object = None, exclude: object = None
    ) -> dict[str, str]:
        figure = draw(self.label, self.theme)
        return {
            "image/svg+xml": to_svg(figure),
            "text/plain": f"<book figure {self.label}>",
        }


# -- Saving figures for reuse ------------------------------------------------


def file_metadata(label: str, file_format: FileFormat) -> dict[str, str | None]:
    """Return the metadata that credits the book in a saved figure file.

    Each format has its own set of keys: Dublin Core names for SVG, the
    document information dictionary for PDF and text chunks for PNG. Dates
    are left out, so that an unchanged figure gives identical bytes.

    Parameters
    ----------
    label : str
        The figure's label, used as its title.
    file_format : {"svg", "pdf", "png"}
        The format of the file.

    Returns
    -------
    dict
        The ``metadata`` argument of `matplotlib.figure.Figure.savefig`.

    Raises
    ------
    ValueError
        If `file_format` is not one of `FILE_FORMATS`.

    Examples
    --------
    >>> from sigmoid_explainer.figures import file_metadata
    >>> file_metadata("fig-slope-family", "png")["Copyright"]
    'CC BY 4.0, The sigmoid-explainer authors'
    """
    if file_format == "svg":
        return {
            "Title": label,
            "Creator": BOOK_AUTHORS,
            "Rights": CREDIT,
            "Source": BOOK_TITLE,
            "Date": None,
        }
    if file_format == "pdf":
        return {
            "Title": label,
            "Author": BOOK_AUTHORS,
            "Subject": CREDIT,
            "CreationDate": None,
        }
    if file_format == "png":
        return {
            "Title": label,
            "Author": BOOK_AUTHORS,
            "Copyright": f"{LICENCE}, {BOOK_AUTHORS}",
            "Description": CREDIT,
            "Source": BOOK_TITLE,
        }
    raise ValueError(
        f"file_format must be one of {', '.join(FILE_FORMATS)}, got {file_format!r}"
    )


def save(
    label: str,
    path: str | Path,
    file_format: FileFormat = "svg",
    theme: Theme = "light",
    dpi: float | None = None,
) -> Path:
    """Draw the book figure ``label`` and write it to ``path``.

    The file carries the credit line `CREDIT` in its metadata.

    Parameters
    ----------
    label : str
        A key of `FIGURES`.
    path : str or pathlib.Path
        The file to write. An existing file is replaced.
    file_format : {"svg", "pdf", "png"}, default "svg"
        The file format, independent of the suffix of `path`.
    theme : {"light", "dark"}, default "light"
        Colour theme.
    dpi : float, optional
        Pixels per inch of a PNG file; 100 (the book's ``figure.dpi``) by
        default. SVG and PDF are vector formats and ignore it.

    Returns
    -------
    pathlib.Path
        The path written.

    Raises
    ------
    KeyError
        If no figure has that label.
    ValueError
        If `file_format` is not one of `FILE_FORMATS`.
    OSError
        If the file cannot be written.

    Examples
    --------
    >>> import tempfile
    >>> from pathlib import Path
    >>> from sigmoid_explainer.figures import save
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     written = save("fig-slope-family", Path(folder) / "f.pdf", "pdf")
    ...     print(written.name, written.read_bytes()[:5])
    f.pdf b'%PDF-'
    """
    metadata = file_metadata(label, file_format)
    figure = draw(label, theme)
    target = Path(path)

    with book_style(theme):
        figure.savefig(target, format=file_format, dpi=dpi, metadata=metadata)
    return target
