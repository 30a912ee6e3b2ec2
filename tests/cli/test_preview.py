"""``make preview`` starts, and rebuilds once per edit (never in a loop)."""

from __future__ import annotations

import contextlib
import os
import queue
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from archive_copy import REPO, copy_archive

pytestmark = pytest.mark.slow  # sphinx-autobuild started, and a rebuild waited for

STARTED = "Waiting to detect changes"
REBUILDING = "Rebuilding..."
FINISHED = "build succeeded"
#: Upper bounds only: the test waits for lines, these stop it hanging.
START_LIMIT = 180
REBUILD_LIMIT = 120
#: After a rebuild, how long to watch for a second, unwanted one.
QUIET_PERIOD = 6


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
    """The archive, the Makefile and a .venv whose bin is the running interpreter's."""
    root = copy_archive(tmp_path / "archive")
    for name in ("Makefile", "pyproject.toml", "constraints.txt"):
        shutil.copy2(REPO / name, root / name)
        os.utime(root / name, (0, 0))  # older than the venv stamp: make does not reinstall
    venv = root / ".venv"
    venv.mkdir()
    (venv / "bin").symlink_to(Path(sys.executable).parent)
    (venv / ".installed").touch()
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
@pytest.mark.skipif(not (Path(sys.executable).parent / "sphinx-autobuild").exists(), reason="run the tests with the .venv's Python (make test)")
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

        statement = root / "statements/2016/2016-01-19-us-organizations-demand-justice.md"
        for edit in (1, 2):
            statement.write_text(statement.read_text(encoding="utf-8") + f"\nEdit {edit}.\n", encoding="utf-8")
            output.wait_for(REBUILDING, edit, REBUILD_LIMIT)
            output.wait_for(FINISHED, edit + 1, REBUILD_LIMIT)
            output.settle(QUIET_PERIOD)
            assert output.count(REBUILDING) == edit, "".join(output.lines)
        page = root / "_build/preview/statements/2016/2016-01-19-us-organizations-demand-justice.html"
        assert "Edit 2." in page.read_text(encoding="utf-8")
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
