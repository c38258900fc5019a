"""Build the sigmoid book and run its checks.

``nox -s docs`` builds the HTML book into ``_build/html``;
``nox -s tests`` runs the whole test suite, including the browser tests.
"""

from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path

import nox

ROOT = Path(__file__).parent
PYPROJECT = nox.project.load_toml("pyproject.toml")
BUILD = ROOT / "_build"

nox.needs_version = ">=2025.2.9"
nox.options.default_venv_backend = "uv|virtualenv"
nox.options.reuse_venv = "yes"
nox.options.sessions = ["lint", "doctest", "tests"]

SPHINX_STRICT = ["-n", "-W", "--keep-going", "-c", "conf"]


def install(session: nox.Session, group: str) -> None:
    """Install one dependency group of pyproject.toml and the package.

    A reused environment that a stamp shows was installed from the same
    pyproject.toml is left as it is, which saves about a second on every
    rerun. The package is installed in editable mode, so edits to its
    source need no reinstall.
    """
    stamp = Path(session.virtualenv.location) / f"installed-{group}.sha256"
    digest = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if stamp.is_file() and stamp.read_text(encoding="utf-8") == digest:
        session.log(f"The {group!r} dependencies are installed and unchanged.")
        return

    stamp.unlink(missing_ok=True)
    # Compiled bytecode in the environment: with PYTHONDONTWRITEBYTECODE set,
    # every Sphinx run and every kernel would otherwise compile its imports.
    session.install(
        *nox.project.dependency_groups(PYPROJECT, group),
        env={"UV_COMPILE_BYTECODE": "1"},
    )
    session.install("--no-deps", "-e", ".")
    write_stamp(session, stamp, digest)


def write_stamp(session: nox.Session, stamp: Path, text: str) -> None:
    """Write ``text`` to ``stamp`` as an install step.

    Install steps run under --install-only and are skipped under
    --no-install, so a skipped install never leaves a stamp behind.
    """
    session.run_install(
        "python",
        "-c",
        "import pathlib, sys; pathlib.Path(sys.argv[1]).write_text(sys.argv[2])",
        str(stamp),
        text,
        silent=True,
    )


@nox.session
def docs(session: nox.Session) -> None:
    """Build the HTML book into _build/html, failing on any warning.

    Notebook outputs are cached in _build/.jupyter_cache, under a hash of
    the package, the pinned dependencies and conf/, so a rebuild executes
    only the pages whose cells changed. SIGMOID_BOOK_EXECUTION=force
    executes every page and uses no cache, as the publishing build does.
    Arguments after -- go to sphinx-build, for example -- -j auto.
    """
    install(session, "docs")
    session.run(
        "sphinx-build",
        "-b",
        "html",
        *SPHINX_STRICT,
        "docs",
        str(BUILD / "html"),
        *session.posargs,
    )
    session.log(f"The book is in {BUILD / 'html' / 'index.html'}")


@nox.session
def serve(session: nox.Session) -> None:
    """Rebuild the book on every change and serve it on 127.0.0.1:8000."""
    install(session, "docs")
    session.install("sphinx-autobuild==2025.8.25")
    session.run(
        "sphinx-autobuild",
        *SPHINX_STRICT,
        "--host",
        "127.0.0.1",
        "--port",
        "8000",
        "--watch",
        "sigmoid_explainer",
        "docs",
        str(BUILD / "html"),
        *session.posargs,
    )


@nox.session
def doctest(session: nox.Session) -> None:
    """Run the examples in the docstrings, the pages and the README."""
    install(session, "test")
    session.run(
        "pytest",
        "--doctest-modules",
        "--doctest-glob=*.md",
        "-p",
        "no:cacheprovider",
        "sigmoid_explainer",
        "docs",
        "README.md",
        *session.posargs,
    )


def install_tools(session: nox.Session, group: str) -> None:
    """Install a dependency group's commands into a separate environment.

    Use it for tools whose own pins clash with the session's, and call
    it after `install`. The environment sits beside the session's under
    .nox/ and is reused while the group is unchanged. Its bin folder goes
    on PATH after the session's own.
    """
    requirements = nox.project.dependency_groups(PYPROJECT, group)
    venv = Path(session.virtualenv.location).with_name(f"{session.name}-{group}")
    bin_dir = venv / "bin"
    stamp = venv / "requirements.txt"
    expected = "\n".join(requirements)

    if not stamp.is_file() or stamp.read_text(encoding="utf-8") != expected:
        # run_install, because these are install steps that --install-only
        # must run and --no-install must skip.
        session.run_install("python", "-m", "venv", "--clear", str(venv))
        session.run_install(
            str(bin_dir / "python"),
            "-m",
            "pip",
            "install",
            "--quiet",
            *requirements,
            external=True,
        )
        write_stamp(session, stamp, expected)

    path = os.environ.get("PATH", "")
    session.env["PATH"] = os.pathsep.join([session.bin, str(bin_dir), path])


@nox.session
def tests(session: nox.Session) -> None:
    """Run the unit, property, build and browser tests."""
    install(session, "test")
    install_tools(session, "workflow-schema")
    session.run("pytest", *session.posargs)


@nox.session
def notebooks(session: nox.Session) -> None:
    """Rewrite the Colab notebooks docs/*.ipynb from the MyST pages."""
    session.install(*nox.project.dependency_groups(PYPROJECT, "notebooks"))
    session.run("python", str(ROOT / "conf" / "notebooks.py"))


@nox.session
def lint(session: nox.Session) -> None:
    """Check style with ruff and types with mypy."""
    install(session, "lint")
    session.run("ruff", "check", ".")
    session.run("ruff", "format", "--check", ".")
    session.run("mypy")


# Benchmarks: timings are figures to read, not pass/fail checks.
@nox.session
def bench(session: nox.Session) -> None:
    """Time sigmoid and derivative against scipy's expit, np.exp and a copy."""
    install(session, "bench")
    session.run("python", "tests/bench/bench_core.py", *session.posargs)


@nox.session(venv_backend="none")
def clean(session: nox.Session) -> None:
    """Remove the build folder."""
    shutil.rmtree(BUILD, ignore_errors=True)


# -- Lecture kit: the PDF of the whole book ----------------------------------


@nox.session
def pdf(session: nox.Session) -> None:
    """Build the PDF of the book into _build/pdf, printed by Chromium."""
    install(session, "pdf")
    singlehtml = BUILD / "singlehtml"
    session.run(
        "sphinx-build",
        "-b",
        "singlehtml",
        *SPHINX_STRICT,
        "docs",
        str(singlehtml),
        *session.posargs,
    )
    session.run(
        "python",
        str(ROOT / "conf" / "print_pdf.py"),
        str(singlehtml),
        str(BUILD / "pdf" / "sigmoid-book.pdf"),
    )


# -- Benchmarks ----------------------------------------------------------------
# Speed and size targets are checked here, by scripts that print figures,
# not by timed tests. Lighthouse is installed from npm into .nox/lighthouse.

# Lighthouse 13 requires Node 22.19 or newer; 12.8.2 runs on Node 18.16 and
# newer, so on the Node 20 that the development machines have.
LIGHTHOUSE_VERSION = "12.8.2"
LIGHTHOUSE_PREFIX = ROOT / ".nox" / "lighthouse"


@nox.session
def bench_book(session: nox.Session) -> None:
    """Print build times: cold, unchanged, one page edited, execution, Sphinx."""
    install(session, "bench-book")
    session.run(
        "python",
        "tests/bench/bench_book.py",
        "--nox",
        shutil.which("nox") or "nox",
        *session.posargs,
    )


@nox.session
def page_weight(session: nox.Session) -> None:
    """Build the book, then print gzip bytes and Lighthouse scores per page."""
    install(session, "bench-book")
    lighthouse = LIGHTHOUSE_PREFIX / "node_modules" / ".bin" / "lighthouse"
    installed = LIGHTHOUSE_PREFIX / "node_modules" / "lighthouse" / "package.json"
    if not installed.exists() or LIGHTHOUSE_VERSION not in installed.read_text():
        session.run(
            "npm",
            "install",
            "--prefix",
            str(LIGHTHOUSE_PREFIX),
            "--no-audit",
            "--no-fund",
            f"lighthouse@{LIGHTHOUSE_VERSION}",
            external=True,
        )
    session.run(
        "sphinx-build", "-b", "html", *SPHINX_STRICT, "-q", "docs", str(BUILD / "html")
    )
    session.run(
        "python",
        "tests/bench/page_weight.py",
        "--html",
        str(BUILD / "html"),
        "--lighthouse",
        str(lighthouse),
        *session.posargs,
    )
