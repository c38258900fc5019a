"""Finding the Chromium executable that the browser tests drive."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from ..conftest import find_chromium


def test_missing_chromium_path_fails(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("CHROMIUM_PATH", str(tmp_path / "no-such-chromium"))

    with pytest.raises(pytest.fail.Exception) as failure:
        find_chromium()

    assert "no-such-chromium" in str(failure.value)
    assert "apt-get install chromium" in str(failure.value)


def test_chromium_path_wins(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    executable = tmp_path / "my-chromium"
    executable.write_text("#!/bin/sh\n", encoding="utf-8")
    executable.chmod(0o755)
    monkeypatch.setenv("CHROMIUM_PATH", str(executable))

    assert find_chromium() == executable


def test_no_chromium_fails_with_install_hint(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    conftest = sys.modules[find_chromium.__module__]
    monkeypatch.delenv("CHROMIUM_PATH", raising=False)
    monkeypatch.setattr(conftest, "CHROMIUM_DEFAULT", tmp_path / "chromium")
    monkeypatch.setenv("PATH", str(tmp_path))

    with pytest.raises(pytest.fail.Exception) as failure:
        find_chromium()

    assert "no Chromium found" in str(failure.value)
    assert "apt-get install chromium" in str(failure.value)
