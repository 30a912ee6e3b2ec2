"""What a published site adds for machines: sitemap, Open Graph tags, 404 page (pure)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from xml.etree import ElementTree

from markupsafe import Markup, escape

from solidarity_archive.core.model import Statement
from solidarity_archive.formats.templating import template

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"


def sitemap_xml(pages: Iterable[tuple[str, dt.date | None]]) -> bytes:
    """A sitemap (sitemaps.org 0.9) listing ``(url, lastmod)`` pairs in the order given.

    ``lastmod`` is a date (W3C Datetime, day precision), left out when None.
    """
    ElementTree.register_namespace("", SITEMAP_NS)
    urlset = ElementTree.Element(f"{{{SITEMAP_NS}}}urlset")
    for url, lastmod in pages:
        entry = ElementTree.SubElement(urlset, f"{{{SITEMAP_NS}}}url")
        ElementTree.SubElement(entry, f"{{{SITEMAP_NS}}}loc").text = url
        if lastmod is not None:
            ElementTree.SubElement(entry, f"{{{SITEMAP_NS}}}lastmod").text = lastmod.isoformat()
    return ElementTree.tostring(urlset, encoding="utf-8", xml_declaration=True) + b"\n"


def statement_lastmod(statement: Statement) -> dt.date:
    """The latest date a statement's page shows: its own, or when its source was retrieved."""
    dates = [statement.date]
    if statement.source is not None and statement.source.retrieved is not None:
        dates.append(statement.source.retrieved)
    return max(dates)


def newest_lastmod(statements: Iterable[Statement]) -> dt.date | None:
    """A page listing ``statements`` last changed with the latest of them; None for none."""
    return max((statement_lastmod(s) for s in statements), default=None)


def open_graph_tags(
    *,
    title: str,
    site_name: str,
    url: str | None = None,
    description: str | None = None,
    published: str | None = None,
    locale: str | None = None,
) -> str:
    """``<meta property="og:…">`` lines; every value escaped. An article when ``published`` is set."""
    properties: list[tuple[str, str]] = [
        ("og:title", title),
        ("og:type", "article" if published else "website"),
        ("og:site_name", site_name),
    ]
    if url:
        properties.append(("og:url", url))
    if description:
        properties.append(("og:description", description))
    if locale:
        properties.append(("og:locale", locale.replace("-", "_")))
    if published:
        properties.append(("article:published_time", published))
    return "".join(f'\n    <meta property="{escape(name)}" content="{escape(value)}" />' for name, value in properties)


def plain_title(html_title: str) -> str:
    """A template title (HTML) as plain text."""
    return Markup(re.sub(r"<[^>]+>", "", html_title)).unescape()


def with_base(html: str, base_url: str) -> str:
    """The page with ``<base href>`` first in its head, so its relative links work from any address."""
    tag = f'<base href="{escape(base_url)}" />'
    return re.sub(r"(<head[^>]*>)", lambda m: m.group(1) + tag, html, count=1)


def moved_page_html(*, page_title: str, link_text: str, message: str, target: str, canonical: str, language: str) -> str:
    """A page that sends the reader on: canonical link, an immediate refresh, and a plain link.

    ``message`` is a translated sentence with a ``{link}`` to ``target``, shown as ``link_text``.
    The archive's moved pages (renamed statements, the earlier bilingual layout) all use this one
    (``templates/moved-page.html.j2``).
    """
    return template("moved-page.html.j2").render(
        page_title=page_title, link_text=link_text, message=message, target=target, canonical=canonical, language=language
    )
