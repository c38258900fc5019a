"""The execution cache: rebuilds stay fast and never serve stale outputs.

Every build here runs on a copy of the package, the pages, ``conf/`` and
``pyproject.toml`` in a temporary folder, with ``PYTHONPATH`` pointing at
the copy so that Sphinx and the kernels import the copied package. The
builds run with ``-j 2``, because parallel readers are the case in which
jupyter-cache's sqlite database used to race.
"""

from __future__ import annotations

import hashlib
import math
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from .conftest import Build, run_sphinx

ROOT = Path(__file__).resolve().parent.parent
COPIED = ("sigmoid_explainer", "docs", "conf", "pyproject.toml", "CITATION.cff")
EXECUTED = re.compile(r"^(\S+\.md): executed in ", re.MULTILINE)
MAX_FIGURE_BYTES = 200_000


@dataclass(frozen=True)
class BookCopy:
    """A copy of the book's sources in a temporary folder."""

    root: Path

    @property
    def html(self) -> Path:
        return self.root / "_build" / "html"

    def build(self, mode: str = "cache") -> Build:
        """Build the copy with ``-j 2`` in execution ``mode``."""
        env = {"PYTHONPATH": str(self.root), "SIGMOID_BOOK_EXECUTION": mode}
        return run_sphinx(
            self.root / "docs",
            self.html,
            "-j",
            "2",
            env=env,
            conf=self.root / "conf",
            cwd=self.root,
        )


def copy_book(target: Path) -> BookCopy:
    """Copy the sources that a build reads into ``target``."""
    for name in COPIED:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(
                source, target / name, ignore=shutil.ignore_patterns("__pycache__")
            )
        else:
            shutil.copy2(source, target / name)
    return BookCopy(target)


def notebook_pages(book: BookCopy) -> set[str]:
    """Return the names of the pages that have code cells."""
    return {
        page.name
        for page in (book.root / "docs").rglob("*.md")
        if "```{code-cell}" in page.read_text(encoding="utf-8")
    }


def output_of(result: Build) -> str:
    return result.output


def executed_pages(result: Build) -> set[str]:
    """Return the names of the pages that a build executed."""
    return {Path(path).name for path in EXECUTED.findall(output_of(result))}


def assert_clean(result: Build) -> None:
    output = output_of(result)
    assert result.returncode == 0, f"the build failed:\n{output[-6000:]}"
    assert "WARNING" not in output, f"the build warned:\n{output[-6000:]}"


def figure_digests(html: Path) -> dict[str, int]:
    """Map the SHA-256 of each SVG under ``html/_images`` to its size."""
    return {
        hashlib.sha256(path.read_bytes()).hexdigest(): path.stat().st_size
        for path in sorted((html / "_images").glob("*.svg"))
    }


@pytest.fixture(scope="module")
def cold_build(tmp_path_factory: pytest.TempPathFactory) -> BookCopy:
    """A copy of the book built cold once, in cache mode with ``-j 2``."""
    book = copy_book(tmp_path_factory.mktemp("cached-book"))
    result = book.build("cache")
    assert_clean(result)
    assert executed_pages(result) == notebook_pages(book)
    return book


@pytest.fixture(scope="module")
def cold_figures(cold_build: BookCopy) -> dict[str, int]:
    """The figures of the cold cached build, before any test edits the copy."""
    return figure_digests(cold_build.html)


@pytest.fixture
def cached_book(cold_build: BookCopy, cold_figures: dict[str, int]) -> BookCopy:
    """The cold cached build; tests may edit it and rebuild."""
    return cold_build


@pytest.fixture(scope="module")
def forced_book(tmp_path_factory: pytest.TempPathFactory) -> tuple[BookCopy, str]:
    """A copy of the book built in force mode with ``-j 2``, and the log."""
    book = copy_book(tmp_path_factory.mktemp("forced-book"))
    result = book.build("force")
    assert_clean(result)
    return book, output_of(result)


def test_unchanged_rebuild_starts_no_kernel(cached_book: BookCopy) -> None:
    result = cached_book.build("cache")

    assert_clean(result)
    assert "0 added, 0 changed, 0 removed" in output_of(result)
    assert executed_pages(result) == set()
    assert "Executing notebook" not in output_of(result)


def test_unchanged_rebuild_keeps_figure_files(cached_book: BookCopy) -> None:
    folder = cached_book.html / "_figures"
    before = {path.name: path.stat().st_mtime_ns for path in folder.iterdir()}

    result = cached_book.build("cache")

    assert_clean(result)
    assert "figure files in" in output_of(result)
    assert "are up to date" in output_of(result)
    after = {path.name: path.stat().st_mtime_ns for path in folder.iterdir()}
    assert len(before) >= 10
    assert after == before


def test_page_edit_executes_only_that_page(cached_book: BookCopy) -> None:
    page = cached_book.root / "docs" / "pros.md"
    page.write_text(
        page.read_text(encoding="utf-8")
        + "\n```{code-cell} ipython3\nprint('edited', 6 * 7)\n```\n",
        encoding="utf-8",
    )

    result = cached_book.build("cache")

    assert_clean(result)
    assert executed_pages(result) == {"pros.md"}
    assert "edited 42" in (cached_book.html / "pros.html").read_text(encoding="utf-8")


def test_package_change_reaches_page(cached_book: BookCopy) -> None:
    # The sigmoid page glues logit(0.99) = ln 99 as "saturation-x-w1:.3f".
    before = f"{math.log(99):.3f}"
    after = f"{math.log(99) + 1000:.3f}"
    page = cached_book.html / "sigmoid.html"
    assert f">{before}<" in page.read_text(encoding="utf-8")
    core = cached_book.root / "sigmoid_explainer" / "core.py"
    core.write_text(
        core.read_text(encoding="utf-8")
        + "\n\n_exact_logit = logit\n\n\n"
        + "def logit(p, *args, **kwargs):\n"
        + "    return _exact_logit(p, *args, **kwargs) + 1000\n",
        encoding="utf-8",
    )

    result = cached_book.build("cache")

    assert_clean(result)
    assert "sigmoid.md" in executed_pages(result)
    # The package draws the figure downloads, so they are drawn again.
    assert re.search(r"wrote \d+ figure files", output_of(result))
    html = page.read_text(encoding="utf-8")
    assert f">{after}<" in html
    assert f">{before}<" not in html


def test_force_mode_parallel_build_is_clean(
    forced_book: tuple[BookCopy, str],
) -> None:
    book, output = forced_book

    assert "sigmoid.md" in {Path(path).name for path in EXECUTED.findall(output)}
    assert not list(book.root.glob("_build/.jupyter_cache/*/global.db"))


def test_figures_identical_across_builds(
    forced_book: tuple[BookCopy, str], cold_figures: dict[str, int]
) -> None:
    forced_figures = figure_digests(forced_book[0].html)

    assert len(cold_figures) >= 5
    assert forced_figures == cold_figures


def test_figures_under_size_limit(cold_figures: dict[str, int]) -> None:
    assert cold_figures
    assert max(cold_figures.values()) <= MAX_FIGURE_BYTES


def test_invalid_execution_mode_is_rejected(tmp_path: Path) -> None:
    # TMPDIR keeps Sphinx's error log (sphinx-err-*.log) inside tmp_path.
    env = {"SIGMOID_BOOK_EXECUTION": "forc", "TMPDIR": str(tmp_path)}
    build = run_sphinx(ROOT / "docs", tmp_path / "html", env=env)

    assert build.returncode != 0
    assert (
        "ConfigError: SIGMOID_BOOK_EXECUTION='forc' is not a valid execution mode"
        in build.output
    )
    assert "Set it to one of cache, force" in build.output
    assert "programmable error" not in build.output
