"""Related statements, computed without Sphinx from statements and their term mentions."""

import datetime as dt

from solidarity_archive.core.model import Place, Statement
from solidarity_archive.sphinx_ext.related import related_statements


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


def test_a_feature_shared_by_many_counts_only_among_the_statements_nearest_in_time():
    items = [statement(day, "everyone") for day in range(1, 10)]
    statements = {s.docname: s for s in items}
    related = related_statements(statements, {}, nearest=4)
    docs = [s.docname for s in items]
    assert related[docs[4]] == (docs[6], docs[5], docs[3], docs[2])  # days 7, 6, 4, 3: newest first
    assert related[docs[0]] == (docs[4], docs[3], docs[2], docs[1])  # at the start: the next four
    assert related[docs[8]] == (docs[7], docs[6], docs[5], docs[4])  # at the end: the previous four
    assert len(related_statements(statements, {}, nearest=8)[docs[0]]) == 5  # limit
