"""Original documents kept next to their statements, with fixity checks (pure).

A statement's ``source: {file, sha256}`` names the file its text was
transcribed from (the PDF, the scan, the e-mail), stored in the archive's tree
relative to the statement's folder. Every build and ``check`` read the file
again and compare its SHA-256 with the recorded one.
"""

from __future__ import annotations

import hashlib
import posixpath
from dataclasses import dataclass
from pathlib import Path

from solidarity_archive.core.languages import N_, Message
from solidarity_archive.core.model import Problem, Statement


@dataclass(frozen=True)
class FileKind:
    label: str  # as the header names it: "PDF"
    media_type: str
    magic: tuple[bytes, ...] = ()  # what the file must start with; () for text


#: The kinds of original the archive keeps, by file-name ending.
KINDS: dict[str, FileKind] = {
    ".pdf": FileKind("PDF", "application/pdf", (b"%PDF-",)),
    ".png": FileKind("PNG", "image/png", (b"\x89PNG\r\n\x1a\n",)),
    ".jpg": FileKind("JPEG", "image/jpeg", (b"\xff\xd8\xff",)),
    ".jpeg": FileKind("JPEG", "image/jpeg", (b"\xff\xd8\xff",)),
    ".txt": FileKind("TXT", "text/plain"),
    ".eml": FileKind("EML", "message/rfc822"),
}
ALLOWED = tuple(KINDS)
#: The largest original kept (stated in the README).
MAX_ORIGINAL_BYTES = 20 * 1024 * 1024
#: Where the website keeps the originals: ``originals/<id>/<file name>``.
ORIGINALS_DIR = "originals"


def kind_of(name: str) -> FileKind | None:
    return KINDS.get(posixpath.splitext(name.lower())[1])


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def human_size(size: int) -> str:
    """``120 KB``, ``1.4 MB``: sizes as a reader reads them (1 KB = 1,024 bytes)."""
    if size < 1024:
        return f"{size} bytes" if size != 1 else "1 byte"
    if size < 1024 * 1024:
        return f"{round(size / 1024)} KB"
    return f"{size / 1024 / 1024:.1f} MB"


def output_path(statement: Statement) -> str:
    """Where the website keeps a statement's original, relative to the output folder."""
    assert statement.original is not None
    return f"{ORIGINALS_DIR}/{statement.id}/{posixpath.basename(statement.original.file)}"  # type: ignore[type-var]  # an original has its file


@dataclass(frozen=True)
class Fixity:
    """The outcome of checking one original: ``ok``, or the problem."""

    statement: Statement
    path: Path | None  # the file on disk, when it lies inside the archive
    status: str  # ok, missing, changed, outside, too-large, wrong-kind
    size: int | None = None
    found_sha256: str | None = None
    problem: Problem | None = None

    @property
    def ok(self) -> bool:
        return self.status == "ok"


def check_original(root: Path, statement_path: str, statement: Statement, line: int) -> Fixity:
    """Find the original of ``statement`` (whose file is ``statement_path``, relative to ``root``) and check it."""
    source = statement.original
    assert source is not None and source.file and source.sha256
    shown = posixpath.normpath(posixpath.join(posixpath.dirname(statement_path), source.file))

    def failed(status: str, message: Message, path: Path | None = None, **extra) -> Fixity:
        return Fixity(statement, path, status, problem=Problem(statement_path, line, "original", message), **extra)

    root = root.resolve()
    candidate = root / shown
    try:
        resolved = candidate.resolve(strict=True)
    except (OSError, RuntimeError):
        return failed(
            "missing",
            Message(
                N_("source.file '{file}': the original {path} is missing; expected a file next to the statement with SHA-256 {sha256}"),
                file=source.file,
                path=shown,
                sha256=source.sha256,
            ),
        )
    if not resolved.is_relative_to(root):
        return failed(
            "outside",
            Message(N_("source.file '{file}' leads outside the archive's folder; keep the original inside it, next to the statement"), file=source.file),
        )
    if not resolved.is_file():
        return failed("missing", Message(N_("source.file '{file}': {path} is not a file; expected the original document"), file=source.file, path=shown))
    size = resolved.stat().st_size
    if size > MAX_ORIGINAL_BYTES:
        return failed(
            "too-large",
            Message(
                N_("source.file '{file}' is {size}; an original may be at most {limit}"),
                file=source.file,
                size=human_size(size),
                limit=human_size(MAX_ORIGINAL_BYTES),
            ),
            resolved,
            size=size,
        )
    kind = kind_of(source.file)
    if kind is not None and kind.magic:
        with open(resolved, "rb") as handle:
            start = handle.read(16)
        if not any(start.startswith(magic) for magic in kind.magic):
            return failed(
                "wrong-kind",
                Message(N_("source.file '{file}' does not start as a {kind} file does; expected a real {kind}"), file=source.file, kind=kind.label),
                resolved,
                size=size,
            )
    found = sha256_of(resolved)
    if found != source.sha256:
        return failed(
            "changed",
            Message(
                N_(
                    "fixity: {path} has SHA-256 {found}, but source.sha256 is {sha256}; the original changed since it was recorded (restore it from the repository's history, or record the new checksum if the change is deliberate)"
                ),
                path=shown,
                found=found,
                sha256=source.sha256,
            ),  # fmt: skip
            resolved,
            size=size,
            found_sha256=found,
        )
    return Fixity(statement, resolved, "ok", size=size, found_sha256=found)


#: The outcome of a fixity check, as the report names it.
FIXITY_STATUS = {
    "ok": N_("ok"),
    "missing": N_("missing"),
    "changed": N_("changed"),
    "outside": N_("outside"),
    "too-large": N_("too-large"),
    "wrong-kind": N_("wrong-kind"),
}


def fixity_report(results: list[Fixity], gettext=None) -> str:
    """``check --fixity``: one line per original, then a count (in the language of ``gettext``)."""
    gettext = gettext or (lambda message: message)
    statuses = {result.status: gettext(FIXITY_STATUS.get(result.status, result.status)) for result in results}
    width = max([10, *(len(status) + 1 for status in statuses.values())])
    lines = []
    for result in sorted(results, key=lambda r: r.statement.id):
        size = f" ({human_size(result.size)})" if result.size is not None else ""
        lines.append(f"{statuses[result.status]:<{width}} {result.statement.id}: {result.statement.original.file}{size}")  # type: ignore[union-attr]  # fixity is checked only for statements with an original
    good = sum(result.ok for result in results)
    lines.append(gettext(N_("{good} of {count} original(s) match their recorded SHA-256.")).format(good=good, count=len(results)))
    return "\n".join(lines)


def original_problem(path: Path) -> str | None:
    """Why ``path`` cannot be kept as an original (for ``new --original`` and ``import``), or None."""
    kind = kind_of(path.name)
    if kind is None:
        return f"{path.name} is not a kind of file the archive keeps as an original; expected one of {', '.join(ALLOWED)}"
    if not path.is_file():
        return f"{path} is not a file"
    size = path.stat().st_size
    if size > MAX_ORIGINAL_BYTES:
        return f"{path.name} is {human_size(size)}; an original may be at most {human_size(MAX_ORIGINAL_BYTES)}"
    if kind.magic:
        with open(path, "rb") as handle:
            start = handle.read(16)
        if not any(start.startswith(magic) for magic in kind.magic):
            return f"{path.name} does not start as a {kind.label} file does; expected a real {kind.label}"
    return None


def kept_name(statement_id: str, path: Path) -> str:
    """The original's name next to its statement: the id and the file's own ending (``<id>.pdf``)."""
    ending = posixpath.splitext(path.name.lower())[1]
    return statement_id + (".jpg" if ending == ".jpeg" else ending)
