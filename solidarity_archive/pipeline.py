"""The archive's build, in the order it runs: one handler per Sphinx event, each calling named steps.

Feature modules hold nodes, directives, transforms and plain step functions;
none of them connects to an event or states a priority. This module says what
runs when. Each event has one handler, at Sphinx's default priority (500),
which calls the steps of its sequence in order. Where some steps must run
before a listener of Sphinx or of the theme and others after it, the event has
a second handler at a priority stated here, with the listener it orders
against (``Handler.order``). The transforms' priorities are stated here too
(``TRANSFORMS``).

A handler combines its steps' results as Sphinx combines listeners' results:
lists of documents are joined (``env-get-outdated``, ``env-updated``,
``env-get-updated``); the first answer that is not None wins and ends the
event (``missing-reference``, ``warn-missing-reference``,
``html-page-context``); extra pages are chained, generators left lazy as
Sphinx would leave them (``html-collect-pages``).

A build's own values live in one object (``sphinx_ext.build_state``): the
first step of every build (``env-get-outdated``) makes it, the last step of
``build-finished`` drops it. The checked settings are computed at
``config-inited`` and held for the configuration (``archive_settings``).

Sequences are read when their event comes, so a test can put a step of its
own between two of the archive's (``monkeypatch.setattr(pipeline, "BUILD_FINISHED_LATE", ...)``).
``describe()`` gives the whole order for the documentation.
"""

from __future__ import annotations

import inspect
import itertools
import sys
from collections.abc import Callable
from dataclasses import dataclass

from docutils.transforms import Transform as DocutilsTransform

from solidarity_archive.epub import builder as epub_builder
from solidarity_archive.html import (
    ahead,
    assets,
    bilingual,
    builders,
    charts,
    citebox,
    cms,
    facets,
    head,
    navigation,
    offline,
    search,
    site,
)
from solidarity_archive.sphinx_ext import (
    archival,
    archive_checks,
    archive_files,
    config,
    domain,
    dossier_build,
    footnotes,
    header,
    i18n,
    indexentries,
    integrity,
    inventory,
    kept_outputs,
    kept_problems,
    listings,
    literal_blocks,
    memory,
    paragraphs,
    reading,
    related,
    safety,
    statement_parser,
    template_cache,
    termlinks,
    translations,
)
from solidarity_archive.sphinx_ext.build_state import PAGES_WRITTEN, begin_build, build_state, end_build

#: Sphinx's default priority: a handler at it runs after Sphinx's own listeners and the
#: extensions loaded before the archive (MyST), and before the theme's, which load later.
DEFAULT = 500


@dataclass(frozen=True)
class Step:
    """One thing the build does: a short name and the function that does it."""

    name: str
    function: Callable

    @property
    def path(self) -> str:
        """``module.function``, as the documentation names it."""
        return f"{self.function.__module__}.{self.function.__qualname__}"

    @property
    def summary(self) -> str:
        """The first paragraph of the function's docstring, on one line."""
        doc = inspect.getdoc(self.function) or ""
        return " ".join(doc.strip().split("\n\n")[0].split())


@dataclass(frozen=True)
class Handler:
    """The archive's listener of one event at one priority: the steps of ``sequence`` (a name in this module), in order."""

    event: str
    sequence: str
    priority: int = DEFAULT
    #: For a priority other than the default: the listener of Sphinx or the theme it runs before or after, and why.
    order: str = ""

    @property
    def steps(self) -> tuple[Step, ...]:
        return getattr(sys.modules[__name__], self.sequence)


@dataclass(frozen=True)
class Transform:
    """A transform of the read doctrees (or, ``post``, of the resolved ones) and its priority."""

    name: str
    cls: type[DocutilsTransform]
    priority: int
    post: bool = False
    order: str = ""


# -- what the build does, event by event, in the order of a build --------------------------------------------


def start_build(app, env, added, changed, removed) -> list[str]:
    """A fresh state for this build, which every later step reads (``sphinx_ext.build_state``)."""
    begin_build(env, statement_id_sources=tuple(step.function for step in STATEMENT_IDS))
    return []


def announce_pages_written(app, exception) -> None:
    """The pages are written: ``archive-pages-written`` tells a host that reloads them (``make preview``), unless
    the website's builder said so as soon as the documents' pages were written (``builders.announce_documents_written``)."""
    state = build_state(app.env)
    if exception is None and not state.pages_announced:
        state.pages_announced = True
        app.emit(PAGES_WRITTEN)


def drop_build(app, exception) -> None:
    """The build's state is dropped: the next build starts from nothing."""
    end_build(app.env)


CONFIG_INITED = (
    Step("add the archive's templates and static files", assets.add_asset_paths),
    Step("check the interface languages", bilingual.check_interface),
    Step("compile the pages' catalogs", i18n.compile_page_catalogs),
    Step("take the theme's defaults", builders.take_theme_defaults),
    Step("lay out the theme's header and sidebar", builders.set_theme_layout),
)
CONFIG_INITED_LATE = (
    Step("apply the dossier's settings", dossier_build.apply_dossier),
    Step("translate the archive's names", i18n.translate_names),
    Step("check the archive's settings", config.check_settings),
    Step("decode sources tolerantly", safety.use_tolerant_decoding),
)
BUILDER_INITED = (
    Step("let templates fall back to the archive's catalog", i18n.templates_fall_back),
    Step("keep the compiled templates in the user's cache", template_cache.cache_compiled_templates),
    Step("add the cite box's files", citebox.add_cite_assets),
)
ENV_GET_OUTDATED = (
    Step("start the build's state", start_build),
    Step("compress Pagefind's files ahead in a first build", search.prepare_common_files),
    Step("set aside what is loaded for the collector", memory.keep_loaded),
    Step("note a fresh environment", kept_outputs.note_fresh_environment),
    Step("leave out sources that are not files", archive_files.leave_out_special_files),
    Step("read again the year pages that gained or lost a statement", listings.year_pages_to_read),
    Step("remember each page's neighbours", reading.remember_neighbours),
    Step("load the registry", reading.load_registry),
    Step("watch for problems", kept_problems.start_watching),
    Step("load the glossary", termlinks.load_glossary),
)
ENV_BEFORE_READ_DOCS = (Step("remember the statements before reading", reading.remember_statements),)
SOURCE_READ = (
    Step("refuse sources from outside and undecodable bytes", safety.refuse_outside_and_undecodable),
    Step("read the frontmatter", reading.read_frontmatter),
    Step("write the dossier's front page", dossier_build.front_page),
)
INCLUDE_READ = (Step("check included text", safety.check_included_text),)
DOCTREE_READ_EARLY = (Step("refuse downloads from outside", safety.refuse_outside_downloads),)
DOCTREE_READ_LATE = (
    Step("set aside the documents read", memory.settle_read_document),
    Step("put statement sections in the table of contents", reading.statement_sections_in_toc),
    Step("note the table of contents the sidebar is drawn from", navigation.note_toc),
    Step("refuse dependencies from outside", safety.refuse_outside_dependencies),
)
ENV_UPDATED = (
    Step("check the archive as check does", archive_checks.check_the_archive),
    Step("compute the glossary's backlinks", termlinks.compute_backlinks),
    Step("index renamed statements again", indexentries.reindex_renamed),
    Step("compute related statements", related.compute_related),
    Step("find each statement's versions", translations.check_links),
    Step("forget the root document's doctree read before", memory.forget_the_root_doctree),
    Step("set aside what reading found", memory.settle_read),
)
ENV_GET_UPDATED = (
    Step("start the work ahead of the pages", ahead.start),
    Step("plan the pages to write again", reading.pages_to_rewrite),
    Step("write every page again when the sidebar shows other entries", navigation.pages_with_another_sidebar),
)
WRITE_STARTED = (Step("let -j say how many processes write the pages", builders.note_writers),)
MISSING_REFERENCE = (
    Step("resolve references to statements' labels", domain.resolve_label_reference),
    Step("link statements left out of the dossier", dossier_build.link_left_out),
)
WARN_MISSING_REFERENCE = (Step("quiet signatories when the registry is unusable", safety.quiet_signatories_without_registry),)
DOCTREE_RESOLVED = (
    Step("fill the overviews", facets.fill_overviews),
    Step("fill the home page's terms and signatories", facets.fill_indexes),
    Step("chart a year's statements per month", charts.year_page_chart),
    Step("fill the listings", listings.fill_listings),
    Step("fill the originals' links", archival.fill_original_links),
    Step("fill the open-data links", site.fill_open_data_links),
    Step("add the cite box", citebox.add_cite_box),
    Step("fill the archive's downloads", citebox.fill_archive_downloads),
    Step("add the glossary's backlinks", termlinks.add_backlinks),
    Step("fill the charts", charts.fill_charts),
    Step("fill the offline download", offline.fill_download),
    Step("fill related statements", related.fill_related),
    Step("link the other versions", translations.add_other_versions),
    Step("add the ePub's online notice", epub_builder.online_notice),
    Step("add the glossary's charts", charts.glossary_charts),
    Step("let the doctree's file go", memory.let_doctree_bytes_go),
)
PAGES_WRITTEN_STEPS = (
    Step("compress Pagefind's files ahead, with -j N", search.prepare_common_files_late),
    Step("start the search index", search.start_index),
)
HTML_COLLECT_PAGES = (
    Step("start the search index, if not started", search.start_index),
    Step("redirect the site's root", assets.home_redirect),
    Step("write the search page", search.search_page),
    Step("write the facet pages", facets.collect_pages),
)
HTML_PAGE_CONTEXT = (
    Step("add the sidebar's functions", navigation.add_sidebar_functions),
    Step("write the page's head", head.page_head),
    Step("fill the cite box", citebox.fill_cite_box),
    Step("add the language switcher", bilingual.add_switcher),
    Step("mark statement pages for the search", search.mark_statement_page),
    Step("link the page's translations", translations.hreflang_links),
)
HTML_PAGE_CONTEXT_LATE = (
    Step("set aside the pages written", memory.settle_written_page),
    Step("note a page written after the announcement", builders.note_late_page),
    Step("test for a sidebar quickly", navigation.quick_sidebar_test),
    Step("give the theme the title to print", assets.title_to_print),
    Step("set the ePub page's language", epub_builder.page_language),
    Step("escape the theme's titles", safety.escape_theme_titles),
    Step("copy no source from outside", safety.no_source_copy_from_outside),
)
BUILD_FINISHED = (
    Step("tell the host the pages are written", announce_pages_written),
    Step("keep the pages with problems", kept_problems.stop_watching),
    Step("write redirects", archival.write_redirects),
    Step("copy originals", archival.copy_originals),
    Step("write site files", site.write_outputs),
    Step("write downloads", citebox.write_downloads),
)
BUILD_FINISHED_LATE = (
    Step("remove stale pages", integrity.remove_stale_pages),
    Step("build the search index", search.build_index),
    Step("wait for Pagefind's files compressed ahead", search.wait_for_common_files),
    Step("write the former addresses", bilingual.write_old_addresses),
    Step("finish writing the inventory", inventory.finish_inventory),
    Step("check nothing is lost", integrity.check_nothing_lost),
    Step("zip the offline copy", offline.build_zip),
    Step("write the statement form", cms.write_admin),
    Step("keep what the outputs were written from", kept_outputs.save_kept_outputs),
    Step("keep the sidebars drawn", navigation.save_sidebars),
    Step("stop the work ahead if the build stopped", ahead.abandon),
    Step("give the collector back what was set aside", memory.release),
    Step("drop the build's state", drop_build),
)
#: The outputs the nothing-lost check compares with the statements on disk (``integrity``), in this order.
STATEMENT_IDS = (
    Step("the HTML pages", integrity.html_page_ids),
    Step("the inventory", integrity.inventory_ids),
    Step("the citation downloads", integrity.citation_export_ids),
    Step("the ePub", integrity.epub_ids),
    Step("the search engine's index", search.pagefind_ids),
    Step("the search from disk", search.offline_ids),
)

#: Every handler, in the order of a build.
HANDLERS = (
    Handler("config-inited", "CONFIG_INITED"),
    Handler(
        "config-inited",
        "CONFIG_INITED_LATE",
        priority=850,
        order="after Sphinx's own conversions and checks of the configuration (790-800): the dossier's settings and the kept settings are final",
    ),  # fmt: skip
    Handler("builder-inited", "BUILDER_INITED"),
    Handler("env-get-outdated", "ENV_GET_OUTDATED"),
    Handler("env-before-read-docs", "ENV_BEFORE_READ_DOCS"),
    Handler("source-read", "SOURCE_READ"),
    Handler("include-read", "INCLUDE_READ"),
    Handler(
        "doctree-read",
        "DOCTREE_READ_EARLY",
        priority=400,
        order="before Sphinx's collectors (500), which register a document's downloads",
    ),  # fmt: skip
    Handler(
        "doctree-read",
        "DOCTREE_READ_LATE",
        priority=600,
        order="after Sphinx's collectors (500): its table of contents is there to complete, its images have their candidates",
    ),  # fmt: skip
    Handler("env-updated", "ENV_UPDATED"),
    Handler("env-get-updated", "ENV_GET_UPDATED"),
    Handler("write-started", "WRITE_STARTED"),
    Handler("missing-reference", "MISSING_REFERENCE"),
    Handler("warn-missing-reference", "WARN_MISSING_REFERENCE"),
    Handler("doctree-resolved", "DOCTREE_RESOLVED"),
    Handler(
        PAGES_WRITTEN,
        "PAGES_WRITTEN_STEPS",
        priority=600,
        order="after a host's own listeners (500): make preview reloads the written pages before the search starts",
    ),  # fmt: skip
    Handler("html-collect-pages", "HTML_COLLECT_PAGES"),
    Handler("html-page-context", "HTML_PAGE_CONTEXT"),
    Handler(
        "html-page-context",
        "HTML_PAGE_CONTEXT_LATE",
        priority=600,
        order="after the theme's page handlers (pydata-sphinx-theme at 500, sphinx-book-theme at 500 and 501), whose context it changes",
    ),  # fmt: skip
    Handler("build-finished", "BUILD_FINISHED"),
    Handler(
        "build-finished",
        "BUILD_FINISHED_LATE",
        priority=900,
        order="after the theme's build-finished handlers (500), which write its Pygments style sheet and logo: the offline copy zips them",
    ),  # fmt: skip
)

#: The archive's transforms, by priority. Statements are read by ``reading.StatementPage`` at 200; the
#: others place themselves around it and around the transforms of Sphinx and MyST named here.
TRANSFORMS = (
    Transform("links to statements left out of the dossier", dossier_build.MarkdownLinksToLeftOut, 8, post=True,
              order="just before MyST resolves its document links (post-transform, 9), which would report the left-out page"),
    Transform("translated code blocks", literal_blocks.TranslateLiteralBlocks, 19,
              order="before Sphinx's Locale transform (20), which would parse the translation"),
    Transform("raw markup refused", safety.RefuseRawMarkup, 100),
    Transform("the statement page", reading.StatementPage, 200),
    Transform("index entries", indexentries.StatementIndexEntries, 205),
    Transform("numbered paragraphs", paragraphs.NumberParagraphs, 210, order="after the statement page (200)"),
    Transform("term links", termlinks.TermLinks, 211, order="after the numbered paragraphs (210): links go inside them"),
    Transform("unpublished statements", safety.UnpublishedStatement, 212,
              order="after the statement page (200) and the transforms of published text (210, 211)"),
    Transform("related statements' placeholder", related.RelatedPlaceholder, 220),
    Transform("statement notes", footnotes.StatementNotes, 624,
              order="right after MyST's CollectFootnotes (623), which puts the notes at the document's end"),
    Transform("unsafe links refused", safety.RefuseUnsafeLinks, 900),
)  # fmt: skip


# -- how a handler runs its steps ----------------------------------------------------------------------------


def _documents(results):
    """Every step's documents, in order: Sphinx adds them all."""
    return [docname for found in results if found for docname in found]


def _pages(results):
    """Every step's pages, chained; a generator runs only when Sphinx goes through it, as it would."""
    return itertools.chain.from_iterable(found for found in results if found is not None)


#: How a handler hands Sphinx its steps' results, by event (for the others, it returns nothing).
JOINED = {"env-get-outdated": _documents, "env-updated": _documents, "env-get-updated": _documents, "html-collect-pages": _pages}
#: Events whose first answer that is not None ends the event (``emit_firstresult``).
FIRST_ANSWER = {"missing-reference", "warn-missing-reference", "html-page-context"}


class Listener:
    """What the pipeline connects: calls the steps of one handler, and combines their results for Sphinx."""

    def __init__(self, handler: Handler) -> None:
        self.handler = handler
        self.__module__ = __name__
        self.__qualname__ = f"Listener[{handler.event}, {handler.priority}]"

    def __repr__(self) -> str:
        return f"<the archive's {self.handler.event} handler ({self.handler.sequence})>"

    def __call__(self, app, *args):
        event = self.handler.event
        results = []
        for step in self.handler.steps:
            try:
                result = step.function(app, *args)
            except Exception as error:
                error.add_note(f"in the archive's step {step.name!r} ({step.path}) at {event}")
                raise
            if event in FIRST_ANSWER and result is not None:
                return result
            results.append(result)
        combine = JOINED.get(event)
        return combine(results) if combine else None


def register(app) -> None:
    """Everything but the event handlers, in the order the extension has always registered it
    (it decides, among other things, the order of the domains and of the style sheets)."""
    app.add_event(PAGES_WRITTEN)
    config.register(app)
    i18n.register(app)
    app.add_domain(domain.StatementDomain)
    app.add_role("statement", domain.StatementRefRole(warn_dangling=True))
    statement_parser.register(app)
    header.register(app)
    app.add_node(listings.statement_listing)
    app.add_node(listings.year_listing)
    app.add_directive("statement-list", listings.StatementListDirective)
    app.add_directive("statement-year", listings.StatementYearDirective)
    app.add_directive("statement-years", listings.YearListDirective)
    app.add_directive("signatory-list", listings.SignatoryListDirective)
    for module in (
        # The directives whose placeholders the writing phase fills (chart, places, downloads, open data).
        "solidarity_archive.sphinx_ext.placeholders",
        "solidarity_archive.html.builders",
        "solidarity_archive.html.assets",
        "solidarity_archive.sphinx_ext.archival",
        "solidarity_archive.html.site",
        "solidarity_archive.sphinx_ext.paragraphs",
        "solidarity_archive.html.citebox",
        "solidarity_archive.sphinx_ext.xref",
        "solidarity_archive.sphinx_ext.termlinks",
        "solidarity_archive.sphinx_ext.indexentries",
        "solidarity_archive.html.facets",
        "solidarity_archive.html.charts",
        "solidarity_archive.html.offline",
        "solidarity_archive.html.cms",
        "solidarity_archive.sphinx_ext.related",
        "solidarity_archive.epub.builder",
        "solidarity_archive.sphinx_ext.safety",
        "solidarity_archive.sphinx_ext.footnotes",
    ):
        app.setup_extension(module)
    for transform in TRANSFORMS:
        # The priority is stated once, here; docutils reads it from the class.
        transform.cls.default_priority = transform.priority
        if transform.post:
            app.add_post_transform(transform.cls)
        else:
            app.add_transform(transform.cls)


def connect(app) -> None:
    """One listener per handler: one per event, a second where ``Handler.order`` says why."""
    for handler in HANDLERS:
        app.connect(handler.event, Listener(handler), priority=handler.priority)


def setup(app) -> None:
    register(app)
    connect(app)


def describe() -> list[tuple[str, list[tuple[str, str, str]]]]:
    """For each event, in the order of a build: its steps as (name, ``module.function``, first paragraph of the docstring).

    An event with two handlers lists the steps of both, in the order they run. The nothing-lost
    check's sources follow ``build-finished`` as ``archive-collect-statement-ids``.
    """
    events: dict[str, list[tuple[str, str, str]]] = {}
    for handler in HANDLERS:
        events.setdefault(handler.event, []).extend((step.name, step.path, step.summary) for step in handler.steps)
    events["archive-collect-statement-ids"] = [(step.name, step.path, step.summary) for step in STATEMENT_IDS]
    return list(events.items())
