"""What a build computes is counted, not timed: references, sidebars and feed links, per page written; what an edit
reads, writes and indexes, at two sizes of archive."""

from __future__ import annotations

import json
import shutil
from collections import Counter
from functools import partial
from pathlib import Path
from types import SimpleNamespace

import generated_archive
import pytest
from bs4 import BeautifulSoup
from paths import ROOTS
from sphinx.util.console import strip_colors
from sphinx.util.inventory import InventoryFile

from solidarity_archive.formats import citation, exports, feeds, opendata
from solidarity_archive.html import facets, head, search
from solidarity_archive.sphinx_ext import integrity, related, statement_parser
from solidarity_archive.sphinx_ext.build_state import build_state
from solidarity_archive.sphinx_ext.domain import StatementDomain


@pytest.fixture
def counted_references(monkeypatch):
    calls: list[str] = []
    render = citation.render

    def counting(item, style, *args, **kwargs):
        calls.append(item["id"])
        return render(item, style, *args, **kwargs)

    monkeypatch.setattr(citation, "render", counting)
    return calls


def statements_written(app) -> set[str]:
    written: set[str] = set()
    app.connect(
        "html-page-context",
        lambda app, page, template, context, doctree: (
            doctree is not None and page.startswith("statements/") and not page.endswith("/index") and written.add(page)
        ),
    )
    return written


@pytest.mark.parametrize("language", ["en", "es"])
def test_at_j2_references_are_formatted_by_the_processes_writing_the_pages(make_app, tmp_path, monkeypatch, language):
    """Sphinx resolves every doctree in its main process and writes the pages in N: the cite box (its references,
    most of a statement page's own cost) is rendered by the writers, so ``-j 2`` shares it out."""
    import os

    srcdir = tmp_path / "archive"
    generated_archive.make_project(srcdir, 12)
    formatted = tmp_path / "formatted"
    render = citation.render

    def noting(item, style, *args, **kwargs):
        with formatted.open("a", encoding="utf-8") as file:
            file.write(f"{os.getpid()} {item['id']}\n")
        return render(item, style, *args, **kwargs)

    monkeypatch.setattr(citation, "render", noting)
    app = make_app("html", srcdir=srcdir, freshenv=True, parallel=2, confoverrides={"language": language})
    app.build()
    assert strip_colors(app.warning.getvalue()) == ""
    lines = [line.split() for line in formatted.read_text(encoding="utf-8").splitlines()]
    assert {statement for _pid, statement in lines} >= {statement.id for statement in generated_archive.generate(12).statements}
    assert str(os.getpid()) not in {pid for pid, _statement in lines}
    assert len({pid for pid, _statement in lines}) >= 2


@pytest.mark.sphinx("html", testroot="cite", freshenv=True)
def test_references_are_formatted_for_the_statement_pages_written_and_no_more(app, counted_references):
    written = statements_written(app)
    app.build()
    assert app.warning.getvalue() == ""
    assert written
    # One reference per style for each statement written, and at most one more for its pin cite.
    per_statement = {page.rsplit("/", 1)[-1]: counted_references.count(page.rsplit("/", 1)[-1]) for page in written}
    assert all(len(citation.STYLES) <= n <= len(citation.STYLES) + 1 for n in per_statement.values()), per_statement
    assert set(counted_references) == set(per_statement)

    counted_references.clear()
    written.clear()
    app.build()  # nothing changed: nothing is formatted again
    assert counted_references == [] and written == set()


@pytest.mark.sphinx("html", testroot="cite", freshenv=True)
def test_statements_are_rendered_by_one_parser_not_one_made_for_each(app, monkeypatch):
    made: list[int] = []
    create = statement_parser.create_md_parser
    monkeypatch.setattr(statement_parser, "create_md_parser", lambda *args, **kwargs: made.append(1) or create(*args, **kwargs))
    statement_parser._renderer_parser.cache_clear()
    written = statements_written(app)
    try:
        app.build()
    finally:
        statement_parser._renderer_parser.cache_clear()
    assert app.warning.getvalue() == ""
    assert len(written) > 1 and len(made) == 1


PUBLISHING = ROOTS / "test-publishing"


def feed_hrefs(app, docname: str) -> list[str]:
    page = BeautifulSoup((app.outdir / f"{docname}.html").read_text(encoding="utf-8"), "html.parser")
    return [link["href"] for link in page.find_all("link", rel="alternate", type="application/atom+xml")]


def test_each_pages_signatories_are_mapped_once_per_build_not_once_per_page(make_app, tmp_path, monkeypatch):
    mapped: list[int] = []
    by_page = head.signatories_by_page

    def counting(env):
        mapped.append(1)
        return by_page(env)

    monkeypatch.setattr(head, "signatories_by_page", counting)
    srcdir = tmp_path / "publishing"
    shutil.copytree(PUBLISHING, srcdir)
    app = make_app("html", srcdir=srcdir, freshenv=True)
    written: set[str] = set()
    app.connect("html-page-context", lambda app, page, template, context, doctree: written.add(page))
    app.build()
    assert app.warning.getvalue() == ""
    assert len(written) > 5 and len(mapped) == 1
    signatories = ["../feeds/atom.xml", "../feeds/signatories/cispes.xml", "../feeds/signatories/voices.xml", "../feeds/signatories/cis.xml"]
    assert feed_hrefs(app, "source/signatories") == signatories

    # A new signatory in the registry: the next build maps the pages afresh, once, and lists it.
    registry = srcdir / "source" / "signatories.yaml"
    registry.write_text(registry.read_text(encoding="utf-8") + "share:\n  name: SHARE Foundation\n  country: United States\n", encoding="utf-8")
    written.clear()
    app.build()
    assert app.warning.getvalue() == ""
    assert "source/signatories" in written and len(mapped) == 2
    assert feed_hrefs(app, "source/signatories") == [*signatories, "../feeds/signatories/share.xml"]


# -- what an edit costs, at two sizes of archive ------------------------------------------------------------

#: The search's files: Pagefind has no incremental mode (its issue #71), so every build indexes every statement
#: page again; of its bundle and the search from disk, only the files that changed are written. Counted apart.
SEARCH_FOLDERS = ("pagefind/", "search-offline/")


def kind_of(relative: str) -> str:
    """What an output file is, for the counts: a page, a search file, a download, a feed, open data, or other."""
    if relative.startswith(SEARCH_FOLDERS):
        return "search files"
    for folder, kind in (("downloads/", "downloads"), ("feeds/", "feeds"), ("data/", "open data"), ("_static/", "static")):
        if relative.startswith(folder):
            return kind
    return "pages" if relative.endswith(".html") else "other"


def _counting(counts: Counter, kind: str, function):
    """``function``, counting its calls in ``counts`` under ``kind``."""

    def count(*args, **kwargs):
        counts[kind] += 1
        return function(*args, **kwargs)

    return count


@pytest.fixture
def rendered(monkeypatch) -> Counter:
    """How many facet pages, citation downloads, feeds and open-data files a build renders (written or not)."""
    counts: Counter = Counter()
    counting = partial(_counting, counts)
    monkeypatch.setattr(facets, "_page", counting("facet pages", facets._page))
    monkeypatch.setattr(exports, "render", counting("downloads", exports.render))
    monkeypatch.setattr(feeds, "atom_feed", counting("feeds", feeds.atom_feed))
    monkeypatch.setattr(opendata, "to_json", counting("open data", opendata.to_json))
    return counts


@pytest.fixture
def checked(monkeypatch) -> Counter:
    """What the archive-wide steps after reading go through again: the pages the nothing-lost check reads back, the
    files it parses, and the statements whose related statements are ranked."""
    counts: Counter = Counter()
    counting = partial(_counting, counts)

    # The builds follow each other within the check's margin for file times that lag the clock (2 s): without it,
    # a page counts as this build's when it was written after the build started.
    monkeypatch.setattr(integrity, "_CLOCK_MARGIN_NS", 0)
    monkeypatch.setattr(integrity, "_is_statement_page", counting("pages read back", integrity._is_statement_page))
    monkeypatch.setattr(integrity, "InventoryFile", SimpleNamespace(loads=counting("inventories read back", InventoryFile.loads)))
    monkeypatch.setattr(integrity, "json", SimpleNamespace(loads=counting("downloads read back", json.loads)))
    monkeypatch.setattr(related, "rank", counting("related ranked", related.rank))

    def counting_pages(kind: str, method):
        def count(self, found):
            found = list(found)
            counts[kind] += len(found)
            return method(self, found)

        return count

    # The statements whose labels are gone through for a name another page holds: those whose id can clash only.
    claimants = StatementDomain._claimants

    def counting_claimants(self):
        found = claimants(self)
        counts["labels' statements checked"] += len(found)
        return found

    monkeypatch.setattr(StatementDomain, "_claimants", counting_claimants)
    # The search page's word starts: the pages whose starts are taken out of and put into a language's counts.
    monkeypatch.setattr(search._StartCounts, "add", counting_pages("word starts put in", search._StartCounts.add))
    monkeypatch.setattr(search._StartCounts, "remove", counting_pages("word starts taken out", search._StartCounts.remove))
    return counts


def counted_build(app, rendered: Counter, change=None, checked: Counter | None = None) -> dict:
    """Apply ``change`` (a function of the source folder), build; what the build read, rendered, wrote and indexed."""
    rendered.clear()
    checked = Counter() if checked is None else checked
    checked.clear()
    read: set[str] = set()
    written: set[str] = set()
    indexed: list[tuple[int, int]] = []

    def search_pages(app, exception):
        pending = build_state(app.env).search_index
        done = pending[0].result() if pending else None
        indexed.append((done.read, done.encoded) if done else (0, 0))

    listeners = [
        app.connect("env-before-read-docs", lambda app, env, docnames: read.update(docnames)),
        app.connect("html-page-context", lambda app, page, template, context, doctree: written.add(page)),
        app.connect("build-finished", search_pages, priority=850),  # before the search waits for Pagefind (900)
    ]
    before = generated_archive.outputs(app.outdir)
    if change is not None:
        change(app.srcdir)
    warned = len(app.warning.getvalue())
    app.build()
    for listener in listeners:
        app.disconnect(listener)
    assert strip_colors(app.warning.getvalue()[warned:]) == ""
    files = generated_archive.rewritten(before, generated_archive.outputs(app.outdir))
    counts = Counter(kind_of(name) for name in files)
    return {
        "read": read,
        "written": written,
        "indexed": indexed[0][0],
        "encoded": indexed[0][1],
        "files": files,
        "counts": counts,
        "rendered": Counter(rendered),
        "checked": Counter(checked),
    }


def edit_costs(make_app, rendered: Counter, root: Path, size: int, checked: Counter | None = None) -> dict[str, dict]:
    corpus = generated_archive.make_project(root, size)
    edited = corpus.statements[0]
    added_path, added_text = generated_archive.added_statement(corpus)

    def add(srcdir):
        (srcdir / added_path).write_text(added_text, encoding="utf-8")

    app = make_app("html", srcdir=root, freshenv=True)
    costs = {"full": counted_build(app, rendered, checked=checked)}
    costs["edit"] = counted_build(app, rendered, lambda srcdir: generated_archive.edit_text(srcdir, edited.path, "A corrected sentence."), checked)
    costs["add"] = counted_build(app, rendered, add, checked)
    costs["nothing"] = counted_build(app, rendered, checked=checked)
    costs["docs"] = {"edited": edited.path.removesuffix(".md"), "year": f"statements/{edited.year}/index", "added": added_path.removesuffix(".md")}
    app.cleanup()
    return costs


#: Pages written on every build, whatever changed: Sphinx's general index and search page, the root's redirect.
EVERY_BUILD = {"genindex", "search", "index"}


def test_an_edit_reads_and_writes_the_same_at_two_sizes_of_archive(make_app, rendered, checked, tmp_path, monkeypatch):
    # Ten statements to a file of the search from disk: 3 files at 20 statements, 7 at 60.
    monkeypatch.setattr(search, "OFFLINE_CHUNK", 10)
    small = edit_costs(make_app, rendered, tmp_path / "small", 20, checked)
    large = edit_costs(make_app, rendered, tmp_path / "large", 60, checked)
    for costs in (small, large):
        docs = costs["docs"]
        # Editing one statement's text reads that statement and writes its page and its year page (Sphinx's
        # own: its table of contents holds the statement), and no signatory, place or country page, no
        # download, feed, open data or sitemap: none shows the text. The search indexes the text (below).
        assert costs["edit"]["read"] == {docs["edited"]}
        assert costs["edit"]["rendered"] == Counter() and costs["nothing"]["rendered"] == Counter()
        assert costs["edit"]["written"] == {docs["edited"], docs["year"]} | EVERY_BUILD
        assert {name for name in costs["edit"]["files"] if kind_of(name) == "pages"} == {f"{doc}.html" for doc in costs["edit"]["written"]}
        assert {kind for kind in costs["edit"]["counts"]} <= {"pages", "search files", "static", "other"}
        # Sphinx's own, on every build: its inventory, its build record and the static files it renders from templates.
        assert {name for name in costs["edit"]["files"] if kind_of(name) == "other"} <= {"objects.inv", ".buildinfo"}
        assert costs["edit"]["counts"]["static"] == costs["nothing"]["counts"]["static"]
        # Adding one reads it, its year page (for its table of contents) and the home page (whose table of
        # contents globs the years), and writes its page, its year
        # page, the page it follows, the pages listing the newest or every statement (home, signatories,
        # places, glossary) and its signatories', place's and country's pages; its downloads and the
        # archive's, the feeds it is in, the open data and the sitemap.
        assert costs["add"]["read"] == {docs["added"], f"statements/{generated_archive.ADDED_YEAR}/index", "source/index"}
        assert docs["added"] in costs["add"]["written"]
        assert costs["add"]["counts"]["downloads"] == 4 + 3  # its own four, the archive's three
        # Rendered: its signatories' (2), place's and country's pages; its 3 downloads and the archive's 3;
        # the newest statements' feed and its signatories'; the open data.
        assert costs["add"]["rendered"] == Counter({"facet pages": 4, "downloads": 6, "feeds": 3, "open data": 1})
        # Nothing changed: nothing read, only what Sphinx writes on every build.
        assert costs["nothing"]["read"] == set() and costs["nothing"]["written"] == EVERY_BUILD
    for costs in (small, large):
        # The nothing-lost check reads back the statement pages this build wrote (the edited one; the added one and
        # the one it follows), no year page, and parses neither objects.inv nor the archive's download (what was
        # written to them is kept with them). The related statements are ranked again for no statement: the edit
        # changes no term or signatory of the edited one. The first build reads every page and ranks every statement.
        # The word starts of the search page: the edited page's old starts taken out, its new ones put in. No
        # statement's labels are gone through for a clash (no id is another's, or a paragraph's label), at any size.
        assert costs["edit"]["checked"] == Counter({"pages read back": 1, "word starts put in": 1, "word starts taken out": 1}), costs["edit"]["checked"]
        assert costs["add"]["checked"]["pages read back"] == 2 and not costs["add"]["checked"].keys() & {"inventories read back", "downloads read back"}
        assert costs["nothing"]["checked"] == Counter()
    assert large["full"]["checked"]["labels' statements checked"] == 0
    for kind in ("pages read back", "related ranked", "word starts put in"):
        assert large["full"]["checked"][kind] > small["full"]["checked"][kind] > 0, kind
    for scenario in ("edit", "add", "nothing"):
        assert len(large[scenario]["written"]) == len(small[scenario]["written"]), (scenario, small[scenario]["written"], large[scenario]["written"])
        assert large[scenario]["rendered"] == small[scenario]["rendered"], scenario
        counted = {kind: n for kind, n in large[scenario]["counts"].items() if kind != "search files"}
        assert counted == {kind: n for kind, n in small[scenario]["counts"].items() if kind != "search files"}, scenario
    # The search from disk: an edit writes the one file holding the statement, at both sizes (not its list of
    # files); Pagefind's bundle: the files that changed (the page's record, the index chunks of its words,
    # the filters and metadata), the others left as they are.
    for costs in (small, large):
        written = costs["edit"]["files"]
        assert len([name for name in written if name.startswith(f"{search.OFFLINE_DIR}/")]) == 1, written
        # Pagefind's record of the page (the old one removed, the new one written) and no script of Pagefind's.
        assert len([name for name in written if name.startswith(f"{search.BUNDLE_DIR}/fragment/")]) == 2, written
        assert not [
            name for name in written if name.startswith(f"{search.BUNDLE_DIR}/") and name.count("/") == 1 and name.endswith((".js", ".css", ".pagefind"))
        ]
        # Nothing changed: no file of the search is written.
        unchanged = costs["nothing"]["files"]
        assert not [name for name in unchanged if name.startswith((f"{search.OFFLINE_DIR}/", f"{search.BUNDLE_DIR}/"))], unchanged
    # Pagefind reads the pages written again: the one edited; the one added and the one it follows (whose
    # page links to it); none when nothing changed. The index encodes again the entries of the words of
    # those pages (and, for a page added, of the words on the pages numbered after it).
    for scenario, pages in (("edit", 1), ("add", 2), ("nothing", 0)):
        assert large[scenario]["indexed"] == small[scenario]["indexed"] == pages, scenario
    assert large["full"]["indexed"] > small["full"]["indexed"] >= 20  # a full build reads every page
    assert 0 < large["edit"]["encoded"] <= small["edit"]["encoded"] * 1.2, (small["edit"]["encoded"], large["edit"]["encoded"])
    assert large["edit"]["encoded"] < large["full"]["encoded"] / 3
    assert large["nothing"]["encoded"] == 0
    print({size: {scenario: (len(costs[scenario]["read"]), len(costs[scenario]["written"]), costs[scenario]["indexed"], costs[scenario]["encoded"], dict(costs[scenario]["counts"]), dict(costs[scenario]["rendered"]), dict(costs[scenario]["checked"]))
                  for scenario in ("full", "edit", "add", "nothing")} for size, costs in (("20", small), ("60", large))})  # fmt: skip
