"""Sphinx configuration of the sigmoid book.

The build runs ``sphinx-build -c conf docs OUTDIR``, so this file is not in
the source folder. Sphinx resolves ``html_static_path`` and
``templates_path`` relative to this folder; the paths below are built from
this file's location all the same, so that they hold wherever the build
starts.
"""

from __future__ import annotations

import os
import sys
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
    _setup_speed(app)


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

# -- Execution cache and page weight -----------------------------------------
# SIGMOID_BOOK_EXECUTION=cache, the default, reuses notebook outputs from a
# jupyter-cache folder keyed on a hash of the package, the pinned
# dependencies and conf/. SIGMOID_BOOK_EXECUTION=force executes every page
# and writes no cache, for publishing. conf/_execution.py explains the design.

sys.path.insert(0, str(HERE))
import _assets  # noqa: E402
import _execution  # noqa: E402

nb_execution_mode = _execution.execution_mode()


def _set_cache_path(app: object, config: object) -> None:
    fingerprint = _execution.source_fingerprint(ROOT, HERE)
    cache_root = Path(app.outdir).parent / ".jupyter_cache"  # type: ignore[attr-defined]
    prune = config.nb_execution_mode == "cache"  # type: ignore[attr-defined]
    cache_path = _execution.configure_cache(cache_root, fingerprint, prune)
    config.nb_execution_cache_path = str(cache_path)  # type: ignore[attr-defined]


def _declare_mathjax_parallel_safe(app: object) -> None:
    # sphinx-mathjax-offline 0.0.2 only sets mathjax_path and copies MathJax
    # once the build has finished, in the main process. It declares no
    # parallel safety, so Sphinx would warn and read serially under -j.
    extension = app.extensions.get("sphinx-mathjax-offline")  # type: ignore[attr-defined]
    if extension is not None:
        extension.parallel_read_safe = True
        extension.parallel_write_safe = True


def _setup_speed(app: object) -> None:
    _declare_mathjax_parallel_safe(app)
    app.connect("config-inited", _set_cache_path)  # type: ignore[attr-defined]
    app.connect("env-before-read-docs", _execution.execute_pending)  # type: ignore[attr-defined]
    app.connect("builder-inited", _assets.add_template_filters)  # type: ignore[attr-defined]
    _execution.lock_cache_access()
    app.add_css_file("book-icons.css")  # type: ignore[attr-defined]
