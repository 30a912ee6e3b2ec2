"""Strict reading of a statement's YAML frontmatter, with line numbers.

Pure Python: no Sphinx imports. Every scalar is read as text (no YAML 1.1
implicit typing), so nothing is ever converted silently: the validator decides
what each field means. Aliases, anchors and deep nesting are refused outright.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import yaml
from yaml.events import AliasEvent, CollectionStartEvent, ScalarEvent
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from solidarity_archive.core.languages import N_, Message, Text

#: Frontmatter larger than this is refused before YAML sees it.
MAX_FRONTMATTER_BYTES = 64 * 1024
#: libyaml's loader, when PyYAML was built with it; None otherwise.
FAST_LOADER = getattr(yaml, "CSafeLoader", None)
#: Mappings and lists may nest this deep (``source:`` needs two levels).
MAX_DEPTH = 4

#: Plain scalars that YAML 1.1 reads as booleans (``place: NO``).
YAML11_BOOLEANS = frozenset(w for base in ("y", "yes", "n", "no", "true", "false", "on", "off") for w in (base, base.upper(), base.capitalize()))


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
    value: Scalar
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

    items: dict[str, Value]
    lines: dict[str, int]
    line: int
    #: Comments that cut a value (top-level mapping only); see :class:`TrailingComment`.
    comments: tuple[TrailingComment, ...] = ()


@dataclass(frozen=True)
class Sequence:
    items: tuple[Value, ...]
    line: int


Value = Scalar | Mapping | Sequence


class FrontmatterError(Exception):
    """A problem that stops the frontmatter from being read at all."""

    def __init__(self, message: Text, line: int, subtype: str = "yaml", column: int | None = None):
        super().__init__(str(message))
        #: The English; ``text`` is the sentence to translate where it is shown.
        self.message = str(message)
        self.text = message
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
        raise FrontmatterError(Message(N_("the file is empty; a statement starts with '---' and its frontmatter")), 1, "empty")
    if lines[0].rstrip() != "---":
        raise FrontmatterError(
            Message(
                N_("the file starts with {start}, not '---': a statement starts with its YAML frontmatter between two '---' lines"),
                start=repr(lines[0][:40]),
            ),
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
    raise FrontmatterError(Message(N_("the frontmatter opened by '---' on line 1 is never closed by a second '---' line")), 1, "frontmatter")


def parse(yaml_text: str, first_line: int = 1, *, max_bytes: int = MAX_FRONTMATTER_BYTES, what: Text = Message(N_("the frontmatter"))) -> Mapping:
    """Read YAML into :class:`Mapping`, strictly.

    ``first_line`` is the file line of the YAML's first line, so that every
    line number reported is a line of the file.
    """
    size = len(yaml_text.encode("utf-8"))
    if size > max_bytes:
        raise FrontmatterError(
            Message(N_("{what} is {size} KB; at most {limit} KB is allowed"), what=what, size=size // 1024, limit=max_bytes // 1024), first_line, "size"
        )
    offset = first_line - 1
    try:
        node = _compose(yaml_text, offset)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        if _unclosed_quote(error) and error.context_mark:
            mark = error.context_mark  # where the quote opens, not the end of the file
        line = mark.line + 1 + offset if mark else first_line
        column = mark.column + 1 if mark else None
        text_line = yaml_text.split("\n")[mark.line] if mark and mark.line < yaml_text.count("\n") + 1 else ""
        raise FrontmatterError(yaml_error_message(error, text_line, column), line, "yaml", column) from None
    except yaml.YAMLError as error:
        raise FrontmatterError(Message(N_("YAML cannot be read: {problem}"), problem=str(error)), first_line, "yaml") from None
    if node is None:
        raise FrontmatterError(Message(N_("{what} is empty"), what=what), first_line, "required")
    value = _convert(node, offset)
    if not isinstance(value, Mapping):
        raise FrontmatterError(Message(N_("{what} must be a list of 'key: value' lines"), what=what), value.line, "yaml")
    if "#" in yaml_text:
        comments = tuple(_trailing_comments(node, yaml_text.split("\n"), offset))
        if comments:
            value = Mapping(value.items, value.lines, value.line, comments)
    return value


def _unclosed_quote(error: yaml.MarkedYAMLError) -> bool:
    return (error.context or "").startswith("while scanning a quoted scalar")


#: ``key: value`` at the start of a line (a list item's ``- `` allowed before it).
_KEY_AND_VALUE = re.compile(r"^(\s*(?:-\s+)?)([A-Za-z_][\w.-]*):[ \t]+(\S.*?)\s*$")


def _quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def yaml_error_message(error: yaml.MarkedYAMLError, line: str, column: int | None) -> Message:
    """What a YAML error means, in the words of someone who writes the file, not of the parser.

    The common mistakes are named with what to write instead: a tab, a colon
    (or a character YAML reserves) in a value without quotes, a quote never
    closed, a list item out of line. Anything else keeps YAML's own words.
    """
    problem = error.problem or error.context or "unreadable YAML"
    index = (column or 1) - 1
    found = re.match(r"found character '(.*)' that cannot start any token", problem)
    entry = _KEY_AND_VALUE.match(line)
    if (found and found.group(1) == "\\t") or " tab " in problem:
        return Message(
            N_("there is a tab at column {column}; YAML does not accept tabs here: use spaces instead (two spaces before a list item such as '- cispes')"),
            column=column,
        )
    if problem == "mapping values are not allowed here" and entry and index > entry.end(2):
        key, value = entry.group(2), entry.group(3)
        return Message(
            N_("the value of '{key}:' has a colon (':') at column {column}, which YAML reads as the start of another key; put the whole value in quotes: {key}: {quoted}"),
            key=key, column=column, quoted=_quoted(value),
        )  # fmt: skip
    if problem == "mapping values are not allowed here":
        return Message(
            N_(
                "YAML cannot read the colon (':') at column {column}: each line is 'key: value', with the key at the start of the line, and a value with ': ' in it goes in quotes; check this line and the one above it"
            ),
            column=column,
        )
    if found and entry and index >= entry.start(3):
        key, value = entry.group(2), entry.group(3)
        return Message(
            N_("a value cannot start with '{character}' in YAML (column {column}); put the whole value in quotes: {key}: {quoted}"),
            character=found.group(1), column=column, key=key, quoted=_quoted(value),
        )  # fmt: skip
    if _unclosed_quote(error):
        return Message(N_("the quote opened at column {column} is never closed; end the value with the same quote"), column=column)
    if problem.startswith("expected <block end>, but found '<scalar>'") and entry:
        key, value = entry.group(2), entry.group(3)
        return Message(
            N_("the value of '{key}:' goes on after its closing quote (column {column}); put the whole value in double quotes, with a '\\' before each '\"' inside it: {key}: {quoted}"),
            key=key, column=column, quoted=_quoted(value[1:-1] if value[:1] == value[-1:] and value[:1] in "'\"" else value),
        )  # fmt: skip
    if problem.startswith("expected <block end>, but found '-'") or problem.startswith("expected <block end>, but found '<block sequence start>'"):
        return Message(
            N_("the list item at column {column} is not in line with the items above it; start every '- ' of a list at the same column, under its key"),
            column=column,
        )
    where = Message(N_(" (column {column})"), column=column) if column else ""
    return Message(N_("YAML cannot be read: {problem}{where}"), problem=problem, where=where)


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
        line = event.start_mark.line + 1 + offset  # type: ignore[union-attr]  # the parser's events always carry their mark
        if isinstance(event, AliasEvent) or (isinstance(event, (ScalarEvent, CollectionStartEvent)) and event.anchor):
            raise FrontmatterError(Message(N_("YAML anchors and aliases ('&name', '*name') are not allowed in a statement; write the value out")), line, "yaml")
        if isinstance(event, CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                raise FrontmatterError(Message(N_("the frontmatter nests deeper than {levels} levels"), levels=MAX_DEPTH), line, "yaml")
        elif type(event).__name__ in ("MappingEndEvent", "SequenceEndEvent"):
            depth -= 1
        if isinstance(event, ScalarEvent) and event.tag not in (None, "!"):
            raise FrontmatterError(Message(N_("YAML tags such as {tag} are not allowed in a statement"), tag=repr(event.tag)), line, "yaml")


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
                raise FrontmatterError(Message(N_("a key must be a plain word")), key_line, "yaml")
            key = key_node.value
            if key in items:
                raise FrontmatterError(
                    Message(N_("key '{key}' appears twice (first on line {first}); keep one"), key=key, first=lines[key]),
                    key_line,
                    "duplicate-key",
                )
            items[key] = _convert(value_node, offset)
            lines[key] = key_line
        return Mapping(items, lines, line)
    raise FrontmatterError(Message(N_("unsupported YAML node")), line, "yaml")  # pragma: no cover
