"""``make preview`` starts, rebuilds once per save (never in a loop), keeps its builder between saves,
starts a fresh one when a file that is not a page's source is saved, and reloads the page open in
Chromium by itself, in both interfaces."""

from __future__ import annotations

import contextlib
import os
import queue
import shutil
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from archive_copy import REPO, copy_archive, stop_group
from browser import browser, browser_required, watched_tab

pytestmark = pytest.mark.slow  # the preview started, and rebuilds waited for

STARTED = "Watching for saved files"
REBUILDING = "Rebuilding"
FINISHED = "Rebuilt in"
#: What Sphinx prints when an application reads the build environment back from disk: once for
#: each builder the preview starts, never for a save of a page's source.
ENVIRONMENT_READ = "loading pickled environment"
AFRESH = "the build starts afresh"
#: Upper bounds only: the test waits for lines, these stop it hanging.
START_LIMIT = 180
REBUILD_LIMIT = 120
#: After a rebuild, how long to watch for a second, unwanted one: a file the build wrote in a watched folder
#: is seen at once (inotify) and the watcher waits at most 1.6 s for more (watchfiles' debounce) before the
#: preview says it rebuilds.
QUIET_PERIOD = 3


def watched_files(root: Path) -> dict[str, int]:
    """Files the preview watches (all but the output and the venv), with their mtimes."""
    return {
        path.relative_to(root).as_posix(): path.stat().st_mtime_ns
        for path in root.rglob("*")
        if path.is_file() and path.relative_to(root).parts[0] not in ("_build", ".venv")
    }


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def preview_project(tmp_path: Path) -> Path:
    """The archive, the Makefile and a .venv that is the running interpreter's."""
    root = copy_archive(tmp_path / "archive")
    for name in ("Makefile", "pyproject.toml", "constraints.txt"):
        shutil.copy2(REPO / name, root / name)
        os.utime(root / name, (0, 0))  # older than the venv stamp: make does not reinstall
    (root / ".venv").symlink_to(Path(sys.prefix), target_is_directory=True)  # its pyvenv.cfg makes the package importable
    (root / ".venv" / ".installed").touch(exist_ok=True)
    return root


class Output:
    """The preview's output lines, read in a thread, waited for with a bound."""

    def __init__(self, process: subprocess.Popen):
        self.lines: list[str] = []
        self._queue: queue.Queue[str] = queue.Queue()
        threading.Thread(target=self._read, args=(process.stdout,), daemon=True).start()

    def _read(self, stream) -> None:
        for line in stream:
            self._queue.put(line)

    def wait_for(self, text: str, count: int, limit: float) -> None:
        deadline = time.monotonic() + limit
        while self.count(text) < count:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                pytest.fail(f"waited for {count} × {text!r}; output was:\n{''.join(self.lines)}")
            with contextlib.suppress(queue.Empty):
                self.lines.append(self._queue.get(timeout=remaining))

    def settle(self, seconds: float) -> None:
        deadline = time.monotonic() + seconds
        while (remaining := deadline - time.monotonic()) > 0:
            with contextlib.suppress(queue.Empty):
                self.lines.append(self._queue.get(timeout=remaining))

    def count(self, text: str) -> int:
        return sum(text in line for line in self.lines)


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
def test_preview_starts_and_rebuilds_once_per_edit(tmp_path):
    root = preview_project(tmp_path)
    before = watched_files(root)
    env = {**os.environ, "NO_COLOR": "1", "PYTHONUNBUFFERED": "1"}
    process = subprocess.Popen(
        ["make", "preview", f"PORT={free_port()}", "JOBS=1"],
        cwd=root,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=env,
        start_new_session=True,
    )
    try:
        output = Output(process)
        output.wait_for(STARTED, 1, START_LIMIT)
        output.settle(QUIET_PERIOD)
        assert output.count(REBUILDING) == 0, "".join(output.lines)  # the first build does not trigger another
        assert watched_files(root) == before  # the build wrote nothing into the watched tree

        read_back = output.count(ENVIRONMENT_READ)
        statement = root / "statements/2016/2016-01-19-us-organizations-demand-justice.md"
        for edit in (1, 2):
            statement.write_text(statement.read_text(encoding="utf-8") + f"\nEdit {edit}.\n", encoding="utf-8")
            output.wait_for(REBUILDING, edit, REBUILD_LIMIT)
            output.wait_for(FINISHED, edit + 1, REBUILD_LIMIT)
            output.settle(QUIET_PERIOD)
            assert output.count(REBUILDING) == edit, "".join(output.lines)
        page = root / "_build/preview/statements/2016/2016-01-19-us-organizations-demand-justice.html"
        assert "Edit 2." in page.read_text(encoding="utf-8")
        # The builder stayed: no environment read back, no fresh start, for a page's source.
        assert output.count(ENVIRONMENT_READ) == read_back, "".join(output.lines)
        assert output.count(AFRESH) == 0, "".join(output.lines)

        # The registry is no page's source: a fresh builder, as a new sphinx-build would make.
        registry = root / "source" / "signatories.yaml"
        registry.write_text(registry.read_text(encoding="utf-8") + "\n", encoding="utf-8")
        output.wait_for(REBUILDING, 3, REBUILD_LIMIT)
        output.wait_for(FINISHED, 4, REBUILD_LIMIT)
        output.settle(QUIET_PERIOD)
        assert output.count(AFRESH) == 1, "".join(output.lines)
        assert output.count(ENVIRONMENT_READ) == read_back + 1, "".join(output.lines)
        assert output.count(REBUILDING) == 3, "".join(output.lines)
    finally:
        stop_group(process)


@contextlib.contextmanager
def preview_running(root: Path, *extra: str):
    """``cli/preview.py`` serving ``root`` on a free port, started and waited for; yields (base URL, output)."""
    port = free_port()
    command = [
        sys.executable,
        "-m",
        "solidarity_archive.cli.preview",
        str(root),
        str(root / "_build" / "preview"),
        "--port",
        str(port),
        "-j",
        "1",
        "-n",
        *extra,
    ]
    env = {**os.environ, "NO_COLOR": "1", "PYTHONUNBUFFERED": "1"}
    process = subprocess.Popen(command, cwd=root, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env, start_new_session=True)
    try:
        output = Output(process)
        output.wait_for(STARTED, 1, START_LIMIT)
        yield f"http://127.0.0.1:{port}/", output
    finally:
        stop_group(process)


@browser_required()
@pytest.mark.parametrize("language", ["en", "es"])
def test_the_open_page_reloads_by_itself_with_what_was_saved(tmp_path, language):
    """A writer keeps the statement's page open in Chromium and saves the file: the page shows the new
    paragraph without being touched, in either interface, and the browser reports no error."""
    root = copy_archive(tmp_path / "archive")
    extra = ("-D", "language=es") if language == "es" else ()
    statement = root / "statements/2016/2016-01-19-us-organizations-demand-justice.md"
    words = {"en": "This paragraph was saved while the page was open", "es": "Este párrafo se guardó con la página abierta"}[language]
    with preview_running(root, *extra) as (base, output), browser() as context, watched_tab(context) as tab:
        tab.goto(base + "statements/2016/2016-01-19-us-organizations-demand-justice.html")
        tab.wait_for_load_state("load")
        assert words not in tab.inner_text("body")
        tab.evaluate("window.notReloaded = true")
        statement.write_text(statement.read_text(encoding="utf-8") + f"\n{words}.\n", encoding="utf-8")
        # While the page reloads its document has no body yet: a check that reads it then would throw, and
        # playwright ends the wait on a throw (one run in many failed so) rather than asking again.
        tab.wait_for_function("text => document.body !== null && document.body.innerText.includes(text)", arg=words, timeout=REBUILD_LIMIT * 1000)
        assert tab.evaluate("window.notReloaded === undefined")  # a new page: the browser reloaded it
        output.wait_for(FINISHED, 2, REBUILD_LIMIT)
        assert tab.problems == []


def test_a_page_written_late_reloads_again_and_the_others_do_not():
    """At the build's end the preview reloads only the pages written after the announcement (``Built.late``):
    each open page says which it is once connected."""
    import asyncio

    from solidarity_archive.cli.preview import Reloads, page_file

    assert page_file("/") == "index.html"
    assert page_file("/statements/2016/") == "statements/2016/index.html"
    assert page_file("/signatory/comit%C3%A9.html") == "signatory/comité.html"

    class Socket:
        def __init__(self) -> None:
            self.sent: list[str] = []

        async def send_text(self, text: str) -> None:
            self.sent.append(text)

    reloads = Reloads()
    genindex, statement, silent = Socket(), Socket(), Socket()
    reloads.sockets = {genindex: page_file("/genindex.html"), statement: page_file("/statements/2016/2016-01-19-first.html"), silent: None}
    asyncio.run(reloads.reload(["genindex.html", "signatory/cispes.html"]))
    assert (genindex.sent, statement.sent, silent.sent) == (["reload"], [], ["reload"])
    asyncio.run(reloads.reload())
    assert (genindex.sent, statement.sent) == (["reload"] * 2, ["reload"])
