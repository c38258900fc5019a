"""The command line of the package: ``python -m sigmoid_explainer``.

``figures`` writes the book's figures to files for slides and handouts.
Every option is checked before any figure is drawn. The files are written
to a hidden staging folder inside the output folder first, and they are
moved into place only when all of them succeeded, so a failure leaves no
partial files.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

from .figures import FIGURES, FILE_FORMATS, LICENCE, FileFormat, save
from .plotting import Theme

MAX_DPI = 1200


def _dpi(text: str) -> int:
    """Parse the ``--dpi`` value, a whole number from 1 to `MAX_DPI`."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"invalid dpi {text!r}: give a whole number such as 300"
        ) from None
    if not 1 <= value <= MAX_DPI:
        raise argparse.ArgumentTypeError(
            f"invalid dpi {value}: give a whole number from 1 to {MAX_DPI}"
        )
    return value


def _folder(text: str) -> Path:
    """Parse the ``--out`` value, a folder name that is not empty."""
    # Path("") is ".", which would write into the current folder unasked.
    if not text.strip():
        raise argparse.ArgumentTypeError(
            "the folder name is empty: give a folder such as --out figures, "
            "or --out . for the current folder"
        )
    return Path(text)


def build_parser() -> argparse.ArgumentParser:
    """Build the argument parser of ``python -m sigmoid_explainer``."""
    parser = argparse.ArgumentParser(
        prog="python -m sigmoid_explainer",
        description="Tools for the sigmoid book.",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    labels = ", ".join(FIGURES)
    figures = commands.add_parser(
        "figures",
        help="write the book's figures to files",
        description=(
            "Write every figure of the book to DIR, one file per figure, named "
            "after its label (for example fig-slope-family.svg). The figures "
            "are drawn by the same code as in the book. Each file carries a "
            f"credit line and the licence ({LICENCE}) in its metadata. Files "
            "of the same name in DIR are replaced; nothing is written unless "
            "every figure succeeds."
        ),
        epilog=f"Figure labels: {labels}.",
    )
    # Errors in these options print the usage of `figures`, not of the tool.
    figures.set_defaults(command_parser=figures)
    figures.add_argument(
        "--out",
        required=True,
        type=_folder,
        metavar="DIR",
        help="folder to write the files to; it is created if it does not exist",
    )
    figures.add_argument(
        "--format",
        choices=FILE_FORMATS,
        default="svg",
        help="file format; svg and pdf are vector formats for slides "
        "(default: %(default)s)",
    )
    figures.add_argument(
        "--dpi",
        type=_dpi,
        metavar="N",
        help="resolution of png files in pixels per inch, from 1 to "
        f"{MAX_DPI} (default: 100); only valid with --format png",
    )
    figures.add_argument(
        "--style",
        choices=("light", "dark"),
        default="light",
        help="colour theme: dark text on white, or light text on a dark "
        "background (default: %(default)s)",
    )
    figures.add_argument(
        "--only",
        nargs="+",
        action="extend",
        metavar="LABEL",
        help="write only the figures with these labels; may be repeated",
    )
    return parser


def _check_figure_options(options: argparse.Namespace) -> list[str]:
    """Reject inconsistent options and return the labels to draw."""
    parser: argparse.ArgumentParser = options.command_parser
    if options.dpi is not None and options.format != "png":
        parser.error(
            f"--dpi applies to png files only, but --format is {options.format}; "
            "drop --dpi or add --format png"
        )

    labels: list[str] = list(dict.fromkeys(options.only or FIGURES))
    unknown = [label for label in labels if label not in FIGURES]
    if unknown:
        parser.error(
            f"unknown figure label {', '.join(map(repr, unknown))} in --only; "
            f"choose from: {', '.join(FIGURES)}"
        )

    out: Path = options.out
    if out.exists() and not out.is_dir():
        parser.error(f"--out {str(out)!r} is a file, not a folder; give a folder")
    return labels


def write_figures(
    labels: Sequence[str],
    out: Path,
    file_format: FileFormat,
    theme: Theme,
    dpi: int | None,
) -> list[Path]:
    """Write the figures ``labels`` into ``out`` as one all-or-nothing step.

    Parameters
    ----------
    labels : sequence of str
        Keys of `sigmoid_explainer.figures.FIGURES`.
    out : pathlib.Path
        The output folder. It is created, with its parents, if missing.
    file_format : {"svg", "pdf", "png"}
        The file format.
    theme : {"light", "dark"}
        Colour theme.
    dpi : int or None
        Resolution of png files.

    Returns
    -------
    list of pathlib.Path
        The files written, in the order of `labels`.

    Raises
    ------
    OSError
        If the folder cannot be created or written. No figure file is left
        behind, and a folder that this call created is removed again.
    """
    missing = [parent for parent in (out, *out.parents) if not parent.exists()]
    out.mkdir(parents=True, exist_ok=True)

    written: list[Path] = []
    try:
        # The staging folder is inside `out`, on the same file system, so
        # that each move below is a rename.
        with tempfile.TemporaryDirectory(prefix=".figures-", dir=out) as staging:
            staged = []
            for label in labels:
                path = Path(staging) / f"{label}.{file_format}"
                staged.append(save(label, path, file_format, theme, dpi))

            for path in staged:
                target = out / path.name
                path.replace(target)
                written.append(target)
    except BaseException:
        for path in written:
            path.unlink(missing_ok=True)
        for folder in missing:
            shutil.rmtree(folder, ignore_errors=True)
        raise
    return written


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line and return its exit status.

    Parameters
    ----------
    argv : sequence of str, optional
        The arguments after the program name; ``sys.argv[1:]`` by default.

    Returns
    -------
    int
        0 on success, 1 if the files could not be written. Invalid options
        exit with status 2 through `argparse`.
    """
    parser = build_parser()
    options = parser.parse_args(argv)

    labels = _check_figure_options(options)
    try:
        written = write_figures(
            labels, options.out, options.format, options.style, options.dpi
        )
    except OSError as error:
        print(
            f"error: cannot write the figures to {str(options.out)!r}: "
            f"{error.strerror or error}; choose a folder you can write to",
            file=sys.stderr,
        )
        return 1

    for path in written:
        print(path)
    return 0
