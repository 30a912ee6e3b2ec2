"""How a build lets Python's garbage collector skip what it keeps for the whole build.

A build holds more and more objects that live until it ends: the modules and
the environment at its start, then every document read (Sphinx keeps each
doctree in memory from reading to writing, at ``-j 1``), then what writing
adds. Python's collector looks at every object it tracks again each time the
tracked objects grow by a quarter (its oldest generation), so a build of
1,000 statements spent about a seventh of its time in those passes, each
longer than the one before. ``gc.freeze()`` (Python's public API, made for
long-lived objects and for processes that fork, as Sphinx's ``-j N`` does)
sets the objects tracked so far aside: the passes look only at what came
after. The build sets aside what it has:

- at its start (``keep_loaded``): the modules, the configuration, the
  environment read from disk;
- every ``SETTLE_EVERY`` documents read or pages written, and once reading
  ends (``settle``): a pass first frees what became garbage since the last
  time (it looks only at what came after), so what is set aside is what is
  still in use;
- in a process Sphinx forks to read or write pages (``-j N``), at its first
  document: what it was given by the main process;
- at its end (``release``), everything set aside goes back to the collector,
  which frees what the build no longer uses (the doctrees written) in its next
  pass, or when the program ends.

The cost: what becomes garbage after being set aside (a doctree once its page
is written) is freed at the end of the build rather than during it; the
build's peak memory grows by that much (about 50 MB, an eighth, at 1,000
statements and ``-j 1``; see docs/performance.md). A host that keeps one application for
many builds (``make preview``, the tests) gets everything back after each.
``gc.unfreeze()`` is process-wide: a host that froze objects of its own before
a build finds them given back to the collector after it, which changes when
they are collected, not whether they are.
"""

from __future__ import annotations

import gc
import os

from solidarity_archive.sphinx_ext.build_state import build_state
from solidarity_archive.sphinx_ext.sphinx_private import forget_doctree_bytes, forget_root_doctree, keep_read_doctrees

#: How many documents read, or pages written, between two settlements: often enough that a pass of the
#: collector never looks at more than a few dozen documents' objects, rarely enough that the settlements'
#: own passes cost nothing measurable.
SETTLE_EVERY = 50
#: Doctrees read that stay in memory until their page is written (with ``-j 1``; see ``sphinx_private``): about
#: 300 MB of statements. Sphinx keeps them all, and a build of 10,000 statements held 2 GB of them; past this
#: number, a page's doctree is read back from its file (34 KB) when the page is written.
KEEP_READ_DOCTREES = 1500


def keep_loaded(app, env, added, changed, removed) -> list[str]:
    """``env-get-outdated``: what is loaded before the build reads anything lives as long as the build."""
    build_state(env).settled_in = os.getpid()
    gc.freeze()
    return []


def _settle() -> None:
    gc.collect()  # what the last documents left behind is freed, not set aside (the pass skips what is set aside)
    gc.freeze()


def _count(app) -> None:
    state = build_state(app.env)
    if state.settled_in != os.getpid():
        # A process Sphinx forked to read or write (-j N): what it was given lives as long as it does. Set
        # aside at once, the first pass here does not look at the main process's objects.
        state.settled_in = os.getpid()
        gc.freeze()
    state.settled += 1
    if state.settled % SETTLE_EVERY == 0:
        _settle()


def settle_read_document(app, doctree) -> None:
    """``doctree-read``: every ``SETTLE_EVERY`` documents read, set aside what is in use.

    The doctrees read before this one past ``KEEP_READ_DOCTREES`` are let go
    first, so that they are freed rather than set aside.
    """
    keep_read_doctrees(app.env, KEEP_READ_DOCTREES)
    _count(app)


def settle_written_page(app, pagename, templatename, context, doctree) -> None:
    """``html-page-context``: every ``SETTLE_EVERY`` pages, set aside what is in use.

    Returns None: an answer there would choose the page's template.
    """
    _count(app)


def settle_read(app, env) -> list[str]:
    """``env-updated``: the documents read (``KEEP_READ_DOCTREES`` at most), and what reading found, live until the pages are written."""
    keep_read_doctrees(env, KEEP_READ_DOCTREES)
    _settle()
    return []


def forget_the_root_doctree(app, env) -> list[str]:
    """``env-updated``: the root document's doctree as read now, not as an earlier build of this application read it
    (the sidebars are drawn from it; see ``sphinx_private``)."""
    forget_root_doctree(env)
    return []


def let_doctree_bytes_go(app, doctree, docname: str) -> None:
    """``doctree-resolved``: the bytes of the doctree's file, read back to resolve it, are not kept (see ``sphinx_private``)."""
    forget_doctree_bytes(app.env, docname)


def release(app, exception) -> None:
    """``build-finished``: everything set aside goes back to the collector (see the module's docstring)."""
    gc.unfreeze()
