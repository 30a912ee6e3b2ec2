"""Drafts of ``new``: each answer and the pasted text, kept until the statement is written.

A draft lives in the user's own folder for such files, outside the archive
(never under ``statements/``, never published, never committed):
``$XDG_STATE_HOME/solidarity-archive/drafts/`` when that is set, else
``~/.local/state/…`` (Linux), ``~/Library/Application Support/…`` (macOS),
``%LOCALAPPDATA%\\…`` (Windows). It is a plain text file anyone can open:
the answers, one ``field: value`` a line (values written as JSON), then
the line ``=== TEXT ===`` and the text exactly as pasted, which may be
corrected there in any editor. ``new`` saves it after every answer, offers
it back the next time it runs in the same archive, and deletes it once the
statement is written.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from dataclasses import dataclass, field
from pathlib import Path

from solidarity_archive.core.atomic import write_atomically
from solidarity_archive.core.user_folders import user_folder

TEXT_MARKER = "=== TEXT ==="
SUFFIX = ".txt"
#: The answers a draft keeps, in the order they are asked.
FIELDS = ("title", "date", "place", "signatories", "language", "kind", "slug", "note", "translation_of", "original")


def drafts_folder(environ: os._Environ[str] | dict[str, str] | None = None, platform: str | None = None) -> Path:
    """Where drafts are kept for this user."""
    return user_folder("state", environ, platform) / "drafts"


@dataclass
class SavedDraft:
    """One session's answers (by field, as JSON values: the date as YYYY-MM-DD) and its text (None: not pasted yet)."""

    path: Path
    archive: str
    answers: dict[str, object] = field(default_factory=dict)
    text: str | None = None

    @property
    def saved(self) -> dt.datetime | None:
        try:
            return dt.datetime.fromtimestamp(self.path.stat().st_mtime)
        except OSError:
            return None


def render(draft: SavedDraft, comment: str = "") -> str:
    """The draft's file: ``comment`` lines (each starting with '#'), the answers, the text after the marker."""
    lines = [f"# {line}".rstrip() for line in comment.splitlines()]
    lines.append(f"archive: {json.dumps(draft.archive, ensure_ascii=False)}")
    lines += [f"{key}: {json.dumps(draft.answers[key], ensure_ascii=False)}" for key in FIELDS if draft.answers.get(key) not in (None, "", [])]
    if draft.text is not None:
        return "\n".join(lines) + f"\n{TEXT_MARKER}\n{draft.text}"
    return "\n".join(lines) + "\n"


def parse(text: str, path: Path) -> SavedDraft | None:
    """A draft's file read back; None when it is not one (a line neither comment, answer nor marker)."""
    head, marker, body = text.replace("\r\n", "\n").partition(f"{TEXT_MARKER}\n")
    if not marker and text.rstrip("\n").endswith(TEXT_MARKER):
        head, marker, body = text.rstrip("\n")[: -len(TEXT_MARKER)], TEXT_MARKER, ""
    archive = None
    answers: dict[str, object] = {}
    for line in head.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        key, colon, value = line.partition(":")
        if not colon:
            return None
        try:
            value = json.loads(value)
        except ValueError:
            return None
        if key == "archive":
            archive = value
        elif key in FIELDS:
            answers[key] = value
    if not isinstance(archive, str):
        return None
    return SavedDraft(path, archive, answers, body if marker else None)


def save(draft: SavedDraft, comment: str = "") -> None:
    """Write the draft whole, or leave the last saved one (a temporary file, then a rename)."""
    draft.path.parent.mkdir(parents=True, exist_ok=True)
    write_atomically(draft.path, render(draft, comment))


def new_path(folder: Path, now: dt.datetime | None = None) -> Path:
    """A file name not yet taken: ``new-2026-12-05-153012.txt``."""
    stamp = (now or dt.datetime.now()).strftime("%Y-%m-%d-%H%M%S")
    path, number = folder / f"new-{stamp}{SUFFIX}", 2
    while path.exists():
        path, number = folder / f"new-{stamp}-{number}{SUFFIX}", number + 1
    return path


def drafts_of(archive: Path, folder: Path) -> list[SavedDraft]:
    """The drafts left in ``archive``'s sessions, newest first."""
    found = []
    for path in folder.glob(f"new-*{SUFFIX}") if folder.is_dir() else []:
        try:
            draft = parse(path.read_text(encoding="utf-8"), path)
        except (OSError, UnicodeDecodeError):
            continue
        if draft is not None and draft.archive == str(archive):
            found.append(draft)
    return sorted(found, key=lambda d: d.path.stat().st_mtime, reverse=True)


def remove(draft: SavedDraft) -> None:
    draft.path.unlink(missing_ok=True)
