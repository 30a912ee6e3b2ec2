"""Related statements, computed without Sphinx from statements and their term mentions."""

import dataclasses
import datetime as dt
import random

import pytest

from solidarity_archive.core.model import Place, Statement
from solidarity_archive.sphinx_ext.related import changed_related, related_statements, statement_features


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


def inputs_of(statements, mentions):
    return {doc: (s.sort_key, statement_features(s, mentions)) for doc, s in statements.items()}


def random_statement(rng: random.Random, number: int) -> Statement:
    day = dt.date(2016, 1, 1) + dt.timedelta(days=rng.randrange(60))
    return dataclasses.replace(
        statement(1, *rng.sample("abcdef", rng.randint(0, 3))),
        id=f"{day.isoformat()}-s{number}",
        docname=f"statements/2016/{day.isoformat()}-s{number}",
        date=day,
    )


@pytest.mark.parametrize("seed", range(40))
def test_only_the_statements_an_edit_can_reach_are_ranked_again(seed):
    """Every list left as it was (not in ``changed_related``) is the list a computation of the whole archive gives."""
    rng = random.Random(seed)
    items = [random_statement(rng, number) for number in range(30)]
    statements = {s.docname: s for s in items}
    mentions = {s.docname: tuple(sorted(rng.sample(["CARSI", "TPS", "agua"], rng.randint(0, 2)))) for s in items}
    before = related_statements(statements, mentions, nearest=4)
    previous = inputs_of(statements, mentions)
    statements, mentions = dict(statements), dict(mentions)
    for _ in range(rng.randint(1, 3)):
        doc = rng.choice(sorted(statements))
        change = rng.choice(["add", "remove", "date", "signatories", "mentions", "text"])
        if change == "add":
            added = random_statement(rng, 100 + len(statements))
            statements[added.docname] = added
        elif change == "remove":
            del statements[doc]
        elif change == "date":
            statements[doc] = dataclasses.replace(statements[doc], date=statements[doc].date + dt.timedelta(days=rng.randint(-20, 20)))
        elif change == "signatories":
            statements[doc] = dataclasses.replace(statements[doc], signatories=tuple(rng.sample("abcdef", rng.randint(0, 3))))
        elif change == "mentions":
            mentions[doc] = tuple(sorted(rng.sample(["CARSI", "TPS", "agua"], rng.randint(0, 2))))
        # "text": the statement's record and terms stay as they were
    after = related_statements(statements, mentions, nearest=4)
    affected = changed_related(inputs_of(statements, mentions), previous, nearest=4)
    kept = {doc: before[doc] for doc in statements if doc not in affected}
    assert kept == {doc: after[doc] for doc in kept}
    assert affected <= statements.keys()


def test_an_edit_that_changes_no_term_or_signatory_ranks_nothing_again():
    items = [statement(day, "a") for day in range(1, 10)]
    statements = {s.docname: s for s in items}
    mentions = {items[0].docname: ("CARSI",)}
    previous = inputs_of(statements, mentions)
    assert changed_related(inputs_of(statements, mentions), previous) == set()
    # Mentioning a term one other statement mentions reaches those two only.
    mentions[items[5].docname] = ("CARSI",)
    assert changed_related(inputs_of(statements, mentions), previous) == {items[0].docname, items[5].docname}
