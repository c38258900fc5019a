"""The notebooks in docs/ that the Colab links open, one per page with code."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import jupytext
import nbformat
import pytest
from nbclient import NotebookClient
from packaging.requirements import Requirement

from .conftest import DOCS, ROOT
from .test_citation import conf_setting

REGENERATE_HINT = "Run 'nox -s notebooks' to rewrite docs/*.ipynb from the MyST pages."


def has_code_cells(page: Path) -> bool:
    text = page.read_text(encoding="utf-8")
    return re.search(r"^```\{code-cell\}", text, re.M) is not None


CODE_PAGES = sorted(page.stem for page in DOCS.glob("*.md") if has_code_cells(page))


def read_notebook(page: str) -> nbformat.NotebookNode:
    path = DOCS / f"{page}.ipynb"
    if not path.is_file():
        pytest.fail(f"docs/{page}.ipynb is missing. {REGENERATE_HINT}")
    return nbformat.read(path, as_version=4)


def setup_requirements(cell: nbformat.NotebookNode) -> dict[str, Requirement]:
    """Parse the ``"module": "requirement"`` lines of the setup cell."""
    pairs = re.findall(r'^\s+"(\w+)": "([^"]+)",$', cell.source, re.M)
    return {module: Requirement(requirement) for module, requirement in pairs}


def binder_pin(distribution: str) -> str:
    lines = (ROOT / ".binder" / "requirements.txt").read_text(encoding="utf-8")
    for line in lines.splitlines():
        if line.startswith(f"{distribution}=="):
            return line
    raise AssertionError(f".binder/requirements.txt does not pin {distribution}")


def test_code_pages_found() -> None:
    # Guards the parametrized tests below against passing on no pages.
    assert {"intro", "sigmoid", "derivative", "explorer", "cite"} <= set(CODE_PAGES)


@pytest.mark.parametrize("page", CODE_PAGES)
def test_notebook_exists_and_is_tracked(page: str) -> None:
    path = f"docs/{page}.ipynb"
    read_notebook(page)
    tracked = subprocess.run(
        ["git", "ls-files", "--error-unmatch", path],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )

    assert tracked.returncode == 0, f"{path} is not committed: git add {path}"


def test_no_notebook_without_code_page() -> None:
    notebooks = sorted(path.stem for path in DOCS.glob("*.ipynb"))

    assert notebooks == CODE_PAGES, REGENERATE_HINT


@pytest.mark.parametrize("page", CODE_PAGES)
def test_notebook_matches_page(page: str) -> None:
    notebook = read_notebook(page)
    source = jupytext.read(DOCS / f"{page}.md", fmt="md:myst")
    # The first cell is the setup cell, which the page does not have.
    cells = notebook.cells[1:]

    assert len(cells) == len(source.cells), (
        f"docs/{page}.ipynb is stale. {REGENERATE_HINT}"
    )
    for index, (cell, expected) in enumerate(zip(cells, source.cells, strict=True)):
        where = f"docs/{page}.ipynb cell {index + 1} differs from docs/{page}.md"
        assert cell.cell_type == expected.cell_type, f"{where}. {REGENERATE_HINT}"
        assert cell.source == expected.source, f"{where}. {REGENERATE_HINT}"
        assert cell.metadata == expected.metadata, f"{where}. {REGENERATE_HINT}"


@pytest.mark.parametrize("page", CODE_PAGES)
def test_notebook_has_no_outputs(page: str) -> None:
    notebook = read_notebook(page)
    code_cells = [cell for cell in notebook.cells if cell.cell_type == "code"]

    assert len(code_cells) >= 2
    for cell in code_cells:
        assert cell.outputs == [], f"docs/{page}.ipynb has outputs. {REGENERATE_HINT}"
        assert cell.execution_count is None, (
            f"docs/{page}.ipynb was run. {REGENERATE_HINT}"
        )


@pytest.mark.parametrize("page", CODE_PAGES)
def test_notebook_is_valid_for_python3(page: str) -> None:
    notebook = read_notebook(page)

    nbformat.validate(notebook)
    assert notebook.metadata.kernelspec.name == "python3"
    assert notebook.metadata.kernelspec.language == "python"
    assert notebook.metadata.language_info.name == "python"
    assert "jupytext" not in notebook.metadata, "a paired notebook would sync back"


@pytest.mark.parametrize("page", CODE_PAGES)
def test_setup_cell_installs_from_repository(page: str) -> None:
    cell = read_notebook(page).cells[0]
    requirements = setup_requirements(cell)
    repository = conf_setting("REPOSITORY_URL")
    branch = conf_setting("REPOSITORY_BRANCH")

    assert cell.cell_type == "code"
    assert cell.metadata.tags == ["remove-cell"]
    assert sorted(requirements) == ["myst_nb", "sigmoid_explainer"]
    package = requirements["sigmoid_explainer"]
    assert package.name == "sigmoid-explainer"
    assert package.extras == {"explorer"}
    assert package.url == f"git+{repository}@{branch}"
    assert str(requirements["myst_nb"]) == binder_pin("myst-nb")


# NOTE: no test runs the setup cell's pip install, because it would clone
# the repository from GitHub.
def test_setup_cell_skips_installed_packages() -> None:
    # The test environment has the package and MyST-NB, as Binder has.
    notebook = read_notebook("intro")
    probe = nbformat.v4.new_code_cell("print(missing)")
    notebook.cells = [notebook.cells[0], probe]
    NotebookClient(notebook, timeout=60, kernel_name="python3").execute()

    assert notebook.cells[0].outputs == []
    assert [output.get("text") for output in probe.outputs] == ["[]\n"]
