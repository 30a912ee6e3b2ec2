"""With ``-j N`` the website's pages are written by N processes at once (``builders.write_in_processes``)."""

from __future__ import annotations

import os
import time

import generated_archive
import pytest
from sphinx.util.console import strip_colors

from solidarity_archive.html import builders

#: How long a writer waits for a second one before it says it wrote alone: far longer than the main
#: process takes to resolve the next batch, so that only a build with one writer at a time reaches it.
PATIENCE = 60


def meet_another_writer(folder, main_pid: int):
    """An ``html-page-context`` listener: each forked writer, at its first page, waits until a second one has come.

    It writes ``<pid>`` in ``folder`` when it comes and ``<pid>.alone`` if no
    other writer came within ``PATIENCE`` seconds: with one writer at a time,
    the second comes only once the first has finished.
    """
    met: set[int] = set()

    def listener(app, pagename, templatename, context, doctree):
        pid = os.getpid()
        if pid == main_pid or pid in met:
            return
        met.add(pid)
        (folder / str(pid)).write_text("", encoding="utf-8")
        deadline = time.monotonic() + PATIENCE
        while sum(1 for path in folder.iterdir() if path.suffix == "") < 2:
            if time.monotonic() > deadline:
                (folder / f"{pid}.alone").write_text("", encoding="utf-8")
                return
            time.sleep(0.05)

    return listener


@pytest.mark.slow
@pytest.mark.parametrize("language", ["en", "es"])
def test_at_j2_two_processes_write_pages_at_once(make_app, tmp_path, monkeypatch, language):
    srcdir = tmp_path / "archive"
    generated_archive.make_project(srcdir, 12)
    writers = tmp_path / "writers"
    writers.mkdir()
    asked: list[int] = []
    tasks = builders.ParallelTasks
    monkeypatch.setattr(builders, "ParallelTasks", lambda processes: asked.append(processes) or tasks(processes))
    app = make_app("html", srcdir=srcdir, freshenv=True, parallel=2, confoverrides={"language": language})
    app.connect("html-page-context", meet_another_writer(writers, os.getpid()))
    app.build()
    assert strip_colors(app.warning.getvalue()) == ""
    came = sorted(path.name for path in writers.iterdir())
    assert len(came) >= 2, came
    assert not [name for name in came if name.endswith(".alone")], came
    assert asked == [2]


@pytest.mark.parametrize("language", ["en", "es"])
def test_at_j1_the_pages_are_written_in_the_build_process(make_app, tmp_path, monkeypatch, language):
    srcdir = tmp_path / "archive"
    generated_archive.make_project(srcdir, 3)
    asked: list[int] = []
    monkeypatch.setattr(builders, "ParallelTasks", lambda processes: asked.append(processes))
    pids: set[int] = set()
    app = make_app("html", srcdir=srcdir, freshenv=True, confoverrides={"language": language})
    app.connect("html-page-context", lambda app, *_args: pids.add(os.getpid()))
    app.build()
    assert strip_colors(app.warning.getvalue()) == ""
    assert asked == []
    assert pids == {os.getpid()}
