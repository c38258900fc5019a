"""The GitHub Actions workflows: schema, zizmor's audits and the publishing rules."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from .conftest import ROOT

WORKFLOWS = ROOT / ".github" / "workflows"
CI = WORKFLOWS / "ci.yml"
PAGES = WORKFLOWS / "pages.yml"
CI_SCRIPT = ROOT / ".ci" / "run"

# owner/repo@<40 hex digits> # vX.Y.Z
PINNED_USES = re.compile(
    r"^\s*(?:-\s+)?uses:\s+[\w.-]+/[\w./-]+@[0-9a-f]{40} # v\d+\.\d+\.\d+$"
)
TOOL_PIN = re.compile(r'"(nox|uv)==([^"]+)"')


def load(path: Path) -> dict[str, Any]:
    # ruamel.yaml reads YAML 1.2, in which the key "on" stays a string.
    data: dict[str, Any] = YAML(typ="safe").load(path.read_text(encoding="utf-8"))
    return data


def steps(workflow: dict[str, Any]) -> list[dict[str, Any]]:
    return [step for job in workflow["jobs"].values() for step in job["steps"]]


def tool(name: str) -> str:
    """Return the path of a command installed in the test environment."""
    beside_python = Path(sys.executable).parent / name
    found = shutil.which(name) or (
        str(beside_python) if beside_python.is_file() else None
    )
    assert found, f"{name} is not installed: run the tests with `nox -s tests`"
    return found


# -- Schema and audits -------------------------------------------------------


@pytest.mark.parametrize("path", [CI, PAGES], ids=lambda path: path.name)
def test_workflow_matches_schema(path: Path) -> None:
    # check-jsonschema ships the schema, so this needs no network.
    command = [
        tool("check-jsonschema"),
        "--builtin-schema",
        "vendor.github-workflows",
        str(path),
    ]
    completed = subprocess.run(command, capture_output=True, text=True, check=False)
    assert completed.returncode == 0, completed.stdout + completed.stderr


def test_zizmor_finds_nothing() -> None:
    command = [tool("zizmor"), "--offline", "--format=json", str(WORKFLOWS)]
    completed = subprocess.run(command, capture_output=True, text=True, check=False)
    findings = json.loads(completed.stdout)
    assert findings == [], json.dumps(findings, indent=2)
    assert completed.returncode == 0, completed.stderr


# -- Rules for every workflow ------------------------------------------------


@pytest.mark.parametrize("path", [CI, PAGES], ids=lambda path: path.name)
def test_top_level_permissions_are_empty(path: Path) -> None:
    assert load(path)["permissions"] == {}


@pytest.mark.parametrize("path", [CI, PAGES], ids=lambda path: path.name)
def test_actions_are_pinned_to_commits(path: Path) -> None:
    lines = path.read_text(encoding="utf-8").splitlines()
    uses = [line for line in lines if re.match(r"^\s*(?:-\s+)?uses:", line)]
    assert uses, f"{path.name} uses no action"
    unpinned = [line.strip() for line in uses if not PINNED_USES.match(line)]
    assert unpinned == [], "not pinned to a commit with a # vX.Y.Z comment"


@pytest.mark.parametrize("path", [CI, PAGES], ids=lambda path: path.name)
def test_checkout_does_not_persist_credentials(path: Path) -> None:
    checkouts = [
        step
        for step in steps(load(path))
        if step.get("uses", "").startswith("actions/checkout@")
    ]
    assert checkouts
    for step in checkouts:
        assert step["with"]["persist-credentials"] is False


@pytest.mark.parametrize("path", [CI, PAGES], ids=lambda path: path.name)
def test_run_steps_expand_no_expressions(path: Path) -> None:
    # Values such as branch names reach run: through env: and the shell.
    scripts = [step["run"] for step in steps(load(path)) if "run" in step]
    assert scripts
    expanded = [script for script in scripts if "${{" in script]
    assert expanded == []


# -- CI ----------------------------------------------------------------------


def test_ci_runs_on_push_and_pull_request() -> None:
    triggers = load(CI)["on"]
    assert "push" in triggers
    assert "pull_request" in triggers


def test_ci_jobs_read_contents_only() -> None:
    for name, job in load(CI)["jobs"].items():
        assert job["permissions"] == {"contents": "read"}, name


def test_ci_runs_ci_script_and_docs() -> None:
    scripts = [step["run"] for step in steps(load(CI)) if "run" in step]
    assert "bash .ci/run" in scripts
    assert "nox -s docs" in scripts


def test_ci_script_runs_default_sessions() -> None:
    # .ci/run's bare `nox` runs noxfile.py's default sessions.
    noxfile = (ROOT / "noxfile.py").read_text(encoding="utf-8")
    assert 'nox.options.sessions = ["lint", "doctest", "tests"]' in noxfile
    assert re.search(r"^nox$", CI_SCRIPT.read_text(encoding="utf-8"), re.MULTILINE)


def test_ci_caches_downloads_by_pyproject() -> None:
    caches = [
        step
        for step in steps(load(CI))
        if step.get("uses", "").startswith("actions/cache@")
    ]
    assert len(caches) == 1
    assert "~/.cache/pip" in caches[0]["with"]["path"]
    assert "pyproject.toml" in caches[0]["with"]["key"]


# -- Pages -------------------------------------------------------------------


def test_pages_runs_on_main_and_by_hand() -> None:
    triggers = load(PAGES)["on"]
    assert triggers["push"] == {"branches": ["main"]}
    assert "workflow_dispatch" in triggers
    assert "pull_request" not in triggers


def test_pages_never_cancels_a_deploy() -> None:
    concurrency = load(PAGES)["concurrency"]
    assert concurrency["group"]
    assert concurrency["cancel-in-progress"] is False


def test_pages_permissions_per_job() -> None:
    jobs = load(PAGES)["jobs"]
    assert jobs["configure"]["permissions"] == {"pages": "read"}
    assert jobs["build"]["permissions"] == {"contents": "read"}
    assert jobs["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}


def test_pages_deploys_only_after_build() -> None:
    deploy = load(PAGES)["jobs"]["deploy"]
    assert deploy["needs"] == "build"
    assert deploy["environment"]["name"] == "github-pages"
    assert [step["uses"].split("@")[0] for step in deploy["steps"]] == [
        "actions/deploy-pages"
    ]


def test_pages_build_sets_base_url_through_env() -> None:
    jobs = load(PAGES)["jobs"]
    configure_step = jobs["configure"]["steps"][0]
    assert configure_step["uses"].startswith("actions/configure-pages@")
    assert jobs["configure"]["outputs"]["base_url"] == (
        "${{ steps." + configure_step["id"] + ".outputs.base_url }}"
    )

    build = next(s for s in jobs["build"]["steps"] if "nox -s docs" in s.get("run", ""))
    assert build["env"]["SIGMOID_BOOK_BASEURL"] == (
        "${{ needs.configure.outputs.base_url }}"
    )


def test_pages_build_is_fresh() -> None:
    step = next(s for s in steps(load(PAGES)) if "nox -s docs" in s.get("run", ""))
    assert " -E" in step["run"]
    assert step["env"]["SIGMOID_BOOK_EXECUTION"] == "force"
    uses = [step.get("uses", "") for step in steps(load(PAGES))]
    assert not any(use.startswith("actions/cache@") for use in uses)
    setup_python = [
        step for step in steps(load(PAGES)) if "setup-python" in step.get("uses", "")
    ]
    assert all("cache" not in step["with"] for step in setup_python)


def test_pages_uploads_the_html_with_nojekyll() -> None:
    upload = next(
        step
        for step in steps(load(PAGES))
        if step.get("uses", "").startswith("actions/upload-pages-artifact@")
    )
    assert upload["with"]["path"] == "_build/html"
    # Version 4 and later leave out dotfiles such as .nojekyll by default.
    assert upload["with"]["include-hidden-files"] is True


def test_pages_installs_the_tools_of_ci_script() -> None:
    expected = dict(TOOL_PIN.findall(CI_SCRIPT.read_text(encoding="utf-8")))
    scripts = "\n".join(step.get("run", "") for step in steps(load(PAGES)))
    assert dict(TOOL_PIN.findall(scripts)) == expected
    assert set(expected) == {"nox", "uv"}
