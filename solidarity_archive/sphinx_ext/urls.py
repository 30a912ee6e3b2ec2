"""Addresses: every public URL the archive prints is made here.

Paths inside the output come from the builder (``get_target_uri``), so an
ePub page ends in ``.xhtml`` and a website page in ``.html``; a public
address is ``archive_base_url`` followed by such a path.

A page has one public address whatever the interface it is read in: a
bilingual site (``make html-bilingual``) writes its first interface at the
site's root, at the addresses a one-language site has, and every other one
in a folder of its own (``es/``), whose pages name the root's addresses as
theirs (canonical link, citations, Open Graph). Only what is a file of one
interface (its feeds, its 404 page) is addressed in its folder
(``interface_url``).
"""

from __future__ import annotations

from solidarity_archive.sphinx_ext.builders import is_website
from solidarity_archive.sphinx_ext.config import archive_settings


def public_url(config, path: str) -> str:
    """``archive_base_url`` followed by ``path``; ``path`` itself when no base URL is set."""
    base = archive_settings(config).base_url
    return (base.rstrip("/") + "/" + path) if base else path


def website_path(config, docname: str) -> str:
    """Where the website (the ``html`` builder) writes a page, whichever builder is running."""
    return docname + (config.html_file_suffix or ".html")


def page_url(app, docname: str) -> str | None:
    """A page's public address on the website; None without a base URL or outside the website build."""
    if not archive_settings(app.config).base_url or not is_website(app.builder):
        return None
    return public_url(app.config, app.builder.get_target_uri(docname))


def online_url(config, path: str) -> str | None:
    """An address in the online archive, for outputs read away from it (ePub, dossiers); None without a base URL."""
    return public_url(config, path) if archive_settings(config).base_url else None


def folder_of(language: str, interfaces) -> str:
    """Where an interface is published inside a site of ``interfaces``: ``""`` (the root) for the
    first, ``"es/"`` for any other."""
    return "" if not interfaces or language == interfaces[0] else f"{language}/"


def interface_folder(config) -> str:
    """Where this build is published inside the site (``folder_of`` its language)."""
    if not getattr(config, "archive_interfaces", None):
        return ""
    return folder_of(config.language or "en", archive_settings(config).interfaces)


def interface_url(config, path: str) -> str:
    """The address of ``path`` as this interface publishes it: ``public_url`` inside the interface's folder.

    For the files of one interface (its feeds, its 404 page), never for a page's
    own address, which is ``public_url`` in every interface.
    """
    return public_url(config, interface_folder(config) + path)
