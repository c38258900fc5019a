"""The command line of the package: ``python -m sigmoid_explainer``.

``figures`` writes the book's figures to files for slides and handouts.
Every option is checked before any figure is drawn, and matplotlib is
imported only then, so ``--help`` and option errors return quickly. The
files are written to a hidden staging folder inside the output folder
first, and they are moved into place only when all of them succeeded, so
a failure, Ctrl-C (SIGINT) or SIGTERM leaves no partial files.
"""

from __future__ import annotations

import argparse
import errno
import importlib.metadata
import shutil
import signal
import sys
import tempfile
import textwrap
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .figure_info import FIGURE_LABELS, FILE_FORMATS, LICENCE, FileFormat

if TYPE_CHECKING:
    from .plotting import Theme

MAX_DPI = 1200
DISTRIBUTION = "sigmoid-explainer"
STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)


class _Stopped(BaseException):
    """The exception that the signal handler of `main` raises.

    It derives from BaseException, like KeyboardInterrupt, so that only
    clean-up code catches it on its way to `main`.
    """

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


class _HelpFormatter(argparse.HelpFormatter):
    """Wrap help text at spaces only, and each line of a text on its own.

    argparse's default formatter breaks words at hyphens, which split the
    figure labels, and joins all lines of a description or epilog.
    """

    def _split_lines(self, text: str, width: int) -> list[str]:
        return textwrap.wrap(
            " ".join(text.split()),
            width,
            break_on_hyphens=False,
            break_long_words=False,
        )

    def _fill_text(self, text: str, width: int, indent: str) -> str:
        lines = []
        for line in text.splitlines():
            words = line.lstrip()
            line_indent = indent + line[: len(line) - len(words)]
            lines.append(
                textwrap.fill(
                    " ".join(words.split()),
                    width,
                    initial_indent=line_indent,
                    subsequent_indent=line_indent,
                    break_on_hyphens=False,
                    break_long_words=False,
                )
            )
        return "\n".join(lines)


def _distribution_version() -> str:
    try:
        return importlib.metadata.version(DISTRIBUTION)
    except importlib.metadata.PackageNotFoundError:
        return f"(version unknown: the {DISTRIBUTION} distribution is not installed)"


def _folder_fix(error: OSError) -> str:
    """Return the fix to suggest for ``error``, chosen by its errno."""
    if error.errno == errno.ENAMETOOLONG:
        return "give a shorter folder name"
    return "choose a folder you can write to"


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


def build_parser(prog: str | None = None) -> argparse.ArgumentParser:
    """Build the argument parser of the command line.

    Parameters
    ----------
    prog : str, optional
        The program name in the usage line and in messages. argparse's
        default, the file name of ``sys.argv[0]``, fits an installed
        command such as ``sigmoid-explainer``.
    """
    parser = argparse.ArgumentParser(
        prog=prog,
        description="Tools for the sigmoid book.",
        formatter_class=_HelpFormatter,
    )
    parser.add_argument(
        "--version",
        action="version",
        version=f"%(prog)s {_distribution_version()}",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    labels = "".join(f"\n  {label}" for label in FIGURE_LABELS)
    figures = commands.add_parser(
        "figures",
        formatter_class=_HelpFormatter,
        help="write the book's figures to files",
        description=(
            "Write every figure of the book to DIR, one file per figure, named "
            "after its label (for example fig-slope-family.svg). The figures "
            "are drawn by the same code as in the book. Each file carries a "
            f"credit line and the licence ({LICENCE}) in its metadata. Files "
            "of the same name in DIR are replaced; nothing is written unless "
            "every figure succeeds."
        ),
        epilog=f"Figure labels:{labels}",
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
        help="write only the figures with these labels, listed below; may be repeated",
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

    labels: list[str] = list(dict.fromkeys(options.only or FIGURE_LABELS))
    unknown = [label for label in labels if label not in FIGURE_LABELS]
    if unknown:
        parser.error(
            f"unknown figure label {', '.join(map(repr, unknown))} in --only; "
            f"choose from: {', '.join(FIGURE_LABELS)}"
        )

    out: Path = options.out
    try:
        is_file = out.exists() and not out.is_dir()
    except OSError as error:
        # exists() returns False for a missing path, but raises for a name
        # that is too long or a parent folder that cannot be searched.
        parser.error(
            f"cannot check --out {str(out)!r}: {error.strerror or error}; "
            f"{_folder_fix(error)}"
        )
    if is_file:
        parser.error(f"--out {str(out)!r} is a file, not a folder; give a folder")
    return labels


@contextmanager
def _signals_deferred() -> Iterator[None]:
    """Hold SIGINT and SIGTERM back until the block ends, where supported.

    A handler that ran between a move and its record in the list of
    written files would leave a file behind that the clean-up misses.
    """
    if not hasattr(signal, "pthread_sigmask"):
        # NOTE: on Windows a signal during the moves can leave one file.
        yield
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, STOP_SIGNALS)
    try:
        yield
    finally:
        # A held signal is handled here, so its exception reaches the
        # clean-up of write_figures.
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


@contextmanager
def _stop_on_signals() -> Iterator[None]:
    """Raise `_Stopped` on SIGINT or SIGTERM while the block runs.

    The default action of SIGTERM ends the process at once, which would
    leave the staging folder behind. After the first signal, both signals
    are ignored until the block ends, so a second Ctrl-C cannot cut the
    clean-up short. A signal that the process ignores, as a background job
    of a shell ignores SIGINT, stays ignored. Only the main thread may set
    signal handlers, so in other threads the block runs unchanged.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def stop(signum: int, frame: object) -> None:
        for number in previous:
            signal.signal(number, signal.SIG_IGN)
        raise _Stopped(signum)

    previous: dict[signal.Signals, Any] = {}
    for number in STOP_SIGNALS:
        handler = signal.getsignal(number)
        # None is a handler installed outside Python, which stays in place.
        if handler is not None and handler != signal.SIG_IGN:
            previous[number] = handler
            signal.signal(number, stop)
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)


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
        The same clean-up runs for any other exception, such as
        KeyboardInterrupt.
    """
    from .figures import save

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

            with _signals_deferred():
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


def main(argv: Sequence[str] | None = None, prog: str | None = None) -> int:
    """Run the command line and return its exit status.

    Parameters
    ----------
    argv : sequence of str, optional
        The arguments after the program name; ``sys.argv[1:]`` by default.
    prog : str, optional
        The program name for the usage line, see `build_parser`.

    Returns
    -------
    int
        0 on success, 1 if the files could not be written, and 128 plus
        the signal number (130 for SIGINT, 143 for SIGTERM) if a signal
        stopped the run. Invalid options exit with status 2 through
        `argparse`.
    """
    parser = build_parser(prog)
    try:
        with _stop_on_signals():
            options = parser.parse_args(argv)
            labels = _check_figure_options(options)
            try:
                written = write_figures(
                    labels, options.out, options.format, options.style, options.dpi
                )
            except OSError as error:
                print(
                    f"{options.command_parser.prog}: error: cannot write the "
                    f"figures to {str(options.out)!r}: {error.strerror or error}; "
                    f"{_folder_fix(error)}",
                    file=sys.stderr,
                )
                return 1
    except _Stopped as stop:
        name = signal.Signals(stop.signum).name
        print(
            f"{parser.prog}: stopped by {name}; no figures were written",
            file=sys.stderr,
        )
        return 128 + stop.signum

    for path in written:
        print(path)
    return 0
