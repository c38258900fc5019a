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

import re
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


def add_template_filters(app: Any) -> None:
    """Register the filters that ``conf/_templates`` uses."""
    templates = getattr(app.builder, "templates", None)
    if templates is None:
        return
    filters = templates.environment.filters
    filters["without_fontawesome_script"] = without_fontawesome_script
    filters["without_css_import_chain"] = without_css_import_chain
