"""The preview's builder: one Sphinx application kept from one build to the next, building when asked.

``make preview`` (``cli/preview.py``) runs it as a program of its own::

    python -m solidarity_archive.html.preview_builder --reply-fd FD OPTIONS

where ``OPTIONS`` is a JSON object of ``cli.preview.BuildOptions``. It makes the
application once (reading the build environment back once), then builds each
time a line arrives on its standard input, until that closes. A new
``sphinx-build`` for every save would start Python, Sphinx and the archive's
extension again and read the whole environment back before reading the one
page that changed; a kept application reads and writes only what changed.

It answers on the file descriptor ``FD``, one JSON array a line:
``["ready", ok]`` once the application is made; for each build
``["written", seconds]`` as soon as the pages of the documents are written
(the archive's ``archive-pages-written`` event: the facet pages, the general
index, the downloads, the search index and the checks follow) and
``["done", ok, statuscode, seconds, late]`` at its end, ``late`` the files of
the pages written after ``written`` (relative to the output folder). A build
that raises is printed and answered with ``ok`` false, and the program ends:
the preview starts a fresh one at the next save. Sphinx's own messages go to
standard output and standard error, as ``sphinx-build``'s do.

A few pages saved are read in the builder's own process whatever ``-j``
says (``READ_HERE_AT_MOST``).

The build environment Sphinx saves to the doctree folder between reading and
writing (for the next ``sphinx-build``) is saved by a copy of the process
while the pages are written (``sphinx_private.EnvironmentSavedAside``), and is
on disk before ``done``: at N = 10,000 it took 4 to 5 seconds before any page
was written.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
import traceback

from sphinx.application import Sphinx
from sphinx.util.docutils import docutils_namespace, patch_docutils

from solidarity_archive.html.builders import late_pages
from solidarity_archive.sphinx_ext.build_state import PAGES_WRITTEN
from solidarity_archive.sphinx_ext.sphinx_private import (
    EnvironmentSavedAside,
    count_warnings_afresh,
    forget_read_doctrees,
    registered_assets,
    restore_assets,
)

#: A kept application reads this many pages or fewer in its own process, at any ``-j``. Sphinx reads in
#: parallel whatever their number: a reading process sends back the whole environment, pickled, for the
#: application to merge, at N = 10,000 about 10 seconds for one statement read in a tenth of a second.
READ_HERE_AT_MOST = 20


def read_few_pages_here(app: Sphinx) -> None:
    """Sphinx reads the pages of a build in its own process when they are ``READ_HERE_AT_MOST`` or fewer."""
    parallel = app.parallel

    def before_reading(_app, _env, docnames: list[str]) -> None:
        app.parallel = 1 if len(docnames) <= READ_HERE_AT_MOST else parallel

    def after_reading(_app, _env) -> list[str]:
        app.parallel = parallel  # the pages are written as many at once as the options say
        return []

    # Last, when the list of pages to read is whole; Sphinx chooses how to read right after.
    app.connect("env-before-read-docs", before_reading, priority=900)
    app.connect("env-updated", after_reading, priority=0)


def make_application(options: dict) -> Sphinx:
    """The application ``sphinx-build`` would make with these options."""
    return Sphinx(
        options["sourcedir"],
        options["sourcedir"],
        options["outdir"],
        options["doctreedir"],
        options["builder"],
        confoverrides=dict(options["overrides"]),
        status=None if options["quiet"] else sys.stdout,
        warning=sys.stderr,
        warningiserror=options["fail_on_warning"],
        parallel=options["jobs"],
    )


def serve_builds(options: dict, requests, reply) -> None:
    """Build once for each line of ``requests``; say how each went with ``reply(message)``."""
    started = time.perf_counter()
    with patch_docutils(options["sourcedir"]), docutils_namespace():
        try:
            app = make_application(options)
        except Exception:
            traceback.print_exc()
            reply(["ready", False])
            return
        # A project without the archive's extension has no such moment: its pages reload at the end.
        late: list[str] = []
        if PAGES_WRITTEN in app.events.events:
            app.connect(PAGES_WRITTEN, lambda _app: reply(["written", round(time.perf_counter() - started, 3)]))
            # Before the archive's last steps, which end the build's state (priority 900).
            app.connect("build-finished", lambda app, _exception: late.extend(late_pages(app)), priority=800)
        assets = registered_assets(app)
        read_few_pages_here(app)
        reply(["ready", True])
        # The environment Sphinx saves between reading and writing is saved beside the writing.
        with EnvironmentSavedAside(app) as saved_aside:
            for _line in requests:
                started = time.perf_counter()
                late.clear()
                try:
                    count_warnings_afresh(app)
                    restore_assets(app, assets)
                    forget_read_doctrees(app)
                    try:
                        app.build()
                    finally:
                        saved_aside.wait()
                except Exception:
                    traceback.print_exc()
                    reply(["done", False, 2, round(time.perf_counter() - started, 3), []])
                    return
                reply(["done", True, app.statuscode, round(time.perf_counter() - started, 3), sorted(set(late))])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m solidarity_archive.html.preview_builder")
    parser.add_argument("--reply-fd", type=int, required=True)
    parser.add_argument("options")
    args = parser.parse_args(argv)
    replies = os.fdopen(args.reply_fd, "w", encoding="utf-8", buffering=1)

    def reply(message: list) -> None:
        replies.write(json.dumps(message) + "\n")
        replies.flush()

    serve_builds(json.loads(args.options), sys.stdin, reply)
    return 0


if __name__ == "__main__":
    sys.exit(main())
