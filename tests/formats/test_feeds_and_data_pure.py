"""The feed and open data modules, without a build."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

import feedparser

from solidarity_archive.core.model import Place, Signatory, Source, Statement
from solidarity_archive.core.registry import Registry
from solidarity_archive.formats import feeds, opendata

REGISTRY = Registry({"cis": Signatory("cis", "Center for Exchange and Solidarity", "El Salvador", acronym="CIS")})


def statement(day: int, title: str, **extra) -> Statement:
    return Statement(
        id=f"2017-03-{day:02d}-s",
        docname=f"statements/2017/2017-03-{day:02d}-s",
        title=title,
        date=dt.date(2017, 3, day),
        place=Place("San Salvador", "El Salvador"),
        signatories=("cis",),
        language="es",
        **extra,
    )


def test_feed_is_newest_first_and_limited():
    statements = [statement(day, f"Statement {day}") for day in range(1, 6)]
    chosen = feeds.newest(statements, limit=3)
    info = feeds.FeedInfo("https://e.org/feeds/atom.xml", "https://e.org/", "Archive", "Newest")
    parsed = feedparser.parse(feeds.atom_feed(info, chosen, REGISTRY, lambda s: f"https://e.org/{s.docname}.html", lambda s: None))
    assert parsed.bozo == 0 and parsed.version == "atom10"
    assert [e.title for e in parsed.entries] == ["Statement 5", "Statement 4", "Statement 3"]
    assert parsed.entries[0].link == "https://e.org/statements/2017/2017-03-05-s.html"
    assert parsed.entries[0].author == "Center for Exchange and Solidarity (CIS)"


def test_csv_and_json_keep_awkward_values():
    awkward = statement(7, 'Comas, "comillas"\ny saltos', note="Line one.\n\nLine two.", source=Source(url="https://e.org/a", retrieved=dt.date(2020, 1, 2)))
    rows = [opendata.row(awkward, REGISTRY, "https://e.org/x.html")]
    table = list(csv.DictReader(io.StringIO(opendata.to_csv(rows), newline="")))
    assert table[0]["title"] == 'Comas, "comillas"\ny saltos'
    assert table[0]["source_retrieved"] == "2020-01-02" and table[0]["source_url"] == "https://e.org/a"
    assert table[0]["signatory_names"] == "Center for Exchange and Solidarity (CIS)"
    assert json.loads(opendata.to_json(rows))["statements"][0]["note"] == "Line one.\n\nLine two."
    assert list(table[0]) == list(opendata.COLUMNS)
