"""The nine places where the archive reaches into Sphinx beyond its public API.

Written against Sphinx 9.0.4 (``constraints.txt``). Everything else in the
package uses Sphinx's public API; what follows has no public equivalent that
keeps the archive's promises, and ``tests/sphinx_ext/test_sphinx_private.py`` fails the
day Sphinx changes what these functions rely on.

- **A statement's sections in its page's table of contents.** Sphinx's
  ``TocTreeCollector`` lists only sections that are children of sections; a
  statement's text sits in ``div.statement-text`` (a container), so its
  ``##`` sections are left out. Sphinx treats this as by design (sphinx-doc/sphinx
  issue #3539: sections inside another node are not the table of contents'), and
  offers no hook to add entries: they are added to ``env.tocs`` right after
  the collector builds it (``doctree-read``, after priority 500).
- **A statement's general index entries when a signatory is renamed.** The
  index domain collects entries from ``index`` nodes while a document is read,
  and has no API to change a document's entries afterwards (see
  sphinx-doc/sphinx issue #10299, on index entries fixed at reading time). A
  registry edit changes the names a statement is indexed under without the
  statement being read again, by design (re-reading every statement a
  renamed signatory signed would cost a reading of each); so its entries are
  replaced in the index domain's store.
- **The website's general index over entries of its own.** Sphinx builds the
  general index (``IndexEntries.create_index``, an adapter with no documented
  interface) from the index domain's store of the environment, and a builder
  has no public way to give it other entries. The website's index lists each
  signatory, place and country once instead of every statement under each
  (``html.facets.general_index_entries``); the adapter is given a stand-in for
  the environment that holds just those entries.
- **A kept application's warnings, counted a build at a time.** ``make preview``
  keeps one Sphinx application from one build to the next
  (``html/preview_builder.py``). The application counts warnings in its
  private ``_warncount`` from its creation, never per build, and sets
  ``statuscode`` from it; a build after a warning was fixed would still report
  it (and fail with ``-W``). Sphinx runs one build per application and has no
  API to start a count again.
- **A kept application's scripts and style sheets, as they were before any
  page was written.** A theme adds a script to one page by calling
  ``app.add_js_file`` while the page is written (the book theme's
  ``DOCUMENTATION_OPTIONS.pagename``); Sphinx keeps it in the component
  registry, whose files its HTML builder gives every page of the *next*
  build (``prepare_writing``). In a new application there is no next build;
  in the preview's kept one, every page would carry every page's script; and
  the builder's own lists (its private ``_js_files`` and ``_css_files``) keep
  the last page's. Before each build, the registry's lists and the builder's
  are put back as they were when the application was made (in that order:
  the builder's ``init_js_files`` would make them again in another order).
- **A kept application's doctrees, read from disk again.** The environment
  keeps each doctree it read from the doctree folder, as bytes, in its private
  ``_pickled_doctree_cache``, and nothing empties it when the page is read
  again: a page written by a ``-j`` writer process of the next build would
  come from the old doctree. Sphinx's own test application empties it before
  each build (``SphinxTestApp.build``); the preview's kept one does the same.
- **A kept application's environment, saved while its pages are written.**
  ``Builder.build`` pickles the whole environment to the doctree folder
  between reading and writing, so that the next ``sphinx-build`` can read it
  back; at N = 10,000 that is a 55 MB file and 4 to 5 seconds in which no page
  is written, more than the preview's whole budget from a save to the page.
  Nothing in the build needs the file (``-j`` writer processes are forked
  copies of the application), and Sphinx offers no setting or event to move
  or skip it. In the preview's builder program, ``pickle`` as the module
  ``sphinx.builders`` sees it is replaced by one whose ``dump`` of the
  application's environment forks: the forked copy, the environment exactly
  as Sphinx would have pickled it, writes the file while the pages are
  written, and the builder waits for it at the build's end.
- **The doctrees a build keeps in memory.** With ``-j 1`` Sphinx keeps each
  doctree it read in memory until its page is written (the environment's
  private ``_write_doc_doctree_cache``), and each doctree it read back from
  disk as the bytes of its file for the rest of the build
  (``_pickled_doctree_cache``, with ``-j N`` in the main process too). A
  statement's doctree is about 200 KB in memory: at N = 10,000 the first
  held 2 GB from the end of reading to the end of writing, and the peak of a
  ``-j 1`` build was 3.8 GB. Sphinx has no setting for either: the archive
  keeps a bounded number of doctrees read (``memory.KEEP_READ_DOCTREES``),
  the rest read back from disk when their page is written, and lets a
  doctree's bytes go once the doctree is resolved.
- **The root document's doctree, read again.** Every sidebar and global table
  of contents is resolved from the root document's toctrees, which Sphinx
  reads once per environment into ``BuildEnvironment.master_doctree``, a
  ``functools.cached_property`` that nothing forgets when the root document is
  read again; and, being in the environment's ``__dict__``, it is pickled with
  it (esbonio issue #705 describes the same). A kept application (``make
  preview``) showed a year added while it ran in no sidebar, and could save
  that stale doctree for the next ``sphinx-build``. Once every document is
  read (``env-updated``, before the environment is pickled), it is forgotten:
  the pages are written from the root document as it is now.
"""

from __future__ import annotations

import os
import pickle
import signal
import traceback
from types import SimpleNamespace

import sphinx.builders
from docutils import nodes
from sphinx.environment.adapters.indexentries import IndexEntries

#: The Sphinx version these functions were written against and tested with.
WRITTEN_AGAINST = "9.0.4"


def add_to_page_toc(env, docname: str, entries: nodes.bullet_list) -> None:
    """Nest ``entries`` under the page's title in the table of contents Sphinx collected for it.

    Nothing when Sphinx collected none, or an empty one (a page without a title).
    """
    toc = env.tocs.get(docname)
    if toc is None or not len(toc):
        return
    toc[0] += entries


def index_entries_of(env, docname: str) -> list[tuple]:
    """The general index entries Sphinx's index domain collected from ``docname``."""
    return list(env.domains.index_domain.entries.get(docname, []))


def replace_index_entries(env, docname: str, entries: list[tuple]) -> None:
    """Replace the general index entries of ``docname`` in the index domain's store."""
    env.domains.index_domain.entries[docname] = list(entries)


def all_index_entries(env) -> dict[str, list[tuple]]:
    """Every page's general index entries in the index domain's store: page -> entries."""
    return {docname: list(found) for docname, found in env.domains.index_domain.entries.items()}


def general_index(builder, entries: dict[str, list[tuple]]) -> list:
    """Sphinx's general index, grouped by letter as its templates take it, made from ``entries`` (page -> entries)."""
    stand_in = SimpleNamespace(domains=SimpleNamespace(index_domain=SimpleNamespace(entries=entries)))
    return IndexEntries(stand_in).create_index(builder)  # type: ignore[arg-type]  # the adapter reads only the entries


def count_warnings_afresh(app) -> None:
    """The next build of ``app`` counts its warnings from zero and starts with status 0, as a new application does."""
    if not hasattr(app, "_warncount"):
        raise RuntimeError("Sphinx no longer counts warnings in Sphinx._warncount: see sphinx_ext.sphinx_private.count_warnings_afresh")
    app._warncount = 0
    app.statuscode = 0


def registered_assets(app) -> tuple[list, ...]:
    """The scripts and style sheets registered with ``app`` and its builder so far (copies), for ``restore_assets``."""
    builder = app.builder
    return (
        list(app.registry.js_files),
        list(app.registry.css_files),
        list(getattr(builder, "_js_files", ())),
        list(getattr(builder, "_css_files", ())),
    )


def restore_assets(app, assets: tuple[list, ...]) -> None:
    """Put back the scripts and style sheets ``registered_assets`` returned."""
    js_files, css_files, builder_js, builder_css = assets
    app.registry.js_files[:] = js_files
    app.registry.css_files[:] = css_files
    if hasattr(app.builder, "_js_files"):  # the HTML builders (the ePub's among them)
        app.builder._js_files[:] = builder_js
        app.builder._css_files[:] = builder_css


def keep_read_doctrees(env, keep: int) -> None:
    """Of the doctrees read by this process and not yet written, the first ``keep`` stay in memory; the rest are
    read back from disk when their page is written."""
    cache = env._write_doc_doctree_cache
    while len(cache) > keep:
        cache.popitem()  # the last one read


def forget_doctree_bytes(env, docname: str) -> None:
    """The bytes of ``docname``'s doctree file, read to resolve it, are not kept for the rest of the build."""
    env._pickled_doctree_cache.pop(docname, None)


def forget_root_doctree(env) -> None:
    """The root document's doctree, kept by the environment since it was first asked for, is read again when asked."""
    env.__dict__.pop("master_doctree", None)


def forget_read_doctrees(app) -> None:
    """The next build of ``app`` reads every doctree it needs from disk, as a new application does."""
    app.env._pickled_doctree_cache.clear()


class EnvironmentSavedAside:
    """Sphinx's pickling of ``app.env`` in ``Builder.build`` done by a forked copy of the process, beside the build.

    A context: inside it, the ``pickle`` module as ``sphinx.builders`` sees it is one whose ``dump`` of
    ``app.env`` forks; every other use of it (doctrees, the parallel reading's environments, other
    environments) is the module's own. ``wait()`` returns once the last environment is on disk, and raises if
    its copy failed; leaving the context waits too, and puts the module back.
    """

    def __init__(self, app) -> None:
        self.app = app
        self.child: int | None = None

    def __enter__(self) -> EnvironmentSavedAside:
        if getattr(sphinx.builders, "pickle", None) is not pickle or not _build_pickles_the_environment():
            raise RuntimeError("Sphinx no longer pickles the environment in sphinx.builders.Builder.build: see sphinx_ext.sphinx_private.EnvironmentSavedAside")
        sphinx.builders.pickle = _PickleFor(self)  # type: ignore[assignment]  # the module's global, replaced
        return self

    def __exit__(self, *exc_info) -> None:
        sphinx.builders.pickle = pickle
        self.wait()

    def dump(self, obj, file, protocol=None) -> None:
        if obj is not self.app.env:
            pickle.dump(obj, file, protocol)
            return
        self.wait()
        file.flush()
        child = os.fork()
        if child == 0:  # the copy: the environment as it is now, whatever the build does to it next
            status = 1
            try:
                # Stopping the preview (Ctrl-C) must not leave the file half written: the copy ends by itself.
                signal.signal(signal.SIGINT, signal.SIG_IGN)
                signal.signal(signal.SIGTERM, signal.SIG_IGN)
                pickle.dump(obj, file, protocol)
                file.flush()
                status = 0
            except BaseException:
                traceback.print_exc()
            finally:
                os._exit(status)
        self.child = child

    def wait(self) -> None:
        """Return once the environment last given to Sphinx's pickle is written."""
        child, self.child = self.child, None
        if child is None:
            return
        _, status = os.waitpid(child, 0)
        if os.waitstatus_to_exitcode(status) != 0:
            raise RuntimeError("the build environment could not be saved")


class _PickleFor:
    """The ``pickle`` module, but for ``dump``."""

    def __init__(self, aside: EnvironmentSavedAside) -> None:
        self._aside = aside

    def dump(self, obj, file, protocol=None) -> None:
        self._aside.dump(obj, file, protocol)

    def __getattr__(self, name: str):
        return getattr(pickle, name)


def _build_pickles_the_environment() -> bool:
    """Whether ``Builder.build`` still pickles the environment with the module's ``pickle.dump``."""
    import inspect

    return "pickle.dump(self.env" in inspect.getsource(sphinx.builders.Builder.build)
