"""Strict reading of a statement's YAML frontmatter, with line numbers.

Pure Python: no Sphinx imports. Every scalar is read as text (no YAML 1.1
implicit typing), so nothing is ever converted silently: the validator decides
what each field means. Aliases, anchors and deep nesting are refused outright.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Union

import yaml
from yaml.events import AliasEvent, CollectionStartEvent, ScalarEvent
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

#: Frontmatter larger than this is refused before YAML sees it.
MAX_FRONTMATTER_BYTES = 64 * 1024
#: libyaml's loader, when PyYAML was built with it; None otherwise.
FAST_LOADER = getattr(yaml, "CSafeLoader", None)
#: Mappings and lists may nest this deep (``source:`` needs two levels).
MAX_DEPTH = 4

#: Plain scalars that YAML 1.1 reads as booleans (``place: NO``).
YAML11_BOOLEANS = frozenset(
    w
    for base in ("y", "yes", "n", "no", "true", "false", "on", "off")
    for w in (base, base.upper(), base.capitalize())
)


@dataclass(frozen=True)
class Scalar:
    """A YAML scalar kept as written."""

    text: str
    line: int
    column: int
    plain: bool  # written without quotes

    @property
    def looks_boolean(self) -> bool:
        return self.plain and self.text in YAML11_BOOLEANS


@dataclass(frozen=True)
class TrailingComment:
    """A ``#`` comment after a value, on the value's line: YAML drops it from the value.

    ``title: We Demand Justice #NiUnoMas`` is read as ``We Demand Justice``.
    A comment after a quoted value (``title: "We Demand Justice" #NiUnoMas``)
    counts too: nothing is cut from the value, but what follows it on the line
    vanishes just as silently, and only staff can tell a hashtag from a note.
    A comment on a line of its own, after a key whose value starts on the
    next line, or after a block scalar's ``|`` cuts nothing, and is allowed.
    """

    #: The value's name: ``title``, ``signatories[2]``, ``source.url``, ``corrections[1].change``.
    field: str
    #: The top-level key the value belongs to.
    key: str
    #: The value as YAML read it (without the comment).
    value: "Scalar"
    #: The comment as written, from its '#' to the end of the line.
    comment: str
    #: What separates the value from the comment (spaces or tabs).
    gap: str
    #: Where the '#' is (1-based line of the file, 1-based column).
    line: int
    column: int
    #: The value is a list item ('- …'), not a 'key: …' line.
    item: bool


@dataclass(frozen=True)
class Mapping:
    """A YAML mapping: key -> (value, line of the key)."""

    items: dict[str, "Value"]
    lines: dict[str, int]
    line: int
    #: Comments that cut a value (top-level mapping only); see :class:`TrailingComment`.
    comments: tuple[TrailingComment, ...] = ()


@dataclass(frozen=True)
class Sequence:
    items: tuple["Value", ...]
    line: int


Value = Union[Scalar, Mapping, Sequence]


class FrontmatterError(Exception):
    """A problem that stops the frontmatter from being read at all."""

    def __init__(self, message: str, line: int, subtype: str = "yaml", column: int | None = None):
        super().__init__(message)
        self.message = message
        self.line = line
        self.subtype = subtype
        self.column = column


@dataclass(frozen=True)
class SplitSource:
    """A source file cut into its frontmatter and its body."""

    yaml_text: str
    yaml_first_line: int  # 1-based line of the first YAML line
    body: str
    body_first_line: int  # 1-based line where the body starts
    frontmatter_lines: int  # lines the frontmatter block occupies, fences included


def normalise_newlines(text: str) -> str:
    """Drop a byte-order mark and turn CRLF or CR line endings into LF."""
    if text.startswith("\ufeff"):
        text = text[1:]
    return text.replace("\r\n", "\n").replace("\r", "\n")


def split(text: str) -> SplitSource:
    """Cut ``---``-fenced frontmatter from the top of a statement."""
    lines = text.split("\n")
    if not text.strip():
        raise FrontmatterError("the file is empty; a statement starts with '---' and its frontmatter", 1, "empty")
    if lines[0].rstrip() != "---":
        raise FrontmatterError(
            f"the file starts with {lines[0][:40]!r}, not '---': a statement starts with its YAML frontmatter between two '---' lines",
            1,
            "frontmatter",
        )
    for index in range(1, len(lines)):
        if lines[index].rstrip() in ("---", "..."):
            body = "\n".join(lines[index + 1 :])
            return SplitSource(
                yaml_text="\n".join(lines[1:index]),
                yaml_first_line=2,
                body=body,
                body_first_line=index + 2,
                frontmatter_lines=index + 1,
            )
    raise FrontmatterError("the frontmatter opened by '---' on line 1 is never closed by a second '---' line", 1, "frontmatter")


def parse(
    yaml_text: str, first_line: int = 1, *, max_bytes: int = MAX_FRONTMATTER_BYTES, what: str = "the frontmatter"
) -> Mapping:
    """Read YAML into :class:`Mapping`, strictly.

    ``first_line`` is the file line of the YAML's first line, so that every
    line number reported is a line of the file.
    """
    size = len(yaml_text.encode("utf-8"))
    if size > max_bytes:
        raise FrontmatterError(f"{what} is {size // 1024} KB; at most {max_bytes // 1024} KB is allowed", first_line, "size")
    offset = first_line - 1
    try:
        node = _compose(yaml_text, offset)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 + offset if mark else first_line
        column = mark.column + 1 if mark else None
        problem = error.problem or error.context or "unreadable YAML"
        where = f" (column {column})" if column else ""
        raise FrontmatterError(f"YAML cannot be read: {problem}{where}", line, "yaml", column) from None
    except yaml.YAMLError as error:
        raise FrontmatterError(f"YAML cannot be read: {error}", first_line, "yaml") from None
    if node is None:
        raise FrontmatterError(f"{what} is empty", first_line, "required")
    value = _convert(node, offset)
    if not isinstance(value, Mapping):
        raise FrontmatterError(f"{what} must be a list of 'key: value' lines", value.line, "yaml")
    if "#" in yaml_text:
        comments = tuple(_trailing_comments(node, yaml_text.split("\n"), offset))
        if comments:
            value = Mapping(value.items, value.lines, value.line, comments)
    return value


#: After a value's end, on its line: a comment, maybe after the closing brackets of a flow list.
_COMMENT_AFTER_VALUE = re.compile(r"^[ \t\]\},]*?([ \t]+)(#.*?)\s*$")


def _trailing_comments(node: Node, lines: list[str], offset: int, field: str = "", key: str = "", item: bool = False):
    """Every comment that follows a value on the value's line (block scalars are left out:
    their text starts on the next line, so a comment after ``|`` cuts nothing)."""
    if isinstance(node, ScalarNode):
        if node.style in ("|", ">"):
            return
        end = node.end_mark
        match = _COMMENT_AFTER_VALUE.match(lines[end.line][end.column :])
        if match:
            scalar = Scalar(node.value, node.start_mark.line + 1 + offset, node.start_mark.column + 1, not node.style)
            column = end.column + match.start(2) + 1
            yield TrailingComment(field, key, scalar, match.group(2), match.group(1), end.line + 1 + offset, column, item)
    elif isinstance(node, SequenceNode):
        for number, child in enumerate(node.value, start=1):
            yield from _trailing_comments(child, lines, offset, f"{field}[{number}]", key, True)
    elif isinstance(node, MappingNode):
        for key_node, value_node in node.value:
            name = f"{field}.{key_node.value}" if field else str(key_node.value)
            yield from _trailing_comments(value_node, lines, offset, name, key or name, False)


def _compose(yaml_text: str, offset: int) -> Node | None:
    """Check and compose with libyaml when PyYAML has it (several times faster).

    YAML that libyaml cannot read is read again by the pure-Python loader,
    whose messages are the ones reported.
    """
    if FAST_LOADER is not None:
        try:
            _refuse_aliases_and_depth(yaml_text, offset, FAST_LOADER)
            return yaml.compose(yaml_text, Loader=FAST_LOADER)
        except yaml.YAMLError:
            pass
    _refuse_aliases_and_depth(yaml_text, offset, yaml.SafeLoader)
    return yaml.compose(yaml_text, Loader=yaml.SafeLoader)


def _refuse_aliases_and_depth(yaml_text: str, offset: int, loader=yaml.SafeLoader) -> None:
    depth = 0
    for event in yaml.parse(yaml_text, Loader=loader):
        line = event.start_mark.line + 1 + offset
        if isinstance(event, AliasEvent) or (isinstance(event, (ScalarEvent, CollectionStartEvent)) and event.anchor):
            raise FrontmatterError("YAML anchors and aliases ('&name', '*name') are not allowed in a statement; write the value out", line, "yaml")
        if isinstance(event, CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                raise FrontmatterError(f"the frontmatter nests deeper than {MAX_DEPTH} levels", line, "yaml")
        elif type(event).__name__ in ("MappingEndEvent", "SequenceEndEvent"):
            depth -= 1
        if isinstance(event, ScalarEvent) and event.tag not in (None, "!"):
            raise FrontmatterError(f"YAML tags such as {event.tag!r} are not allowed in a statement", line, "yaml")


def _convert(node: Node, offset: int) -> Value:
    line = node.start_mark.line + 1 + offset
    if isinstance(node, ScalarNode):
        # Plain scalars have style None from PyYAML's own parser, "" from libyaml.
        return Scalar(node.value, line, node.start_mark.column + 1, not node.style)
    if isinstance(node, SequenceNode):
        return Sequence(tuple(_convert(item, offset) for item in node.value), line)
    if isinstance(node, MappingNode):
        items: dict[str, Value] = {}
        lines: dict[str, int] = {}
        for key_node, value_node in node.value:
            key_line = key_node.start_mark.line + 1 + offset
            if not isinstance(key_node, ScalarNode):
                raise FrontmatterError("a key must be a plain word", key_line, "yaml")
            key = key_node.value
            if key in items:
                raise FrontmatterError(
                    f"key '{key}' appears twice (first on line {lines[key]}); keep one",
                    key_line,
                    "duplicate-key",
                )
            items[key] = _convert(value_node, offset)
            lines[key] = key_line
        return Mapping(items, lines, line)
    raise FrontmatterError("unsupported YAML node", line, "yaml")  # pragma: no cover
