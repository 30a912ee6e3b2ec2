"""Copying the real archive into a temporary folder, for tests that change it."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

from paths import REPO

ARCHIVE_PARTS = ("conf.py", "source", "statements")


def copy_archive(destination: Path) -> Path:
    """The archive's conf.py, source/ and statements/ copied into ``destination``."""
    destination.mkdir(parents=True, exist_ok=True)
    for part in ARCHIVE_PARTS:
        origin = REPO / part
        if origin.is_dir():
            shutil.copytree(origin, destination / part)
        else:
            shutil.copy2(origin, destination / part)
    return destination


def sphinx_build(srcdir: Path, builder: str, outdir: Path, *extra: str, env: dict | None = None) -> subprocess.CompletedProcess:
    """``sphinx-build -M`` in a subprocess, strict, as the Makefile runs it."""
    return subprocess.run(
        [sys.executable, "-m", "sphinx", "-M", builder, str(srcdir), str(outdir), "-W", "--keep-going", "-n", "-q", *extra],
        capture_output=True,
        text=True,
        check=False,
        env=env,
    )


def archive_cli(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "solidarity_archive", *args], capture_output=True, text=True, check=False, cwd=cwd)


def located(output: str, srcdir) -> list[str]:
    """A build's warnings as ``path:line: message [type.subtype]``, paths relative to the project."""
    from sphinx.util.console import strip_colors

    prefix = str(srcdir) + os.sep
    return [line.replace(prefix, "").replace(" WARNING: ", " ", 1).removeprefix("WARNING: ") for line in strip_colors(output).splitlines() if line.strip()]


def located_warnings(app) -> list[str]:
    """The warnings of a ``sphinx.testing`` build, as :func:`located` gives them."""
    return located(app.warning.getvalue(), app.srcdir)


def stop_group(process: subprocess.Popen, timeout: float = 20) -> None:
    """Stop a command started in a session of its own (``start_new_session``) and every process it started."""
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
