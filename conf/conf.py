"""Sphinx configuration of the sigmoid book.

The build runs ``sphinx-build -c conf docs OUTDIR``, so this file is not in
the source folder. Paths below are built from this file's location, so
they hold wherever the build starts.
"""

from __future__ import annotations

import os
import sys
import urllib.parse
from pathlib import Path

from sphinx.errors import ConfigError

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
    # Renders the maths to SVG at build time. svg_maths.py is beside this
    # file, which the sub-path block below puts on sys.path.
    "svg_maths",
]

exclude_patterns = [
    "_build",
    ".nox",
    "**/.ipynb_checkpoints",
    "**/.jupyter_cache",
    "jupyter_execute",
    # conf/notebooks.py generates these from the MyST pages for Colab.
    # Sphinx must not read them, because each would be a second source of
    # its page.
    "**.ipynb",
]

# Warnings fail the build (-W), and -n reports every unresolved reference.
nitpicky = True
numfig = True
math_numfig = True
math_eqref_format = "({number})"
# Sphinx always registers its MathJax renderer too, so name the one to use.
html_math_renderer = "svg"

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
    _connect_explorers(app)
    _setup_speed(app)


# -- HTML --------------------------------------------------------------------

html_theme = "sphinx_book_theme"
html_title = "The sigmoid function, explained"
html_static_path = [str(HERE / "_static")]
templates_path = [str(HERE / "_templates")]
html_css_files = ["book.css"]
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

# -- Publishing under a sub-path (GitHub Pages) ------------------------------
# GitHub Pages serves a project site at https://OWNER.github.io/REPO/, so no
# URL in the book may assume that the site sits at the root of its domain.
# html_baseurl, read from SIGMOID_BOOK_BASEURL above, is the one source of
# the public address: the Pages workflow sets it from configure-pages.


def _normalize_baseurl(url: str) -> str:
    """Check that the base URL is absolute and make it end in a slash.

    actions/configure-pages (v5.0.0) outputs ``base_url`` without a
    trailing slash, and both the sitemap and the 404 page join page names
    onto the base URL.
    """
    if not url:
        return ""

    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ConfigError(
            "SIGMOID_BOOK_BASEURL must be an absolute http or https URL such as "
            f"https://OWNER.github.io/REPO/, got {url!r}. Unset it for a local build."
        )
    if parts.query or parts.fragment:
        raise ConfigError(
            f"SIGMOID_BOOK_BASEURL must not have a query or a fragment, got {url!r}"
        )

    return url if url.endswith("/") else url + "/"


html_baseurl = _normalize_baseurl(html_baseurl)

# page_not_found.py sits beside this file.
sys.path.insert(0, str(HERE))
# githubpages writes .nojekyll, so that GitHub Pages serves the folders
# whose names start with "_" (_static, _images, _sources). For a base URL
# outside github.io it also writes a CNAME file with the host name.
extensions += ["sphinx.ext.githubpages", "page_not_found"]

# The sitemap lists absolute URLs, so it needs the base URL. Local builds
# have none, and sphinx-sitemap 2.9.0 warns without one, which fails -W.
if html_baseurl:
    extensions += ["sphinx_sitemap"]
# The pages sit directly under the base URL, in no language or version folder.
sitemap_url_scheme = "{link}"
sitemap_excludes = ["404.html", "genindex.html", "py-modindex.html", "search.html"]

# -- Clean page loads --------------------------------------------------------
# The browser tests fail a page on any console error or failed request.

# pydata-sphinx-theme 0.20 logs the console error "Got invalid theme mode"
# on a reader's first visit unless a default mode is set.
html_context = {"default_mode": "auto"}

# Without an icon link the browser requests /favicon.ico, which a book
# served from a subfolder does not have.
html_favicon = str(HERE / "_static" / "favicon.svg")

# -- Interactive explorers ---------------------------------------------------
# A page that contains an explorer of sigmoid_explainer.explorer loads
# explorer.js and explorer.css, and plotly.js when the reader first turns to
# an explorer; other pages load none of them.
# The plotly.js is the partial bundle "basic", installed by npm from
# conf/js/package-lock.json and copied into the site's _static folder, so
# that the page loads it from the host that serves the book.
# conf/_plotly_bundle.py explains the installation.

import _plotly_bundle  # noqa: E402

EXPLORER_MARKER = 'class="sigmoid-explorer"'


def _has_explorer(doctree: object) -> bool:
    from docutils import nodes

    raw_nodes = doctree.findall(nodes.raw)  # type: ignore[attr-defined]
    return any(EXPLORER_MARKER in node.astext() for node in raw_nodes)


def _add_explorer_assets(
    app: object, pagename: str, templatename: str, context: dict, doctree: object
) -> None:
    # Files added during html-page-context belong to this page alone.
    if doctree is None or not _has_explorer(doctree):
        return
    # type="text/plain": the browser does not fetch the bundle, and
    # explorer.js loads it from this tag's checksum-stamped URL on demand.
    app.add_js_file(_plotly_bundle.SERVED_NAME, type="text/plain", id="plotly-js")  # type: ignore[attr-defined]
    app.add_js_file("explorer.js", defer="defer")  # type: ignore[attr-defined]
    # Kept out of the style sheet bundle that the other pages share, so
    # that this page reuses the bundle a reader's browser already holds.
    app.add_css_file(  # type: ignore[attr-defined]
        "explorer.css", priority=900, **{"data-bundle": "no"}
    )


def _connect_explorers(app: object) -> None:
    app.connect("html-page-context", _add_explorer_assets)  # type: ignore[attr-defined]
    app.connect("builder-inited", _plotly_bundle.stage_bundle)  # type: ignore[attr-defined]


# -- Lecture kit: citation, bibliography, exercises, links, print ------------

# The lecture kit's extension, lecture_kit.py, sits beside this file, which
# the sub-path block above puts on sys.path.
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
    # sphinx-book-theme 1.4.0 shows launch buttons on pages whose front
    # matter has a kernelspec. When docs/PAGE.ipynb exists, every button
    # links to it in place of docs/PAGE.md, and Colab opens .ipynb files
    # only. conf/notebooks.py (nox -s notebooks) writes those notebooks
    # from the MyST pages. .binder/requirements.txt installs jupytext, so
    # that the MyST pages also open as notebooks on Binder.
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

html_css_files += ["lecture-kit.css"]
html_js_files = [("copy-link.js", {"defer": "defer"})]

# The PDF of the book is printed from the singlehtml build. There, a cell
# output that carries both an interactive HTML view and a static image
# shows the image.
nb_mime_priority_overrides = [
    ("singlehtml", "image/svg+xml", 1),
    ("singlehtml", "image/png", 2),
    ("singlehtml", "image/jpeg", 3),
]
# -- Execution cache and page weight -----------------------------------------
# SIGMOID_BOOK_EXECUTION=cache, the default, reuses notebook outputs from a
# jupyter-cache folder keyed on a hash of the package, the pinned
# dependencies and conf/. SIGMOID_BOOK_EXECUTION=force executes every page
# and writes no cache, for publishing. conf/_execution.py explains the design.

sys.path.insert(0, str(HERE))
import _assets  # noqa: E402
import _execution  # noqa: E402

nb_execution_mode = _execution.execution_mode()
SOURCE_FINGERPRINT = _execution.source_fingerprint(ROOT, HERE)
# lecture_kit.py compares the same hash to decide whether the figure
# downloads are current.
lecture_figures_fingerprint = SOURCE_FINGERPRINT


def _set_cache_path(app: object, config: object) -> None:
    if config.nb_execution_mode == "force":  # type: ignore[attr-defined]
        _execution.use_scratch_cache(app, config)
        return

    fingerprint = SOURCE_FINGERPRINT
    cache_root = Path(app.outdir).parent / ".jupyter_cache"  # type: ignore[attr-defined]
    prune = config.nb_execution_mode == "cache"  # type: ignore[attr-defined]
    cache_path = _execution.configure_cache(cache_root, fingerprint, prune)
    config.nb_execution_cache_path = str(cache_path)  # type: ignore[attr-defined]


def _setup_speed(app: object) -> None:
    app.connect("build-finished", _execution.add_cached_outputs_to_downloads)  # type: ignore[attr-defined]
    app.connect("config-inited", _set_cache_path)  # type: ignore[attr-defined]
    app.connect("env-before-read-docs", _execution.execute_pending)  # type: ignore[attr-defined]
    app.connect("builder-inited", _assets.add_template_filters)  # type: ignore[attr-defined]
    app.connect("doctree-resolved", _assets.lazy_load_images)  # type: ignore[attr-defined]
    # After the extensions' own build-finished handlers copy their files.
    app.connect("build-finished", _assets.bundle_style_sheets, priority=900)  # type: ignore[attr-defined]
    _execution.lock_cache_access()
    app.add_css_file("book-icons.css")  # type: ignore[attr-defined]
