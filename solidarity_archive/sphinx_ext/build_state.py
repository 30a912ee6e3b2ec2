"""What one build computes and keeps until it ends, in one typed object; and the checked settings.

Nothing of it is stored on Sphinx's ``Config``, environment or builder, nor in
the pickled domain data: the pipeline (``solidarity_archive.pipeline``) makes a
fresh ``BuildState`` when a build starts (``env-get-outdated``, the first event
of every build) and drops it when the build ends (``build-finished``).
Per-document data that outlives a build stays in the domains, purged and merged
per document.

With ``-j N`` Sphinx forks its readers and writers: what the main process put
here before forking (the reading plan, the translation groups of
``env-updated``) is in every child; what a child adds (a sidebar drawn while
writing) stays in that child, as it would on a builder. Nothing a reader adds
is needed after reading: what reading finds goes into the domains, which Sphinx
merges.
"""

from __future__ import annotations

import contextlib
import time
import weakref
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from solidarity_archive.core.lexer import Lexicon
    from solidarity_archive.core.model import Statement
    from solidarity_archive.core.settings import Settings
    from solidarity_archive.sphinx_ext.kept_outputs import KeptOutputs
    from solidarity_archive.sphinx_ext.kept_problems import ProblemWatch


#: The archive's own event, once the pages of the documents read or changed are written (by the website's
#: builders as soon as Sphinx has written them, else at the start of ``build-finished``), before the pages
#: generated from the whole archive (facet pages, general index), the downloads, the search index and the
#: checks that follow: ``make preview`` reloads the open pages then, and the later pages at the build's end.
PAGES_WRITTEN = "archive-pages-written"


@dataclass(eq=False, slots=True)
class BuildState:
    """One build's own values. Each field names the step that writes it; the others only read it."""

    #: When the build started (``time.time_ns()``): files older than this were written by an earlier build.
    started_ns: int = field(default_factory=time.time_ns)

    # -- reading (main process) ------------------------------------------------------------------------------
    #: Statement records before this build re-read or removed them (None: new), by docname
    #: (``reading.load_registry``, ``reading.remember_statements``; read by ``reading.pages_to_rewrite``).
    previous: dict[str, Statement | None] = field(default_factory=dict)
    #: Pages to write again without re-reading them: they name a signatory whose record changed (``reading.load_registry``).
    rewrite: set[str] = field(default_factory=set)
    #: Each page's neighbours in the reading order, as its links show them, before this build read anything
    #: (``reading.remember_neighbours``; read by ``reading.pages_to_rewrite``).
    neighbours: dict[str, tuple] = field(default_factory=dict)
    #: The documents that had a warning in this build, and in the one before (``kept_problems.start_watching``).
    problems: ProblemWatch | None = None
    #: Every document is read afresh (a new environment): no output of an earlier build is kept (``kept_outputs.note_fresh_environment``).
    fresh_environment: bool = False
    #: Documents read and pages written so far, in this process (``memory.settle_read_document``,
    #: ``memory.settle_written_page``).
    settled: int = 0
    #: The process that last set aside what it holds (``memory.keep_loaded``; a forked reader or writer sets its own).
    settled_in: int = 0
    #: The glossary's terms compiled for the term-link transform, while they stay the same (``termlinks.lexicon``).
    lexicon: Lexicon | None = None

    # -- after reading ---------------------------------------------------------------------------------------
    #: Statement id -> every version of its text, the original first (``translations.check_links``, env-updated).
    translation_versions: dict[str, tuple[Statement, ...]] | None = None

    # -- writing the website ---------------------------------------------------------------------------------
    #: How many processes write the pages at once, as ``-j`` says (``builders.note_writers``, at ``write-started``;
    #: read by ``builders.write_in_processes``). Sphinx's own writing, with ``-j N``, keeps one of them for the main process.
    writers: int = 1
    #: ``PAGES_WRITTEN`` was emitted: the documents' pages are written (``builders`` at the end of
    #: ``write_documents``, else ``pipeline.announce_pages_written`` at ``build-finished``).
    pages_announced: bool = False
    #: The files of the pages written after it (the facet pages, the general index...), relative to the output
    #: folder (``builders.note_late_page``; read by a host that reloads them, ``late_pages``).
    late_pages: list[str] = field(default_factory=list)
    #: The sidebar's drawings, one per variant, with those kept from the last build when they are drawn from the
    #: same (``navigation.sidebars``); what they are drawn from; how many this process drew.
    sidebars: dict[str, Any] | None = None
    sidebars_from: str = ""
    sidebars_drawn: int = 0
    #: What the last build kept of its sidebars (``navigation._kept``), and what the sidebar shows now.
    sidebars_kept: dict[str, Any] | None = None
    sidebar_shows: str | None = None
    #: Each document's parent in the table of contents (``navigation.toctree_parents``).
    toctree_parents: dict[str, str] | None = None
    #: Page -> the signatories whose target is on it, for its feed links (``head.listed_signatories``).
    listed_signatories: dict[str, list[str]] | None = None
    #: The forked copy of the build formatting references and writing downloads ahead of the pages
    #: (``ahead.start``; read by ``citebox``, ended by ``citebox.write_downloads`` or ``ahead.abandon``).
    ahead: Any = None  # html.ahead.Ahead: the writing phase's, which this module does not import
    #: Pagefind's files compressed ahead, in a first build (``search.prepare_common_files``; the search thread
    #: waits for them, ``search.wait_for_common_files`` when the build ends).
    search_prepared: Future | None = None
    #: Pagefind's run over the statement pages and how many pages it reads (``search.start_index``; ``search.build_index`` waits).
    search_index: tuple[Future, int] | None = None
    #: The search bundle's fragment file of each page it was written with, by URL (``search.build_index``; read by ``search.pagefind_ids``).
    search_fragments: dict[str, str] | None = None
    #: The addresses of the statements of each file of the search from disk, by its name (``search.build_index``; read by ``search.offline_ids``).
    search_offline_files: dict[str, set[str]] | None = None

    #: The digests of the inputs the archive's own outputs were written from (``kept_outputs.kept_outputs``).
    kept_outputs: KeptOutputs | None = None
    #: id(record) -> (record, its digest), for the records the outputs' digests name (``kept_outputs.record_digest``).
    record_digests: dict[int, tuple[Any, str]] = field(default_factory=dict)
    #: The statements ``objects.inv`` lists, taken from the entries written, and whether the file was left as the
    #: build that wrote it left it (``inventory.write_inventory``; read by ``integrity.inventory_ids``).
    inventory_statements: set[str] | None = None
    inventory_kept: bool = False
    #: ``objects.inv`` being compressed and written, its path in the output and the digest of its inputs
    #: (``inventory.write_inventory``; ``inventory.finish_inventory`` waits).
    inventory_written: tuple[Future, str, str] | None = None
    #: The newest template's time, read once (``kept_outputs.newest_template``).
    newest_template: float | None = None

    # -- build-finished --------------------------------------------------------------------------------------
    #: The outputs the nothing-lost check compares, each ``app -> (name, ids[, expected]) | None``
    #: (the pipeline's ``STATEMENT_IDS``; read by ``integrity.check_nothing_lost``).
    statement_id_sources: tuple[Callable, ...] = ()


#: The state of the build under way, by environment (one per Sphinx application).
_BUILDS: weakref.WeakKeyDictionary[Any, BuildState] = weakref.WeakKeyDictionary()
#: The checked settings, by Sphinx ``Config`` (see ``sphinx_ext.config``).
_SETTINGS: weakref.WeakKeyDictionary[Any, Settings] = weakref.WeakKeyDictionary()


def begin_build(env, **values: Any) -> BuildState:
    """A fresh state for the build that starts now (the pipeline, at ``env-get-outdated``)."""
    state = _BUILDS[env] = BuildState(**values)
    return state


def end_build(env) -> None:
    """The build is over (the pipeline, last of ``build-finished``)."""
    _BUILDS.pop(env, None)


def build_state(env) -> BuildState:
    """The state of the build under way in ``env``'s application.

    Outside a build (a step called alone, as some tests do), an empty state,
    kept until the next build starts.
    """
    try:
        state = _BUILDS.get(env)
    except TypeError:  # a stand-in for an environment (a test's namespace): a state of its own, not held
        return BuildState()
    if state is None:
        state = _BUILDS[env] = BuildState()
    return state


def hold_settings(config, settings: Settings) -> None:
    """The checked settings of ``config`` (the pipeline, at ``config-inited``)."""
    with contextlib.suppress(TypeError):  # a stand-in for Sphinx's Config (a test's namespace): nothing is held
        _SETTINGS[config] = settings


def held_settings(config) -> Settings | None:
    try:
        return _SETTINGS.get(config)
    except TypeError:
        return None


def on_thread(name: str, function: Callable, *args: Any) -> Future:
    """``function(*args)`` run on a thread of its own, named ``archive-<name>``, while the build goes on; its future.

    The step that starts it keeps the future in the build's state, and a
    later step waits for it (``future.result()``): the thread ends with its
    one task.
    """
    pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix=f"archive-{name}")
    future = pool.submit(function, *args)
    pool.shutdown(wait=False)
    return future
