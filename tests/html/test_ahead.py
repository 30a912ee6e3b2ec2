"""The work done ahead of the pages by a forked copy of the build (``html/ahead.py``): the references of the
statements read and their downloads come from the copy, and the output is the one the build makes alone."""

from __future__ import annotations

import os
import time
from pathlib import Path
from types import SimpleNamespace

import generated_archive
import pytest

from solidarity_archive.formats import citation, exports
from solidarity_archive.html import ahead
from solidarity_archive.sphinx_ext.build_state import build_state

STATEMENTS = 14


def files(folder: Path) -> dict[str, bytes]:
    return {path.relative_to(folder).as_posix(): path.read_bytes() for path in sorted(folder.rglob("*")) if path.is_file()}


@pytest.fixture
def noted(tmp_path, monkeypatch):
    """Which process formatted each reference and rendered each download: ``[(kind, pid, id)]``."""
    notes = tmp_path / "noted"
    render, export = citation.render, exports.render

    def note(kind: str, ids) -> None:
        with notes.open("a", encoding="utf-8") as file:
            file.writelines(f"{kind} {os.getpid()} {id_}\n" for id_ in ids)

    def noting_render(item, style, *args, **kwargs):
        note("reference", [item["id"]])
        return render(item, style, *args, **kwargs)

    def noting_export(items, fmt):
        note("download", [item["id"] for item in items])
        return export(items, fmt)

    monkeypatch.setattr(citation, "render", noting_render)
    monkeypatch.setattr(exports, "render", noting_export)

    def read() -> list[tuple[str, int, str]]:
        found = [line.split() for line in notes.read_text(encoding="utf-8").splitlines()] if notes.exists() else []
        notes.unlink(missing_ok=True)
        return [(kind, int(pid), id_) for kind, pid, id_ in found]

    return read


def build(make_app, srcdir: Path, outdir: Path, language: str, parallel: int = 1, fresh: bool = True) -> Path:
    return generated_archive.build(make_app, srcdir, builddir=outdir, freshenv=fresh, parallel=parallel, confoverrides={"language": language})


@pytest.fixture
def project(tmp_path):
    srcdir = tmp_path / "archive"
    corpus = generated_archive.make_project(srcdir, STATEMENTS)
    assert {statement.language for statement in corpus.statements} >= {"en", "es"}
    return srcdir, corpus


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_copy_formats_the_references_and_writes_the_downloads_and_the_site_is_the_same(make_app, tmp_path, project, noted, monkeypatch, language):
    srcdir, corpus = project
    ids = {statement.id for statement in corpus.statements}

    monkeypatch.setattr(ahead, "AHEAD_AT_LEAST", 10**9)
    alone = build(make_app, srcdir, tmp_path / "alone", language)
    by_alone = noted()
    assert {pid for _kind, pid, _id in by_alone} == {os.getpid()}

    monkeypatch.setattr(ahead, "AHEAD_AT_LEAST", 4)
    helped = build(make_app, srcdir, tmp_path / "helped", language)
    by_helped = noted()
    # The build itself formatted no reference and rendered no download: one other process did all of them.
    assert os.getpid() not in {pid for _kind, pid, _id in by_helped}
    assert len({pid for _kind, pid, _id in by_helped}) == 1
    assert {id_ for kind, _pid, id_ in by_helped if kind == "reference"} >= ids
    assert {id_ for kind, _pid, id_ in by_helped if kind == "download"} >= ids
    assert sorted((kind, id_) for kind, _pid, id_ in by_helped) == sorted((kind, id_) for kind, _pid, id_ in by_alone)
    # Byte for byte the same site, downloads and search bundle included.
    assert files(helped) == files(alone)


def test_with_two_writers_the_site_is_the_one_of_a_build_alone(make_app, tmp_path, project, noted, monkeypatch):
    srcdir, corpus = project
    monkeypatch.setattr(ahead, "AHEAD_AT_LEAST", 10**9)
    alone = build(make_app, srcdir, tmp_path / "alone", "es")
    noted()
    monkeypatch.setattr(ahead, "AHEAD_AT_LEAST", 4)
    helped = build(make_app, srcdir, tmp_path / "helped", "es", parallel=2)
    by_helped = noted()
    assert os.getpid() not in {pid for kind, pid, _id in by_helped if kind == "download"}
    assert {id_ for _kind, _pid, id_ in by_helped} >= {statement.id for statement in corpus.statements}
    assert files(helped) == files(alone)


def test_an_edit_does_its_little_work_itself(make_app, tmp_path, project, noted, monkeypatch):
    srcdir, corpus = project
    monkeypatch.setattr(ahead, "AHEAD_AT_LEAST", 4)
    build(make_app, srcdir, tmp_path / "site", "en")
    noted()
    statement = sorted(corpus.statements, key=lambda s: s.id)[3]
    path = srcdir / statement.path
    path.write_text(path.read_text(encoding="utf-8") + "\nA paragraph added by an edit.\n", encoding="utf-8")
    forks: list[int] = []
    fork = os.fork
    monkeypatch.setattr(os, "fork", lambda: forks.append(1) or fork())
    build(make_app, srcdir, tmp_path / "site", "en", fresh=False)
    by_edit = noted()
    assert forks == []
    assert {(kind, pid, id_) for kind, pid, id_ in by_edit} == {("reference", os.getpid(), statement.id)}


def test_a_build_that_stops_stops_its_copy(make_app, tmp_path, project, monkeypatch):
    srcdir, _corpus = project
    monkeypatch.setattr(ahead, "AHEAD_AT_LEAST", 4)
    copies: list[int] = []
    fork = os.fork

    def noting_fork() -> int:
        pid = fork()
        if pid:
            copies.append(pid)
        return pid

    monkeypatch.setattr(os, "fork", noting_fork)
    app = make_app("html", srcdir=srcdir, builddir=tmp_path / "site", freshenv=True)

    def failing(app, pagename, *args):
        if pagename.startswith("statements/") and not pagename.endswith("index"):
            raise RuntimeError("a page cannot be written")

    app.connect("html-page-context", failing)
    with pytest.raises(Exception, match="a page cannot be written"):
        app.build()
    assert len(copies) == 1, "the build forked no copy"
    with pytest.raises(ChildProcessError):
        os.waitpid(copies[0], os.WNOHANG)  # waited for already: no such child


def test_references_formatted_from_another_item_are_not_taken(monkeypatch):
    class Environment:
        pass

    env = Environment()
    app = SimpleNamespace(env=env)
    item = {"id": "2016-01-01-a", "title": "A statement"}
    copy = ahead.Ahead(pid=0, connection=None)  # type: ignore[arg-type]  # nothing to take in
    copy.connection = None
    copy.references["statements/2016/a"] = (ahead.item_digest({**item, "title": "Another title"}), [], "pin")
    build_state(env).ahead = copy
    assert ahead.reference_ahead(app, "statements/2016/a", item) is None
    copy.references["statements/2016/a"] = (ahead.item_digest(item), [], "pin")
    assert ahead.reference_ahead(app, "statements/2016/a", item) == ([], "pin")
    assert ahead.reference_ahead(app, "statements/2016/b", item) is None


@pytest.mark.parametrize(("trouble", "language"), [("fails", "en"), ("hangs", "es")])
def test_a_copy_that_fails_or_hangs_leaves_the_work_to_the_build(make_app, tmp_path, project, noted, monkeypatch, trouble, language):
    """A copy that raises ends at once; one that sends nothing for ``PATIENCE`` seconds is stopped."""
    srcdir, _corpus = project
    monkeypatch.setattr(ahead, "AHEAD_AT_LEAST", 10**9)
    alone = build(make_app, srcdir, tmp_path / "alone", language)
    noted()

    builder_process = os.getpid()
    references = citation.references

    def in_trouble_in_the_copy(*args, **kwargs):
        if os.getpid() != builder_process:
            if trouble == "fails":
                raise RuntimeError("the copy fails")
            time.sleep(600)
        return references(*args, **kwargs)

    monkeypatch.setattr(citation, "references", in_trouble_in_the_copy)
    monkeypatch.setattr(ahead, "AHEAD_AT_LEAST", 4)
    monkeypatch.setattr(ahead, "PATIENCE", 1)
    started = time.monotonic()
    helped = build(make_app, srcdir, tmp_path / "helped", language)
    assert time.monotonic() - started < 120
    assert {pid for _kind, pid, _id in noted()} == {builder_process}
    assert files(helped) == files(alone)
