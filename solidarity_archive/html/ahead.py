"""The writing phase's work that needs no page: done ahead, by a forked copy of the build, on the other core.

When a build has read many statements (a first build, a new setting), the
pages it writes next need each statement's references formatted in the three
styles (the cite box: a fifth of a statement page's cost), and the build ends
by writing every statement's downloads. Neither needs a page: both are made
from the statements' records, final once reading is over. So at
``env-get-updated``, just before the writing phase, the build forks a copy of
itself (``start``) that formats the references of the statements read, in the
order Sphinx writes their pages, sending them back as it goes, then renders
and writes the downloads the build would write, and says which. Meanwhile the
build writes its pages: Sphinx's ``-j 1`` uses one core, and ``-j N`` leaves
room while its main process resolves doctrees.

What the copy sends back is only taken where it is what the build would make
itself: a statement's references are used when the item they were formatted
from is the item the cite box has (``reference_ahead``), and a download is
not written again when the copy wrote it from the inputs the build finds
(``citebox.write_downloads``). Anything the copy did not do, or did from
other inputs, or a copy that failed, the build does itself, as it does when
few statements were read (an edit): the output is the same, byte for byte.

With ``-j N`` the cite box is filled in Sphinx's writer processes, forked from
the main process: the main process takes in what the copy sent so far each
time it resolves a statement's doctree (``take_in``), so each writer starts
with the references of the pages it writes.
"""

from __future__ import annotations

import contextlib
import os
import queue
import signal
import threading
import traceback
from multiprocessing.connection import Connection, Pipe
from typing import Any

from sphinx.util import logging

from solidarity_archive.formats import citation
from solidarity_archive.sphinx_ext.build_state import build_state
from solidarity_archive.sphinx_ext.builders import is_website
from solidarity_archive.sphinx_ext.citable import statement_item
from solidarity_archive.sphinx_ext.domain import get_domain
from solidarity_archive.sphinx_ext.i18n import csl_locale
from solidarity_archive.sphinx_ext.kept_outputs import digest

logger = logging.getLogger(__name__)

#: The fewest statements read for the work to be done ahead: below it (an edit, a few saves of the preview),
#: forking the build costs more than the work.
AHEAD_AT_LEAST = 50
#: Statements whose references are sent back at a time.
BATCH = 20
#: Seconds the build waits for the copy's next message at the end of its pages (the copy sends one every
#: ``BATCH`` statements): past it, the copy is stopped and the build does what is left itself.
PATIENCE = 600


class Ahead:
    """The forked copy of a build, seen from the build: what it has sent back so far."""

    def __init__(self, pid: int, connection: Connection) -> None:
        self.pid = pid  # the copy's process
        self.parent = os.getpid()  # the build's main process, the only one that reads from the copy
        self.connection: Connection | None = connection
        #: Docname -> (the digest of the item formatted, its references, the start of its pin cite).
        self.references: dict[str, tuple[str, list[citation.Reference], str]] = {}
        #: The downloads the copy wrote, by path in the output: (the digest of their inputs, the ids written to them).
        self.downloads: dict[str, tuple[str, list[str] | None]] = {}
        self.failed: str | None = None

    def take_in(self, wait: bool = False) -> None:
        """Take in what the copy has sent; ``wait``: until it has sent everything (then it is waited for)."""
        connection = self.connection
        if connection is None or os.getpid() != self.parent:
            return
        try:
            while connection.poll(PATIENCE if wait else 0):
                kind, value = connection.recv()
                if kind == "references":
                    self.references.update(value)
                elif kind == "downloads":
                    self.downloads.update(value)
                elif kind == "failed":
                    self.failed = value
                else:  # "done"
                    break
            else:
                if wait:  # nothing for PATIENCE seconds: the build does the rest itself
                    self.failed = self.failed or f"the copy sent nothing for {PATIENCE} seconds"
                    with contextlib.suppress(ProcessLookupError):
                        os.kill(self.pid, signal.SIGKILL)
        except (EOFError, OSError):  # the copy ended without saying it was done
            self.failed = self.failed or "the copy ended early"
            wait = True
        if wait:
            self._end()

    def finish(self) -> None:
        """Everything the copy sends, once it has ended."""
        self.take_in(wait=True)

    def abandon(self) -> None:
        """The build stops (an error): the copy is stopped and waited for."""
        if self.connection is not None and os.getpid() == self.parent:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.pid, signal.SIGTERM)
            self._end()

    def _end(self) -> None:
        if self.connection is None:
            return
        self.connection.close()
        self.connection = None
        os.waitpid(self.pid, 0)
        if self.failed:
            logger.verbose("the work done ahead of the pages stopped (the build does it): %s", self.failed)


def start(app, env) -> list[str]:
    """``env-get-updated``, before the writing phase: fork the copy that works ahead, when enough statements were read."""
    state = build_state(env)
    if state.ahead is not None or not is_website(app.builder):
        return []
    domain = get_domain(env)
    read = sorted(docname for docname in state.previous if docname in domain.statements)
    if len(read) < AHEAD_AT_LEAST:
        return []
    receiving, sending = Pipe(duplex=False)
    pid = os.fork()
    if pid == 0:  # the copy
        receiving.close()
        _work_ahead(app, read, sending)  # never returns
    sending.close()
    state.ahead = Ahead(pid, receiving)
    return []


def _work_ahead(app, docnames: list[str], connection: Connection) -> None:
    status = 1
    # What the copy makes goes out on a thread of the copy's own: the copy never waits for the build to read it.
    outbox: queue.SimpleQueue = queue.SimpleQueue()

    def send() -> None:
        try:
            while (message := outbox.get()) is not None:
                connection.send(message)
        except OSError:  # the build stopped reading: it does the work itself
            pass

    sender = threading.Thread(target=send, name="archive-ahead-sender")
    try:
        # Stopping the build (Ctrl-C, or ``abandon``) ends the copy at once: the build never took in what it had not sent.
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        sender.start()
        domain = get_domain(app.env)
        locale = csl_locale(app.config)
        batch: dict[str, Any] = {}
        for docname in docnames:  # in the order Sphinx writes the pages
            statement = domain.statement_for(docname)
            if statement is None:
                continue
            item = statement_item(app, statement)
            formatted = citation.references(item, locale=locale)
            batch[docname] = (item_digest(item), formatted, citation.pin_cite_base(item, formatted[0], locale))
            if len(batch) >= BATCH:
                outbox.put(("references", batch))
                batch = {}
        if batch:
            outbox.put(("references", batch))
        from solidarity_archive.html.citebox import render_downloads  # the writing phase's module, which imports this one

        outbox.put(("downloads", render_downloads(app)))
        outbox.put(("done", None))
        status = 0
    except BaseException:
        outbox.put(("failed", traceback.format_exc(limit=-3)))
    finally:
        outbox.put(None)
        try:
            if sender.is_alive():
                sender.join()
        except BaseException:
            status = 1
        os._exit(status)


def item_digest(item: dict) -> str:
    """What a statement's references are formatted from, in short."""
    return digest(item)


def reference_ahead(app, docname: str, item: dict) -> tuple[list[citation.Reference], str] | None:
    """The references of ``docname`` and its pin cite's start, formatted ahead from ``item``, or None."""
    ahead = build_state(app.env).ahead
    if ahead is None:
        return None
    ahead.take_in()
    found = ahead.references.get(docname)
    if found is None or found[0] != item_digest(item):
        return None
    return found[1], found[2]


def take_in(app) -> None:
    """What the copy sent so far, taken in by the main process (with ``-j N``, before it forks a writer)."""
    ahead = build_state(app.env).ahead
    if ahead is not None:
        ahead.take_in()


def finish(app) -> Ahead | None:
    """The copy's work, once it has ended (``build-finished``); None if there was none."""
    ahead = build_state(app.env).ahead
    if ahead is not None:
        ahead.finish()
    return ahead


def abandon(app, exception=None) -> None:
    """``build-finished`` (last): a copy still working when the build ends is stopped."""
    ahead = build_state(app.env).ahead
    if ahead is not None:
        ahead.abandon()
