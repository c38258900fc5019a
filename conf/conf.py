"""Sphinx configuration of the sigmoid book.

The build runs ``sphinx-build -c conf docs OUTDIR``, so this file is not in
the source folder. Sphinx resolves ``html_static_path`` and
``templates_path`` relative to this folder; the paths below are built from
this file's location all the same, so that they hold wherever the build
starts.
"""

from __future__ import annotations

import os
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent

# -- Project -----------------------------------------------------------------

project = "The sigmoid function, explained"
author = "The sigmoid-explainer authors"
copyright = "2026, The sigmoid-explainer authors"
release = "0.1.0"

extensions = [
    "myst_nb",
    "sphinx.ext.autodoc",
    "sphinx.ext.napoleon",
    # The distribution installs its module under this hyphenated name.
    "sphinx-mathjax-offline",
]

exclude_patterns = [
    "_build",
    ".nox",
    "**/.ipynb_checkpoints",
    "**/.jupyter_cache",
    "jupyter_execute",
]

# Warnings fail the build (-W), and -n reports every unresolved reference.
nitpicky = True
numfig = True
math_numfig = True
math_eqref_format = "({number})"

# -- MyST and MyST-NB --------------------------------------------------------

myst_enable_extensions = ["amsmath", "dollarmath", "colon_fence", "deflist"]
myst_heading_anchors = 3

nb_execution_mode = "force"
nb_execution_raise_on_error = False
nb_execution_show_tb = True
nb_execution_timeout = 120
nb_merge_streams = True

# -- autodoc and napoleon ----------------------------------------------------

autodoc_typehints = "none"
autodoc_member_order = "bysource"
napoleon_google_docstring = False
napoleon_numpy_docstring = True
napoleon_use_rtype = False
# Render parameter types as text. Types such as "array_like of real
# numbers" are prose, not cross-reference targets, and the build has no
# network for the intersphinx inventories of numpy and matplotlib.
napoleon_use_param = False

# -- Kernel profile ----------------------------------------------------------

KERNEL_CONFIG = """\
# Written by conf/conf.py for the kernels that execute the book.
# ipykernel 7 logs a warning about unencrypted TCP transport on every
# start; the kernels listen on 127.0.0.1 only, so keep errors alone.
c.IPKernelApp.log_level = "ERROR"
c.HistoryManager.enabled = False
"""


def _isolate_kernels(doctree_dir: Path) -> None:
    """Give the executing kernels an IPython profile of their own.

    A reader's IPython startup files and history must not change what the
    book's cells print, so ``IPYTHONDIR`` points into the build folder.
    The kernels inherit the environment of the build process.
    """
    ipython_dir = doctree_dir / "ipython"
    profile = ipython_dir / "profile_default"
    profile.mkdir(parents=True, exist_ok=True)
    (profile / "ipython_kernel_config.py").write_text(KERNEL_CONFIG, encoding="utf-8")
    os.environ["IPYTHONDIR"] = str(ipython_dir)


def setup(app: object) -> None:
    _isolate_kernels(Path(app.doctreedir))  # type: ignore[attr-defined]


# -- HTML --------------------------------------------------------------------

html_theme = "sphinx_book_theme"
html_title = "The sigmoid function, explained"
html_static_path = [str(HERE / "_static")]
templates_path = [str(HERE / "_templates")]
html_last_updated_fmt = ""
html_copy_source = True

# The public address of the site, set by the publishing workflow.
html_baseurl = os.environ.get("SIGMOID_BOOK_BASEURL", "")

html_theme_options = {
    "path_to_docs": "docs",
    "use_download_button": True,
    "use_fullscreen_button": False,
    "home_page_in_toc": True,
    "show_toc_level": 2,
}

# -- Lecture kit: citation, bibliography, exercises, links, print ------------

import sys  # noqa: E402

# The lecture kit's extension lives next to this file.
sys.path.insert(0, str(HERE))

extensions += [
    "sphinxcontrib.bibtex",
    "sphinx_exercise",
    # Collapses the solutions, which sphinx-exercise marks with the
    # "dropdown" class, until the reader opens them.
    "sphinx_togglebutton",
    "lecture_kit",
]

# The only place the repository address is set: the launch buttons, the
# repository button and the licence links in the footer are built from it.
# CITATION.cff repeats it as repository-code, because that file must stand
# alone, and tests/test_citation.py checks that the two agree.
# NOTE: the address is assumed, not confirmed. If the public repository
# differs, change it here and in CITATION.cff.
REPOSITORY_URL = "https://github.com/sigmoid-explainer/sigmoid-explainer"
REPOSITORY_BRANCH = "main"

lecture_citation_file = str(ROOT / "CITATION.cff")

# sphinxcontrib-bibtex 2.7.0 resolves these paths from this folder.
bibtex_bibfiles = [str(ROOT / "docs" / "references.bib")]
bibtex_default_style = "plain"
bibtex_reference_style = "author_year"

html_theme_options |= {
    "repository_url": REPOSITORY_URL,
    "repository_branch": REPOSITORY_BRANCH,
    "use_repository_button": True,
    # Binder opens the MyST pages as notebooks through jupytext, which
    # .binder/requirements.txt installs.
    # NOTE: Colab opens .ipynb files only, and the theme links it to the
    # page's .md source unless an .ipynb of the same name sits next to it
    # in docs/. Until the repository contains such notebooks, the Colab link
    # opens an error page.
    "launch_buttons": {
        "binderhub_url": "https://mybinder.org",
        "colab_url": "https://colab.research.google.com",
        "notebook_interface": "jupyterlab",
    },
    "extra_footer": (
        "<p>Text and figures are licensed under "
        '<a href="https://creativecommons.org/licenses/by/4.0/">CC BY 4.0</a> '
        f'(<a href="{REPOSITORY_URL}/blob/{REPOSITORY_BRANCH}/LICENSE-CONTENT">'
        "LICENSE-CONTENT</a>), the code under the MIT licence "
        f'(<a href="{REPOSITORY_URL}/blob/{REPOSITORY_BRANCH}/LICENSE">'
        "LICENSE</a>).</p>"
    ),
}

html_css_files = ["lecture-kit.css"]
html_js_files = [("copy-link.js", {"defer": "defer"})]

# The PDF of the book is printed from the singlehtml build. There, a cell
# output that carries both an interactive HTML view and a static image
# shows the image.
nb_mime_priority_overrides = [
    ("singlehtml", "image/svg+xml", 1),
    ("singlehtml", "image/png", 2),
    ("singlehtml", "image/jpeg", 3),
]
