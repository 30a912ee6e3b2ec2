"""Rules for untrusted input that are not about one field: pure Python, no Sphinx.

Used by the Sphinx build (``safety.py``) and by ``solidarity-archive check``,
so both report the same messages.
"""

from __future__ import annotations

import codecs
import encodings.utf_8_sig
import functools
import os
import re
from collections.abc import Iterable
from pathlib import Path

from solidarity_archive.core.model import Problem

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


def unsafe_url_message(url: str, where: str) -> str:
    shown = url if len(url) <= 60 else url[:57] + "..."
    return (
        f"{where} '{shown}' uses the '{url_scheme(url)}:' scheme, which could run code in a reader's browser; "
        f"only {', '.join(sorted(SAFE_SCHEMES))} addresses and links inside the archive are allowed"
    )


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
            same = "the same id" if first[key].rsplit("/", 1)[-1].rsplit(".", 1)[0] == stem else "an id that differs only in case"
            problems.append(
                Problem(path, 1, "duplicate-id", f"statement id '{stem}' is already used by {first[key]} ({same}); every statement needs its own id, so rename one of the files")
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
    return Problem(path, line, "encoding", f"byte 0x{byte:02x} at column {column} is not UTF-8; save the file as UTF-8", column)


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
        return codecs.CodecInfo(
            _encode, _decode, incrementalencoder=_TolerantEncoder, incrementaldecoder=_TolerantDecoder, name=TOLERANT_UTF8
        )
    return None


def register_codec() -> None:
    """Make :data:`TOLERANT_UTF8` known to Python (idempotent)."""
    try:
        codecs.lookup(TOLERANT_UTF8)
    except LookupError:
        codecs.register(_search)


# -- the statement's text ------------------------------------------------------

#: Directives a statement may not use: they insert markup or read other files.
REFUSED_DIRECTIVES = frozenset({"raw", "eval-rst", "eval_rst", "include", "literalinclude", "meta"})
#: Directive options that read a file or fetch an address while building.
READING_OPTIONS = frozenset({"file", "url"})
#: Schemes refused in any directive option, whatever the option is called.
DANGEROUS_SCHEMES = frozenset({"javascript", "vbscript", "data", "file"})
#: Directive options that hold an address.
URL_OPTIONS = frozenset({"target", "url", "uri", "href", "src", "link"})
_DIRECTIVE = re.compile(r"^\{([A-Za-z][\w:.-]*)\}")
_OPTION_LINE = re.compile(r"^:([A-Za-z][\w-]*):\s+(\S.*)$")
_YAML_OPTION_LINE = re.compile(r"^([A-Za-z][\w-]*):\s+(\S.*)$")


@functools.cache
def _markdown():
    """One parser per process: making one costs more than parsing a statement, and parsing keeps no state in it."""
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark")
    md.validateLink = lambda url: True  # see every link, so unsafe ones are reported rather than dropped
    return md


def parse_body(body: str) -> list:
    """A statement's Markdown text as markdown-it's tokens, for ``body_problems`` and ``heading_problems``."""
    return _markdown().parse(body)


def _shorten(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 3] + "..."


def raw_html_message(html: str) -> str:
    return (
        f"raw HTML '{_shorten(html)}' is not allowed in a statement: it could run script on the archive's pages; "
        "write the text in Markdown (to show a '<', write '\\<')"
    )


def refused_directive_message(name: str) -> str:
    if name in ("raw", "eval-rst", "eval_rst"):
        why = "it inserts markup that could run script on the archive's pages; write the text in Markdown"
    elif name == "meta":
        why = "it adds tags to the page's head, which the archive writes itself"
    else:
        why = "it reads another file, and a statement is one self-contained file; paste the text in instead"
    return f"the '{name}' directive is not allowed in a statement: {why}"


def _directive_option_problems(token, path: str, first_line: int) -> list[Problem]:
    problems = []
    lines = token.content.split("\n")
    in_yaml = bool(lines) and lines[0].strip() == "---"
    for index, line in enumerate(lines):
        stripped = line.strip()
        if in_yaml and index > 0 and stripped == "---":
            in_yaml = False
            continue
        match = _OPTION_LINE.match(stripped) or (in_yaml and _YAML_OPTION_LINE.match(stripped))
        if not match:
            if not in_yaml and stripped and not stripped.startswith(":"):
                break  # the directive's content starts: no more options
            continue
        name, value = match.group(1), match.group(2).strip().strip("'\"")
        scheme = url_scheme(value)
        line_number = first_line + token.map[0] + 1 + index
        if name in READING_OPTIONS:
            problems.append(Problem(path, line_number, "include", f"option :{name}: reads another file or address while building; a statement is one self-contained file, so paste the content in instead"))
        elif scheme in DANGEROUS_SCHEMES or (name in URL_OPTIONS and not is_safe_url(value)):
            problems.append(Problem(path, line_number, "unsafe-link", unsafe_url_message(value, f"option :{name}:")))
    return problems


def body_problems(body: str, path: str, first_line: int, tokens: list | None = None) -> list[Problem]:
    """Raw HTML, refused directives and unsafe links in a statement's Markdown text.

    ``first_line`` is the file line of the body's first line; ``tokens``, the
    body already parsed (``parse_body``).
    """
    problems: list[Problem] = []

    def add(line: int, subtype: str, message: str) -> None:
        problems.append(Problem(path, line, subtype, message))

    def check_tokens(tokens, base: int) -> None:
        for token in tokens:
            line = base + token.map[0] if token.map else base
            if token.type == "html_block":
                add(line, "raw-html", raw_html_message(token.content))
            elif token.type == "fence":
                match = _DIRECTIVE.match(token.info.strip())
                if match:
                    name = match.group(1).split(":")[-1]
                    if name in REFUSED_DIRECTIVES:
                        subtype = "include" if name in ("include", "literalinclude") else "raw-html"
                        add(line, subtype, refused_directive_message(name))
                    else:
                        problems.extend(_directive_option_problems(token, path, base))
                        check_tokens(_markdown().parse(_directive_body(token.content)), line + 1)
            elif token.type == "inline" and token.children:
                offset = 0
                for child in token.children:
                    if child.type in ("softbreak", "hardbreak"):
                        offset += 1
                    elif child.type == "html_inline":
                        if not any(p.line == line + offset and p.subtype == "raw-html" for p in problems):
                            add(line + offset, "raw-html", raw_html_message(child.content))
                    elif child.type in ("link_open", "image"):
                        url = str(child.attrGet("href") or child.attrGet("src") or "")
                        if not is_safe_url(url):
                            what = "link" if child.type == "link_open" else "image"
                            add(line + offset, "unsafe-link", unsafe_url_message(url, what))

    check_tokens(parse_body(body) if tokens is None else tokens, first_line)
    return problems


TITLE_HEADING_MESSAGE = (
    "a '#' heading in the text would be a second title: the title comes from the frontmatter ('title:'); "
    "write the statement's sections as '##' headings (and '###', '####' inside them)"
)


def heading_problems(body: str, path: str, first_line: int, tokens: list | None = None) -> list[Problem]:
    """Level-1 headings (``# …`` or underlined with ``===``) in a statement's text, and headings
    that skip a level (``####`` right after ``##``), which would not nest (``tokens``: see ``body_problems``)."""
    problems = []
    previous = 1  # the title, from the frontmatter
    for token in parse_body(body) if tokens is None else tokens:
        if token.type != "heading_open" or not token.map:
            continue
        level = int(token.tag[1])
        line = first_line + token.map[0]
        if level == 1:
            problems.append(Problem(path, line, "heading", TITLE_HEADING_MESSAGE))
        elif level > previous + 1:
            wanted = "#" * (previous + 1)
            problems.append(Problem(path, line, "heading", f"a '{'#' * level}' heading here skips a level (it follows {'the title' if previous == 1 else repr('#' * previous)}); write it as '{wanted}'"))
        previous = max(level, 2)  # a refused '#' is read as the '##' it should be, so one mistake is one message
    return problems


def _directive_body(content: str) -> str:
    """The Markdown content of a directive, without its options (so nested text is checked too)."""
    lines = content.split("\n")
    if lines and lines[0].strip() == "---":
        for index in range(1, len(lines)):
            if lines[index].strip() == "---":
                return "\n" * (index + 1) + "\n".join(lines[index + 1 :])
    start = 0
    while start < len(lines) and lines[start].startswith(":"):
        start += 1
    return "\n" * start + "\n".join(lines[start:])


def outside_tree_message(path: str) -> str:
    return f"{path} is a symlink to a file outside the archive; copy the file into the archive instead of linking to it"


def tree_problems(root: Path, files: Iterable[Path], folder: Path | None = None) -> tuple[list[Problem], list[Path]]:
    """Statement files that leave the archive, and duplicate ids.

    ``folder`` (the statements folder) is also walked through symlinked
    folders, so a linked-in year is reported file by file, as the build does.
    Returns the problems and the files that are safe to read.
    """
    files = list(files)
    outside = {path for path in files if leaves_tree(path, root)}
    if folder is not None and folder.is_dir():
        for current, _, names in os.walk(folder, followlinks=True):
            outside.update(Path(current, n) for n in names if n.endswith(".md") and leaves_tree(Path(current, n), root))
    problems = [
        Problem(relative, 1, "outside-tree", outside_tree_message(relative))
        for relative in sorted(path.relative_to(root).as_posix() for path in outside)
    ]
    inside = [path for path in files if path not in outside]
    problems.extend(duplicate_ids(path.relative_to(root).as_posix() for path in inside))
    return problems, inside
