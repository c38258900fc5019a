"""The labels, file formats and credit line of the book's figures.

This module imports no drawing library, so the command line can check
its options and print its help without the start-up time of matplotlib.
`sigmoid_explainer.figures` draws the figures and re-exports these names.
"""

from __future__ import annotations

from typing import Literal

# The keys of sigmoid_explainer.figures.FIGURES, in the same order. That
# module raises RuntimeError on import if the two differ.
FIGURE_LABELS: tuple[str, ...] = (
    "fig-slope-family",
    "fig-bias-family",
    "fig-near-step",
    "fig-derivative-w1",
    "fig-derivative-w9",
    "fig-sigmoid-bump",
    "fig-xor-network",
    "fig-step-comparison",
    "fig-logistic-regression",
    "fig-deep-chain",
    "fig-zigzag",
    "fig-saturation",
    "fig-derivative-collapse",
    "fig-activations",
    "fig-explorer-slope",
    "fig-explorer-bias",
    "fig-explorer-combined",
)

FileFormat = Literal["svg", "pdf", "png"]

FILE_FORMATS: tuple[FileFormat, ...] = ("svg", "pdf", "png")

BOOK_TITLE = "The sigmoid function, explained"
BOOK_AUTHORS = "The sigmoid-explainer authors"
LICENCE = "CC BY 4.0"
LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/"
CREDIT = (
    f"Figure from {BOOK_TITLE!r} by {BOOK_AUTHORS}, "
    f"licensed under {LICENCE} ({LICENCE_URL})."
)
