"""Write the notebooks in docs/ that the book's Colab links open.

Usage: ``python conf/notebooks.py``, which ``nox -s notebooks`` runs.

Colab opens ``.ipynb`` files only, so every MyST page with code cells gets
a notebook of the same name beside it, converted by jupytext. The MyST
page stays the one source that authors edit, and this script rewrites the
notebooks from it. Sphinx reads the MyST pages only, because conf/conf.py
excludes ``*.ipynb`` from the source.

Each notebook starts with a setup cell that installs the package from the
repository, and MyST-NB for the ``glue`` calls, when the kernel lacks them,
as on Colab. The cell carries the ``remove-cell`` tag, so a book built
from the notebook would hide it. The notebooks carry no outputs and no
jupytext pairing, so that saving one in Jupyter never writes the setup
cell back into its MyST page.
"""

from __future__ import annotations

import ast
import hashlib
import sys
import tomllib
from pathlib import Path

import jupytext
import nbformat

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
CONF = ROOT / "conf" / "conf.py"

SETUP_TAGS = ["remove-cell"]
SETUP_TEMPLATE = """\
# Install the book's package and MyST-NB where the kernel lacks them, as
# on Colab. conf/notebooks.py writes this cell, which the MyST page lacks.
import importlib.util
import subprocess
import sys

requirements = {{
    "sigmoid_explainer": "{package}",
    "myst_nb": "{myst_nb}",
}}
missing = [
    requirement
    for module, requirement in requirements.items()
    if importlib.util.find_spec(module) is None
]
if missing:
    pip = [sys.executable, "-m", "pip", "install", "--quiet"]
    subprocess.run([*pip, *missing], check=True)"""


def conf_setting(name: str) -> str:
    """Return the string literal assigned to ``name`` in conf/conf.py."""
    tree = ast.parse(CONF.read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(
            isinstance(target, ast.Name) and target.id == name
            for target in node.targets
        ):
            value = ast.literal_eval(node.value)
            if isinstance(value, str):
                return value
    raise LookupError(f"conf/conf.py assigns no string to {name}")


def pinned(distribution: str) -> str:
    """Return the exact pin of ``distribution`` in the docs dependency group."""
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    prefix = f"{distribution}=="
    for entry in pyproject["dependency-groups"]["docs"]:
        if isinstance(entry, str) and entry.startswith(prefix):
            return entry
    raise LookupError(f"pyproject.toml's docs group does not pin {distribution}")


def package_requirement() -> str:
    """Return the pip requirement that installs the package from its repository.

    It names the repository and branch that the launch buttons open the
    notebook from, so the notebook runs against the package of its branch.
    """
    repository = conf_setting("REPOSITORY_URL")
    branch = conf_setting("REPOSITORY_BRANCH")
    return f"sigmoid-explainer[explorer] @ git+{repository}@{branch}"


def setup_cell() -> nbformat.NotebookNode:
    source = SETUP_TEMPLATE.format(
        package=package_requirement(), myst_nb=pinned("myst-nb")
    )
    return nbformat.v4.new_code_cell(source, metadata={"tags": SETUP_TAGS})


def read_page(page: Path) -> nbformat.NotebookNode:
    """Read a MyST page as a notebook, with its front matter as metadata."""
    return jupytext.read(page, fmt="md:myst")


def has_code_cells(notebook: nbformat.NotebookNode) -> bool:
    return any(cell.cell_type == "code" for cell in notebook.cells)


def _set_cell_ids(notebook: nbformat.NotebookNode) -> None:
    # Ids made from the cell's content, so that a rewrite leaves the ids
    # of unchanged cells alone and the diff shows only the edited cells.
    seen: set[str] = set()
    for cell in notebook.cells:
        digest = hashlib.sha256(f"{cell.cell_type}\n{cell.source}".encode()).hexdigest()
        length = 8
        while digest[:length] in seen:
            length += 1
        cell.id = digest[:length]
        seen.add(cell.id)


def build_notebook(page: Path) -> nbformat.NotebookNode:
    """Convert one MyST page into the notebook that its Colab link opens."""
    source = read_page(page)
    kernelspec = source.metadata.get("kernelspec")
    if not kernelspec or kernelspec.get("name") != "python3":
        raise ValueError(
            f"{page} has code cells but no python3 kernelspec in its front "
            "matter; copy the kernelspec block of docs/intro.md into it"
        )

    notebook = nbformat.v4.new_notebook()
    # Colab starts the kernel that kernelspec names.
    notebook.metadata = {
        "kernelspec": dict(kernelspec),
        "language_info": {"name": "python"},
    }
    # NOTE: Colab shows the MyST roles and directives of the text cells as
    # plain text. The explorer page's sliders need the book's explorer.js,
    # so on Colab they draw no plot.
    notebook.cells = [setup_cell(), *source.cells]
    for cell in notebook.cells:
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
    _set_cell_ids(notebook)
    nbformat.validate(notebook)
    return notebook


def notebook_pages(docs: Path = DOCS) -> list[Path]:
    """Return the MyST pages in ``docs`` that have code cells."""
    return [
        page for page in sorted(docs.glob("*.md")) if has_code_cells(read_page(page))
    ]


def write_notebooks(docs: Path = DOCS) -> list[Path]:
    """Write one notebook per page with code cells, and remove orphaned ones.

    A notebook is orphaned when its page is gone or has no code cells left.
    Returns the notebooks that were written or removed.
    """
    changed = []
    pages = notebook_pages(docs)
    for page in pages:
        target = page.with_suffix(".ipynb")
        text = nbformat.writes(build_notebook(page)) + "\n"
        if not target.is_file() or target.read_text(encoding="utf-8") != text:
            target.write_text(text, encoding="utf-8")
            changed.append(target)

    expected = {page.with_suffix(".ipynb") for page in pages}
    for notebook in sorted(docs.glob("*.ipynb")):
        if notebook not in expected:
            notebook.unlink()
            changed.append(notebook)
    return changed


def main() -> int:
    changed = write_notebooks()
    for path in changed:
        state = "written" if path.exists() else "removed"
        print(f"{path.relative_to(ROOT)}: {state}")
    if not changed:
        print("docs/*.ipynb: up to date")
    return 0


if __name__ == "__main__":
    sys.exit(main())
