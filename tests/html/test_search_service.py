"""The search bundle is read only once Pagefind's files are whole.

Pagefind 1.5.2 can report its files written while their last bytes are still
queued inside it (see the note above ``run_pagefind`` in
``solidarity_archive/html/search.py``); on a busy machine the bundle was then
read, or Pagefind stopped, before they reached the disk. Here a stand-in for
the Pagefind program makes that timing certain: it runs the real Pagefind and
lets every file it writes reach the disk only some time after Pagefind says it
has written it, and never if Pagefind is stopped first, as a busy machine can.
Pagefind's service says so when it answers the request to write the files.
The program run over a folder says so by exiting, and its runtime finishes
every queued write before it exits, so the stand-in puts the files back before
it exits.
"""

from __future__ import annotations

import json
import stat
import sys
from pathlib import Path

import pytest
from paths import REPO

from solidarity_archive.html.search import COPIES_FILE, ENTRY_FILE, _index_pages, copy_for_index, read_fragments

#: How long after "written" the stand-in's files reach the disk.
LATE = 1.0

STAND_IN = r'''
import base64, json, os, signal, subprocess, sys, threading, time
from pathlib import Path

REAL = os.environ["ARCHIVE_TEST_REAL_PAGEFIND"]
LATE = float(os.environ["ARCHIVE_TEST_PAGEFIND_LATE"])


def hold_back(folder):
    """Empty every file under folder now; the thread it returns writes them back LATE seconds later."""
    held = {path: path.read_bytes() for path in Path(folder).rglob("*") if path.is_file()}
    for path in held:
        path.write_bytes(b"")

    def write_back():
        time.sleep(LATE)
        for path, content in held.items():
            path.write_bytes(content)

    return threading.Thread(target=write_back, daemon=True)


def service():
    real = subprocess.Popen([REAL, "--service"], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    # Stopped (the Python API's close() terminates the service): the writes still queued are lost.
    signal.signal(signal.SIGTERM, lambda *_: (real.kill(), os._exit(0)))

    def requests():
        while chunk := sys.stdin.buffer.read1(65536):
            real.stdin.write(chunk)
            real.stdin.flush()
        real.stdin.close()

    threading.Thread(target=requests, daemon=True).start()
    pending = b""
    while chunk := real.stdout.read1(65536):
        pending += chunk
        while b"," in pending:  # each answer is base64 JSON and a comma
            message, pending = pending.split(b",", 1)
            response = json.loads(base64.b64decode(message))
            if response.get("payload", {}).get("type") == "WriteFiles":
                hold_back(response["payload"]["output_path"]).start()
            sys.stdout.buffer.write(message + b",")
            sys.stdout.buffer.flush()
    real.wait()


def command():
    done = subprocess.run([REAL, *sys.argv[1:]])
    args = sys.argv[1:]
    output = next(
        arg.split("=", 1)[1] if "=" in arg else args[at + 1] for at, arg in enumerate(args) if arg.startswith("--output-path")
    )
    if done.returncode == 0:
        writer = hold_back(output)
        writer.start()
        writer.join()  # the runtime's queued writes run before the program ends
    sys.exit(done.returncode)


service() if "--service" in sys.argv else command()
'''


@pytest.fixture
def late_pagefind(tmp_path, monkeypatch):
    """Pagefind, as found by its Python API, whose files reach the disk LATE seconds after it says so."""
    from pagefind.service import get_executable

    real = get_executable()
    assert real is not None
    program = tmp_path / "late-pagefind"
    program.write_text(f"#!{sys.executable}\n{STAND_IN}", encoding="utf-8")
    program.chmod(program.stat().st_mode | stat.S_IXUSR)
    monkeypatch.setenv("ARCHIVE_TEST_REAL_PAGEFIND", str(real))
    monkeypatch.setenv("ARCHIVE_TEST_PAGEFIND_LATE", str(LATE))
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(program))
    return program


def page(site: Path, relative: str, lang: str, text: str) -> Path:
    path = site / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        f'<!DOCTYPE html><html lang="{lang}"><head><title>{text}</title></head>'
        f'<body><div data-pagefind-body><section class="statement"><h1>{text}</h1>'
        f'<div class="statement-text"><p>{text}</p></div></section></div></body></html>',
        encoding="utf-8",
    )
    return path


def test_bundle_is_read_once_pagefind_has_written_it(tmp_path, late_pagefind):
    site = tmp_path / "site"
    pages = [
        page(site, "statements/2014/2014-11-20-morazan.html", "es-SV", "Solidaridad con Morazán"),
        page(site, "statements/2016/2016-01-19-seed.html", "en", "Solidarity with the people"),
    ]
    languages = _index_pages(site, pages).languages
    assert languages == {"/statements/2014/2014-11-20-morazan.html": "es", "/statements/2016/2016-01-19-seed.html": "en"}
    entry = json.loads((site / "pagefind" / ENTRY_FILE).read_text(encoding="utf-8"))
    assert {language: info["page_count"] for language, info in entry["languages"].items()} == {"en": 1, "es": 1}
    assert sorted(fragment["url"] for fragment in read_fragments(site)) == sorted(languages)
    assert (site / "pagefind" / "pagefind.js").stat().st_size > 0


def test_the_copies_pagefind_reads_are_made_again_only_for_pages_that_changed(tmp_path):
    site, copies = tmp_path / "site", tmp_path / "copies"
    morazan = page(site, "statements/2014/2014-11-20-morazan.html", "es-SV", "Solidaridad con Morazán")
    seed = page(site, "statements/2016/2016-01-19-seed.html", "en", "Solidarity with the people")
    gone = page(site, "statements/2017/2017-03-01-gone.html", "es", "Una declaración retirada")
    assert copy_for_index(site, [morazan, seed, gone], copies) == {
        "/statements/2014/2014-11-20-morazan.html": "es",
        "/statements/2016/2016-01-19-seed.html": "en",
        "/statements/2017/2017-03-01-gone.html": "es",
    }
    # A region is no index of its own: the Spanish page of El Salvador is copied with lang="es";
    # a page whose lang is its index language is the page itself under a second name.
    assert '<html lang="es">' in (copies / "es/statements/2014/2014-11-20-morazan.html").read_text(encoding="utf-8")
    assert (copies / "en/statements/2016/2016-01-19-seed.html").samefile(seed)
    listed = json.loads((copies / COPIES_FILE).read_text(encoding="utf-8"))
    # The next build: the English page changed, the withdrawn Spanish one is gone, Morazán's is as it was.
    made = (copies / "es/statements/2014/2014-11-20-morazan.html").stat().st_mtime_ns
    seed.unlink()
    seed = page(site, "statements/2016/2016-01-19-seed.html", "en", "Solidarity with the people of El Salvador")
    gone.unlink()
    assert copy_for_index(site, [morazan, seed], copies) == {
        "/statements/2014/2014-11-20-morazan.html": "es",
        "/statements/2016/2016-01-19-seed.html": "en",
    }
    assert (copies / "es/statements/2014/2014-11-20-morazan.html").stat().st_mtime_ns == made
    assert "of El Salvador" in (copies / "en/statements/2016/2016-01-19-seed.html").read_text(encoding="utf-8")
    assert not (copies / "es/statements/2017/2017-03-01-gone.html").exists()
    assert json.loads((copies / COPIES_FILE).read_text(encoding="utf-8")).keys() == listed.keys() - {"/statements/2017/2017-03-01-gone.html"}


def test_a_copy_no_page_is_made_from_is_never_indexed(tmp_path):
    # A first build's run reads a language's folder of copies whole: a copy left there by a build that stopped
    # before it saved its listing (a statement removed since) must not come back in the search.
    site, copies = tmp_path / "site", tmp_path / "copies"
    pages = [
        page(site, "statements/2016/2016-01-19-seed.html", "en", "Solidarity with the people"),
        page(site, "statements/2015/2015-06-02-migracion.html", "es", "Migración sin miedo"),
    ]
    left = page(tmp_path / "earlier", "statements/2013/2013-03-08-retirada.html", "es", "Una declaración retirada")
    stray = copies / "es" / "statements/2013/2013-03-08-retirada.html"
    stray.parent.mkdir(parents=True)
    stray.write_bytes(left.read_bytes())
    (copies / "en" / "stray.html").parent.mkdir(parents=True)
    (copies / "en" / "stray.html").write_bytes(left.read_bytes())
    indexed = _index_pages(site, pages, copies)
    assert sorted(fragment["url"] for fragment in read_fragments(site)) == sorted(indexed.languages)
    assert not stray.exists() and not (copies / "en" / "stray.html").exists()
    assert (copies / "en/statements/2016/2016-01-19-seed.html").samefile(pages[0])


@pytest.mark.sphinx("html", testroot="search")
def test_the_search_starts_once_the_statement_pages_are_written(app, monkeypatch):
    # Before the general index, the facet pages and the downloads are written, and once.
    from solidarity_archive.html import search
    from solidarity_archive.sphinx_ext.build_state import build_state

    started, seen = [], []
    real = search.on_thread
    monkeypatch.setattr(search, "on_thread", lambda name, *args: started.append(name) or real(name, *args))
    app.connect("html-collect-pages", lambda app: seen.append(build_state(app.env).search_index is not None) or [], priority=1)
    app.build()
    assert app.warning.getvalue() == ""
    assert seen == [True] and started.count("search") == 1
    assert len(list(read_fragments(Path(app.outdir)))) == 5


def test_empty_bundle_is_whole(tmp_path, late_pagefind):
    # No statement yet: the search page still loads a bundle, with no language.
    site = tmp_path / "site"
    assert _index_pages(site, []).languages == {}
    entry = json.loads((site / "pagefind" / ENTRY_FILE).read_text(encoding="utf-8"))
    assert entry["languages"] == {}
    assert (site / "pagefind" / "pagefind.js").stat().st_size > 0
    assert not list(read_fragments(site))


@pytest.mark.sphinx("html", testroot="search")
def test_build_with_late_pagefind_loses_nothing(app, late_pagefind):
    # The failure as a build saw it: "Pagefind could not index …", then the
    # nothing-lost check's statements missing from the search engine's index.
    app.build()
    assert app.warning.getvalue() == ""
    assert len(list(read_fragments(Path(app.outdir)))) == 5


def test_the_bundle_format_is_read_with_the_pagefind_it_was_written_against():
    """``search.py`` reads Pagefind's entry file and fragments back (see ``PAGEFIND_WRITTEN_AGAINST``):
    fails when the installed Pagefind, or the version constraints.txt pins, is another."""
    import importlib.metadata
    import re

    from solidarity_archive.html.search import PAGEFIND_WRITTEN_AGAINST

    constraints = (REPO / "constraints.txt").read_text()
    for package in ("pagefind", "pagefind_bin"):
        pinned = re.search(rf"^{package}==(\S+)$", constraints, re.M)
        assert pinned and pinned.group(1) == PAGEFIND_WRITTEN_AGAINST == importlib.metadata.version(package)


def test_pages_read_in_several_runs_make_the_bundle_of_one_run(tmp_path, monkeypatch):
    # Pagefind holds a run's pages in memory: a large archive is read a thousand pages to a run.
    from solidarity_archive.html import search

    def bundle(site: Path) -> dict[str, bytes]:
        folder = site / search.BUNDLE_DIR
        return {path.relative_to(folder).as_posix(): path.read_bytes() for path in folder.rglob("*") if path.is_file()}

    texts = ["Solidaridad con Morazán", "Agua para Cabañas", "Memoria de Monseñor Romero", "Elecciones sin garantías", "Centroamérica en pie"]
    made = {}
    for per_run in (1000, 2):
        monkeypatch.setattr(search, "PAGES_PER_RUN", per_run)
        site = tmp_path / f"site-{per_run}"
        pages = [page(site, f"statements/2014/2014-11-2{number}-p{number}.html", "es", text) for number, text in enumerate(texts)]
        pages.append(page(site, "statements/2016/2016-01-19-seed.html", "en", "Solidarity with the people"))
        assert _index_pages(site, pages).read == 6
        made[per_run] = bundle(site)
    assert made[2] == made[1000]
    assert len([name for name in made[2] if name.startswith("fragment/")]) == 6


def test_pagefind_reads_the_next_runs_pages_while_a_runs_bundle_is_read(tmp_path, monkeypatch):
    # Pagefind, a program of its own, and the search thread's Python each keep a processor busy; a reading that
    # fails stops the run under way.
    from solidarity_archive.formats import search_bundle
    from solidarity_archive.html import search

    monkeypatch.setattr(search, "PAGES_PER_RUN", 2)
    site = tmp_path / "site"
    texts = ["Solidaridad con Morazán", "Agua para Cabañas", "Memoria de Monseñor Romero", "Elecciones sin garantías", "Centroamérica en pie"]
    pages = [page(site, f"statements/2014/2014-11-2{number}-p{number}.html", "es", text) for number, text in enumerate(texts)]
    pages.append(page(site, "statements/2016/2016-01-19-seed.html", "en", "Solidarity with the people"))
    events: list[str] = []
    processes = []
    start_pagefind, common_raw = search.start_pagefind, search_bundle.common_raw

    def starting(folder: Path, output: Path):
        events.append("started")
        processes.append(start_pagefind(folder, output))
        return processes[-1]

    def reading(output: Path):  # once for each run's bundle
        events.append("read")
        if events.count("read") == 2:
            raise RuntimeError("a bundle that cannot be read")
        return common_raw(output)

    monkeypatch.setattr(search, "start_pagefind", starting)
    monkeypatch.setattr(search_bundle, "common_raw", reading)
    # One English run, three Spanish ones: each run's Pagefind is started before the bundle of the run before it is read.
    with pytest.raises(RuntimeError, match="cannot be read"):
        _index_pages(site, pages)
    assert events == ["started", "started", "read", "started", "read"]
    assert all(process.returncode is not None for process in processes)  # the third run, under way, was stopped
    events.clear()
    monkeypatch.setattr(search_bundle, "common_raw", common_raw)
    assert _index_pages(site, pages).read == 6
    assert events == ["started"] * 4


@pytest.mark.parametrize("found_by", ["pagefind_bin", "PAGEFIND_BINARY_PATH", "PATH", "nothing"])
def test_the_program_is_the_one_pagefinds_python_api_would_run(tmp_path, monkeypatch, found_by):
    """The archive finds Pagefind's program without importing Pagefind's service (``search.pagefind_program``),
    in the order of the Python API's own ``get_executable``: the same program in each case."""
    from pagefind.service import get_executable

    from solidarity_archive.html.search import pagefind_program

    monkeypatch.delenv("PAGEFIND_BINARY_PATH", raising=False)
    if found_by == "PAGEFIND_BINARY_PATH":
        monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(tmp_path / "named-pagefind"))
    if found_by in ("PATH", "nothing"):
        for package in ("pagefind_bin_extended", "pagefind_bin"):
            monkeypatch.setitem(sys.modules, package, None)  # as if pagefind[bin] were not installed
        folder = tmp_path / "bin"
        folder.mkdir()
        if found_by == "PATH":
            on_path = folder / "pagefind"
            on_path.write_text("#!/bin/sh\n", encoding="utf-8")
            on_path.chmod(0o755)
        monkeypatch.setenv("PATH", str(folder))
    program = pagefind_program()
    assert program == get_executable()
    assert (program is None) == (found_by == "nothing")
    if found_by == "pagefind_bin":
        assert program.is_file() and program.name.startswith("pagefind")
