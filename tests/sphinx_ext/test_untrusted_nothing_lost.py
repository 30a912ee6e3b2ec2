"""Nothing lost: the statements on disk are the statements in every output."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from sphinx.util.console import strip_colors

from solidarity_archive import pipeline
from solidarity_archive.pipeline import Step
from solidarity_archive.sphinx_ext.integrity import differences, ids_in_pages

STATEMENT = "statements/2016/2016-01-19-first"


def lost_warnings(app) -> list[str]:
    return [line for line in strip_colors(app.warning.getvalue()).splitlines() if "nothing lost" in line]


def test_differences_name_missing_and_extra_ids():
    messages = differences(
        {"2016-01-01-a", "2016-01-02-b", "2016-01-03-c"},
        [("the HTML pages", {"2016-01-01-a", "2016-01-02-b", "2016-01-03-c"}), ("objects.inv", {"2016-01-01-a", "2099-01-01-ghost"})],
    )
    assert messages == [
        "2 statement(s) on disk are missing from objects.inv: 2016-01-02-b, 2016-01-03-c",
        "objects.inv hold(s) 1 statement(s) that are not on disk: 2099-01-01-ghost (left from an earlier build? run 'make clean')",
    ]


def test_long_lists_are_shortened():
    on_disk = {f"2016-01-{day:02d}-s" for day in range(1, 31)}
    (message,) = differences(on_disk, [("the ePub", set())])
    assert message.endswith("2016-01-20-s and 10 more")


def test_statement_pages_are_recognised_by_their_section():
    pages = [
        ("statements/2016/2016-01-19-a.html", '<main><section class="statement" id="statement"><h1>A</h1></section></main>'),
        ("statements/2016/index.html", "<main><ul><li>2016-01-19-a</li></ul></main>"),
        ("statements/2016/2016-01-20-b/index.html", '<section class="statement" id="statement">'),
    ]
    assert ids_in_pages(pages) == {"2016-01-19-a", "2016-01-20-b"}


@pytest.mark.sphinx("html", testroot="basic", srcdir="basic-nothing-lost")
def test_a_complete_build_passes_and_a_lost_page_fails(app):
    def lose_the_page(app):
        Path(app.outdir, f"{STATEMENT}.html").unlink()
        return []

    # Lost once written, before the search indexes the pages (html/search.py starts at priority 600).
    app.connect("archive-pages-written", lose_the_page, priority=50)
    app.build()
    assert lost_warnings(app) == [
        "WARNING: nothing lost: 1 statement(s) on disk are missing from the HTML pages: 2016-01-19-first [statement.lost]",
        "WARNING: nothing lost: 1 statement(s) on disk are missing from the search engine's index: 2016-01-19-first [statement.lost]",
        "WARNING: nothing lost: 1 statement(s) on disk are missing from the search from disk: 2016-01-19-first [statement.lost]",
    ]


@pytest.mark.sphinx("html", testroot="basic", srcdir="basic-more-sources")
def test_further_sources_are_compared(app, monkeypatch):
    further = (
        Step("exports", lambda app: ("the citation exports", {"2099-01-01-ghost"})),
        Step("another builder's output", lambda app: None),  # a source that does not apply to this builder
    )
    monkeypatch.setattr(pipeline, "STATEMENT_IDS", pipeline.STATEMENT_IDS + further)
    app.build()
    assert lost_warnings(app) == [
        "WARNING: nothing lost: 1 statement(s) on disk are missing from the citation exports: 2016-01-19-first [statement.lost]",
        "WARNING: nothing lost: the citation exports hold(s) 1 statement(s) that are not on disk: 2099-01-01-ghost (left from an earlier build? run 'make clean') [statement.lost]",
    ]


@pytest.mark.sphinx("epub", testroot="basic", srcdir="basic-epub-lost", confoverrides={"epub_basename": "archive"})
def test_the_epub_is_checked(app):
    def drop_statement_from_epub(app, exception):
        epub = Path(app.outdir, "archive.epub")
        with zipfile.ZipFile(epub) as original:
            entries = [(info, original.read(info)) for info in original.infolist()]
        assert any(info.filename == f"{STATEMENT}.xhtml" for info, _ in entries)
        with zipfile.ZipFile(epub, "w") as rewritten:
            for info, data in entries:
                if info.filename != f"{STATEMENT}.xhtml":
                    rewritten.writestr(info, data)

    app.connect("build-finished", drop_statement_from_epub, priority=500)
    app.build()
    assert lost_warnings(app) == ["WARNING: nothing lost: 1 statement(s) on disk are missing from the ePub: 2016-01-19-first [statement.lost]"]


@pytest.mark.sphinx("epub", testroot="basic", srcdir="basic-epub-whole", confoverrides={"epub_basename": "archive"})
def test_a_whole_epub_passes(app):
    app.build()
    assert lost_warnings(app) == []
    assert (Path(app.outdir) / "archive.epub").is_file()


def test_a_removed_statement_leaves_no_page(make_app, rootdir, tmp_path):
    import shutil

    srcdir = tmp_path / "basic"
    shutil.copytree(rootdir / "test-basic", srcdir)
    second = srcdir / "statements/2016/2016-01-20-second.md"
    second.write_text((srcdir / f"{STATEMENT}.md").read_text(encoding="utf-8").replace("A first statement", "A second statement"), encoding="utf-8")
    first_build = make_app("html", srcdir=srcdir)
    first_build.build()
    page = Path(first_build.outdir, "statements/2016/2016-01-20-second.html")
    assert page.is_file()
    first_build.cleanup()

    second.unlink()
    incremental = make_app("html", srcdir=srcdir)
    incremental.build()
    assert strip_colors(incremental.warning.getvalue()) == ""
    assert not page.exists()
    assert Path(incremental.outdir, f"{STATEMENT}.html").is_file()


@pytest.mark.sphinx("html", testroot="basic", srcdir="basic-lost-downloads")
def test_lost_citation_downloads_fail(app):
    def lose_outputs(app, exception):
        Path(app.outdir, "downloads/2016-01-19-first.ris").unlink()

    app.connect("build-finished", lose_outputs, priority=800)
    app.build()
    assert lost_warnings(app) == [
        "WARNING: nothing lost: 1 statement(s) on disk are missing from the citation downloads: 2016-01-19-first [statement.lost]",
    ]


@pytest.mark.sphinx("html", testroot="basic", srcdir="basic-search-lost")
def test_a_statement_missing_from_the_search_engine_fails(app, monkeypatch):
    def drop_fragments(app, exception):
        for fragment in Path(app.outdir, "pagefind", "fragment").glob("*.pf_fragment"):
            fragment.unlink()

    # Once Pagefind has written them, before the check.
    steps = pipeline.BUILD_FINISHED_LATE
    after_index = [step.function for step in steps].index(pipeline.search.build_index) + 1
    monkeypatch.setattr(pipeline, "BUILD_FINISHED_LATE", (*steps[:after_index], Step("drop fragments", drop_fragments), *steps[after_index:]))
    app.build()
    assert lost_warnings(app) == [
        "WARNING: nothing lost: 1 statement(s) on disk are missing from the search engine's index: 2016-01-19-first [statement.lost]",
    ]


@pytest.mark.sphinx("html", testroot="basic", srcdir="basic-offline-lost")
def test_a_statement_missing_from_the_search_from_disk_fails(app, monkeypatch):
    def drop_offline_files(app, exception):
        for data in Path(app.outdir, "search-offline").glob("statements-*.js"):
            data.unlink()

    # Once the build has written them, before the check: the check counts the files that are there.
    steps = pipeline.BUILD_FINISHED_LATE
    after_index = [step.function for step in steps].index(pipeline.search.build_index) + 1
    monkeypatch.setattr(pipeline, "BUILD_FINISHED_LATE", (*steps[:after_index], Step("drop the search from disk", drop_offline_files), *steps[after_index:]))
    app.build()
    assert lost_warnings(app) == [
        "WARNING: nothing lost: 1 statement(s) on disk are missing from the search from disk: 2016-01-19-first [statement.lost]",
    ]
