"""The preview's builder keeps one Sphinx application between builds (``html/preview_builder.py``).

A kept application must build what a new ``sphinx-build`` would: after a
sequence of saved pages (a text edited, a title changed, a statement added,
renamed, removed), its output is a full build's, file by file, the search
bundle's included. It says when the pages are written, before the build's
end. Its warnings are counted a build at a time: the build after a problem
was fixed succeeds, with ``-W`` too. Each build reads only what changed.
"""

from __future__ import annotations

import os
import re
import shutil
import time
from pathlib import Path

import generated_archive
import pytest
from generated_archive import build, rename, search_records, website_files

from solidarity_archive.html.preview_builder import serve_builds


def options(root: Path, fail_on_warning: bool = False, language: str | None = None, jobs: int = 1) -> dict:
    return {
        "sourcedir": str(root),
        "outdir": str(root / "_build" / "html"),
        "doctreedir": str(root / "_build" / "doctrees"),
        "builder": "html",
        "jobs": jobs,
        "overrides": {"nitpicky": "1", **({"language": language} if language else {})},
        "fail_on_warning": fail_on_warning,
        "quiet": True,
    }


def kept_builds(root: Path, steps, *, fail_on_warning: bool = False, language: str | None = None, jobs: int = 1) -> list[list]:
    """One application for every build: a build before the steps, then one after each step; the replies."""
    replies: list[list] = []

    def requests():
        yield "build"
        for step in steps:
            step()
            yield "build"

    serve_builds(options(root, fail_on_warning, language, jobs), requests(), replies.append)
    return replies


def done(replies: list[list]) -> list[list]:
    return [reply for reply in replies if reply[0] == "done"]


@pytest.mark.parametrize(("language", "jobs"), [("en", 1), ("es", 1), ("en", 2)])
def test_a_kept_application_builds_what_a_full_build_makes(make_app, tmp_path, capfd, language, jobs):
    """-j 2: pages written by writer processes, from doctrees read from disk (the first build reads in processes too)."""
    root = tmp_path / "kept"
    corpus = generated_archive.make_project(root, 12)
    statements = corpus.statements
    added_path, added_text = generated_archive.added_statement(corpus, place="Reykjavík, Iceland")

    def retitle():
        path = root / statements[1].path
        path.write_text(path.read_text(encoding="utf-8").replace(f'title: "{statements[1].title}"', 'title: "Un título corregido"', 1), encoding="utf-8")

    steps = [
        lambda: generated_archive.edit_text(root, statements[0].path, "Una frase corregida. A corrected sentence."),
        retitle,
        lambda: (root / added_path).write_text(added_text, encoding="utf-8"),
        lambda: rename(root, statements[2].path),
        lambda: (root / statements[3].path).unlink(),
        lambda: generated_archive.new_year_statement(root, corpus),  # a new year, in every page's sidebar
    ]
    replies = kept_builds(root, steps, language=language, jobs=jobs)
    assert replies[0] == ["ready", True]
    assert [reply[:3] for reply in done(replies)] == [["done", True, 0]] * (len(steps) + 1), capfd.readouterr().err
    # Every build said its pages were written before it said it was done.
    kinds = [reply[0] for reply in replies[1:]]
    assert kinds == ["written", "done"] * (len(steps) + 1)
    kept = Path(root / "_build" / "html")
    assert (kept / "place/reykjavik-iceland.html").is_file()

    full_root = tmp_path / "full"
    shutil.copytree(root, full_root, ignore=shutil.ignore_patterns("_build"))
    full = build(make_app, full_root, freshenv=True, confoverrides={"language": language})
    after_steps, from_scratch = website_files(kept), website_files(full)
    assert sorted(after_steps.keys() - from_scratch.keys()) == [], "left behind by the kept application"
    assert sorted(from_scratch.keys() - after_steps.keys()) == [], "missing after the kept application's builds"
    assert search_records(kept) == search_records(full)
    assert sorted(name for name in after_steps if after_steps[name] != from_scratch[name]) == []


def test_a_kept_application_reads_only_the_saved_page(tmp_path, capfd):
    """Sphinx says which pages it reads: one for an edit, none for a build with nothing saved."""
    root = tmp_path / "kept"
    corpus = generated_archive.make_project(root, 12)
    options_shown = options(root)
    options_shown["quiet"] = False
    replies: list[list] = []

    def requests():
        yield "build"
        capfd.readouterr()
        yield "build"  # nothing saved
        nothing = capfd.readouterr().out
        generated_archive.edit_text(root, corpus.statements[0].path, "A corrected sentence.")
        yield "build"
        edited = capfd.readouterr().out
        assert re.search(r"0 added, 0 changed, 0 removed", nothing), nothing
        assert re.search(r"0 added, 1 changed, 0 removed", edited), edited
        assert "loading pickled environment" not in nothing + edited

    serve_builds(options_shown, requests(), replies.append)
    assert [reply[:3] for reply in done(replies)] == [["done", True, 0]] * 3


def test_a_fixed_warning_is_not_counted_again(tmp_path, capfd):
    """With -W, the build with the problem fails and the one after the fix succeeds, in one application."""
    root = tmp_path / "kept"
    corpus = generated_archive.make_project(root, 6)
    path = root / corpus.statements[0].path
    text = path.read_text(encoding="utf-8")
    wrong = "Véase {statement}`2099-01-01-no-existe`."  # a reference to no statement: a warning

    steps = [
        lambda: path.write_text(text + f"\n\n{wrong}\n", encoding="utf-8"),
        lambda: path.write_text(text, encoding="utf-8"),
    ]
    replies = kept_builds(root, steps, fail_on_warning=True)
    statuses = [reply[2] for reply in done(replies)]
    assert statuses == [0, 1, 0], capfd.readouterr().err
    assert "2099-01-01-no-existe" in capfd.readouterr().err


@pytest.mark.parametrize("language", ["en", "es"])
def test_a_kept_application_reads_a_saved_page_in_its_own_process(tmp_path, monkeypatch, capfd, language):
    """At -j 2 too: a process reading one page would send the whole environment back to be merged (about 10 s at
    N = 10,000). The first build, which reads every page, reads them in processes."""
    from solidarity_archive import pipeline
    from solidarity_archive.html import preview_builder
    from solidarity_archive.pipeline import Step

    root = tmp_path / "kept"
    corpus = generated_archive.make_project(root, 12)
    readers = tmp_path / "readers"

    def note_reader(app, docname, source):
        with readers.open("a", encoding="utf-8") as file:
            file.write(f"{os.getpid()} {docname}\n")

    monkeypatch.setattr(pipeline, "SOURCE_READ", (*pipeline.SOURCE_READ, Step("note who reads", note_reader)))
    monkeypatch.setattr(preview_builder, "READ_HERE_AT_MOST", 3)
    builds: list[list[str]] = []

    def requests():
        yield "build"
        builds.append(readers.read_text(encoding="utf-8").splitlines())
        readers.unlink()
        generated_archive.edit_text(root, corpus.statements[0].path, "Una frase corregida. A corrected sentence.")
        yield "build"
        builds.append(readers.read_text(encoding="utf-8").splitlines())
        readers.unlink()
        for statement in corpus.statements[1:5]:
            generated_archive.edit_text(root, statement.path, "Otra frase. Another sentence.")
        yield "build"
        builds.append(readers.read_text(encoding="utf-8").splitlines())

    replies: list[list] = []
    serve_builds(options(root, language=language, jobs=2), requests(), replies.append)
    assert [reply[:3] for reply in done(replies)] == [["done", True, 0]] * 3, capfd.readouterr().err
    here = str(os.getpid())
    first, edited, four = ({line.split()[0] for line in lines} for lines in builds)
    assert here not in first
    assert [line.split()[1] for line in builds[1]] == [Path(corpus.statements[0].path).with_suffix("").as_posix()]
    assert edited == {here}
    assert here not in four  # more than READ_HERE_AT_MOST: in processes, as Sphinx reads them


class SavedAfterThePages:
    """Put in the environment for one build: pickling it waits until the pages are announced (at most
    ``PATIENCE`` seconds), then says in ``record`` whether they were; it pickles as an empty string."""

    PATIENCE = 30

    def __init__(self, announced: Path, record: Path):
        self.announced, self.record = announced, record

    def __reduce__(self):
        deadline = time.monotonic() + self.PATIENCE
        while not self.announced.exists() and time.monotonic() < deadline:
            time.sleep(0.02)
        self.record.write_text("after the pages" if self.announced.exists() else "before the pages", encoding="utf-8")
        return (str, ())


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_pages_are_announced_while_the_environment_is_saved(tmp_path, monkeypatch, capfd, language):
    """At N = 10,000, Sphinx's saving of the environment between reading and writing took longer than the
    preview's budget from a save to the page: the kept application announces the pages without waiting for it.
    The environment on disk at the build's end is the build's: a new application reads nothing again."""
    from solidarity_archive import pipeline
    from solidarity_archive.pipeline import Step

    root = tmp_path / "kept"
    corpus = generated_archive.make_project(root, 6)
    announced, record = tmp_path / "announced", tmp_path / "record"
    armed: list[bool] = []

    def slow_to_save(app, env):
        if armed:
            env.probe_saved_after_the_pages = SavedAfterThePages(announced, record)
        return []

    monkeypatch.setattr(pipeline, "ENV_UPDATED", (*pipeline.ENV_UPDATED, Step("a probe slow to save", slow_to_save)))
    replies: list[list] = []

    def reply(message: list) -> None:
        replies.append(message)
        if armed and message[0] == "written":
            announced.touch()

    def requests():
        yield "build"
        generated_archive.edit_text(root, corpus.statements[0].path, "Una frase corregida. A corrected sentence.")
        armed.append(True)
        yield "build"

    serve_builds(options(root, language=language), requests(), reply)
    assert [reply[:3] for reply in done(replies)] == [["done", True, 0]] * 2, capfd.readouterr().err
    assert record.read_text(encoding="utf-8") == "after the pages"

    monkeypatch.undo()
    pages = {page: page.stat().st_mtime_ns for page in (root / "_build" / "html" / "statements").rglob("*.html")}
    replies.clear()
    serve_builds(options(root, language=language), iter(["build"]), replies.append)
    assert [reply[:3] for reply in done(replies)] == [["done", True, 0]], capfd.readouterr().err
    # A new application that had to start from a fresh environment would read and write every page again.
    assert len([page for page in pages if page.name != "index.html"]) >= 6
    assert {page: page.stat().st_mtime_ns for page in pages} == pages


@pytest.mark.parametrize(("language", "jobs"), [("en", 1), ("es", 2)])
def test_the_documents_pages_are_announced_before_the_pages_made_from_the_whole_archive(tmp_path, language, jobs):
    """``written`` comes once the saved statement's page and its year page are written, before the facet pages and
    the general index (1.9 s at N = 10,000); ``done`` names the pages written after it, for the preview to reload them."""
    from sphinx.application import Sphinx

    from solidarity_archive.sphinx_ext.build_state import PAGES_WRITTEN

    root = tmp_path / "kept"
    corpus = generated_archive.make_project(root, 8)
    statement = corpus.statements[0]
    events: list[tuple[str, str]] = []  # in the order they came: ("page", file) or ("written", "")
    connect = Sphinx.connect

    def noting(app, event, callback, priority=500):
        if event == PAGES_WRITTEN and not getattr(app, "noted", False):
            app.noted = True
            connect(app, "html-page-context", lambda app, pagename, *args: events.append(("page", app.builder.get_target_uri(pagename))))
            connect(app, PAGES_WRITTEN, lambda app: events.append(("written", "")), priority=100)
        return connect(app, event, callback, priority)

    replies: list[list] = []

    def requests():
        yield "build"
        events.clear()
        generated_archive.edit_text(root, statement.path, "Una frase corregida. A corrected sentence.")
        yield "build"

    original = Sphinx.connect
    Sphinx.connect = noting
    try:
        serve_builds(options(root, language=language, jobs=jobs), requests(), replies.append)
    finally:
        Sphinx.connect = original
    assert [reply[:3] for reply in done(replies)] == [["done", True, 0]] * 2
    announced = events.index(("written", ""))
    # The writers' pages (-j 2) are not seen here: the main process's are, and the announcement after them all.
    before = {uri for kind, uri in events[:announced]}
    after = [uri for kind, uri in events[announced + 1 :]]
    if jobs == 1:
        assert f"statements/{statement.year}/{statement.id}.html" in before
        assert f"statements/{statement.year}/index.html" in before
    assert "genindex.html" in after
    assert not [uri for uri in after if uri.startswith("statements/")]
    late = done(replies)[-1][4]
    assert late == sorted(set(after))
    assert "genindex.html" in late
