"""Theme asset settings that keep the book's pages light.

pydata-sphinx-theme 0.20 loads ``scripts/fontawesome.js`` on every page:
Font Awesome's ``all.min.js``, 1.5 MB before compression, which swaps each
``<i class="fa-...">`` for an inline SVG. Without it, the theme's
stylesheet would draw the same icons from Font Awesome's solid web font,
another 115 KB. The book does neither: ``conf/_templates/layout.html``
drops the script tag through the `without_fontawesome_script` filter, and
``conf/_static/book-icons.css`` draws each icon the theme uses as a small
SVG mask in the text colour, so the icons follow the light and dark modes.

The maths needs no script or web font either: ``conf/svg_maths.py``
renders every formula to inline SVG at build time.
"""

from __future__ import annotations

import hashlib
import os
import re
from pathlib import Path
from typing import Any

FONTAWESOME_SCRIPT = re.compile(
    r"[ \t]*<script\b[^>]*\bsrc=\"[^\"]*scripts/fontawesome\.js[^\"]*\"[^>]*>"
    r"\s*</script>[ \t]*\n?"
)


def without_fontawesome_script(html: str) -> str:
    """Remove the theme's ``fontawesome.js`` script tag from ``html``."""
    return FONTAWESOME_SCRIPT.sub("", str(html))


# pydata-sphinx-theme 0.20 links styles/theme.css, whose only rule is
# @import "../basic.css". The browser finds that second style sheet only
# after the first has arrived, one round trip later, and both block the
# first paint. Linking basic.css directly saves that round trip.
THEME_CSS_HREF = re.compile(r'(href="[^"]*)styles/theme\.css(?:\?digest=[0-9a-f]+)?"')


def without_css_import_chain(html: str) -> str:
    """Link ``basic.css`` in place of the theme's ``theme.css`` that imports it."""
    return THEME_CSS_HREF.sub(r'\1basic.css"', str(html))


# pydata-sphinx-theme 0.20 loads Sphinx's search scripts in the head of
# every page, where they block the first paint. layout.html loads them at
# the end of the body instead.
SEARCH_SCRIPT = re.compile(
    r'[ \t]*<script src="[^"]*(?:searchtools|language_data|searchindex)\.js">'
    r"</script>\n?"
)


def without_search_scripts(html: str) -> str:
    """Remove the theme's search script tags from ``html``."""
    return SEARCH_SCRIPT.sub("", str(html))


# Each render-blocking style sheet costs the first paint a request, and
# the theme and the extensions add about ten small ones. `StyleSheetBundler`
# joins each run of adjacent local style sheets into one file, in the same
# order, so the cascade is unchanged. A style sheet with a relative url()
# or an @import stays on its own, because moving it would break the path,
# and so does one whose link has data-bundle="no".
STYLE_SHEET_LINK = re.compile(r'<link\b[^>]*\brel="stylesheet"[^>]*>')
HREF = re.compile(r'\bhref="([^"]+)"')
MOVABLE_URL = re.compile(r'url\(\s*["\']?(?:data:|#)')
STATIC = "_static/"


class StyleSheetBundler:
    """Bundler of the adjacent local style sheets in a page's head.

    The bundle is written to ``_static/bundle-HASH.css`` in ``outdir``,
    named after a hash of its content, so a changed style sheet gives a
    new name and no browser keeps a stale copy.
    """

    def __init__(self, outdir: Path) -> None:
        self.outdir = outdir

    def _bundleable(self, href: str) -> str | None:
        """Return the style sheet's text if it can move into a bundle."""
        if "://" in href or href.startswith("//") or STATIC not in href:
            return None
        path = self.outdir / href[href.index(STATIC) :].split("?")[0]
        if not path.is_file():
            return None
        text = path.read_text(encoding="utf-8")
        if "@import" in text or text.count("url(") != len(MOVABLE_URL.findall(text)):
            return None
        return text

    def _write(self, texts: list[str]) -> str:
        content = "\n".join(texts)
        name = f"bundle-{hashlib.sha256(content.encode()).hexdigest()[:16]}.css"
        target = self.outdir / STATIC / name
        if not target.is_file():
            # Parallel writers may race here; each renames a complete file.
            temporary = target.with_suffix(f".{os.getpid()}.tmp")
            temporary.write_text(content, encoding="utf-8")
            temporary.replace(target)
        return name

    def __call__(self, html: str) -> str:
        html = str(html)
        links = list(STYLE_SHEET_LINK.finditer(html))
        runs: list[list[tuple[re.Match[str], str, str]]] = [[]]
        for link in links:
            href_match = HREF.search(link.group())
            text = None
            if href_match and 'data-bundle="no"' not in link.group():
                text = self._bundleable(href_match[1])
            run = runs[-1]
            adjacent = bool(run) and not html[run[-1][0].end() : link.start()].strip()
            if text is None or not adjacent:
                runs.append([])
            if text is not None and href_match is not None:
                runs[-1].append((link, href_match[1], text))

        # Replace from the end, so that earlier offsets stay valid.
        for run in reversed([run for run in runs if len(run) > 1]):
            first_href = run[0][1]
            prefix = first_href[: first_href.index(STATIC)]
            name = self._write([text for _, _, text in run])
            href = f"{prefix}{STATIC}{name}"
            replacement = f'<link rel="stylesheet" type="text/css" href="{href}" />'
            html = html[: run[0][0].start()] + replacement + html[run[-1][0].end() :]
        return html


def add_template_filters(app: Any) -> None:
    """Register the filters that ``conf/_templates`` uses."""
    templates = getattr(app.builder, "templates", None)
    if templates is None:
        return
    filters = templates.environment.filters
    filters["without_fontawesome_script"] = without_fontawesome_script
    filters["without_css_import_chain"] = without_css_import_chain
    filters["without_search_scripts"] = without_search_scripts


def bundle_style_sheets(app: Any, exception: Exception | None) -> None:
    """Bundle the adjacent local style sheets in the head of every page.

    This runs when the build has finished, because some extensions, such
    as sphinx-exercise, copy their style sheets only then. A page that an
    earlier build bundled links one bundle per run, so it stays as it is.
    """
    if exception is not None or app.builder.format != "html":
        return
    outdir = Path(app.outdir)
    bundler = StyleSheetBundler(outdir)
    for page in outdir.rglob("*.html"):
        if any(part.startswith("_") for part in page.relative_to(outdir).parts):
            continue
        html = page.read_text(encoding="utf-8")
        end = html.find("</head>")
        if end < 0:
            continue
        head = bundler(html[:end])
        if head != html[:end]:
            page.write_text(head + html[end:], encoding="utf-8")


def lazy_load_images(app: Any, doctree: Any, docname: str) -> None:
    """Mark every image of an HTML page but the first with ``loading="lazy"``.

    The browser then fetches a figure only as the reader scrolls near it,
    so the figures far down a long page do not compete with the style
    sheets and the first screen for a slow connection. The first image is
    the likeliest to be in that first screen, where lazy loading would
    only delay it.
    """
    if app.builder.format != "html":
        return
    from docutils import nodes

    for index, image in enumerate(doctree.findall(nodes.image)):
        if index > 0:
            image.setdefault("loading", "lazy")
