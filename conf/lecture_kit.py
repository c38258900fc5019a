"""Sphinx extension for lecturers: citation formats and figure downloads.

``citation-formats`` renders the BibTeX or APA form of ``CITATION.cff``
with cffconvert when the book is built, so that the citation is written in
that file alone. In the ``html`` builder, every figure whose label is a key
of ``sigmoid_explainer.figures.FIGURES`` gets links to its SVG and PDF
files, which are drawn by the package into ``_figures/`` of the output.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any, ClassVar

from cffconvert import Citation
from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.application import Sphinx
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

LOGGER = logging.getLogger(__name__)

FIGURE_FOLDER = "_figures"
DOWNLOAD_FORMATS = ("svg", "pdf")


def load_citation(path: Path) -> Any:
    """Read ``path`` and validate it against the CFF schema, or raise."""
    citation = Citation(path.read_text(encoding="utf-8"), src=str(path))
    citation.validate()
    return citation


def bibtex_entry(citation: Any, key: str) -> str:
    """Return the BibTeX entry of ``citation`` under ``key``.

    cffconvert 2.0.0 writes an author that is an organisation as
    ``{The sigmoid-explainer authors}``, which BibTeX splits into a first
    and last name. Double braces keep the name whole.
    """
    entry: str = citation.as_bibtex(reference=key)
    authors = citation.cffobj.get("authors", [])
    entities = [a["name"] for a in authors if "name" in a and "family-names" not in a]
    for name in entities:
        entry = re.sub(
            r"(author = \{)" + re.escape(name) + r"(\})",
            lambda match, name=name: f"{match[1]}{{{name}}}{match[2]}",
            entry,
        )
    return entry.strip()


class CitationFormats(SphinxDirective):
    """Show ``CITATION.cff`` as BibTeX or APA: ``{citation-formats} bibtex``."""

    required_arguments = 1
    option_spec: ClassVar[dict[str, Any]] = {"key": directives.unchanged}

    def run(self) -> list[nodes.Node]:
        path = Path(self.config.lecture_citation_file)
        self.env.note_dependency(str(path))
        # cffconvert 2.0.0 raises jsonschema, ruamel.yaml and ValueError
        # errors, which share no base class but Exception.
        try:
            citation = load_citation(path)
        except Exception as error:
            raise self.error(f"{path} is not a valid CITATION.cff: {error}") from None

        style = self.arguments[0]
        if style == "bibtex":
            text = bibtex_entry(citation, self.options.get("key", "sigmoid-explainer"))
            block = nodes.literal_block(text, text, language="bibtex")
        elif style == "apa":
            text = citation.as_apalike().strip()
            block = nodes.literal_block(text, text, language="none")
        else:
            raise self.error(
                f"unknown citation format {style!r}, expected 'bibtex' or 'apa'"
            )
        block["classes"].append(f"citation-{style}")
        return [block]


def _download_links(label: str, prefix: str) -> nodes.raw:
    links = " · ".join(
        f'<a class="reference download" href="{prefix}{FIGURE_FOLDER}/{label}.{fmt}" '
        f'download="{label}.{fmt}">{fmt.upper()}</a>'
        for fmt in DOWNLOAD_FORMATS
    )
    html = f'<p class="figure-downloads">Download this figure: {links}</p>\n'
    return nodes.raw("", html, format="html")


def add_figure_downloads(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Add SVG and PDF links under every figure that the package can draw."""
    if app.builder.name != "html":
        return
    from sigmoid_explainer.figures import FIGURES

    prefix = "../" * docname.count("/")
    for figure in doctree.findall(nodes.figure):
        for label in figure["ids"]:
            if label in FIGURES:
                figure.append(_download_links(label, prefix))
                break


def _figure_downloads_current(stamp: Path, fingerprint: str, folder: Path) -> bool:
    """Return whether ``stamp`` records ``fingerprint`` and its files exist."""
    if not fingerprint or not stamp.is_file():
        return False
    record = json.loads(stamp.read_text(encoding="utf-8"))
    return record["fingerprint"] == fingerprint and all(
        (folder / name).is_file() for name in record["files"]
    )


def write_figure_downloads(app: Sphinx, exception: Exception | None) -> None:
    """Draw every figure of `FIGURES` as SVG and PDF into ``_figures/``.

    Drawing them takes several seconds, so a build skips it when the
    files exist and ``lecture_figures_fingerprint``, a hash of everything
    that draws them, matches the one stored by the build that wrote them.
    The check imports neither the package nor matplotlib.
    """
    if exception is not None or app.builder.name != "html":
        return
    folder = Path(app.outdir) / FIGURE_FOLDER
    # The stamp sits with the doctrees, not in the published output.
    stamp = Path(app.doctreedir) / "figure-downloads.json"
    fingerprint = app.config.lecture_figures_fingerprint
    if _figure_downloads_current(stamp, fingerprint, folder):
        LOGGER.info("figure files in %s are up to date", folder)
        return

    from sigmoid_explainer.figures import FIGURES, save

    stamp.unlink(missing_ok=True)
    folder.mkdir(parents=True, exist_ok=True)
    names = []
    for label in FIGURES:
        for fmt in DOWNLOAD_FORMATS:
            save(label, folder / f"{label}.{fmt}", fmt)
            names.append(f"{label}.{fmt}")
    if fingerprint:
        record = {"fingerprint": fingerprint, "files": names}
        stamp.write_text(json.dumps(record), encoding="utf-8")
    LOGGER.info("wrote %d figure files to %s", len(names), folder)


def mark_bibliography_entries_as_list_items(
    app: Sphinx,
    pagename: str,
    templatename: str,
    context: dict[str, Any],
    doctree: nodes.document | None,
) -> None:
    """Give the bibliography's entries the ARIA role that their list needs.

    docutils 0.22 writes the bibliography as ``role="list"`` holding entries
    with ``role="doc-biblioentry"``. ARIA requires a list's children to be
    list items, so axe-core reports the list as critical; DPUB-ARIA 1.1 also
    deprecates ``doc-biblioentry``. Screen readers then announce the
    entries as a list of references.
    """
    body = context.get("body")
    if isinstance(body, str) and 'role="doc-biblioentry"' in body:
        context["body"] = body.replace('role="doc-biblioentry"', 'role="listitem"')


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_config_value("lecture_citation_file", "", "env", types=[str])
    # Empty means unknown, and the figure files are drawn on every build.
    app.add_config_value("lecture_figures_fingerprint", "", "", types=[str])
    app.add_directive("citation-formats", CitationFormats)
    app.connect("doctree-resolved", add_figure_downloads)
    app.connect("build-finished", write_figure_downloads)
    app.connect("html-page-context", mark_bibliography_entries_as_list_items)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
