"""Atom 1.0 feeds of the newest statements, made with feedgen (pure).

No Sphinx here: the caller passes each statement's public address and
summary. A feed's ``updated`` is its newest statement's date, or the newest
correction's, so the same archive always gives the same feed; an entry's
``updated`` is its latest correction's date.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from solidarity_archive.core.model import Statement
from solidarity_archive.core.registry import Registry
from solidarity_archive.core.text import LISTED_NAMES

#: Statements per feed.
FEED_SIZE = 30
MAIN_FEED = "feeds/atom.xml"


def signatory_feed_path(signatory_id: str) -> str:
    return f"feeds/signatories/{signatory_id}.xml"


@dataclass(frozen=True)
class FeedInfo:
    """What names a feed: its own address, the site's, and its title."""

    self_url: str
    site_url: str
    title: str
    subtitle: str
    language: str = "en"


def newest(statements: Iterable[Statement], limit: int = FEED_SIZE) -> list[Statement]:
    """Newest first, ties broken by id (reverse), at most ``limit``."""
    return sorted(statements, key=lambda s: s.sort_key, reverse=True)[:limit]


def _timestamp(date: dt.date) -> dt.datetime:
    return dt.datetime(date.year, date.month, date.day, tzinfo=dt.UTC)


def atom_feed(
    info: FeedInfo,
    statements: list[Statement],
    registry: Registry,
    url_for: Callable[[Statement], str],
    summary_for: Callable[[Statement], str | None],
) -> bytes:
    """The Atom document for ``statements`` (already chosen and ordered)."""
    from feedgen.feed import FeedGenerator  # when a feed is written: an edit that changes none does not import it

    feed = FeedGenerator()
    feed.id(info.self_url)
    feed.title(info.title)
    feed.subtitle(info.subtitle)
    feed.link(href=info.self_url, rel="self", type="application/atom+xml")
    feed.link(href=info.site_url, rel="alternate", type="text/html")
    feed.language(info.language)
    feed.generator("solidarity-archive (feedgen)")
    feed.updated(_timestamp(max((s.modified or s.date for s in statements), default=dt.date(1970, 1, 1))))
    for statement in statements:
        url = url_for(statement)
        entry = feed.add_entry(order="append")
        entry.id(url)
        entry.title(statement.title)
        entry.link(href=url, rel="alternate", type="text/html", hreflang=statement.language)
        entry.published(_timestamp(statement.date))
        entry.updated(_timestamp(statement.modified or statement.date))
        # A listing: the first signatories; the summary gives the count of the rest.
        for sid in statement.signatories[:LISTED_NAMES]:
            entry.author({"name": registry.label(sid)})
        entry.category(term=statement.kind)
        summary = summary_for(statement)
        if summary:
            entry.summary(summary)
    return feed.atom_str(pretty=True)
