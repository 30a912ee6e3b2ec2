"""Every build as strict as the first: a page with a problem is read again on every build.

Sphinx reports what it finds in a document when it reads or writes that
document, and reads and writes only what changed. After a failed build, a
second build (or ``make epub``, or the live preview) would find nothing
outdated, say nothing, and publish what the first one refused.

So the archive keeps the names of the documents that had a warning in a
build (whatever found it: the archive's checks, MyST, docutils, Sphinx) and
hands them back to Sphinx as outdated on the next build. They are read and
written again, by the same code, and every message comes back at the same
line, until the file is fixed; a build costs one more reading per broken
document, not more.

The names are kept in a small file beside Sphinx's own environment (in the
doctree folder, never in the sources): the environment is saved before the
consistency checks and the writing, where some problems are found.
"""

from __future__ import annotations

import json
import logging as std_logging
from pathlib import Path

from docutils import nodes
from sphinx.util.logging import is_suppressed_warning
from sphinx.util.nodes import get_node_source

from solidarity_archive.core.atomic import write_atomically
from solidarity_archive.sphinx_ext.build_state import build_state
from solidarity_archive.sphinx_ext.warning import warn

#: The file, in the doctree folder, naming the documents that had a problem.
KEPT_FILE = "solidarity-archive-problems.json"

#: Sphinx's loggers all sit under this one (``sphinx.util.logging.NAMESPACE``).
SPHINX_LOGGER = "sphinx"


class ProblemWatch(std_logging.Handler):
    """Notes the document of every warning of one build; one per build, in the build's state."""

    def __init__(self) -> None:
        super().__init__(level=std_logging.WARNING)
        self.app = None
        self.noted: set[str] = set()
        self.previous: set[str] = set()

    # -- events ------------------------------------------------------------------

    def start(self, app, env, added, changed, removed) -> list[str]:
        """``env-get-outdated``: watch this build's warnings; re-read the documents that had problems."""
        self.app = app
        self.noted = set()
        self.previous = self._read(app)
        logger = std_logging.getLogger(SPHINX_LOGGER)
        if self not in logger.handlers:
            logger.addHandler(self)
        return sorted((self.previous & env.found_docs) - set(added) - set(changed) - set(removed))

    def finish(self, app, exception) -> None:
        """``build-finished``: keep the names for the next build, and stop watching."""
        std_logging.getLogger(SPHINX_LOGGER).removeHandler(self)
        if self.app is None:
            return  # the build stopped before it read anything
        # A build that stopped half-way has not seen every document again: keep the earlier names too.
        kept = self.noted if exception is None else self.noted | self.previous
        path = Path(app.doctreedir, KEPT_FILE)
        try:
            if kept:
                path.parent.mkdir(parents=True, exist_ok=True)
                write_atomically(path, json.dumps(sorted(kept)))
            elif path.exists():
                path.unlink()
        except OSError as error:
            warn(
                f"could not keep the names of the pages with problems ({error}); the next build may not report them again",
                subtype="kept-problems",
            )
        self.app = None

    # -- logging -----------------------------------------------------------------

    def emit(self, record: std_logging.LogRecord) -> None:
        if self.app is None:
            return
        kind = getattr(record, "type", None)
        if is_suppressed_warning(kind, getattr(record, "subtype", None), self.app.config.suppress_warnings):
            return  # a warning the project chose not to see is not a problem to come back to
        docname = self._docname(record)
        if docname:
            self.noted.add(docname)

    def _docname(self, record: std_logging.LogRecord) -> str | None:
        env = self.app.env  # type: ignore[attr-defined]  # only while a build runs: app is set
        location = getattr(record, "location", None)
        if isinstance(location, tuple) and location and isinstance(location[0], str):
            return location[0] if location[0] in env.found_docs else None
        path = None
        if isinstance(location, nodes.Node):
            try:
                path = get_node_source(location)  # type: ignore[arg-type]  # a located warning's node is an Element
            except ValueError:  # a node with no source up its tree
                path = None
        elif isinstance(location, str):
            path = location.rsplit(":", 1)[0] if location.rsplit(":", 1)[-1].isdigit() else location
        if path:
            docname = env.path2doc(path)
            if docname:
                return docname
        # A warning about an included file, or without a location: the document being read.
        return env.current_document.docname or None

    @staticmethod
    def _read(app) -> set[str]:
        try:
            return set(json.loads(Path(app.doctreedir, KEPT_FILE).read_text(encoding="utf-8")))
        except (OSError, ValueError, TypeError):
            return set()


def start_watching(app, env, added, changed, removed) -> list[str]:
    """Watch this build's warnings; read again the documents that had problems in the last build."""
    logger = std_logging.getLogger(SPHINX_LOGGER)
    for stale in [h for h in logger.handlers if isinstance(h, ProblemWatch) and h.app is app]:
        logger.removeHandler(stale)  # a build of this application that stopped before build-finished
    watch = build_state(env).problems = ProblemWatch()
    return watch.start(app, env, added, changed, removed)


def stop_watching(app, exception) -> None:
    """Keep the names of this build's documents with problems for the next build, and stop watching."""
    watch = build_state(app.env).problems
    if watch is not None:
        watch.finish(app, exception)
