"""Shared fixtures: a real build of the book, made once per test run."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import settings

# The test machines are shared and their timings vary, so a slow example
# is not a failure. Speed is measured by the bench sessions instead.
settings.register_profile("sigmoid-explainer", deadline=None)
settings.load_profile("sigmoid-explainer")

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
CONF = ROOT / "conf"

CHAPTERS = ("index", "intro", "sigmoid", "pros", "cons", "derivative", "api")

# -- Sigmoid in context: tanh, ReLU and the gradient checks --
CHAPTERS += ("context",)


@dataclass(frozen=True)
class Build:
    """The result of one ``sphinx-build`` run."""

    returncode: int
    output: str
    html: Path


def run_sphinx(
    source: Path, out: Path, *extra: str, env: Mapping[str, str] | None = None
) -> Build:
    """Build the HTML book from ``source`` into ``out`` with the strict flags.

    ``env`` sets environment variables for the build, on top of the test
    run's own environment.
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
        str(CONF),
        *extra,
        str(source),
        str(out),
    ]
    completed = subprocess.run(
        command,
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
        env={**os.environ, **(env or {})},
    )
    return Build(completed.returncode, completed.stdout + completed.stderr, out)


@pytest.fixture(scope="session")
def built_book(tmp_path_factory: pytest.TempPathFactory) -> Build:
    """Build the book once into a temporary folder and fail fast if it breaks."""
    out = tmp_path_factory.mktemp("book") / "html"
    build = run_sphinx(DOCS, out)
    assert build.returncode == 0, f"the book failed to build:\n{build.output[-6000:]}"
    return build
