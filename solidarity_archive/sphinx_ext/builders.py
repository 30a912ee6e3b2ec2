"""Which kind of output a build makes: the website or the ePub."""

from __future__ import annotations

WEBSITE_BUILDERS = ("html", "dirhtml")


def is_website(builder) -> bool:
    """The website builders: search, downloads, feeds and per-entity pages are theirs.

    Not the ePub, and not single-page HTML.
    """
    return builder.name in WEBSITE_BUILDERS


def is_epub(builder) -> bool:
    return builder.name == "epub"
