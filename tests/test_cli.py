"""The command line ``python -m sigmoid_explainer figures``, run as a process."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from matplotlib.figure import Figure
from PIL import Image
from pypdf import PdfReader

from sigmoid_explainer import cli
from sigmoid_explainer.figures import CREDIT, FIGURES, draw

from .conftest import Build

LABELS = list(FIGURES)


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "sigmoid_explainer", *args],
        capture_output=True,
        text=True,
        check=False,
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
        assert label in re.sub(r"-\s+", "-", result.stdout)


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
