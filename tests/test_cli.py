"""The command line ``python -m sigmoid_explainer figures``, run as a process."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
import tomllib
from pathlib import Path

import pytest
from matplotlib.figure import Figure
from PIL import Image
from pypdf import PdfReader

from sigmoid_explainer import cli
from sigmoid_explainer.figures import CREDIT, FIGURES, draw

from .conftest import Build

LABELS = list(FIGURES)
ROOT = Path(__file__).resolve().parent.parent
# The console script that `pip install` puts beside the interpreter.
INSTALLED_COMMAND = Path(sys.executable).with_name("sigmoid-explainer")


def run_cli(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "sigmoid_explainer", *args],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, **env},
    )


def files_in(folder: Path) -> list[str]:
    return sorted(path.name for path in folder.iterdir())


def figure_body(svg: str) -> str:
    """Return the drawing of an SVG file without its metadata block."""
    return svg[svg.index('<g id="figure_1">') :].strip()


def test_help_explains_every_option() -> None:
    result = run_cli("figures", "--help")

    assert result.returncode == 0
    for option in ("--out", "--format", "--dpi", "--style", "--only"):
        assert option in result.stdout
    for label in LABELS:
        assert label in result.stdout


def test_writes_every_figure_named_by_label(tmp_path: Path) -> None:
    out = tmp_path / "slides" / "figures"

    result = run_cli("figures", "--out", str(out))

    assert result.returncode == 0, result.stderr
    assert files_in(out) == sorted(f"{label}.svg" for label in LABELS)
    for label in LABELS:
        svg = (out / f"{label}.svg").read_text(encoding="utf-8")
        assert svg.startswith("<?xml")
        assert f"<dc:title>{CREDIT}</dc:title>" in svg


def test_svg_matches_book_figure(tmp_path: Path, built_book: Build) -> None:
    run_cli("figures", "--out", str(tmp_path), "--only", "fig-slope-family")
    page = (built_book.html / "sigmoid.html").read_text(encoding="utf-8")
    figure = page[page.index('<figure class="align-default" id="fig-slope-family">') :]
    src = re.search(r'<img[^>]+src="([^"]+\.svg)"', figure)
    assert src is not None

    in_book = (built_book.html / src[1]).read_text(encoding="utf-8")
    from_cli = (tmp_path / "fig-slope-family.svg").read_text(encoding="utf-8")

    assert figure_body(from_cli) == figure_body(in_book)


def test_pdf_carries_credit(tmp_path: Path) -> None:
    result = run_cli("figures", "--out", str(tmp_path), "--format", "pdf")

    assert result.returncode == 0, result.stderr
    assert files_in(tmp_path) == sorted(f"{label}.pdf" for label in LABELS)
    info = PdfReader(tmp_path / "fig-near-step.pdf").metadata
    assert info is not None
    assert info["/Subject"] == CREDIT
    assert info["/Author"] == "The sigmoid-explainer authors"
    assert info["/Title"] == "fig-near-step"


def test_png_uses_dpi_and_carries_credit(tmp_path: Path) -> None:
    label = "fig-derivative-w9"
    result = run_cli(
        "figures", "--out", str(tmp_path), "--format", "png", "--dpi", "50",
        "--only", label,
    )  # fmt: skip

    assert result.returncode == 0, result.stderr
    width_in, height_in = draw(label).get_size_inches()
    with Image.open(tmp_path / f"{label}.png") as image:
        assert image.size == (round(width_in * 50), round(height_in * 50))
        assert image.text["Description"] == CREDIT
        assert "CC BY 4.0" in image.text["Copyright"]


def test_style_dark_changes_background(tmp_path: Path) -> None:
    for style in ("light", "dark"):
        run_cli("figures", "--out", str(tmp_path / style), "--style", style,
                "--only", "fig-bias-family")  # fmt: skip

    light = (tmp_path / "light" / "fig-bias-family.svg").read_text(encoding="utf-8")
    dark = (tmp_path / "dark" / "fig-bias-family.svg").read_text(encoding="utf-8")
    assert "fill: #ffffff" in light
    assert "fill: #1e2228" in dark
    assert "fill: #1e2228" not in light


def test_only_limits_output(tmp_path: Path) -> None:
    result = run_cli(
        "figures", "--out", str(tmp_path), "--only", "fig-near-step",
        "--only", "fig-slope-family", "fig-near-step",
    )  # fmt: skip

    assert result.returncode == 0, result.stderr
    assert files_in(tmp_path) == ["fig-near-step.svg", "fig-slope-family.svg"]


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (["--format", "gif"], "invalid choice: 'gif'"),
        (["--style", "sepia"], "invalid choice: 'sepia'"),
        (["--format", "png", "--dpi", "0"], "invalid dpi 0"),
        (["--format", "png", "--dpi", "high"], "invalid dpi 'high'"),
        (["--dpi", "300"], "--dpi applies to png files only"),
        (["--only", "fig-missing"], "unknown figure label 'fig-missing'"),
        (["--colour", "red"], "unrecognized arguments: --colour"),
    ],
)
def test_bad_option_writes_nothing(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    options: list[str],
    message: str,
) -> None:
    out = tmp_path / "out"

    with pytest.raises(SystemExit) as exit_info:
        cli.main(["figures", "--out", str(out), *options])

    assert exit_info.value.code == 2
    assert message in capsys.readouterr().err
    assert not out.exists()


def test_missing_out_is_rejected(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        cli.main(["figures"])

    assert exit_info.value.code == 2
    assert "--out" in capsys.readouterr().err


@pytest.mark.parametrize("value", ["", "  "])
def test_empty_out_is_rejected(
    value: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.chdir(tmp_path)

    with pytest.raises(SystemExit) as exit_info:
        cli.main(["figures", "--out", value])

    assert exit_info.value.code == 2
    assert "the folder name is empty" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


def test_out_that_is_file_is_rejected(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "notes.txt"
    target.write_text("lecture notes", encoding="utf-8")

    with pytest.raises(SystemExit) as exit_info:
        cli.main(["figures", "--out", str(target)])

    assert exit_info.value.code == 2
    assert "is a file, not a folder" in capsys.readouterr().err
    assert target.read_text(encoding="utf-8") == "lecture notes"


def test_unwritable_out_writes_nothing(tmp_path: Path) -> None:
    # A folder below a regular file cannot be created, even by root.
    blocker = tmp_path / "blocker"
    blocker.write_text("", encoding="utf-8")
    out = blocker / "figures"

    result = run_cli("figures", "--out", str(out))

    assert result.returncode == 1
    assert "cannot write the figures to" in result.stderr
    assert "choose a folder you can write to" in result.stderr
    assert files_in(tmp_path) == ["blocker"]


def test_failing_figure_leaves_no_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(theme: str) -> Figure:
        raise RuntimeError("planted drawing failure")

    monkeypatch.setitem(FIGURES, "fig-broken", broken)
    existing = tmp_path / "existing"
    existing.mkdir()
    (existing / "old.svg").write_text("<svg/>", encoding="utf-8")
    fresh = tmp_path / "fresh" / "nested"
    labels = ["fig-slope-family", "fig-broken"]

    with pytest.raises(RuntimeError, match="planted drawing failure"):
        cli.write_figures(labels, existing, "svg", "light", None)
    with pytest.raises(RuntimeError, match="planted drawing failure"):
        cli.write_figures(labels, fresh, "svg", "light", None)

    assert files_in(existing) == ["old.svg"]
    assert not (tmp_path / "fresh").exists()


def test_too_long_out_is_rejected(tmp_path: Path) -> None:
    out = tmp_path / ("x" * 300)

    result = run_cli("figures", "--out", str(out), "--only", "fig-slope-family")

    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    error = result.stderr.splitlines()[-1]
    assert error.startswith("python -m sigmoid_explainer figures: error: ")
    assert f"cannot check --out {str(out)!r}: File name too long" in error
    assert error.endswith("; give a shorter folder name")
    assert list(tmp_path.iterdir()) == []


def test_help_keeps_labels_whole() -> None:
    # A narrow terminal makes argparse wrap every line it may wrap.
    result = run_cli("figures", "--help", COLUMNS="30")

    assert result.returncode == 0
    lines = result.stdout.splitlines()
    for label in LABELS:
        assert f"  {label}" in lines
    assert not [line for line in lines if line.rstrip().endswith("-")]


def test_version_matches_pyproject() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    version = project["project"]["version"]

    result = run_cli("--version")

    assert result.returncode == 0
    assert result.stdout == f"python -m sigmoid_explainer {version}\n"


def test_help_and_errors_skip_matplotlib() -> None:
    script = """
import sys
from sigmoid_explainer import cli
for argv in (["figures", "--help"], ["figures", "--out", "x", "--dpi", "3"]):
    try:
        cli.main(argv)
    except SystemExit:
        pass
print("matplotlib" in sys.modules, file=sys.stderr)
"""
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=False
    )

    assert result.returncode == 0, result.stderr
    assert "--dpi applies to png files only" in result.stderr
    assert result.stderr.splitlines()[-1] == "False"


def start_cli_and_wait_for_staging(out: Path) -> subprocess.Popen[str]:
    """Start writing every figure to ``out`` and return once one is staged."""
    process = subprocess.Popen(
        [sys.executable, "-m", "sigmoid_explainer", "figures", "--out", str(out)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        # A shell starts background jobs with SIGINT ignored, and the test
        # run may inherit that. The command line keeps an ignored signal
        # ignored, so the child gets the default action back.
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    deadline = time.monotonic() + 120
    while not list(out.glob(".figures-*/*.svg")):
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            _, stderr = process.communicate()
            pytest.fail(f"no figure was staged in {out}: {stderr}")
        time.sleep(0.01)
    return process


@pytest.mark.parametrize(
    ("signum", "status"),
    [(signal.SIGINT, 130), (signal.SIGTERM, 143)],
    ids=["SIGINT", "SIGTERM"],
)
def test_signal_removes_staged_files(
    tmp_path: Path, signum: signal.Signals, status: int
) -> None:
    existing = tmp_path / "existing"
    existing.mkdir()
    (existing / "old.svg").write_text("<svg/>", encoding="utf-8")
    fresh = tmp_path / "fresh" / "nested"

    for out in (existing, fresh):
        process = start_cli_and_wait_for_staging(out)
        process.send_signal(signum)
        stdout, stderr = process.communicate(timeout=60)

        assert process.returncode == status
        assert stdout == ""
        assert "Traceback" not in stderr
        assert stderr.splitlines()[-1] == (
            f"python -m sigmoid_explainer: stopped by {signum.name}; "
            "no figures were written"
        )
    assert files_in(existing) == ["old.svg"]
    assert files_in(tmp_path) == ["existing"]


@pytest.mark.parametrize(
    ("command", "prog"),
    [
        ([sys.executable, "-m", "sigmoid_explainer"], "python -m sigmoid_explainer"),
        ([str(INSTALLED_COMMAND)], "sigmoid-explainer"),
    ],
    ids=["module", "installed"],
)
def test_usage_names_invoked_command(command: list[str], prog: str) -> None:
    help_result = subprocess.run(
        [*command, "figures", "--help"], capture_output=True, text=True, check=False
    )
    error_result = subprocess.run(
        [*command, "figures", "--out", "x", "--dpi", "3"],
        capture_output=True,
        text=True,
        check=False,
    )

    assert help_result.returncode == 0
    assert help_result.stdout.startswith(f"usage: {prog} figures [-h] --out DIR")
    assert error_result.returncode == 2
    assert f"{prog} figures: error: --dpi applies" in error_result.stderr
