"""Full-text search over the statements, built with Pagefind.

Each statement page marks its own text and header as the part to index
(``data-pagefind-body``) and carries its metadata, filters and sort keys in a
hidden record. Once an HTML build has written them, Pagefind indexes those
pages into ``pagefind/`` in the output folder, while the build writes its
other pages, one index per page language, so English and Spanish are stemmed
separately. The search page (``search.html``, the
target of the theme's search box) loads one Pagefind instance per language
and merges their results.
"""

from __future__ import annotations

import contextlib
import gzip
import hashlib
import importlib
import json
import os
import pickle
import posixpath
import re
import shutil
import subprocess
import tempfile
from collections import Counter
from collections.abc import Generator, Iterable
from concurrent.futures import Future
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from urllib.parse import urldefrag

from docutils import nodes
from sphinx.util import logging

from solidarity_archive.core.languages import format_date
from solidarity_archive.core.model import Statement
from solidarity_archive.core.query_words import small_words, term_entries
from solidarity_archive.core.text import abbreviated, fold
from solidarity_archive.core.validation import STATEMENT_ID
from solidarity_archive.formats import search_bundle
from solidarity_archive.html.assets import fragment as render_fragment
from solidarity_archive.sphinx_ext.build_state import build_state, on_thread
from solidarity_archive.sphinx_ext.builders import is_website
from solidarity_archive.sphinx_ext.config import archive_settings
from solidarity_archive.sphinx_ext.domain import get_domain
from solidarity_archive.sphinx_ext.i18n import (
    interface_language,
    kind_label,
    language_label,
)
from solidarity_archive.sphinx_ext.integrity import listed_ids
from solidarity_archive.sphinx_ext.kept_outputs import KeptOutputs, digest, kept_outputs
from solidarity_archive.sphinx_ext.translations import version_label
from solidarity_archive.sphinx_ext.warning import warn
from solidarity_archive.sphinx_ext.xref import get_xref

logger = logging.getLogger(__name__)

BUNDLE_DIR = "pagefind"
#: The search's data for a copy of the site opened from disk (see ``write_offline_search``).
OFFLINE_DIR = "search-offline"
#: Statements per file of that data.
OFFLINE_CHUNK = 250
#: Part of the digest a file of that data is named by: changed when ``offline_record`` makes another record of the same fragment.
OFFLINE_FORM = "search from disk, records 1"

#: Parts of a statement page that are not indexed: everything next to the
#: statement (cite boxes and other additions), the editorial note, the
#: header's labels and the header fields that are filters rather than words
#: (date, language, kind) or not the statement's words (the link to its
#: original document), and the permalink signs of the heading and of
#: numbered paragraphs.
# Pagefind drops a whole page when a selector matches a void element such as
# <hr> (the line before footnotes), so none of these may match one.
EXCLUDE_SELECTORS = (
    "[data-pagefind-body] > :not(section.statement):not(hr)",
    "section.statement > :not(h1):not(.statement-header):not(.statement-text):not(hr)",
    ".statement-header dt",
    ".statement-header dd.date",
    ".statement-header dd.language",
    ".statement-header dd.kind",
    ".statement-header dd.original",
    "a.headerlink",
    ".paragraph-number",
)


def search_page(app):
    """``html-collect-pages``: the search page, which Sphinx writes only with its own index.

    The page carries what its script needs to read a query (``query_data``).
    """
    if is_website(app.builder):
        yield "search", {"archive_search_query": query_data(app)}, "search.html"


def query_data(app) -> str:
    """What the search page's script reads a query with, as JSON: the small words and the glossary's terms.

    Each term with every name, its filter value and the address of its
    glossary entry from the search page (``core/query_words.py``).
    """
    xref = get_xref(app.env)
    std = app.env.domains["std"]
    urls = {}
    for (kind, name), (docname, labelid) in std.objects.items():
        if kind == "term":
            urls[name] = f"{app.builder.get_relative_uri('search', docname)}#{labelid}"
    statements = get_domain(app.env).statements
    languages = {key: {index_language(statements[doc].language) for doc in docs if doc in statements} for key, docs in xref.data["backlinks"].items()}
    data = {"smallWords": small_words(), "terms": term_entries(xref.data["terms"], urls, languages)}
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True)


# -- what each statement page carries ---------------------------------------------


def glossary_terms(doctree: nodes.Node, std_domain) -> list[str]:
    """Glossary terms the statement's text (and its terms box) links to, in order, each once.

    Links to glossary entries (``#term-…`` anchors, as Sphinx's glossary and
    ``{term}`` role write them) are read from the resolved page; the term's
    name comes from the glossary itself. No links, no terms.
    """
    names_by_anchor = {labelid: name for (kind, name), (_doc, labelid) in std_domain.objects.items() if kind == "term"}
    found: dict[str, None] = {}
    term_blocks = {"statement-text", "statement-terms"}
    for text in doctree.findall(lambda n: isinstance(n, nodes.container) and term_blocks & set(n["classes"])):  # type: ignore[arg-type, return-value]  # a non-empty set is true
        for reference in text.findall(nodes.reference):
            _url, anchor = urldefrag(reference.get("refuri", "") or "")
            anchor = anchor or reference.get("refid", "")
            if anchor.startswith("term-"):
                found.setdefault(names_by_anchor.get(anchor, reference.astext().strip()), None)
    return [name for name in found if name]


def record_html(statement: Statement, signatory_labels: Iterable[str], terms: Iterable[str], language: str = "en", version: str = "") -> str:
    """The hidden block of Pagefind metadata, filters and sort keys for one statement (``fragments/search-record.html``)."""
    return render_fragment(
        "search-record.html",
        statement=statement,
        date=format_date(statement.date, language),
        signatories=list(signatory_labels),
        abbreviated=abbreviated,
        language_name=language_label(statement.language, language),
        kind=kind_label(statement.kind),
        version=version,
        terms=list(terms),
    )


#: An empty anchor as docutils writes a target (the term mentions' index targets).
EMPTY_ANCHOR = re.compile(r'<span class="target" id="([^"<>]+)"></span>')


def quiet_empty_anchors(body: str) -> str:
    """Empty anchors marked for Pagefind to pass over.

    Pagefind starts a new word at every element with an ``id``, so
    ``(<span id="…"></span>CARSI)`` would read "( CARSI)" in a result's
    excerpt. Ignored, the anchor adds nothing; the link to it still works.
    """
    return EMPTY_ANCHOR.sub(r'<span class="target" id="\1" data-pagefind-ignore></span>', body)


def mark_statement_page(app, pagename, templatename, context, doctree) -> None:
    """``html-page-context``: make a statement page the only indexed content."""
    if doctree is None or not is_website(app.builder):
        return
    domain = get_domain(app.env)
    statement = domain.statement_for(pagename)
    if statement is None or statement.withdrawn is not None or "body" not in context:
        return  # a withdrawn statement's tombstone is not searched
    labels = []
    for sid in statement.signatories:
        signatory = domain.signatory(sid)
        labels.append(signatory.label if signatory is not None else sid)
    terms = glossary_terms(doctree, app.env.domains["std"])
    context["body"] = (
        f'<div class="statement-search-body" data-pagefind-body>{record_html(statement, labels, terms, interface_language(app.config), version_label(app.env, statement))}'
        f"{quiet_empty_anchors(context['body'])}</div>"
    )


# -- the index -------------------------------------------------------------------


#: The ``lang`` of a page's ``<html>`` element, as Sphinx writes it.
HTML_LANG = re.compile(r'(<html\b[^>]*?\blang=")([^"]+)(")')


def index_language(tag: str) -> str:
    """The index a page goes to: its language without a region (``es-SV`` is indexed with ``es``).

    Pagefind makes one index per distinct ``lang``, each with its own
    WebAssembly stemmer and metadata to load; a region changes no word's stem.
    """
    return tag.split("-")[0].lower()


# Pagefind's bundle format, used here in two places only, written against Pagefind
# ``PAGEFIND_WRITTEN_AGAINST`` (pagefind and pagefind_bin are pinned to it in constraints.txt;
# tests/html/test_search_service.py fails when the installed version is another):
# - ``formats/search_bundle.py`` reads the bundle of a Pagefind run over the pages that changed
#   and writes each language's index from every page (see ``_write_index``): Pagefind has no
#   way to change one page of a bundle (its issue 71), and one index per language ranks as
#   Pagefind ranks (an index in parts, searched with ``mergeIndex``, would count the pages of
#   each part). The bundle's entry file (``ENTRY_FILE``) lists every language.
#   ``mergeIndex`` searches a merged bundle with the first bundle's WebAssembly, so with
#   the first language's stemmer (Pagefind's discussion 984). So the search page
#   (``instanceFor`` in static/search.js) makes one independent instance per language, as
#   Pagefind's authors advise there when each language's stemming matters, and merges their
#   results itself. Each instance comes from a copy of pagefind.js of its own, created while
#   ``<html lang>`` names its language: Pagefind 1.5.2 keeps a language's WebAssembly in a
#   variable of the module, and its ``createInstance`` takes the language from ``<html lang>``
#   whatever ``language`` option it is given.
# - ``read_fragments`` reads back the record Pagefind keeps of each page (its text as
#   indexed, metadata, filters and anchors) for the nothing-lost check; the search from disk and
#   the word starts use the same records as the index keeps them. Pagefind's documented outputs
#   are the bundle and its search API in a browser: neither its command nor its Python API
#   returns what it extracted from a page, and the search from disk must see the words Pagefind
#   indexed, not a second reading of the HTML.
#: The Pagefind version whose bundle format ``_write_index`` and ``read_fragments`` were written against.
PAGEFIND_WRITTEN_AGAINST = search_bundle.FORMAT_VERSION
#: Pagefind's file that lists the bundle's languages and their indexes.
ENTRY_FILE = search_bundle.ENTRY_FILE

# Pagefind runs here as its command over a folder, not as the service its
# Python API drives, because of a defect of Pagefind 1.5.2: the service can say
# a bundle is written before it is. Pagefind writes each file with a
# ``write_all`` on a tokio file that it then drops without flushing (``write()``
# in pagefind/src/output/mod.rs), so the last bytes of every file may still be
# queued on its runtime when the service answers the request to write them
# (``RequestAction::WriteFiles`` in pagefind/src/service/mod.rs). The Python
# API's ``close()`` then terminates the service (``PagefindService.close`` in
# pagefind/service/__init__.py), writes still queued and all. On a busy
# machine the bundle kept an empty or cut-short ``pagefind-entry.json``
# ("Expecting value: line 1 column 1 (char 0)" when read) or fragment; the
# bytes were lost with the process, so no wait on this side could bring them
# back. The command returns from ``main`` when it is done, and tokio's runtime,
# as it shuts down, still runs every queued file write (a "mandatory" task of
# its blocking pool): once the command has exited, its files are whole.
# Pagefind flushes each file after 1.5.2 (its pull request 1272, in no release
# up to 1.5.2); constraints.txt pins pagefind and pagefind_bin 1.5.2, the
# version this was found in and checked against.


def run_pagefind(folder: Path, output: Path) -> None:
    """Pagefind's bundle of the pages in ``folder``, written to ``output``; returns once Pagefind has exited.

    Raises ``RuntimeError`` with Pagefind's message if it fails.
    """
    wait_for_pagefind(start_pagefind(folder, output))


def pagefind_program() -> Path | None:
    """The program Pagefind's Python API runs, found in the order of its ``pagefind.service.get_executable``:
    ``$PAGEFIND_BINARY_PATH``, the program pagefind[bin] installs (``pagefind_bin_extended``, then
    ``pagefind_bin``, each by its own ``get_executable``), then ``pagefind_extended`` or ``pagefind`` on the
    PATH. Not through that function: importing ``pagefind.service`` brings asyncio and the service's
    protocol, 80 ms of every build's start-up, for a path (tests/html/test_search_service.py compares both).
    """
    named = os.environ.get("PAGEFIND_BINARY_PATH")
    if named is not None:
        return Path(named)
    for package in ("pagefind_bin_extended", "pagefind_bin"):
        try:
            installed = importlib.import_module(package)
        except ImportError:
            continue
        return Path(installed.get_executable())
    found = shutil.which("pagefind_extended") or shutil.which("pagefind")
    return Path(found) if found else None


def start_pagefind(folder: Path, output: Path) -> subprocess.Popen:
    """Pagefind started over the pages in ``folder``, to write its bundle to ``output``; ``wait_for_pagefind`` waits for it."""
    program = pagefind_program()
    if program is None:
        raise FileNotFoundError("no Pagefind program: install pagefind[bin] or set PAGEFIND_BINARY_PATH")
    command = [
        str(program),
        f"--site={folder}",
        f"--output-path={output}",
        "--quiet",
        *(f"--exclude-selectors={selector}" for selector in EXCLUDE_SELECTORS),
    ]
    # Run from the folder that holds the output: Pagefind reads a configuration
    # file (pagefind.yml and the like) from where it runs, and the archive
    # gives it all of its settings.
    return subprocess.Popen(command, cwd=output.parent, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, errors="replace")


def wait_for_pagefind(process: subprocess.Popen) -> None:
    """Returns once Pagefind (``start_pagefind``) has exited; raises ``RuntimeError`` with its message if it failed."""
    stdout, stderr = process.communicate()
    if process.returncode != 0:
        message = stderr.strip() or stdout.strip() or "no message"
        raise RuntimeError(f"Pagefind exited with status {process.returncode}: {message}")


async def _empty_bundle(output: Path) -> None:
    """Pagefind's bundle with no page, written to ``output``, for the search page of an archive with no statement yet.

    Pagefind's command refuses a site with no words, so this bundle comes
    from its service, as the files of its answer (``get_files``): Pagefind
    writes nothing here, so none of its writes can be cut short when the
    service is stopped (see ``run_pagefind``). These files (0.6 MB, 0.8 MB
    in the answer's base64) fit in the 2 MiB the Python API reads of one
    answer; a bundle of statements would not, so Pagefind writes that one.
    """
    from pagefind.index import IndexConfig
    from pagefind.service import PagefindService

    async with PagefindService() as service:
        index = await service.create_index(IndexConfig(exclude_selectors=list(EXCLUDE_SELECTORS)))
        files = await index.get_files()
    for file in files:
        relative = PurePosixPath(file["path"])
        if relative.is_absolute() or ".." in relative.parts:
            raise ValueError(f"Pagefind named a file outside its bundle: {file['path']}")
        target = output / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(file["content"])


#: Each sort key's value in a page's record: the record writes the same value to both (``fragments/search-record.html``).
SORTS_FROM_META = {"date": "isodate"}
#: The file of the folder of copies that keeps each language's index between builds (``search_bundle.LanguageIndex``).
STORE_FILE = "search-index.pickle"
#: Pages a run of Pagefind reads at most: it holds a run's pages in memory (2.3 GB for the 6,500
#: English pages of 10,000 statements in one run), and the runs' pages make one index anyway.
PAGES_PER_RUN = 1000
#: Raised when what ``STORE_FILE`` keeps changes form: a store of another form is not read (every page is indexed again).
STORE_VERSION = 9


def sort_values(record: dict) -> dict[str, str]:
    """A page's sort values, read from its record's metadata (Pagefind's bundle keeps only their order)."""
    meta = record.get("meta", {})
    return {name: meta[key] for name, key in SORTS_FROM_META.items() if key in meta}


def _load_store(folder: Path) -> dict:
    """The languages' indexes kept by the last build in ``folder``; an empty store when there is none or it is of another form."""
    empty = {"version": (STORE_VERSION, search_bundle.FORMAT_VERSION), "indexes": {}, "stamps": {}, "common": {}, "entry": {}}
    try:
        with (folder / STORE_FILE).open("rb") as handle:
            store = pickle.load(handle)
    except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ImportError, TypeError, ValueError):
        return empty
    return store if isinstance(store, dict) and store.get("version") == empty["version"] else empty


def _save_store(folder: Path, store: dict) -> None:
    temporary = folder / f"{STORE_FILE}.tmp"
    with temporary.open("wb") as handle:
        pickle.dump(store, handle, protocol=pickle.HIGHEST_PROTOCOL)
    os.replace(temporary, folder / STORE_FILE)


def _write_index(
    site: Path, copies: Path, stamps: dict[str, list], prepared: Future | None = None
) -> tuple[list[search_bundle.HeldPage], dict[str, str], dict[str, dict], int, int]:
    """The search bundle in ``site``, brought up to date with the copies in ``copies``: the pages it holds, each
    page's fragment file by URL, each language's word starts (``word_starts``), how many pages Pagefind read and
    how many words' entries were encoded.

    Each language's index is kept between builds (``STORE_FILE``, beside the
    copies) as ``search_bundle.LanguageIndex``. Pagefind reads only the pages
    whose copy is not the one the kept index was made from (``stamps``: each
    page's language, time and size, as ``copy_for_index`` made it), in runs
    of ``PAGES_PER_RUN`` pages of one language at most; the pages of the
    removed statements leave the index. The store is saved once the bundle
    is written: a build that fails on the way leaves the last one, and the
    next build reads the same pages again. Each
    language's index is then written whole, the same as if every page had
    been read again (``search_bundle``). No page at all: a bundle with no
    language, which the search page can still load. The files are put in
    place by ``_put_bundle``: a file the same as last build's is left as it is.
    ``prepared``: Pagefind's files compressed ahead (``prepare_common_files``),
    waited for once every run is read, before the runs' files are compressed.
    """
    store = _load_store(copies)
    indexes: dict[str, search_bundle.LanguageIndex] = store["indexes"]
    kept: dict[str, list] = store["stamps"]
    changed: dict[str, list[str]] = {}
    for url, stamp in stamps.items():
        if kept.get(url) != stamp:
            changed.setdefault(stamp[0], []).append(url)
    removed = {url: stamp[0] for url, stamp in kept.items() if url not in stamps or stamps[url][0] != stamp[0]}
    read = encoded = 0
    common: dict[str, bytes] = {}  # Pagefind's files as the runs wrote them, compressed once every run is read
    with tempfile.TemporaryDirectory(prefix="archive-search-bundle-") as work:
        runs = [(language, urls[start : start + PAGES_PER_RUN]) for language, urls in sorted(changed.items()) for start in range(0, len(urls), PAGES_PER_RUN)]
        pages_of = Counter(stamp[0] for stamp in stamps.values())
        whole_folders = {number for number, (language, urls) in enumerate(runs) if len(urls) == pages_of[language]}
        with contextlib.closing(_pagefind_runs(runs, copies, Path(work), whole_folders)) as bundles:
            for language, urls in sorted(changed.items()):
                pages: list[search_bundle.IndexedPage] = []
                # Every page of the language in one run, none kept (a first build): the run's index is taken whole.
                whole = len(urls) <= PAGES_PER_RUN and not (language in indexes and indexes[language].order)
                taken = None
                for _run in range(0, len(urls), PAGES_PER_RUN):  # the language's runs, in the order of ``runs``
                    output = next(bundles)
                    taken = search_bundle.LanguageIndex.from_run(output, language, sort_values) if whole else None
                    if taken is None:
                        pages += search_bundle.read_run(output, language, sort_values)
                    common.update(search_bundle.common_raw(output))
                    run_entry = search_bundle.read_entry(output)
                    wasm = {**store["entry"].get("wasm", {}), language: run_entry["languages"][language]["wasm"]}
                    store["entry"] = {"include_characters": run_entry.get("include_characters", []), "wasm": wasm}
                if taken is not None:
                    index = indexes[language] = taken
                    read += len(index.order)
                else:
                    index = indexes.setdefault(language, search_bundle.LanguageIndex(language))
                    index.update((url for url, was in removed.items() if was == language), pages)
                    read += len(pages)
                encoded += index.encoded
        if common:  # Pagefind's files compressed ahead (``prepare_common_files``), waited for once the runs are read
            store["common"].update(search_bundle.compress_common(common, {**_prepared_files(prepared), **store["common"]}))
        for language in {was for was in removed.values()} - set(changed):
            if language in indexes:
                indexes[language].update((url for url, was in removed.items() if was == language), [])
                encoded += indexes[language].encoded
        for language in [language for language, index in indexes.items() if not index.order]:
            del indexes[language]
        files: dict[PurePosixPath, bytes | Path] = {}
        if not indexes:  # no statement yet
            output = Path(work, "empty")
            import asyncio  # for this bundle only: a build with statements does not load the event loop's modules

            asyncio.run(_empty_bundle(output))
            files.update((PurePosixPath(path.relative_to(output).as_posix()), path) for path in output.rglob("*") if path.is_file())
            _put_bundle(files, site / BUNDLE_DIR)
        else:
            # Pagefind's scripts and WebAssembly, the same in every run; the WebAssembly of the languages indexed.
            assemblies = {f"wasm.{language}.pagefind" for language in (*indexes, "unknown")}
            wasm_names = [store["entry"]["wasm"].get(language, language) for language in indexes]
            files.update(
                (PurePosixPath(path), search_bundle.wasm_for_bundle(path, data, wasm_names))
                for path, data in store["common"].items()
                if not path.startswith("wasm.") or path in assemblies
            )
            metas = {}
            before: dict[str, bytes] = {}  # the languages' files written so far: a fragment's name is one no other's has
            for language, index in sorted(indexes.items()):
                meta_hash, written = index.files(before)
                before.update(written)
                files.update((PurePosixPath(path), data) for path, data in written.items())
                metas[language] = (meta_hash, len(index.order), store["entry"]["wasm"].get(language, language))
            files[PurePosixPath(ENTRY_FILE)] = search_bundle.entry(metas, store["entry"]["include_characters"])
            _put_bundle(files, site / BUNDLE_DIR)
    held = [index.pages[url] for _, index in sorted(indexes.items()) for url in index.order]
    # Each language's word starts, from each page's (kept by the page's digest): each start is counted by the
    # pages it is on, so that a page that changed takes its old starts out and puts its new ones in.
    folds: dict[str, frozenset[str]] = {}
    updated = set(changed) | set(removed.values())
    starts = store.setdefault("starts", {})
    page_starts = store.setdefault("page_starts", {})
    counted = store.setdefault("counted", {})  # each language's {url: digest} and its starts' counts
    for language in set(starts) - set(indexes):
        del starts[language]
        counted.pop(language, None)
    for language, index in indexes.items():
        if language in updated or language not in starts:
            digests = {}
            for url in index.order:
                page = index.pages[url]
                digests[url] = page.digest
                if page.digest not in page_starts:
                    page_starts[page.digest] = _starts_of(page.record().get("content", ""), folds)
            counts = counted.get(language)
            if counts is None:
                counts = counted[language] = _StartCounts()
                counts.add(page_starts[digest] for digest in digests.values())
            else:
                before = counts.digests
                counts.remove(page_starts[digest] for url, digest in before.items() if digests.get(url) != digest)
                counts.add(page_starts[digest] for url, digest in digests.items() if before.get(url) != digest)
            counts.digests = digests
            starts[language] = counts.joined()
    if updated or store["stamps"] != stamps:
        for digest in set(page_starts) - {page.digest for page in held}:
            del page_starts[digest]
        store["stamps"] = dict(stamps)
        _save_store(copies, store)
    fragments = {url: name for index in indexes.values() for url, name in index.fragment_files.items()}
    return held, fragments, dict(starts), read, encoded


def _pagefind_runs(runs: list[tuple[str, list[str]]], copies: Path, work: Path, whole_folders: Iterable[int] = ()) -> Generator[Path]:
    """The bundle of each run of Pagefind, in order, once Pagefind has written it; removed when the next is asked for.

    A run is a language and its pages' URLs (their copies in ``copies``,
    linked into a folder of ``work``). A run of every page of its language
    (its number in ``whole_folders``: a first build's) reads the language's
    folder of copies itself, once anything else is taken out of it
    (``_remove_strays``): no page is linked. While one run's bundle is read,
    Pagefind, a program of its own, reads the next run's pages: the search
    thread's Python and Pagefind each keep a processor busy. Closed early
    (the reading failed), the run under way is stopped.
    """
    whole_folders = set(whole_folders)

    def start(number: int) -> tuple[Path, subprocess.Popen]:
        language, urls = runs[number]
        run = work / f"{language}-{number}"
        if number in whole_folders:
            _remove_strays(copies / language, urls)
            run.mkdir(parents=True)
            return run, start_pagefind(copies / language, run / "bundle")
        for url in urls:
            target = run / "pages" / url.lstrip("/")
            target.parent.mkdir(parents=True, exist_ok=True)
            _link_or_copy(copies / language / url.lstrip("/"), target)
        return run, start_pagefind(run / "pages", run / "bundle")

    following: list[tuple[Path, subprocess.Popen]] = []  # the next run, once its Pagefind is started
    try:
        for number in range(len(runs)):
            run, process = following.pop() if following else start(number)
            wait_for_pagefind(process)
            if number + 1 < len(runs):
                following.append(start(number + 1))
            yield run / "bundle"
            shutil.rmtree(run)
    finally:
        for _run, process in following:
            process.kill()
            process.communicate()


def _put_bundle(files: dict[PurePosixPath, bytes | Path], bundle: Path) -> None:
    """The bundle of ``files`` in place as ``bundle``: its new and changed files written, files it no longer has removed.

    Pagefind names most of its files after their contents, and an edit changes
    few of them: the files the same as last build's are left as they are (not
    written again), so a copy of the site that is brought up to date (a
    server's, the offline copy's) sends what changed only. A file of the
    index named after its contents (``search_bundle``: a fragment, an index
    chunk, a filter, a meta file) is the same when its name and size are;
    any other file is compared by its bytes. Each folder is listed once.
    """
    there: dict[str, dict[str, int]] = {}  # each folder's files and their sizes, by the folder's path in the bundle

    def listing(folder: str) -> dict[str, int]:
        if folder not in there:
            try:
                with os.scandir(bundle / folder) as entries:
                    there[folder] = {entry.name: entry.stat().st_size for entry in entries if entry.is_file()}
            except OSError:
                there[folder] = {}
        return there[folder]

    for relative, source in sorted(files.items()):
        target = bundle / relative
        data = source if isinstance(source, bytes) else source.read_bytes()
        folder = relative.parent.as_posix()
        named_by_contents = relative.parts[0] in {"fragment", "index", "filter"} or relative.suffix == ".pf_meta"
        size = listing(folder).get(relative.name)
        if size is not None and (size == len(data) if named_by_contents else size == len(data) and target.read_bytes() == data):
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    wanted: dict[str, set[str]] = {}
    for relative in files:
        wanted.setdefault(relative.parent.as_posix(), set()).add(relative.name)
    wanted.setdefault(".", set()).update((WORDS_FILE, WORDS_FILE_COMPRESSED))  # the build's own, written after Pagefind
    for folder in {*there, *wanted, *_folders(bundle)}:
        for name in set(listing(folder)) - wanted.get(folder, set()):
            (bundle / folder / name).unlink()  # a removed statement's fragment, an index chunk no longer made
    for path in sorted(bundle.iterdir()) if bundle.is_dir() else []:
        if path.is_dir() and path.name not in {PurePosixPath(folder).parts[0] for folder in wanted if folder != "."} and not any(path.iterdir()):
            path.rmdir()


def _folders(bundle: Path) -> list[str]:
    """The bundle's folders (its own and those one level down), by their path in it."""
    if not bundle.is_dir():
        return []
    return [".", *(path.name for path in bundle.iterdir() if path.is_dir())]


#: The file of a folder of copies (``copy_for_index``) that names each copy's page, language and time.
COPIES_FILE = "copies.json"
#: The folder of copies kept in the doctree folder between builds (``start_index``).
COPIES_DIR = "archive-search-pages"


def copy_for_index(site: Path, pages: list[Path], folder: Path) -> dict[str, str]:
    """The statement pages, each with its index language as ``lang``, copied into ``folder``/<language>.

    Pagefind indexes a whole folder in one run (a file at a time through its
    Python API costs a tenth of a second each), so the pages it indexes are
    copies in a folder per index language, at the same relative paths (the
    same URLs); a page whose ``lang`` is its index language already is
    linked, not copied (``_link_or_copy``). ``folder`` may hold the copies
    of an earlier build: a page's copy is made again only when the page is
    not the one it was made from (``COPIES_FILE`` keeps each page's time and
    size), and the copy of a page no longer there is removed. Returns each
    page's index language by its URL.
    """
    listing = folder / COPIES_FILE
    try:
        before = json.loads(listing.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        before = {}
    if not isinstance(before, dict):
        before = {}
    copies: dict[str, list] = {}
    # In plain strings: a page that did not change costs a stat of it and of its copy.
    site_prefix, kept_prefix = os.path.join(site, ""), os.path.join(folder, "")
    for path in pages:
        name = os.fspath(path)
        if not name.startswith(site_prefix):
            raise ValueError(f"{path} is not in {site}")
        posix = name[len(site_prefix) :].replace(os.sep, "/")
        url = "/" + posix
        stat = os.stat(name)
        made = before.get(url)
        if made is not None and made[1:] == [stat.st_mtime_ns, stat.st_size] and os.path.isfile(f"{kept_prefix}{made[0]}/{posix}"):
            copies[url] = made
            continue
        relative = Path(posix)
        if made is not None:
            (folder / made[0] / relative).unlink(missing_ok=True)
        html = path.read_text(encoding="utf-8")
        found = HTML_LANG.search(html)
        language = index_language(found.group(2)) if found else "unknown"
        target = folder / language / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.unlink(missing_ok=True)
        if found and found.group(2) != language:
            target.write_text(html[: found.start(2)] + language + html[found.end(2) :], encoding="utf-8")
        else:
            _link_or_copy(path, target)
        copies[url] = [language, stat.st_mtime_ns, stat.st_size]
    for url, made in before.items():
        if url not in copies and isinstance(made, list) and made:
            (folder / made[0] / url.lstrip("/")).unlink(missing_ok=True)  # a removed statement's page
    folder.mkdir(parents=True, exist_ok=True)
    temporary = listing.with_suffix(".tmp")
    temporary.write_text(json.dumps(copies, separators=(",", ":")), encoding="utf-8")
    os.replace(temporary, listing)
    return {url: made[0] for url, made in copies.items()}


def _remove_strays(folder: Path, urls: Iterable[str]) -> None:
    """Every file in a language's ``folder`` of copies that is not the copy of one of ``urls``, removed.

    A listing lost, or left behind by a build that stopped (``COPIES_FILE``),
    cannot leave a copy there: Pagefind reads the folder whole when every
    page of its language is read again (``_pagefind_runs``), and a removed
    statement's page must not come back in the search.
    """
    wanted = {url.lstrip("/") for url in urls}
    for current, _folders, names in os.walk(folder):
        relative = os.path.relpath(current, folder).replace(os.sep, "/")
        for name in names:
            if (name if relative == "." else f"{relative}/{name}") not in wanted:
                os.unlink(os.path.join(current, name))


def _link_or_copy(page: Path, target: Path) -> None:
    """``target`` as another name of ``page`` (a hard link: no second copy on disk), else a copy."""
    try:
        os.link(page, target)
    except OSError:  # another file system, or one without hard links
        shutil.copyfile(page, target)


def copies_folder(app) -> Path | None:
    """The folder of the copies Pagefind reads, kept between builds beside the environment (never in the output).

    One per output folder. None when the doctree folder is in the output
    folder (``sphinx-build`` without ``-d``): the copies would be published
    with it (and zipped into the offline copy); they are made afresh each build then.
    """
    site = Path(app.outdir).resolve()
    doctrees = Path(app.doctreedir).resolve()
    if doctrees == site or site in doctrees.parents:
        return None
    return doctrees / COPIES_DIR / hashlib.sha256(str(site).encode("utf-8")).hexdigest()[:12]


@dataclass(frozen=True)
class IndexedSearch:
    """What indexing the statement pages made: each page's index language by its URL, the pages the index holds,
    each language's word starts, how many pages Pagefind read and how many words' entries were encoded again."""

    languages: dict[str, str]
    pages: list[search_bundle.HeldPage]  # each with its record and its digest
    fragments: dict[str, str]  # each page's fragment file in the bundle, by URL
    starts: dict[str, dict]  # each language's word starts
    read: int
    encoded: int


def _index_pages(site: Path, pages: list[Path], copies: Path | None = None, prepared: Future | None = None) -> IndexedSearch:
    """The search bundle of ``pages`` in ``site``, Pagefind reading only the pages that changed since the last build.

    ``copies``: the folder of the pages' copies and of the languages'
    indexes kept between builds (see ``copy_for_index`` and
    ``_write_index``); none, a temporary one (every page is read).
    ``prepared``: Pagefind's files compressed ahead (``prepare_common_files``).
    A build makes the copies on its own thread and indexes them on another
    (``start_index``); this does both on the caller's.
    """
    if copies is None:
        with tempfile.TemporaryDirectory(prefix="archive-search-") as folder:
            return _index_pages(site, pages, Path(folder), prepared=prepared)
    languages = copy_for_index(site, pages, copies)
    return _index_copies(site, copies, languages, prepared)


def _index_copies(site: Path, copies: Path, languages: dict[str, str], prepared: Future | None = None, temporary: bool = False) -> IndexedSearch:
    """The search bundle of the copies ``copy_for_index`` made in ``copies`` (``languages``: what it returned);
    ``temporary``: the folder is this build's alone, removed once the bundle is written."""
    try:
        stamps = json.loads((copies / COPIES_FILE).read_text(encoding="utf-8"))
        return IndexedSearch(languages, *_write_index(site, copies, stamps, prepared))
    finally:
        if temporary:
            shutil.rmtree(copies, ignore_errors=True)


#: The languages whose WebAssembly a first build has Pagefind's files compressed for ahead
#: (``prepare_common_files``), with the interface's: the archive's statements are in English and
#: Spanish. A statement in another language has its WebAssembly compressed by the run that reads it.
PREPARED_LANGUAGES = ("en", "es")
#: The page of each of those languages that Pagefind indexes for it: one word in what the index reads (``EXCLUDE_SELECTORS``).
PREPARED_PAGE = (
    '<!DOCTYPE html>\n<html lang="{language}"><head><meta charset="utf-8"><title>{language}</title></head>'
    '<body><div data-pagefind-body><section class="statement"><h1>{language}</h1></section></div></body></html>\n'
)


def prepare_common_files(app, env, added, changed, removed) -> list[str]:
    """``env-get-outdated``: in a first build, Pagefind's script and WebAssembly compressed while Sphinx reads.

    Zopfli takes some seconds of a processor over them (``search_bundle.common_files``),
    which the search thread, the last to finish, would otherwise spend once
    every page is written. So a website build with statements and no store of
    the search's indexes (``STORE_FILE``, which keeps them compressed: a first
    build, or one into new output or doctree folders) starts Pagefind over one
    page per language (``PREPARED_LANGUAGES`` and the interface's) in a
    temporary folder and compresses its files, on a thread of its own: it waits
    on Pagefind, then Zopfli leaves Python's lock to the build. The search
    thread waits for it once it has read Pagefind's runs, and takes its
    compression where the contents are the same (``_write_index``): the same
    bytes. An edit, whose store has them, starts nothing. A failed preparation
    changes nothing: the search compresses the files itself.
    ``wait_for_common_files`` waits for it when the build ends.

    Here with ``-j 1``, whose reading and writing leave the other processor
    free; with ``-j N`` they keep every processor busy, and the files are
    compressed once the pages are written (``prepare_common_files_late``).
    """
    if app.parallel <= 1:
        _prepare_common_files(app, env)
    return []


def prepare_common_files_late(app) -> None:
    """``archive-pages-written``, with ``-j N``: Pagefind's files compressed ahead (``prepare_common_files``) once
    the pages are written, while the search reads its runs and the build writes the facet pages, when a
    processor has time for it: before, the processes reading and writing pages keep every one busy."""
    if app.parallel > 1 and build_state(app.env).search_index is None:
        _prepare_common_files(app, app.env)


def _prepare_common_files(app, env) -> None:
    """The preparation ``prepare_common_files`` describes, on a thread of its own."""
    if not is_website(app.builder):
        return
    copies = copies_folder(app)
    if copies is not None and (copies / STORE_FILE).is_file():
        return
    settings = archive_settings(app.config)
    if not any(settings.is_statement(doc) for doc in env.found_docs):
        return  # no page to index: Pagefind's service writes the empty bundle (``_empty_bundle``)
    # A process forked while the thread runs (Sphinx's readers and writers with ``-j``, the copy that works
    # ahead) finds no lock of it held: the thread only waits for Pagefind and runs Zopfli.
    folder = None
    try:
        folder = Path(tempfile.mkdtemp(prefix="archive-search-prepared-"))
        for language in sorted({*PREPARED_LANGUAGES, index_language(app.config.language or "en")}):
            page = folder / "pages" / language / "index.html"
            page.parent.mkdir(parents=True)
            page.write_text(PREPARED_PAGE.format(language=language), encoding="utf-8")
    except OSError:  # nothing prepared: the search compresses the files itself
        if folder is not None:
            shutil.rmtree(folder, ignore_errors=True)
        return
    build_state(env).search_prepared = on_thread("search-prepared", _common_files_of, folder)


def _common_files_of(folder: Path) -> dict[str, bytes]:
    """Pagefind's files of a run over ``folder``/pages, compressed as ``search_bundle.common_files`` compresses them; the folder removed."""
    try:
        output = folder / "bundle"
        run_pagefind(folder / "pages", output)
        return search_bundle.common_files(output)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _prepared_files(prepared: Future | None) -> dict[str, bytes]:
    """The files ``prepare_common_files`` compressed, once it is done; none when nothing was prepared or it failed."""
    if prepared is None:
        return {}
    try:
        return prepared.result()
    except Exception:  # the search compresses the files itself (``wait_for_common_files`` says why)
        return {}


def wait_for_common_files(app, exception) -> None:
    """``build-finished``: the preparation of Pagefind's files over before the build ends, whether it was used or not."""
    state = build_state(app.env)
    prepared, state.search_prepared = state.search_prepared, None
    if prepared is None:
        return
    error = prepared.exception()  # waits for it
    if error is not None:
        logger.verbose(f"search index: Pagefind's files were not compressed ahead ({error}); the search compressed them")


def start_index(app):
    """``archive-pages-written``: start indexing the statement pages while the build goes on.

    Every statement page is written by then (the website's builder says so
    once it has written the documents' pages, before Sphinx's ``finish``), so
    Pagefind, a program of its own, indexes them on a thread of its own while
    the build writes the general index, the signatory, place and country
    pages, the downloads and the feeds; ``build_index`` waits for it. A build
    whose builder did not say so starts it at ``html-collect-pages``, the same
    step, once. The pages are those of the statements the build knows: a page
    left from a removed statement (deleted later, in ``build-finished``) is
    not indexed.

    The pages' copies (``copy_for_index``) are made here, on the build's own
    thread: a file at a time, each call to the file system gives up Python's
    lock, and a thread that asks for it back while the build's thread works
    waits its turn each time (1.3 s for the 1,000 pages of ``make bench``
    that the same copies take 0.13 s to make here).

    A thread also keeps the event loop of Pagefind's service (for an archive
    with no statement yet, see ``_empty_bundle``) apart from a host's own
    (sphinx-autobuild, a notebook, a test driving a browser).
    """
    builder = app.builder
    state = build_state(app.env)
    if not is_website(builder) or state.search_index is not None:
        return []
    site = Path(app.outdir)
    settings = archive_settings(app.config)
    # Statements only: a run of Pagefind that holds no statement (a year page alone, written for an edit) would
    # index the page whole; an absent page is no page to index. Named in the order of their documents' names
    # (strings sort faster than paths; the index orders its pages itself).
    pages = [builder.get_outfilename(doc) for doc in sorted(doc for doc in app.env.found_docs if settings.is_statement(doc))]
    present = [page for page in pages if page.is_file()]
    copies = copies_folder(app)
    temporary = copies is None
    if temporary:
        copies = Path(tempfile.mkdtemp(prefix="archive-search-"))
    try:
        languages = copy_for_index(site, present, copies)
    except Exception as error:  # reported by ``build_index``, as a failure of the thread's would be
        if temporary:
            shutil.rmtree(copies, ignore_errors=True)
        failed: Future = Future()
        failed.set_exception(error)
        state.search_index = (failed, len(pages))
        return []
    state.search_index = (on_thread("search", _index_copies, site, copies, languages, state.search_prepared, temporary), len(pages))
    return []


def build_index(app, exception) -> None:
    """``build-finished``: wait for Pagefind (see ``start_index``), then write what is made from its records."""
    state = build_state(app.env)
    pending = state.search_index
    if pending is None:
        return
    state.search_index = None
    future, count = pending
    site = Path(app.outdir)
    try:
        indexed = future.result()
    except Exception as error:  # the Pagefind service reports failures as plain exceptions
        shutil.rmtree(site / OFFLINE_DIR, ignore_errors=True)  # no search from disk but that of the bundle
        if exception is None:
            warn(
                f"search index: Pagefind could not index {site}: {error}; expected a '{BUNDLE_DIR}/' search bundle",
                subtype="search",
            )
        return
    if exception is not None:
        shutil.rmtree(site / OFFLINE_DIR, ignore_errors=True)
        return
    kept = kept_outputs(app)
    held: dict[str, set[str]] = {}
    records, rewritten = write_offline_search(site, indexed.languages, indexed.pages, kept, held)
    build_state(app.env).search_offline_files = held
    write_word_starts(site, indexed.starts, kept, interface_language(app.config))
    build_state(app.env).search_fragments = indexed.fragments
    logger.info(
        f"search index: {indexed.read} of {count} pages read, {records} statements indexed into {BUNDLE_DIR}/ and {OFFLINE_DIR}/ ({rewritten} of its files written)"
    )


#: Pagefind's marker at the start of every decompressed fragment.
FRAGMENT_SIGNATURE = b"pagefind_dcd"


def read_fragments(site: Path) -> Iterable[dict]:
    """Pagefind's record of every indexed page (its text, metadata, filters and anchors), read back."""
    fragments = Path(site, BUNDLE_DIR, "fragment")
    for fragment in sorted(fragments.glob("*.pf_fragment")) if fragments.is_dir() else []:
        yield json.loads(gzip.decompress(fragment.read_bytes()).removeprefix(FRAGMENT_SIGNATURE))


def offline_record(fragment: dict, language: str) -> dict:
    """What the search from disk knows of one statement: exactly what Pagefind indexed.

    The anchors keep the word offset of each element with an id (the
    numbered paragraphs ``pN`` among them), which places a hit in its paragraph.
    """
    anchors = [[anchor["id"], anchor["element"], anchor["location"]] for anchor in fragment.get("anchors", [])]
    return {
        "url": fragment["url"],
        "language": language,
        "meta": fragment.get("meta", {}),
        "filters": fragment.get("filters", {}),
        "content": fragment.get("content", ""),
        "anchors": anchors,
    }


def write_offline_search(
    site: Path, languages: dict[str, str], pages: Iterable[search_bundle.HeldPage], kept: KeptOutputs, held: dict[str, set[str]] | None = None
) -> tuple[int, int]:
    """The search's data as scripts, for a copy of the site opened from ``file://``.

    Browsers refuse ``fetch`` and WebAssembly to a page opened from disk, but
    they run ``<script>`` elements: ``search-offline/index.js`` names the data
    files, each of which adds its statements to
    ``window.archiveSearchOffline.records``. ``_static/search-offline.js``
    searches them. The search page loads these only when opened from disk.
    The records are Pagefind's own fragments, so both searches see the same
    words. The statements go to the files in the order of their URLs (a
    year's folder, then the date), ``OFFLINE_CHUNK`` to a file, so an edit
    changes one file and an added statement, the newest, the last one or
    two: a file is written only when its data differs from that it was last
    written from, or is gone. Its data is named by the digests of its
    statements' fragments, so a file whose statements are unchanged is not
    even made again. Returns how many statements there are and how many
    files were written; ``held`` receives the addresses of each file's
    statements, by its name.
    """
    pages = sorted(pages, key=lambda page: page.url)
    folder = site / OFFLINE_DIR
    folder.mkdir(parents=True, exist_ok=True)
    names = []
    written = 0
    for number, start in enumerate(range(0, len(pages), OFFLINE_CHUNK)):
        name = f"statements-{number:03d}.js"
        names.append(name)
        chunk = pages[start : start + OFFLINE_CHUNK]
        if held is not None:
            held[name] = {page.url for page in chunk}
        languages_of = [languages.get(page.url, "unknown") for page in chunk]
        inputs = digest(OFFLINE_FORM, *((page.url, language, page.digest) for page, language in zip(chunk, languages_of, strict=True)))
        if kept.unchanged(f"{OFFLINE_DIR}/{name}", inputs):
            continue
        records = [offline_record(page.record(), language) for page, language in zip(chunk, languages_of, strict=True)]
        data = json.dumps(records, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
        written += _write_kept(folder / name, f"window.archiveSearchOffline.records.push(...{data});\n", kept, site, inputs)
    listing = json.dumps({"files": names, "records": []}, separators=(",", ":"))
    written += _write_kept(folder / "index.js", f"window.archiveSearchOffline = {listing};\n", kept, site)
    for stale in sorted(folder.glob("statements-*.js")):
        if stale.name not in names:  # a file of statements no longer there
            stale.unlink()
            kept.forget(stale.relative_to(site).as_posix())
    return len(pages), written


def _write_kept(path: Path, text: str | bytes, kept: KeptOutputs, site: Path, inputs: str | None = None) -> bool:
    """Write ``text`` (or bytes) to ``path`` unless it was last written from those ``inputs`` (by default, that text) and is
    still there; whether it was written."""
    relative = path.relative_to(site).as_posix()
    inputs = digest(text if isinstance(text, str) else text.hex()) if inputs is None else inputs
    if kept.unchanged(relative, inputs):
        return False
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    kept.record(relative, inputs)
    return True


#: What the search page reads before it loads a language's index (see ``word_starts``), and a
#: gzip-compressed copy, which the page reads where the browser decompresses (a first query loads it:
#: 0.8 KB for 1.8 KB where a host sends files as they are, as ``search_bundle.SCRIPT_COMPRESSED``).
WORDS_FILE = "archive-words.json"
WORDS_FILE_COMPRESSED = "archive-words.json.gz"
PREFIX = 3
WORD_PARTS = re.compile(r"[^\w]+|_+")


def word_starts(texts: Iterable[str], folds: dict[str, frozenset[str]] | None = None) -> dict:
    """The first three letters of every word of ``texts`` (folded), and the words shorter than that.

    The search page loads a language's Pagefind index only when a query word
    starts with one of its language's prefixes, or with one of its short
    words (Pagefind also matches a shorter word that begins the query word).
    ``folds``: each word's folded parts, kept between builds (filled here).
    """
    folds = {} if folds is None else folds
    return _joined_starts(_starts_of(text, folds) for text in texts)


def _starts_of(text: str, folds: dict[str, frozenset[str]]) -> tuple[str, tuple[str, ...]]:
    """The prefixes of one text, joined in one string, and its short words (see ``word_starts``): two objects, so
    that a page's are kept between builds at little cost."""
    prefixes: set[str] = set()
    short: set[str] = set()
    for word in set(text.split()):  # each distinct word once: a word is folded the same wherever it stands
        parts = folds.get(word)
        if parts is None:
            # The word whole and each run of letters in it ("O'Brien": "obrien", "o", "brien"),
            # however Pagefind splits it.
            parts = folds[word] = frozenset(fold(part, word=True) for part in (word, *WORD_PARTS.split(word)))
        for folded in parts:
            if len(folded) >= PREFIX:
                prefixes.add(folded[:PREFIX])
            elif folded:
                short.add(folded)
    return "".join(sorted(prefixes)), tuple(sorted(short))


class _StartCounts:
    """One language's word starts, each counted by the pages it is on (``_starts_of``'s, by page), kept between builds:
    a page that changed is taken out and put in again, and the joined starts cost what changed."""

    def __init__(self) -> None:
        self.prefixes: Counter[str] = Counter()
        self.short: Counter[str] = Counter()
        self.digests: dict[str, str] = {}  # the pages counted: each page's digest by its URL

    @staticmethod
    def _split(page_prefixes: str) -> list[str]:
        return [page_prefixes[place : place + PREFIX] for place in range(0, len(page_prefixes), PREFIX)]

    def add(self, found: Iterable[tuple[str, tuple[str, ...]]]) -> None:
        for page_prefixes, page_short in found:
            self.prefixes.update(self._split(page_prefixes))
            self.short.update(page_short)

    def remove(self, found: Iterable[tuple[str, tuple[str, ...]]]) -> None:
        for page_prefixes, page_short in found:
            for counter, gone in ((self.prefixes, self._split(page_prefixes)), (self.short, page_short)):
                counter.subtract(gone)
                for start in gone:
                    if counter.get(start, 0) <= 0:
                        counter.pop(start, None)

    def joined(self) -> dict:
        """The starts as ``_joined_starts`` joins them."""
        return {"prefixes": "".join(sorted(self.prefixes)), "short": sorted(self.short)}


def _joined_starts(found: Iterable[tuple[str, tuple[str, ...]]]) -> dict:
    prefixes: set[str] = set()
    short: set[str] = set()
    for page_prefixes, page_short in found:
        prefixes.update(page_prefixes[place : place + PREFIX] for place in range(0, len(page_prefixes), PREFIX))
        short.update(page_short)
    return {"prefixes": "".join(sorted(prefixes)), "short": sorted(short)}


def write_word_starts(site: Path, starts: dict[str, dict], kept: KeptOutputs, interface: str) -> None:
    """The word starts of each language's statements (``word_starts``), with the language's name in the interface language
    ``interface``, for the search page's offer to search the statements of the languages it has not searched yet."""
    data = {language: {**found, "label": str(language_label(language, interface))} for language, found in sorted(starts.items())}
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    _write_kept(site / BUNDLE_DIR / WORDS_FILE, text, kept, site)
    _write_kept(site / BUNDLE_DIR / WORDS_FILE_COMPRESSED, gzip.compress(text.encode("utf-8"), 9, mtime=0), kept, site, inputs=digest(text))


def offline_ids(app):
    """Nothing-lost source: the statements the search from disk holds.

    The statements of each file as this build wrote it, or as the build that
    wrote it did when it was left as it was (``write_offline_search``: a file
    is left only when it is there and its statements' digests are those it
    was written from), for the files that are there; read back from every
    file when this build wrote no search from disk.
    """
    if not is_website(app.builder):
        return None
    folder = Path(app.outdir, OFFLINE_DIR)
    written = build_state(app.env).search_offline_files
    urls: set[str] = set()
    if written is not None:
        there = set(os.listdir(folder)) if folder.is_dir() else set()
        for name, held in written.items():
            if name in there:
                urls.update(held)
    else:
        for data in sorted(folder.glob("statements-*.js")):
            text = data.read_text(encoding="utf-8")
            urls.update(record["url"] for record in json.loads(text[text.index("(...") + 4 : text.rindex(");")]))
    ids = {_statement_of(url) for url in urls}
    ids.discard(None)
    return "the search from disk", ids, listed_ids(app)


def _statement_of(url: str) -> str | None:
    path = url.split("#")[0].strip("/").removesuffix("/index.html")
    page = posixpath.splitext(posixpath.basename(path))[0]
    return page if STATEMENT_ID.match(page) else None  # a page such as a year's index is no statement


def pagefind_ids(app):
    """Nothing-lost source: the statements in the Pagefind bundle: those whose fragment the bundle holds.

    The fragment files the build wrote the bundle with (``build_index``),
    found in the bundle's folder; read back from every fragment when this
    build wrote no bundle.
    """
    if not is_website(app.builder):
        return None
    site = Path(app.outdir)
    written = build_state(app.env).search_fragments
    if written is not None:
        folder = site / BUNDLE_DIR / "fragment"
        there = set(os.listdir(folder)) if folder.is_dir() else set()
        urls = {url for url, name in written.items() if name in there}
    else:
        urls = {fragment["url"] for fragment in read_fragments(site)}
    ids = {_statement_of(url) for url in urls}
    ids.discard(None)
    return "the search engine's index", ids, listed_ids(app)
