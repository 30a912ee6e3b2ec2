"""Related statements, computed without Sphinx from statements and their term mentions."""

import datetime as dt

from solidarity_archive.model import Place, Statement
from solidarity_archive.related import related_statements


def statement(day: int, *signatories: str) -> Statement:
    return Statement(
        id=f"2016-01-{day:02d}-s",
        docname=f"statements/2016/2016-01-{day:02d}-s",
        title=f"Statement {day}",
        date=dt.date(2016, 1, day),
        place=Place("San Salvador", "El Salvador"),
        signatories=signatories,
        language="en",
    )


def test_most_shared_first_then_newest_and_at_most_limit():
    items = [statement(1, "a", "b"), statement(2, "a"), statement(3, "a", "b"), statement(4, "c"), statement(5, "a")]
    statements = {s.docname: s for s in items}
    mentions = {items[0].docname: ("CARSI",), items[2].docname: ("CARSI",), items[3].docname: ("CARSI",)}
    related = related_statements(statements, mentions, limit=3)
    first = related[items[0].docname]
    assert first == (items[2].docname, items[4].docname, items[3].docname)
    assert related[items[3].docname] == (items[2].docname, items[0].docname)
    assert all(doc not in others for doc, others in related.items())


def test_features_shared_by_too_many_are_not_counted():
    items = [statement(day, "everyone") for day in range(1, 6)]
    statements = {s.docname: s for s in items}
    assert related_statements(statements, {}, max_shared_by=4) == {s.docname: () for s in items}
    assert len(related_statements(statements, {}, max_shared_by=5)[items[0].docname]) == 4
