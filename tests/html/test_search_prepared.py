"""A first build has Pagefind's script and WebAssembly compressed on a thread of its own, not by the search.

Zopfli takes some seconds over them; in a first build the search thread, the
last to finish, would spend them once every page is written. A first build
prepares them on a thread of its own (``search.prepare_common_files``: while
Sphinx reads with ``-j 1``, once the pages are written with ``-j N``) and the
search takes them from it: the bundle is byte for byte the one a build without
the preparation writes. An edit prepares nothing (the search's store keeps the
files compressed), and a failed preparation changes nothing. The project has
statements in English and in Spanish (``es`` and ``es-SV``).
"""

from __future__ import annotations

import gzip
import json
import re
import shutil
import tempfile
import threading
from collections import Counter
from pathlib import Path

import pytest
from paths import ROOTS
from sphinx.errors import ExtensionError
from sphinx.util.console import strip_colors

from solidarity_archive import pipeline
from solidarity_archive.formats import search_bundle
from solidarity_archive.html import search

#: The thread the preparation runs on (``build_state.on_thread``'s name for it).
PREPARING = "archive-search-prepared"
#: The search thread's (``search.start_index``).
SEARCHING = "archive-search_"


def quick_gzip(data: bytes, iterations: int = 1) -> bytes:
    """Zopfli's stand-in where a test counts what is compressed and by which thread, not how small: gzip's fastest
    level, its header dated (``mtime=1``) so that it is never the plain ``gzip -9`` file the bundle tells apart from
    one compressed again. Zopfli takes about 0.9 s over one language's WebAssembly, whatever its iterations."""
    return gzip.compress(data, 1, mtime=1)


def counting_compressions(monkeypatch, tmp_path, compress) -> list[tuple[str, bytes]]:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "user-cache"))
    found: list[tuple[str, bytes]] = []

    def counting(data: bytes, iterations: int = 1) -> bytes:
        found.append((threading.current_thread().name, data))
        return compress(data, iterations)

    monkeypatch.setattr(search_bundle, "smallest_gzip", counting)
    # Without the process's memory of what it compressed: every file not taken from elsewhere is compressed.
    monkeypatch.setattr(search_bundle, "_smallest_common", search_bundle._smallest_common.__wrapped__)
    return found


@pytest.fixture
def compressed(monkeypatch, tmp_path) -> list[tuple[str, bytes]]:
    """Every input the bundle would have Zopfli compress, with the thread that compresses it (the user's cache empty),
    compressed by ``quick_gzip``."""
    return counting_compressions(monkeypatch, tmp_path, quick_gzip)


@pytest.fixture
def compressed_by_zopfli(monkeypatch, tmp_path) -> list[tuple[str, bytes]]:
    """As ``compressed``, each compressed by Zopfli."""
    return counting_compressions(monkeypatch, tmp_path, search_bundle.smallest_gzip)


@pytest.fixture
def pagefind_runs(monkeypatch) -> Counter:
    """Pagefind's runs: over the preparation's page (``prepared``) and over statement pages (``statements``)."""
    runs: Counter = Counter()
    start_pagefind = search.start_pagefind

    def counting(folder: Path, output: Path):
        runs["prepared" if "archive-search-prepared-" in str(folder) else "statements"] += 1
        return start_pagefind(folder, output)

    monkeypatch.setattr(search, "start_pagefind", counting)
    return runs


def without_preparation(monkeypatch) -> None:
    monkeypatch.setattr(pipeline, "ENV_GET_OUTDATED", tuple(step for step in pipeline.ENV_GET_OUTDATED if step.function is not search.prepare_common_files))
    monkeypatch.setattr(
        pipeline, "PAGES_WRITTEN_STEPS", tuple(step for step in pipeline.PAGES_WRITTEN_STEPS if step.function is not search.prepare_common_files_late)
    )


def bundle(outdir) -> dict[str, bytes]:
    folder = Path(outdir, search.BUNDLE_DIR)
    return {path.relative_to(folder).as_posix(): path.read_bytes() for path in sorted(folder.rglob("*")) if path.is_file()}


def build(make_app, tmp_path: Path, name: str, parallel: int = 1):
    srcdir = tmp_path / name
    if not srcdir.exists():
        shutil.copytree(ROOTS / "test-search", srcdir)
    app = make_app("html", srcdir=srcdir, freshenv=True, parallel=parallel)
    app.build()
    assert strip_colors(app.warning.getvalue()) == ""
    return app


def pagefinds_files(outdir) -> set[bytes]:
    """Pagefind's own files the bundle holds compressed again (the WebAssembly of its languages, its script), as they are
    compressed: not the WebAssembly of no language (``search_bundle.UNKNOWN_WASM``) where no index loads it."""
    files = bundle(outdir)
    return {gzip.decompress(data) for name, data in files.items() if name.startswith("wasm.") and name != search_bundle.UNKNOWN_WASM} | {files["pagefind.js"]}


def compressed_by(compressed: list[tuple[str, bytes]], thread: str) -> set[bytes]:
    """What the thread named ``thread`` (a prefix) compressed."""
    return {data for name, data in compressed if name.startswith(thread)}


@pytest.mark.parametrize("parallel", [1, 2])
def test_a_first_build_prepares_pagefinds_files_once_and_writes_the_same_bundle(make_app, tmp_path, monkeypatch, compressed, pagefind_runs, parallel):
    started: list[str] = []
    on_thread = search.on_thread
    monkeypatch.setattr(search, "on_thread", lambda name, *args: started.append(name) or on_thread(name, *args))
    written = pipeline.Step("note the pages written", lambda app: started.append("pages written"))
    monkeypatch.setattr(pipeline, "PAGES_WRITTEN_STEPS", (written, *pipeline.PAGES_WRITTEN_STEPS))
    prepared = build(make_app, tmp_path, "prepared", parallel)
    assert pagefind_runs["prepared"] == 1
    # With -j 1 while Sphinx reads (the other processor is free); with -j 2, once the processes writing pages are done.
    assert started == (["search-prepared", "pages written", "search"] if parallel == 1 else ["pages written", "search-prepared", "search"])
    # The preparation compressed the WebAssembly of both languages and Pagefind's script; the search thread
    # compressed none of them again, only the languages' meta files. Nothing compressed the WebAssembly of no
    # language, which no index of the project loads.
    assert compressed_by(compressed, PREPARING) == pagefinds_files(prepared.outdir)
    assert {"wasm.en.pagefind", "wasm.es.pagefind", "wasm.unknown.pagefind", "pagefind.js.gz"} <= set(bundle(prepared.outdir))
    assert len(pagefinds_files(prepared.outdir)) == 3
    assert not compressed_by(compressed, SEARCHING) & pagefinds_files(prepared.outdir)
    assert len(compressed_by(compressed, SEARCHING)) == 2
    assert gzip.decompress(bundle(prepared.outdir)[search_bundle.UNKNOWN_WASM]) not in compressed_by(compressed, "")

    prepared.cleanup()
    compressed.clear()
    without_preparation(monkeypatch)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "another-user-cache"))  # nothing compressed yet
    plain = build(make_app, tmp_path, "plain")
    assert pagefind_runs["prepared"] == 1
    assert compressed_by(compressed, SEARCHING) >= pagefinds_files(plain.outdir)  # the search compressed them itself
    assert bundle(prepared.outdir) == bundle(plain.outdir)


def test_an_edit_prepares_nothing(make_app, tmp_path, compressed, pagefind_runs):
    app = build(make_app, tmp_path, "archive")
    assert pagefind_runs == Counter(prepared=1, statements=2)
    statement = Path(app.srcdir, "statements/2015/2015-06-02-migracion.md")
    statement.write_text(statement.read_text(encoding="utf-8") + "\nUn párrafo corregido.\n", encoding="utf-8")
    compressed.clear()
    written = bundle(app.outdir)
    app.build()
    assert strip_colors(app.warning.getvalue()) == ""
    # Pagefind read the edited Spanish page only; nothing was prepared, nothing of Pagefind's compressed again.
    assert pagefind_runs == Counter(prepared=1, statements=3)
    assert not compressed_by(compressed, "") & pagefinds_files(app.outdir)
    assert {name: data for name, data in bundle(app.outdir).items() if name.startswith("wasm.") or name == "pagefind.js.gz"} == {
        name: data for name, data in written.items() if name.startswith("wasm.") or name == "pagefind.js.gz"
    }


@pytest.mark.parametrize("failing", ["folder", "pagefind", "compression"])
def test_a_failed_preparation_leaves_the_bundle_as_it_would_be(make_app, tmp_path, monkeypatch, compressed, failing):
    start_pagefind, smallest_gzip, mkdtemp = search.start_pagefind, search_bundle.smallest_gzip, tempfile.mkdtemp

    def no_folder(suffix=None, prefix=None, dir=None):
        if prefix == "archive-search-prepared-":
            raise OSError(28, "No space left on device")
        return mkdtemp(suffix, prefix, dir)

    def no_pagefind(folder: Path, output: Path):
        if "archive-search-prepared-" in str(folder):
            raise FileNotFoundError("no Pagefind program")
        return start_pagefind(folder, output)

    def no_compression(data: bytes, iterations: int = 1) -> bytes:
        if threading.current_thread().name.startswith(PREPARING):
            raise MemoryError("no memory left")
        return smallest_gzip(data, iterations)

    if failing == "folder":
        monkeypatch.setattr(tempfile, "mkdtemp", no_folder)
    elif failing == "pagefind":
        monkeypatch.setattr(search, "start_pagefind", no_pagefind)
    else:
        monkeypatch.setattr(search_bundle, "smallest_gzip", no_compression)
    failed = build(make_app, tmp_path, "failed")
    assert compressed_by(compressed, SEARCHING) >= pagefinds_files(failed.outdir)  # the search compressed them itself

    failed.cleanup()
    monkeypatch.setattr(tempfile, "mkdtemp", mkdtemp)
    monkeypatch.setattr(search, "start_pagefind", start_pagefind)
    monkeypatch.setattr(search_bundle, "smallest_gzip", smallest_gzip)
    without_preparation(monkeypatch)
    plain = build(make_app, tmp_path, "plain")
    assert bundle(failed.outdir) == bundle(plain.outdir)


def test_a_failed_build_waits_for_the_preparation(make_app, tmp_path, monkeypatch):
    futures = []
    on_thread = search.on_thread

    def noting(name, function, *args):
        future = on_thread(name, function, *args)
        futures.append(future)
        return future

    def failing(app, env) -> list[str]:
        raise RuntimeError("a step failed")

    monkeypatch.setattr(search, "on_thread", noting)
    monkeypatch.setattr(pipeline, "ENV_UPDATED", (*pipeline.ENV_UPDATED, pipeline.Step("fail", failing)))
    srcdir = tmp_path / "archive"
    shutil.copytree(ROOTS / "test-search", srcdir)
    app = make_app("html", srcdir=srcdir, freshenv=True)
    with pytest.raises(ExtensionError, match="a step failed"):
        app.build()
    assert len(futures) == 1 and futures[0].done()


#: A statement's language that Pagefind has no stemmer for (Guarani): its index names no WebAssembly.
NO_STEMMER = "gn"


def _with_language(app, path: str, language: str) -> None:
    statement = Path(app.srcdir, path)
    text = statement.read_text(encoding="utf-8")
    statement.write_text(re.sub(r"(?m)^language: .*$", f"language: {language}", text, count=1), encoding="utf-8")


def test_the_webassembly_of_no_language_is_compressed_where_an_index_loads_it(make_app, tmp_path, compressed_by_zopfli):
    """A page searching an index whose entry names no WebAssembly (statements in a language Pagefind has no
    stemmer for) loads ``wasm.unknown.pagefind``: compressed by Zopfli in that bundle, as Pagefind wrote it in
    every other, after an edit as in a first build."""
    app = build(make_app, tmp_path, "archive")
    first = bundle(app.outdir)
    as_written = first[search_bundle.UNKNOWN_WASM]
    assert all(index["wasm"] for index in json.loads(first[search.ENTRY_FILE])["languages"].values())

    # The Spanish statement said to be in Guarani: its index loads the WebAssembly of no language.
    _with_language(app, "statements/2015/2015-06-02-migracion.md", NO_STEMMER)
    app.build()
    assert strip_colors(app.warning.getvalue()) == ""
    edited = bundle(app.outdir)
    assert json.loads(edited[search.ENTRY_FILE])["languages"][NO_STEMMER]["wasm"] is None
    raw = gzip.decompress(as_written)
    assert gzip.decompress(edited[search_bundle.UNKNOWN_WASM]) == raw
    assert edited[search_bundle.UNKNOWN_WASM] == search_bundle.smallest_gzip(raw, search_bundle.COMMON_ITERATIONS)
    assert len(edited[search_bundle.UNKNOWN_WASM]) < len(as_written)
    shutil.copytree(app.srcdir, tmp_path / "full", ignore=shutil.ignore_patterns("_build"))

    # In Spanish again: as Pagefind wrote it, as before.
    _with_language(app, "statements/2015/2015-06-02-migracion.md", "es")
    app.build()
    assert strip_colors(app.warning.getvalue()) == ""
    assert bundle(app.outdir)[search_bundle.UNKNOWN_WASM] == as_written

    # A first build of the sources in Guarani writes it as the edit did.
    app.cleanup()
    full = build(make_app, tmp_path, "full")
    assert bundle(full.outdir)[search_bundle.UNKNOWN_WASM] == edited[search_bundle.UNKNOWN_WASM]
