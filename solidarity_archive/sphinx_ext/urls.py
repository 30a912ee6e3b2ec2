"""Addresses: every public URL the archive prints is made here.

Paths inside the output come from the builder (``get_target_uri``), so an
ePub page ends in ``.xhtml`` and a website page in ``.html``; a public
address is ``archive_base_url`` followed by such a path.
"""

from __future__ import annotations

from solidarity_archive.sphinx_ext.builders import is_website


def public_url(config, path: str) -> str:
    """``archive_base_url`` followed by ``path``; ``path`` itself when no base URL is set."""
    base = config.archive_base_url
    return (base.rstrip("/") + "/" + path) if base else path


def website_path(config, docname: str) -> str:
    """Where the website (the ``html`` builder) writes a page, whichever builder is running."""
    return docname + (config.html_file_suffix or ".html")


def page_url(app, docname: str) -> str | None:
    """A page's public address on the website; None without a base URL or outside the website build."""
    if not app.config.archive_base_url or not is_website(app.builder):
        return None
    return public_url(app.config, app.builder.get_target_uri(docname))


def online_url(config, path: str) -> str | None:
    """An address in the online archive, for outputs read away from it (ePub, dossiers); None without a base URL."""
    return public_url(config, path) if config.archive_base_url else None
