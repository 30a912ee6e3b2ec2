"""Replacing a file whole or not at all (pure Python, no Sphinx).

A file is written beside its destination, in the same folder and with the
same permissions, then renamed over it (``os.replace``): a reader sees the
old text or the new, never half of it, and a failure leaves the old file.
"""

from __future__ import annotations

import contextlib
import os
import secrets
from collections.abc import Iterator
from pathlib import Path


@contextlib.contextmanager
def temporary_beside(path: Path, text: str | bytes) -> Iterator[Path]:
    """``text`` (or bytes) in a new file beside ``path``, removed when the block ends unless the block
    renamed it: ``os.replace(temporary, path)`` as the block's last step replaces ``path``."""
    path = Path(path)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp")
    try:
        if isinstance(text, bytes):
            with open(temporary, "xb") as raw:  # "x": never someone else's file
                raw.write(text)
        else:
            with open(temporary, "x", encoding="utf-8", newline="") as out:
                out.write(text)
        if path.exists():
            os.chmod(temporary, path.stat().st_mode & 0o777)
        yield temporary
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)


def write_atomically(path: Path, text: str | bytes) -> None:
    """Replace ``path`` (or create it) by ``text`` (or bytes) through a temporary file beside it."""
    with temporary_beside(path, text) as temporary:
        os.replace(temporary, path)
