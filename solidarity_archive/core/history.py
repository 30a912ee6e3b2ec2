"""The statements as the last commit holds them, read through git (standard library only).

``check`` compares each published statement with its version in ``HEAD``, so a
changed date, title or signatory list needs a correction entry. When the
archive is not a git checkout, or git is missing, it says so instead.
"""

from __future__ import annotations

import subprocess
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from solidarity_archive.core.languages import N_, Message, Text


@dataclass(frozen=True)
class Committed:
    """Files as ``HEAD`` holds them (path relative to the root -> bytes), or why they cannot be read."""

    files: dict[str, bytes]
    unavailable: Text | None = None


def _git(root: Path, *args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(["git", "-C", str(root), *args], input=stdin, capture_output=True, check=False, timeout=120)


def committed_files(root: Path, paths: Iterable[str]) -> Committed:
    """The ``HEAD`` version of each of ``paths`` that exists there, read in one ``git cat-file`` call."""
    paths = list(paths)
    try:
        inside = _git(root, "rev-parse", "--is-inside-work-tree", "--show-prefix")
    except (OSError, subprocess.SubprocessError) as error:
        return Committed({}, Message(N_("git cannot be run ({error})"), error=str(error)))
    if inside.returncode != 0:
        return Committed({}, Message(N_("the archive is not a git checkout")))
    prefix = inside.stdout.decode().splitlines()[1] if len(inside.stdout.decode().splitlines()) > 1 else ""
    if _git(root, "rev-parse", "--verify", "--quiet", "HEAD").returncode != 0:
        return Committed({}, Message(N_("the git checkout has no commit yet")))
    if not paths:
        return Committed({})
    request = "".join(f"HEAD:{prefix}{path}\n" for path in paths).encode()
    result = _git(root, "cat-file", "--batch", stdin=request)
    if result.returncode != 0:
        return Committed({}, Message(N_("git cat-file failed: {error}"), error=result.stderr.decode(errors="replace").strip()))
    files: dict[str, bytes] = {}
    data, offset = result.stdout, 0
    for path in paths:
        end = data.index(b"\n", offset)
        header = data[offset:end].split()
        offset = end + 1
        if len(header) == 3 and header[1] == b"blob":
            size = int(header[2])
            files[path] = data[offset : offset + size]
            offset += size + 1
    return Committed(files)
