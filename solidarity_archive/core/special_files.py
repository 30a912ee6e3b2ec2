"""Paths that are not regular files: a named pipe, a socket, a device (pure Python).

Opening a named pipe waits until something writes to it, so a statement path
that is one would make ``check`` and the build wait for ever. Both look at
what a path is (``os.stat``, which never opens it) before reading it, and
refuse such a path at once, by name.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from solidarity_archive.core.languages import N_, Message


def special_file_kind(path: str | Path) -> str | None:
    """What ``path`` is (symlinks followed) when it is neither a regular file nor a folder; else None."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return None  # missing or unreadable: reported by whoever reads it
    if stat.S_ISREG(mode) or stat.S_ISDIR(mode):
        return None
    if stat.S_ISFIFO(mode):
        return N_("a named pipe")
    if stat.S_ISSOCK(mode):
        return N_("a socket")
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return N_("a device")
    return N_("a special file")


def not_a_file_message(path: str, kind: str) -> Message:
    """``kind`` is what :func:`special_file_kind` says (translated with the sentence)."""
    return Message(
        N_("{path} is {kind}, not an ordinary file: reading it would never finish, so it is not read; delete it and save the statement as an ordinary .md file"),
        path=path, kind=Message(kind),
    )  # fmt: skip
