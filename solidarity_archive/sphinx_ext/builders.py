"""Which kind of output a build makes: the website or the ePub."""

from __future__ import annotations

import posixpath

WEBSITE_BUILDERS = ("html", "dirhtml")


def is_website(builder) -> bool:
    """The website builders: search, downloads, feeds and per-entity pages are theirs.

    Not the ePub, and not single-page HTML.
    """
    return builder.name in WEBSITE_BUILDERS


def is_epub(builder) -> bool:
    return builder.name == "epub"


def not_found_docname(config) -> str:
    """The website's 404 page sits next to the home page: ``source/404``."""
    return posixpath.join(posixpath.dirname(config.root_doc), "404")


def website_only_docnames(config) -> set[str]:
    """Pages read from sources that only the website has: not the ePub's.

    The website's other pages of its own (search, the statement form, the
    signatory, place and country pages, the offline search) are written by the
    website builders alone, at ``html-collect-pages`` or ``build-finished``.
    """
    return {not_found_docname(config)}
