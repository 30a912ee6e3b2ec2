"""The build sets aside for Python's collector what it keeps until it ends, and gives it all back at the end.

``sphinx_ext/memory.py``: the collector's passes over its oldest generation
look at every object tracked, so a build whose objects only grow would be
looked at again and again; set aside (``gc.freeze``), they are not. These
tests watch what the collector holds while a generated archive is written, and
that a build, finished or failed, leaves nothing set aside.
"""

from __future__ import annotations

import gc

import pytest
from generated_archive import build, make_project

from solidarity_archive import pipeline
from solidarity_archive.pipeline import Step
from solidarity_archive.sphinx_ext import memory

STATEMENTS = 24
#: Settlements every few documents, so that a small archive has several (the archive's is ``memory.SETTLE_EVERY``).
SETTLE_EVERY = 8


@pytest.fixture
def project(tmp_path, monkeypatch):
    monkeypatch.setattr(memory, "SETTLE_EVERY", SETTLE_EVERY)
    root = tmp_path / "archive"
    make_project(root, STATEMENTS)
    return root


def is_statement(pagename: str) -> bool:
    return pagename.startswith("statements/") and not pagename.endswith("/index")


def watched(monkeypatch, seen: list) -> None:
    """A step after the archive's at every statement page written: what the collector holds there.

    Statement pages only: counting the oldest generation walks every object the process holds.
    """

    def watch(app, pagename, templatename, context, doctree):
        if is_statement(pagename):
            seen.append((pagename, gc.get_freeze_count(), len(gc.get_objects(generation=2))))

    monkeypatch.setattr(pipeline, "HTML_PAGE_CONTEXT_LATE", (*pipeline.HTML_PAGE_CONTEXT_LATE, Step("watch the collector", watch)))


def test_what_the_build_keeps_is_set_aside_while_it_writes_and_given_back_after(make_app, project, monkeypatch):
    assert gc.get_freeze_count() == 0
    seen: list = []
    watched(monkeypatch, seen)
    settled: list = []
    monkeypatch.setattr(memory, "_settle", lambda settle=memory._settle: (settled.append(1), settle()))
    build(make_app, project, freshenv=True)
    assert gc.get_freeze_count() == 0, "the build left objects set aside"
    statements = seen
    assert len(statements) == STATEMENTS + 1  # the generated statements and the added one
    # Every document read is set aside by the time pages are written: the oldest generation holds what writing
    # added since the last settlement, not the archive read.
    for pagename, frozen, oldest in statements:
        assert frozen > 0, pagename
        assert oldest < frozen / 2, (pagename, frozen, oldest)
    # Settled every SETTLE_EVERY documents read and pages written, and once when reading ends.
    assert len(settled) >= 1 + 2 * STATEMENTS // SETTLE_EVERY


def test_without_setting_aside_the_oldest_generation_holds_the_archive(make_app, project, monkeypatch):
    """The measure above can tell: with the steps taken out, the oldest generation holds every document read."""
    seen: list = []
    watched(monkeypatch, seen)
    monkeypatch.setattr(gc, "freeze", lambda: None)
    build(make_app, project, freshenv=True)
    last = seen[-1]
    assert last[1] == 0
    assert last[2] > 50_000, last


def test_a_failed_build_gives_back_what_it_set_aside(make_app, project, monkeypatch):
    frozen: list[int] = []

    def fail(app, pagename, templatename, context, doctree):
        if pagename.startswith("statements/"):
            frozen.append(gc.get_freeze_count())
            raise RuntimeError("a step failed while writing")

    monkeypatch.setattr(pipeline, "HTML_PAGE_CONTEXT", (*pipeline.HTML_PAGE_CONTEXT, Step("fail", fail)))
    app = make_app("html", srcdir=project, freshenv=True)
    with pytest.raises(Exception, match="a step failed while writing"):
        app.build()
    assert frozen[0] > 0
    assert gc.get_freeze_count() == 0


def test_a_process_forked_to_write_sets_aside_what_it_was_given(make_app, project, tmp_path, monkeypatch):
    """At -j 2 each writing process starts with the main process's objects: set aside at its first page, the
    collector's passes there look at what the process makes, not at what it was given."""
    import os

    seen = tmp_path / "seen"

    def watch(app, pagename, templatename, context, doctree):
        if not is_statement(pagename):
            return
        with seen.open("a", encoding="utf-8") as file:
            file.write(f"{os.getpid()} {pagename} {gc.get_freeze_count()} {len(gc.get_objects(generation=2))}\n")

    monkeypatch.setattr(pipeline, "HTML_PAGE_CONTEXT_LATE", (*pipeline.HTML_PAGE_CONTEXT_LATE, Step("watch the collector", watch)))
    app = make_app("html", srcdir=project, freshenv=True, parallel=2)
    app.build()
    assert gc.get_freeze_count() == 0
    rows = [line.split() for line in seen.read_text(encoding="utf-8").splitlines()]
    writers = {pid for pid, *_ in rows} - {str(os.getpid())}
    assert len(writers) >= 2
    for pid, pagename, frozen, oldest in rows:
        if pid in writers:
            assert int(oldest) < int(frozen) / 4, (pid, pagename, frozen, oldest)


def _pages(folder) -> dict[str, bytes]:
    return {path.relative_to(folder).as_posix(): path.read_bytes() for path in sorted(folder.rglob("*.html"))}


@pytest.mark.slow
def test_doctrees_read_past_the_budget_are_freed_and_the_pages_are_the_same(make_app, project, tmp_path, monkeypatch):
    """With -j 1 Sphinx keeps every doctree read until its page is written (2 GB at 10,000 statements); the build
    keeps ``KEEP_READ_DOCTREES`` and reads the others back from disk, letting each file's bytes go once resolved.
    One interface, the Spanish one: which doctrees are kept does not depend on it."""
    language = "es"
    import weakref

    from docutils import nodes

    whole = make_app("html", srcdir=project, builddir=tmp_path / "whole", freshenv=True, confoverrides={"language": language})
    whole.build()
    assert whole.warning.getvalue() == ""
    whole.cleanup()  # Sphinx's registrations undone: the next application makes its own

    monkeypatch.setattr(memory, "KEEP_READ_DOCTREES", 5)
    # No settlement while reading: one sets aside the doctrees then kept, which the collector then never frees.
    monkeypatch.setattr(memory, "SETTLE_EVERY", 10 * STATEMENTS)
    read: list = []
    alive_when_writing: list[int] = []

    def note_read(app, doctree):
        read.append(weakref.ref(doctree))

    def count_alive(app, pagename, templatename, context, doctree):
        if not alive_when_writing:
            gc.collect()
            alive_when_writing.append(sum(1 for ref in read if isinstance(ref(), nodes.document)))

    monkeypatch.setattr(pipeline, "HTML_PAGE_CONTEXT_LATE", (*pipeline.HTML_PAGE_CONTEXT_LATE, Step("count the doctrees alive", count_alive)))
    bounded = make_app("html", srcdir=project, builddir=tmp_path / "bounded", freshenv=True, confoverrides={"language": language})
    bounded.connect("doctree-read", note_read)
    bounded.build()
    assert bounded.warning.getvalue() == ""
    assert len(read) > STATEMENTS
    # The five kept and the one being written.
    assert alive_when_writing[0] <= 5 + 1, (alive_when_writing, len(read))
    assert not [docname for docname in bounded.env._pickled_doctree_cache if docname.startswith("statements/")]
    assert _pages(bounded.outdir) == _pages(whole.outdir)
