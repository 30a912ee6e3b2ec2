"""What ``sphinx_ext/sphinx_private.py`` relies on in Sphinx, checked on the installed Sphinx.

The module reaches into Sphinx's environment where Sphinx has no public API
(``env.tocs`` and the index domain's store of entries). These tests fail the
day Sphinx changes either, or starts doing itself what the module adds, so
that the module is reviewed before the archive is built with that Sphinx.
"""

from __future__ import annotations

import re

import pytest
import sphinx
from docutils import nodes
from paths import REPO

from solidarity_archive.sphinx_ext import sphinx_private
from solidarity_archive.sphinx_ext.indexentries import TARGET

PAGE = "statements/2016/2016-01-19-first"


def test_written_against_the_pinned_sphinx():
    """A new Sphinx in constraints.txt asks for this module to be checked, and its version updated."""
    pinned = re.search(r"^Sphinx==(\S+)$", (REPO / "constraints.txt").read_text(encoding="utf-8"), re.MULTILINE)
    assert pinned is not None
    assert pinned.group(1) == sphinx_private.WRITTEN_AGAINST
    assert sphinx.__version__ == sphinx_private.WRITTEN_AGAINST
    assert "#3539" in sphinx_private.__doc__ and "#10299" in sphinx_private.__doc__


def _titles(toc: nodes.Node) -> list[str]:
    return [ref.astext() for ref in toc.findall(nodes.reference)]


@pytest.mark.sphinx("html", testroot="sections")
def test_the_table_of_contents_store_is_as_the_module_expects(app):
    app.build()
    tocs = app.env.tocs
    assert isinstance(tocs, dict)
    toc = tocs[PAGE]
    assert isinstance(toc, nodes.bullet_list) and isinstance(toc[0], nodes.list_item)
    # Each section of the text once: added by the archive, not by Sphinx too (the day Sphinx
    # lists sections inside a container, they are listed twice and this fails).
    titles = _titles(toc)
    assert titles.count("Our demands") == 1 and titles.count("For the Congress") == 1
    assert titles[0] == "A first statement"


@pytest.mark.sphinx("html", testroot="sections")
def test_sphinx_alone_leaves_a_containers_sections_out(app):
    """Without the archive's addition, Sphinx's collector lists only the title."""
    from sphinx.environment.collectors.toctree import TocTreeCollector

    app.build()
    doctree = app.env.get_doctree(PAGE)
    app.env.current_document.docname = PAGE
    try:
        TocTreeCollector().process_doc(app, doctree)
        assert _titles(app.env.tocs[PAGE]) == ["A first statement"]
    finally:
        app.env.current_document.docname = ""


@pytest.mark.sphinx("html", testroot="sections")
def test_the_index_store_is_as_the_module_expects(app):
    app.build()
    entries = sphinx_private.index_entries_of(app.env, PAGE)
    assert entries and all(isinstance(entry, tuple) and len(entry) == 5 for entry in entries)
    ours = [entry for entry in entries if entry[2] == TARGET]
    assert ours and ours[0][0] == "single" and ours[0][3] == "main"
    # What is replaced is what the general index is built from.
    sphinx_private.replace_index_entries(app.env, PAGE, [("single", "Replaced entry", TARGET, "", None)])
    from sphinx.environment.adapters.indexentries import IndexEntries

    words = [word for _heading, group in IndexEntries(app.env).create_index(app.builder) for word, _ in group]
    assert "Replaced entry" in words and "A first statement" not in words


@pytest.mark.sphinx("html", testroot="sections")
def test_the_general_index_is_made_from_the_entries_given(app):
    app.build()
    every = sphinx_private.all_index_entries(app.env)
    assert PAGE in every and every[PAGE] == sphinx_private.index_entries_of(app.env, PAGE)
    # Sphinx's adapter reads the entries it is given, and nothing else of the environment.
    given = {PAGE: [("single", "Given entry", TARGET, "", None)], "index": [("single", "another; of its own", "x", "", None)]}
    index = sphinx_private.general_index(app.builder, given)
    assert [(letter, [word for word, _ in group]) for letter, group in index] == [("A", ["another"]), ("G", ["Given entry"])]
    (_word, (links, subitems, _key)) = index[1][1][0]
    assert len(links) == 1 and links[0][1].endswith(f"{PAGE.rsplit('/', 1)[-1]}.html#{TARGET}") and subitems == []
    assert index[0][1][0][1][1] == [("of its own", [("", "index.html#x")])]


@pytest.mark.sphinx("html", testroot="sections")
def test_a_kept_application_counts_warnings_afresh(app):
    """Sphinx counts warnings per application in ``_warncount`` and sets ``statuscode`` from it at the build's end."""
    from sphinx.util import logging as sphinx_logging

    app.build()
    sphinx_logging.getLogger(__name__).warning("a warning of this test")
    assert app._warncount == 1
    app.statuscode = 1
    sphinx_private.count_warnings_afresh(app)
    assert (app._warncount, app.statuscode) == (0, 0)


@pytest.mark.sphinx("html", testroot="sections")
def test_a_page_script_stays_in_the_registry_for_the_next_build(app):
    """What ``restore_assets`` undoes: a script added while a page is written is in the registry
    and the builder's list after the build, and every page of the next build of the same
    application would carry it."""
    kept = sphinx_private.registered_assets(app)
    app.connect("html-page-context", lambda app, pagename, *args: app.add_js_file(None, body=f"var page = '{pagename}';"))
    app.build()
    assert len(app.registry.js_files) > len(kept[0])
    assert any("var page" in str(script.attributes.get("body", "")) for script in app.builder._js_files)
    sphinx_private.restore_assets(app, kept)
    assert sphinx_private.registered_assets(app) == kept
    app.builder.prepare_writing(set())
    assert not any("var page" in str(script.attributes.get("body", "")) for script in app.builder._js_files)


@pytest.mark.sphinx("html", testroot="sections")
def test_the_environment_keeps_the_doctrees_it_read_until_told(app):
    """What ``forget_read_doctrees`` empties: the doctrees read from disk, kept as bytes by the environment."""
    app.build()
    app.env.get_doctree(PAGE)
    assert PAGE in app.env._pickled_doctree_cache
    sphinx_private.forget_read_doctrees(app)
    assert app.env._pickled_doctree_cache == {}


@pytest.mark.sphinx("html", testroot="sections")
def test_the_environment_keeps_the_root_doctree_until_told(app):
    """What ``forget_root_doctree`` forgets: the root document's doctree, kept (and pickled) once asked for."""
    app.build()
    first = app.env.master_doctree
    assert app.env.master_doctree is first
    assert "master_doctree" in app.env.__getstate__()
    sphinx_private.forget_root_doctree(app.env)
    assert "master_doctree" not in app.env.__dict__
    assert app.env.master_doctree is not first


@pytest.mark.sphinx("html", testroot="sections", freshenv=True)
def test_the_environment_is_pickled_by_the_builders_module_before_writing(app):
    """What ``EnvironmentSavedAside`` relies on: ``Builder.build`` pickles ``app.env`` with the ``pickle`` of
    ``sphinx.builders``, before any page is written. Inside the context, a forked copy writes the file, which a
    new environment reads back; leaving it puts the module back."""
    import pickle

    import sphinx.builders
    from sphinx.application import ENV_PICKLE_FILENAME

    written: list[str] = []
    app.connect("html-page-context", lambda app, pagename, *args: written.append(pagename))
    with sphinx_private.EnvironmentSavedAside(app) as aside:
        dumped: list[int] = []  # how many pages were written when the environment was pickled
        own_dump = aside.dump
        aside.dump = lambda obj, file, protocol=None: (obj is app.env and dumped.append(len(written)), own_dump(obj, file, protocol))[-1]
        assert sphinx.builders.pickle is not pickle
        app.build()
        assert aside.child is not None  # still to be waited for
        aside.wait()
    assert sphinx.builders.pickle is pickle
    assert dumped == [0]
    assert written
    with open(app.doctreedir / ENV_PICKLE_FILENAME, "rb") as file:
        saved = pickle.load(file)
    assert saved.all_docs == app.env.all_docs
    assert saved.tocs.keys() == app.env.tocs.keys()


@pytest.mark.sphinx("html", testroot="sections", freshenv=True)
def test_sphinx_keeps_every_doctree_read_until_its_page_is_written(app):
    """What ``keep_read_doctrees`` bounds: with -j 1, each doctree read stays in the environment's private store,
    in the order read, until its page is written; ``forget_doctree_bytes`` drops what ``get_doctree`` keeps."""
    held: list[list[str]] = []
    app.connect("env-updated", lambda app, env: held.append(list(env._write_doc_doctree_cache)) or [], priority=100)
    read: list[str] = []
    app.connect("doctree-read", lambda app, doctree: read.append(app.env.docname))
    app.build()
    assert held == [read] and len(read) > 2
    assert app.env._write_doc_doctree_cache == {}  # taken as the pages were written
    for docname in read:
        app.env._write_doc_doctree_cache[docname] = nodes.document(None, None)
    sphinx_private.keep_read_doctrees(app.env, 2)
    assert list(app.env._write_doc_doctree_cache) == read[:2]
    app.env._write_doc_doctree_cache.clear()
    app.env.get_doctree(PAGE)
    assert PAGE in app.env._pickled_doctree_cache
    sphinx_private.forget_doctree_bytes(app.env, PAGE)
    assert PAGE not in app.env._pickled_doctree_cache
