"""The relevance set and its measurement, without a browser: the queries name real statements,
precision at 3 counts what it should, and the benchmark derives queries from its generated
archive and reports them (the browser runs are tests/html/test_relevance_browser.py)."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
from paths import REPO

from benchmarks import bench, relevance
from benchmarks import corpus as corpus_module
from benchmarks.relevance import Query, Report, Run, generated_queries, load_queries, precision_at_3, statement_id

ROOT = REPO / "tests" / "roots" / "test-relevance"


def statement_languages() -> dict[str, str]:
    found = {}
    for path in sorted(ROOT.glob("statements/*/2*.md")):
        [language] = re.findall(r"^language: (\w\w)", path.read_text(encoding="utf-8"), re.MULTILINE)
        found[path.stem] = language
    return found


def test_the_archive_has_at_least_40_statements_about_half_in_each_language():
    languages = Counter(statement_languages().values())
    assert sum(languages.values()) >= 40
    assert set(languages) == {"en", "es"} and min(languages.values()) >= 0.4 * sum(languages.values())


def test_every_query_expects_one_to_three_statements_of_the_archive():
    queries = load_queries()
    known = statement_languages()
    assert len(queries) >= 36
    for query in queries:
        assert 1 <= len(query.expect) <= 3 and len(set(query.expect)) == len(query.expect), query
        assert set(query.expect) <= set(known), query
        assert query.why, query
    for interface in ("en", "es"):
        assert sum(interface in query.interfaces for query in queries) >= 30


def test_the_set_crosses_languages_both_ways():
    """A query in one interface expects statements written in the other language."""
    known = statement_languages()
    for interface, other in (("en", "es"), ("es", "en")):
        crossing = [q for q in load_queries() if interface in q.interfaces and any(known[sid] == other for sid in q.expect)]
        assert len(crossing) >= 10, interface


@pytest.mark.parametrize(
    ("shown", "expected", "score"),
    [
        (["a", "b", "c", "d"], ["a", "b", "c"], 1.0),
        (["x", "a", "y", "b"], ["a", "b"], 0.5),  # b is fourth: it does not count
        (["x", "y", "a"], ["a"], 1.0),  # one expected: it need only be among the first three
        (["x", "a"], ["a", "b", "c", "d"], 1 / 3),  # more than three expected: out of three
        ([], ["a"], 0.0),
    ],
)
def test_precision_at_3(shown, expected, score):
    assert precision_at_3(shown, expected) == pytest.approx(score)


def test_a_results_link_gives_the_statement_id():
    assert statement_id("http://127.0.0.1:8000/statements/2016/2016-01-19-seed.html#p2") == "2016-01-19-seed"
    assert statement_id("file:///tmp/site/statements/2011/2011-05-13-alto-a-los-vuelos-de-deportacion.html") == "2011-05-13-alto-a-los-vuelos-de-deportacion"


def test_the_report_lists_what_each_query_missed():
    query = Query("CARSI", ("en",), ("a", "b"), "the acronym, across languages")
    report = Report("en", offline=False, runs=[Run(query, "en", ("a", "x", "y"), 0.5), Run(Query("TPS", ("en",), ("t",)), "en", ("t",), 1.0)])
    assert report.mean == 0.75
    table = report.table(only_failing=True)
    assert "mean P@3 0.750 over 2 queries" in table
    assert "'CARSI': *a, x, y" in table and "expected too: b" in table and "TPS" not in table
    assert report.as_dict()["runs"][0] == {"query": "CARSI", "p_at_3": 0.5, "first_expected": 1, "shown": ["a", "x", "y"], "expected": ["a", "b"]}


@pytest.fixture(scope="module")
def corpus():
    return corpus_module.generate(80, seed=5, glossary=REPO / "source" / "glossary.md", registry=REPO / "source" / "signatories.yaml")


def test_queries_derived_from_the_generated_archive(corpus):
    queries = generated_queries(corpus)
    by_query = {query.query: query for query in queries}
    assert len(queries) >= 12
    ids = {s.id for s in corpus.statements}
    assert all(query.expect and set(query.expect) <= ids for query in queries)
    # A title's subject expects the statements so titled, in either language, whichever language it is asked in.
    titled = {s.id for s in corpus.statements if "Mining Concessions" in s.title or "las concesiones mineras" in s.title}
    assert set(by_query["Mining Concessions"].expect) == set(by_query["las concesiones mineras"].expect) == titled
    # A glossary term, by its main name and by another: the statements that name it, under any name.
    carsi = {s.id for s in corpus.statements if "CARSI" in s.body or "Regional Security Initiative" in s.body or "Iniciativa Regional" in s.body}
    assert set(by_query["CARSI"].expect) == carsi
    # A place: the statements issued there.
    place = next(query for query in queries if query.why == "the place a statement was issued")
    assert set(place.expect) == {s.id for s in corpus.statements if f'place: "{place.query}, ' in s.text}


def table_row(table: str, label: str) -> list[str]:
    """The cells of the benchmark table's row that starts with ``label``."""
    row = next(line for line in table.splitlines() if line.startswith(f"| {label}"))
    return [cell.strip() for cell in row.strip("|").split("|")]


def test_the_benchmark_reports_the_relevance_it_measured(corpus, monkeypatch, tmp_path: Path):
    seen = {}

    def measured(site, queries, **options):
        queries = list(queries)
        seen.update(site=site, queries=queries, options=options)
        return Report("en", False, [Run(q, "en", q.expect[:3], 1.0 if n else 0.0) for n, q in enumerate(queries)])

    monkeypatch.setattr(relevance, "measure_relevance", measured)
    found = bench.search_relevance(tmp_path, corpus)
    assert seen["site"] == tmp_path and seen["options"] == {"all_interfaces": True}
    assert found["available"] and found["queries"] == len(seen["queries"])
    assert found["below_1"] == [seen["queries"][0].query]
    assert found["mean_p_at_3"] == round((len(seen["queries"]) - 1) / len(seen["queries"]), 3)
    results = {
        "full": {},
        "pages": {},
        "incremental": {},
        "peak_rss_mb": {},
        "check": {"seconds": 1.0, "rc": 0},
        "relevance": found,
    }
    assert table_row(bench.table(results), "search relevance") == [
        f"search relevance, mean P@3 over {found['queries']} queries",
        f"{found['mean_p_at_3']:.3f} (1 of {found['queries']} below 1)",
        "n/a",
        "",
    ]


def test_without_a_browser_the_benchmark_says_why(corpus, monkeypatch, tmp_path: Path):
    def missing(site, queries, **options):
        raise RuntimeError("Chromium is not installed")

    monkeypatch.setattr(relevance, "measure_relevance", missing)
    found = bench.search_relevance(tmp_path, corpus)
    assert found == {"available": False, "queries": len(generated_queries(corpus)), "measure_error": "RuntimeError: Chromium is not installed"}
    table = bench.table({"full": {}, "pages": {}, "incremental": {}, "peak_rss_mb": {}, "check": {"seconds": 1.0, "rc": 0}, "relevance": found})
    assert table_row(table, "search relevance")[1] == "n/a (RuntimeError: Chromium is not installed)"
