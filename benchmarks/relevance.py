"""Measure the search's relevance: precision at 3 of queries whose expected statements are known.

For the browser tests and the benchmark. ``measure_relevance(site, queries)``
opens the built site's search page in headless Chromium once per query, with
the query in the page's address (``search.html?q=…``), waits until the page
says it has finished (``data-status``), reads the statements it ranks from
the page (each ``.statement-search-result``'s heading link, whose file name
is the statement's id) and scores them. The site is served on 127.0.0.1, or
opened from disk (``offline=True``: file://, the search from disk).

Precision at 3 of a query: how many of the first three results are expected,
divided by min(3, number expected). A page that writes an error to its
console, throws, or cannot search scores 0 and is reported.

The relevance set (tests/data/relevance/queries.yaml) runs against the test
archive tests/roots/test-relevance/; ``generated_queries(corpus)`` derives
queries from the benchmark's generated archive (corpus.py).

    python -m benchmarks.relevance _build/html                      (the relevance set)
    python -m benchmarks.relevance _build/html --offline --queries my-queries.yaml
"""

from __future__ import annotations

import argparse
import contextlib
import re
import sys
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

from benchmarks.search_metrics import SETTLED, browser, search_url, serve

REPO = Path(__file__).resolve().parent.parent
#: The relevance set, written for the test archive ``tests/roots/test-relevance/``.
QUERIES = REPO / "tests" / "data" / "relevance" / "queries.yaml"
INTERFACES = ("en", "es")
AT = 3
#: How long a query may take to settle (a busy machine, a large archive).
TIMEOUT_MS = 120_000
#: The ranked results' ids, from the page: each result's heading link (or its first link).
READ_RESULTS = """() => [...document.querySelectorAll('#statement-search-results .statement-search-result')]
  .map((result) => { const link = result.querySelector('h2 a[href]') || result.querySelector('a[href]');
                     return link ? link.href : ''; })"""


@dataclass(frozen=True)
class Query:
    """A query, the interfaces it runs in, the statement ids expected first, and why."""

    query: str
    interfaces: tuple[str, ...]
    expect: tuple[str, ...]
    why: str = ""


@dataclass(frozen=True)
class Run:
    """One query in one interface: the ids the page ranked, its precision at 3, what went wrong."""

    query: Query
    interface: str
    shown: tuple[str, ...]
    p_at_3: float
    problems: tuple[str, ...] = ()

    @property
    def first_expected(self) -> int | None:
        """The rank (from 1) of the first expected statement among those shown, or None."""
        return next((rank for rank, sid in enumerate(self.shown, start=1) if sid in self.query.expect), None)


@dataclass
class Report:
    """The runs of one interface of one site."""

    interface: str
    offline: bool
    runs: list[Run] = field(default_factory=list)

    @property
    def mean(self) -> float:
        return round(sum(run.p_at_3 for run in self.runs) / len(self.runs), 3) if self.runs else 0.0

    @property
    def problems(self) -> list[str]:
        return [f"{run.query.query!r}: {problem}" for run in self.runs for problem in run.problems]

    def failing(self) -> list[Run]:
        return [run for run in self.runs if run.p_at_3 < 1]

    def table(self, only_failing: bool = False) -> str:
        """One line a query: P@3, the rank of the first expected statement, the query, the first results (* expected)."""
        where = "from disk" if self.offline else "served"
        lines = [f"interface {self.interface} ({where}): mean P@{AT} {self.mean:.3f} over {len(self.runs)} queries"]
        for run in self.failing() if only_failing else self.runs:
            first = run.first_expected
            shown = ", ".join(("*" if sid in run.query.expect else "") + sid for sid in run.shown[:AT]) or "(nothing)"
            missing = [sid for sid in run.query.expect if sid not in run.shown[:AT]]
            lines.append(f"  {run.p_at_3:.2f}  first at {first or '-':>2}  {run.query.query!r}: {shown}")
            if missing and only_failing:
                lines.append(f"        expected too: {', '.join(missing)}  ({run.query.why})")
            lines.extend(f"        problem: {problem}" for problem in run.problems)
        return "\n".join(lines)

    def as_dict(self) -> dict:
        return {
            "interface": self.interface,
            "offline": self.offline,
            "mean_p_at_3": self.mean,
            "queries": len(self.runs),
            "problems": self.problems,
            "runs": [
                {
                    "query": run.query.query,
                    "p_at_3": round(run.p_at_3, 3),
                    "first_expected": run.first_expected,
                    "shown": list(run.shown[:AT]),
                    "expected": list(run.query.expect[:10]),
                }
                for run in self.runs
            ],
        }


def load_queries(path: Path = QUERIES) -> list[Query]:
    """The queries of a YAML file like tests/data/relevance/queries.yaml."""
    import yaml

    entries = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    queries = []
    for entry in entries:
        interfaces = INTERFACES if entry["interfaces"] == "both" else tuple(re.split(r"[\s,]+", entry["interfaces"]))
        if not set(interfaces) <= set(INTERFACES) or not entry["expect"]:
            raise ValueError(f"{path}: query {entry['query']!r}: interfaces must be en, es or both, and expect must name a statement")
        queries.append(Query(str(entry["query"]), interfaces, tuple(entry["expect"]), entry.get("why", "")))
    return queries


def precision_at_3(shown: Sequence[str], expected: Iterable[str]) -> float:
    """Expected statements among the first three shown, over min(3, number expected)."""
    wanted = set(expected)
    if not wanted:
        return 0.0
    return len(wanted.intersection(shown[:AT])) / min(AT, len(wanted))


def statement_id(url: str) -> str:
    """``…/statements/2016/2016-01-19-x.html#p2`` → ``2016-01-19-x``."""
    name = unquote(urlsplit(url).path).rsplit("/", 1)[-1]
    return name.removesuffix(".html")


def site_interface(site: Path) -> str:
    """The interface language of a built site: its search page's ``<html lang>``."""
    page = (Path(site) / "search.html").read_text(encoding="utf-8")
    found = re.search(r"<html[^>]*\blang=\"([A-Za-z]+)", page)
    return found.group(1).lower() if found else "en"


@contextlib.contextmanager
def _base(site: Path, offline: bool) -> Iterator[str]:
    if offline:
        yield Path(site).resolve().as_uri() + "/"
    else:
        with serve(Path(site)) as url:
            yield url


class _Tab:
    """A tab that keeps what went wrong since it was last asked: console errors, uncaught errors."""

    def __init__(self, context):
        self.page = context.new_page()
        self.problems: list[str] = []
        self.page.on("console", self._console)
        self.page.on("pageerror", lambda error: self.problems.append(f"uncaught: {error}"))

    def _console(self, message) -> None:
        # The browser asks a served site without an icon for /favicon.ico on its own, not the page.
        if message.type == "error" and not message.location.get("url", "").endswith("/favicon.ico"):
            self.problems.append(f"console error: {message.text}")

    def taken(self) -> tuple[str, ...]:
        problems, self.problems = tuple(self.problems), []
        return problems


#: The next query in the search page already open, as its back and forward buttons give it: the address
#: changes and the page searches what it says (``search.js``'s ``popstate``), its indexes already loaded.
NAVIGATE = """(url) => {
  history.pushState(null, "", url);
  window.dispatchEvent(new PopStateEvent("popstate"));
  return document.getElementById("statement-search").dataset.status;
}"""


def _run(tab: _Tab, url: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """One query: the search page opened at its address the first time, then each query in the same page."""
    page = tab.page
    if urlsplit(page.url)._replace(query="", fragment="") == urlsplit(url)._replace(query="", fragment=""):
        # The page began searching at once (status "searching"): the settled status waited for is this query's.
        status = page.evaluate(NAVIGATE, url)
        if status not in ("searching", "idle"):
            raise RuntimeError(f"the search page did not start the query (status {status!r})")
    else:
        page.goto(url)
    page.wait_for_selector(SETTLED, state="attached", timeout=TIMEOUT_MS)
    status = page.get_attribute("#statement-search", "data-status")
    shown = tuple(statement_id(href) for href in page.evaluate(READ_RESULTS) if href)
    problems = tab.taken()
    if status != "results":
        problems += (f"the search did not run: {page.inner_text('#statement-search-status')}",)
    return shown, problems


def measure_relevance(
    site: Path, queries: Iterable[Query], *, interface: str | None = None, offline: bool = False, context=None, all_interfaces: bool = False
) -> Report:
    """Run the queries of ``interface`` (default: the site's own) through the built site's search page.

    ``site``: the HTML output folder. ``offline``: open it from disk (file://)
    instead of serving it. ``context``: a playwright browser context to open
    the tab in (default: a fresh headless Chromium for this call).
    ``all_interfaces``: run every query, whatever interfaces it names.
    """
    interface = interface or site_interface(site)
    chosen = [query for query in queries if all_interfaces or interface in query.interfaces]
    report = Report(interface, offline)
    with contextlib.ExitStack() as stack:
        if context is None:
            context = stack.enter_context(browser())
        base = stack.enter_context(_base(site, offline))
        tab = _Tab(context)
        stack.callback(tab.page.close)
        for query in chosen:
            try:
                shown, problems = _run(tab, search_url(base, query.query))
            except Exception as error:  # a timeout: the page never settled
                shown, problems = (), (f"{type(error).__name__}: {str(error).splitlines()[0][:200]}",)
            score = 0.0 if problems else precision_at_3(shown, query.expect)
            report.runs.append(Run(query, interface, shown, score, problems))
    return report


# -- queries over the benchmark's generated archive ------------------------------------------

#: Subjects of generated titles to query: two whose words the bodies also use
#: ("the mining company", "the right to water"), two whose words they do not.
TITLE_SUBJECTS = ("Mining Concessions", "Water Privatisation", "Attacks on Journalists", "Violence Against Women")


def generated_queries(corpus, per_kind: int = 4) -> list[Query]:
    """Queries over an archive generated by corpus.py, expecting what its generator wrote.

    - glossary terms by their main name and by a name in another language: the
      statements that name the term under any of its names (the archive's own lexer);
    - the subject of titles ("Mining Concessions", "las concesiones mineras"): the
      statements whose title has that subject, in either language;
    - signatories by full name: the statements they signed or name;
    - places: the statements issued there.
    Queries whose expected statements are none, or nearly all, are left out.
    """
    from benchmarks import corpus as generator
    from solidarity_archive.core.lexer import Lexicon, Term
    from solidarity_archive.core.text import fold

    statements = corpus.statements
    queries: list[Query] = []

    def add(text: str, expected: Iterable[str], why: str) -> None:
        ids = tuple(sorted(set(expected)))
        if ids and len(ids) <= 0.8 * len(statements) and text not in {q.query for q in queries}:
            queries.append(Query(text, INTERFACES, ids, why))

    for key, aliases in list(getattr(corpus, "terms", ()))[:per_kind]:
        lexicon = Lexicon([Term(key, tuple(aliases))])
        naming = [s.id for s in statements if lexicon.find(s.body)]
        add(key, naming, "a glossary term's main name")
        other = [alias for alias in aliases if fold(alias) != fold(key) and not alias.isupper() and " " in alias]
        if other:
            add(other[-1], naming, "another name of a glossary term")
    things = dict(zip(generator.EN_TITLE_THINGS, generator.ES_TITLE_THINGS, strict=True))
    for english in [thing for thing in TITLE_SUBJECTS if thing in things][:per_kind]:
        spanish = things[english]
        titled = [s.id for s in statements if english in s.title or spanish in s.title or spanish.capitalize() in s.title]
        add(english, titled, "a title's subject, in English")
        add(spanish, titled, "a title's subject, in Spanish")
    signed: dict[str, set[str]] = {}
    for s in statements:
        head = s.text.split("---", 2)[1]
        for line in head.splitlines():
            if line.startswith("  - "):
                signed.setdefault(line[4:], set()).add(s.id)
    ranked = sorted(corpus.organisations, key=lambda org: -len(signed.get(org.id, ())))
    middle = [org for org in ranked if signed.get(org.id)][len(ranked) // 4 :]
    for org in middle[:per_kind]:
        naming = {s.id for s in statements if org.name in s.body}
        add(org.name, signed[org.id] | naming, "a signatory's full name")
    cities = sorted({city for city, _ in generator.PLACES if city not in ("San Salvador", "Washington")})
    for city in cities[:: max(1, len(cities) // per_kind)][:per_kind]:
        add(city, [s.id for s in statements if f'\nplace: "{city}, ' in s.text], "the place a statement was issued")
    return queries


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Precision at 3 of the search of a built archive.")
    parser.add_argument("site", type=Path, help="the built HTML folder")
    parser.add_argument("--queries", type=Path, default=QUERIES, help=f"the queries (default {QUERIES.relative_to(REPO)})")
    parser.add_argument("--interface", choices=INTERFACES, help="whose queries to run (default: the site's interface language)")
    parser.add_argument("--offline", action="store_true", help="open the site from disk (file://) instead of serving it")
    parser.add_argument("--all", action="store_true", help="list every query, not only those below 1")
    args = parser.parse_args(argv)
    report = measure_relevance(args.site, load_queries(args.queries), interface=args.interface, offline=args.offline)
    print(report.table(only_failing=not args.all))
    return 0


if __name__ == "__main__":
    sys.exit(main())
