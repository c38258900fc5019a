"""Measure how long the book takes to build, cold and incrementally.

Usage (``nox -s bench_book`` runs it in the bench environment)::

    python tests/bench/bench_book.py [--runs 3] [--parallel-trials 10]
                                     [--nox PATH]

Each run builds a fresh copy of ``docs/`` under ``_build/bench`` with the
real ``conf/`` and times, one after the other:

- a cold build in cache mode (the default);
- a rebuild with nothing changed;
- a rebuild after adding a code cell to one page;
- a rebuild with ``-E`` that rereads every page from the warm cache, which
  is Sphinx's own time with no execution;
- a cold build in force mode, which executes every page into a scratch cache.

It then times a kernel that runs one empty cell, the start-up cost that
each executed page pays. The script prints the median of each figure over
the runs, measured side by side in the same process. ``--parallel-trials
N`` also makes N cold builds with ``-j 2`` in each execution mode and
counts the failures. ``--nox PATH`` times ``nox -s docs`` with nothing
changed, the command an author runs.
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
WORK = ROOT / "_build" / "bench"
EDITED_PAGE = "pros.md"
PRE_EXECUTION = re.compile(
    r"executed (\d+) pages with \d+ kernels at a time in ([\d.]+) s wall time, "
    r"([\d.]+) s summed over pages"
)
MYST_NB_EXECUTION = re.compile(r"Executed notebook in ([\d.]+) seconds")


@dataclass
class Figures:
    """Seconds measured in each run, by figure name."""

    seconds: dict[str, list[float]] = field(default_factory=dict)

    def add(self, name: str, value: float) -> None:
        self.seconds.setdefault(name, []).append(value)

    def median(self, name: str) -> float:
        return statistics.median(self.seconds[name])


@dataclass(frozen=True)
class Build:
    """One ``sphinx-build`` run."""

    wall: float
    cpu: float
    output: str
    returncode: int


def sphinx(source: Path, out: Path, mode: str, *extra: str) -> Build:
    """Run one strict build and time it.

    ``cpu`` is the user and system time of the build and of the kernels it
    started, which varies less than wall time on a busy machine.
    """
    command = [
        sys.executable,
        "-m",
        "sphinx",
        "-b",
        "html",
        "-n",
        "-W",
        "--keep-going",
        "-c",
        str(ROOT / "conf"),
        *extra,
        str(source),
        str(out),
    ]
    env = {**os.environ, "SIGMOID_BOOK_EXECUTION": mode}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    completed = subprocess.run(
        command, capture_output=True, text=True, env=env, check=False
    )
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    output = completed.stdout + completed.stderr
    return Build(wall, cpu, output, completed.returncode)


def checked(build: Build, label: str) -> Build:
    if build.returncode != 0 or "WARNING" in build.output:
        sys.exit(f"the {label} build failed or warned:\n{build.output[-4000:]}")
    return build


def fresh_copy(folder: Path) -> Path:
    """Copy the pages into an empty ``folder`` and return the copy."""
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    shutil.copytree(ROOT / "docs", folder / "docs")
    return folder / "docs"


def pages_with_code(docs: Path) -> list[Path]:
    return [
        page
        for page in sorted(docs.rglob("*.md"))
        if "```{code-cell}" in page.read_text(encoding="utf-8")
    ]


def edit_page(page: Path, run: int) -> None:
    """Add a code cell whose source differs in every run."""
    cell = f"\n```{{code-cell}} ipython3\nprint('benchmark edit', {run})\n```\n"
    page.write_text(page.read_text(encoding="utf-8") + cell, encoding="utf-8")


def add_build(figures: Figures, name: str, build: Build) -> None:
    figures.add(name, build.wall)
    figures.add(f"{name}, CPU", build.cpu)


def measure_run(run: int, figures: Figures) -> None:
    folder = WORK / "run"
    docs = fresh_copy(folder)
    html = folder / "html"

    build = checked(sphinx(docs, html, "cache"), "cold")
    add_build(figures, "cold build", build)
    match = PRE_EXECUTION.search(build.output)
    if match is None:
        sys.exit(f"the cold build executed no page:\n{build.output[-4000:]}")
    figures.add("execution, wall", float(match[2]))
    figures.add("execution, summed over pages", float(match[3]))

    build = checked(sphinx(docs, html, "cache"), "no-change")
    if PRE_EXECUTION.search(build.output) or MYST_NB_EXECUTION.search(build.output):
        sys.exit("the rebuild with nothing changed executed a page")
    add_build(figures, "rebuild, nothing changed", build)

    edit_page(docs / EDITED_PAGE, run)
    build = checked(sphinx(docs, html, "cache"), "one-page edit")
    match = PRE_EXECUTION.search(build.output)
    if match is None or match[1] != "1":
        sys.exit(f"the one-page edit did not execute one page:\n{build.output}")
    add_build(figures, "rebuild, one page edited", build)

    build = checked(sphinx(docs, html, "cache", "-E"), "no-execution")
    if PRE_EXECUTION.search(build.output) or MYST_NB_EXECUTION.search(build.output):
        sys.exit("the -E rebuild executed a page although the cache is warm")
    add_build(figures, "Sphinx alone, all pages, no execution", build)

    docs = fresh_copy(folder)
    build = checked(sphinx(docs, html, "force"), "force")
    add_build(figures, "cold build, force mode", build)
    # Force mode executes into a scratch cache before reading, and reports
    # it as cache mode does.
    match = PRE_EXECUTION.search(build.output)
    if match is None:
        sys.exit(f"the force-mode build executed no page:\n{build.output[-4000:]}")
    figures.add("execution in force mode, summed", float(match[3]))


def kernel_overhead(runs: int) -> list[float]:
    """Time a kernel that starts, runs one empty cell and stops.

    This is the fixed cost that every executed page pays, in the same
    environment and through the same jupyter-cache call as the build.
    """
    import nbformat
    from jupyter_cache.executors.utils import single_nb_execution

    seconds = []
    for _ in range(runs):
        notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("")])
        notebook.metadata["kernelspec"] = {
            "name": "python3",
            "display_name": "Python 3",
            "language": "python",
        }
        started = time.perf_counter()
        result = single_nb_execution(
            notebook, cwd=str(ROOT), timeout=120, allow_errors=False
        )
        seconds.append(time.perf_counter() - started)
        if result.err is not None:
            sys.exit(f"the empty notebook failed: {result.err!r}")
    return seconds


def parallel_trials(trials: int) -> dict[str, int]:
    """Count failed or warning cold builds with ``-j 2`` in each mode."""
    failures = {}
    for mode in ("cache", "force"):
        failures[mode] = 0
        for _ in range(trials):
            folder = WORK / "parallel"
            docs = fresh_copy(folder)
            build = sphinx(docs, folder / "html", mode, "-j", "2")
            if build.returncode != 0 or "WARNING" in build.output:
                failures[mode] += 1
                print(f"-j 2 {mode} build failed:\n{build.output[-2000:]}")
    return failures


def time_nox(nox: str, runs: int) -> list[float]:
    """Time ``nox -s docs`` with nothing changed, after one warm-up run."""
    command = [nox, "-s", "docs"]
    subprocess.run(command, cwd=ROOT, check=True, capture_output=True)
    seconds = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(command, cwd=ROOT, check=True, capture_output=True)
        seconds.append(time.perf_counter() - started)
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="runs per figure")
    parser.add_argument(
        "--parallel-trials",
        type=int,
        default=0,
        help="cold -j 2 builds per execution mode (default: none)",
    )
    parser.add_argument("--nox", help="path of nox, to time 'nox -s docs'")
    args = parser.parse_args()
    if args.runs < 1:
        parser.error(f"--runs must be at least 1, got {args.runs}")

    figures = Figures()
    for run in range(args.runs):
        measure_run(run, figures)
        print(f"run {run + 1} of {args.runs} done", flush=True)

    print(f"\nmedians of {args.runs} runs, in seconds, on {os.cpu_count()} cores")
    for name in figures.seconds:
        print(f"  {name:<44} {figures.median(name):7.2f}")
    cold = figures.median("cold build")
    alone = figures.median("Sphinx alone, all pages, no execution")
    for kind in ("wall", "summed over pages"):
        execution = figures.median(f"execution, {kind}")
        ratio = cold / (execution + alone)
        label = f"cold / (execution {kind} + Sphinx alone)"
        print(f"  {label:<44} {ratio:7.2f}")

    kernel = statistics.median(kernel_overhead(args.runs))
    pages = len(pages_with_code(ROOT / "docs"))
    print(f"  {'kernel start and stop, one page':<44} {kernel:7.2f}")
    print(f"  {'  times the pages with code cells':<44} {kernel * pages:7.2f}")

    if args.nox:
        seconds = time_nox(args.nox, args.runs)
        median = statistics.median(seconds)
        print(f"  {'nox -s docs, nothing changed':<44} {median:7.2f}")

    if args.parallel_trials:
        failures = parallel_trials(args.parallel_trials)
        for mode, count in failures.items():
            print(f"  -j 2 cold builds in {mode} mode: {count} of ", end="")
            print(f"{args.parallel_trials} failed")


if __name__ == "__main__":
    main()
