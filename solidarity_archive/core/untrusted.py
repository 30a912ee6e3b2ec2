"""Rules for untrusted input that are not about one field: pure Python, no Sphinx.

Used by the Sphinx build (``safety.py``) and by ``solidarity-archive check``,
so both report the same messages.
"""

from __future__ import annotations

import codecs
import encodings.utf_8_sig
import os
import re
from collections.abc import Iterable
from pathlib import Path

from solidarity_archive.core.languages import N_, Message
from solidarity_archive.core.model import Problem
from solidarity_archive.core.special_files import not_a_file_message, special_file_kind

#: URL schemes a link or image may use; anything else is never emitted as a live link.
SAFE_SCHEMES = frozenset({"http", "https", "mailto"})
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.\-]*):")
# Browsers ignore ASCII tabs, newlines and control characters inside a scheme ("java\tscript:").
_IGNORED_IN_URL = re.compile(r"[\x00-\x20\x7f]")

#: ``source_encoding``-style name of the codec that decodes UTF-8 without ever failing:
#: bytes that are not UTF-8 are kept as lone surrogates, so the archive can report them
#: with their line and column instead of Sphinx stopping with a traceback.
TOLERANT_UTF8 = "solidarity-archive-utf-8"


def url_scheme(url: str) -> str | None:
    """The scheme of ``url`` as a browser would read it, lowercased; None for relative URLs."""
    match = _SCHEME.match(_IGNORED_IN_URL.sub("", url))
    return match.group(1).lower() if match else None


def is_safe_url(url: str) -> bool:
    """True for relative links, anchors and http(s)/mailto addresses."""
    scheme = url_scheme(url)
    return scheme is None or scheme in SAFE_SCHEMES


def unsafe_url_message(url: str, where: str) -> Message:
    """``where`` is ``link`` or ``image``."""
    shown = url if len(url) <= 60 else url[:57] + "..."
    template = (
        N_(
            "image '{url}' uses the '{scheme}:' scheme, which could run code in a reader's browser; only {schemes} addresses and links inside the archive are allowed"
        )
        if where == "image"
        else N_(
            "link '{url}' uses the '{scheme}:' scheme, which could run code in a reader's browser; only {schemes} addresses and links inside the archive are allowed"
        )
    )
    return Message(template, url=shown, scheme=url_scheme(url), schemes=", ".join(sorted(SAFE_SCHEMES)))


def leaves_tree(path: Path, root: Path) -> bool:
    """True when ``path``, with every symlink followed, is outside ``root``."""
    try:
        Path(os.path.realpath(path)).relative_to(os.path.realpath(root))
    except ValueError:
        return True
    return False


def duplicate_ids(paths: Iterable[str]) -> list[Problem]:
    """Statements whose ids (file stems) are equal when case is ignored.

    ``paths`` are statement paths relative to the archive, e.g.
    ``statements/2016/2016-01-19-slug.md``. Each later file is reported,
    naming the first one.
    """
    first: dict[str, str] = {}
    problems: list[Problem] = []
    for path in sorted(paths):
        stem = path.rsplit("/", 1)[-1].rsplit(".", 1)[0]
        key = stem.casefold()
        if key in first:
            same = Message(N_("the same id")) if first[key].rsplit("/", 1)[-1].rsplit(".", 1)[0] == stem else Message(N_("an id that differs only in case"))
            problems.append(
                Problem(
                    path,
                    1,
                    "duplicate-id",
                    Message(
                        N_("statement id '{id}' is already used by {first} ({same}); every statement needs its own id, so rename one of the files"),
                        id=stem,
                        first=first[key],
                        same=same,
                    ),
                )
            )
        else:
            first[key] = path
    return problems


def undecodable_bytes(text: str) -> list[tuple[int, int, int]]:
    """``(line, column, byte)`` of every byte that was not UTF-8 (decoded by :data:`TOLERANT_UTF8`)."""
    found = []
    for line_number, line in enumerate(text.split("\n"), start=1):
        for column, char in enumerate(line, start=1):
            if "\udc80" <= char <= "\udcff":
                found.append((line_number, column, ord(char) - 0xDC00))
    return found


def encoding_problem(path: str, text: str) -> Problem | None:
    """One problem for the first non-UTF-8 byte of a tolerantly decoded text, if any."""
    if not any("\udc80" <= char <= "\udcff" for char in text):
        return None
    line, column, byte = undecodable_bytes(text)[0]
    return Problem(
        path, line, "encoding", Message(N_("byte {byte} at column {column} is not UTF-8; save the file as UTF-8"), byte=f"0x{byte:02x}", column=column), column
    )


class _TolerantDecoder(encodings.utf_8_sig.IncrementalDecoder):
    def __init__(self, errors: str = "strict") -> None:
        super().__init__("surrogateescape")


class _TolerantEncoder(codecs.IncrementalEncoder):
    def encode(self, input: str, final: bool = False) -> bytes:
        return input.encode("utf-8", "surrogateescape")


def _decode(data, errors: str = "strict"):
    return codecs.utf_8_decode(bytes(data).removeprefix(codecs.BOM_UTF8), "surrogateescape", True)


def _encode(text: str, errors: str = "strict"):
    return text.encode("utf-8", "surrogateescape"), len(text)


def _search(name: str):
    if name.replace("_", "-") == TOLERANT_UTF8:
        return codecs.CodecInfo(_encode, _decode, incrementalencoder=_TolerantEncoder, incrementaldecoder=_TolerantDecoder, name=TOLERANT_UTF8)
    return None


def register_codec() -> None:
    """Make :data:`TOLERANT_UTF8` known to Python (idempotent)."""
    try:
        codecs.lookup(TOLERANT_UTF8)
    except LookupError:
        codecs.register(_search)


# -- the statement's text ------------------------------------------------------
# What a statement's text may contain is an allow-list over MyST's tokens
# (``statement_text.py``); these messages are shared with the build's guards.


def _shorten(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 3] + "..."


def raw_html_message(html: str) -> Message:
    return Message(
        N_(
            "raw HTML '{html}' is not allowed in a statement: it could run script on the archive's pages; write the text in Markdown (to show a '<', write '\\<')"
        ),
        html=_shorten(html),
    )


#: Why a directive is refused, by what it does.
DIRECTIVE_RUNS_MARKUP = N_(
    "the '{name}' directive is not allowed in a statement: it inserts markup that could run script on the archive's pages; write the text in Markdown"
)
DIRECTIVE_WRITES_HEAD = N_("the '{name}' directive is not allowed in a statement: it adds tags to the page's head, which the archive writes itself")
DIRECTIVE_READS_FILE = N_(
    "the '{name}' directive is not allowed in a statement: it reads another file, and a statement is one self-contained file; paste the text in instead"
)


def refused_directive_message(name: str) -> Message:
    if name in ("raw", "eval-rst", "eval_rst"):
        return Message(DIRECTIVE_RUNS_MARKUP, name=name)
    if name == "meta":
        return Message(DIRECTIVE_WRITES_HEAD, name=name)
    return Message(DIRECTIVE_READS_FILE, name=name)


def outside_tree_message(path: str) -> Message:
    return Message(N_("{path} is a symlink to a file outside the archive; copy the file into the archive instead of linking to it"), path=path)


def tree_problems(root: Path, files: Iterable[Path], folder: Path | None = None) -> tuple[list[Problem], list[Path]]:
    """Statement files that leave the archive, that are no ordinary file (a named pipe), and duplicate ids.

    ``folder`` (the statements folder) is also walked through symlinked
    folders, so a linked-in year is reported file by file, as the build does.
    Returns the problems and the files that are safe to read.
    """
    # A folder named '*.md' is no document, for Sphinx either.
    files = [path for path in files if not path.is_dir()]
    walked = []
    if folder is not None and folder.is_dir():
        walked = [Path(current, n) for current, _, names in os.walk(folder, followlinks=True) for n in names if n.endswith(".md")]
    outside = {path for path in [*files, *walked] if leaves_tree(path, root)}
    # Named pipes and the like: opening one waits for ever (a year's index.md too: the build reads it).
    special = {path: kind for path in dict.fromkeys([*files, *walked]) if path not in outside and (kind := special_file_kind(path))}
    problems = [
        Problem(relative, 1, "outside-tree", outside_tree_message(relative)) for relative in sorted(path.relative_to(root).as_posix() for path in outside)
    ]
    problems += [
        Problem(relative, 1, "not-a-file", not_a_file_message(relative, kind))
        for relative, kind in sorted((path.relative_to(root).as_posix(), kind) for path, kind in special.items())
    ]
    inside = [path for path in files if path not in outside and path not in special]
    problems.extend(duplicate_ids(path.relative_to(root).as_posix() for path in inside))
    return problems, inside
