"""Sphinx extension that makes the 404 page work at any depth of the site.

GitHub Pages answers a request for a missing path with the site's
``404.html``, served at the URL that was requested, for example
``https://OWNER.github.io/REPO/a/b/missing.html``. Sphinx writes the links
of ``404.html`` relative to the site root, so in that response they would
resolve under ``a/b/`` and fail. After the build, this extension rewrites
every relative URL in ``404.html`` into an absolute URL under
``html_baseurl``. Root-relative paths (``/_static/...``) are not an option,
because a project site lives under ``/REPO/`` and not at the domain root.
"""

from __future__ import annotations

import html
import re
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

from sphinx.application import Sphinx
from sphinx.util import logging

logger = logging.getLogger(__name__)

PAGE_NAME = "404"

# The attributes through which a Sphinx page refers to other files.
# ``data-content_root`` is the root that Sphinx's and the theme's
# JavaScript resolve their own requests against (Sphinx 7.2 and later).
_URL_ATTRIBUTE = re.compile(
    r'(?P<name>\s(?:href|src|action|data-content_root))="(?P<value>[^"]*)"'
)


def is_relative_path(url: str) -> bool:
    """Return whether ``url`` is a path relative to the page that contains it.

    Fragment-only links (``#top``), root-relative paths (``/x``),
    protocol-relative URLs (``//host/x``) and URLs with a scheme
    (``https:``, ``mailto:``, ``data:``) are not.
    """
    if not url or url.startswith(("#", "/")):
        return False
    return urlsplit(url).scheme == ""


def absolutize_urls(markup: str, base_url: str) -> str:
    """Rewrite the relative URLs of an HTML page into absolute URLs.

    Parameters
    ----------
    markup : str
        HTML as Sphinx writes it, with double-quoted attribute values.
    base_url : str
        Absolute URL of the folder that the relative URLs start from,
        ending in ``/``.

    Returns
    -------
    str
        ``markup`` with every relative ``href``, ``src``, ``action`` and
        ``data-content_root`` value joined onto ``base_url``.

    Examples
    --------
    >>> absolutize_urls('<a href="intro.html#x">', "https://o.github.io/r/")
    '<a href="https://o.github.io/r/intro.html#x">'
    >>> absolutize_urls('<a href="#top"><img src="/x.png">', "https://o.github.io/r/")
    '<a href="#top"><img src="/x.png">'
    """

    def rewrite(match: re.Match[str]) -> str:
        url = html.unescape(match["value"])
        if is_relative_path(url):
            url = urljoin(base_url, url)
        return f'{match["name"]}="{html.escape(url, quote=True)}"'

    return _URL_ATTRIBUTE.sub(rewrite, markup)


def rewrite_not_found_page(app: Sphinx, exception: Exception | None) -> None:
    """Make the URLs of the built ``404.html`` absolute under ``html_baseurl``."""
    # singlehtml puts every page into index.html and writes no 404.html.
    if exception is not None or app.builder.name not in ("html", "dirhtml"):
        return

    page = Path(app.outdir) / f"{PAGE_NAME}.html"
    if not page.is_file():
        logger.warning(
            "%s.html was not built: add the page docs/%s.md", PAGE_NAME, PAGE_NAME
        )
        return

    base_url = app.config.html_baseurl
    if not base_url:
        # NOTE: without a base URL the page keeps Sphinx's relative links,
        # which work only when the page is served from the site root.
        logger.info("html_baseurl is empty, so 404.html keeps relative links")
        return

    markup = page.read_text(encoding="utf-8")
    page.write_text(absolutize_urls(markup, base_url), encoding="utf-8")


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("build-finished", rewrite_not_found_page)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
