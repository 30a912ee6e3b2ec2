"""Invisible control characters in a statement file (pure Python, no Sphinx).

A form feed or vertical tab pasted from a PDF makes the ePub's XHTML not
well-formed, and a right-to-left override turns the text after it around in
the page's title, feeds, citations and data files. Neither can be seen in an
editor. So every statement file is searched for them once, character by
character, as soon as it is decoded (``validation.read_statement``, which the
build and ``check`` both use), and refused with each one's line and column.

Refused: C0 and C1 control characters other than tab and newline (a carriage
return is already a newline by then), and the bidirectional embedding,
override and isolate controls (U+202A–U+202E, U+2066–U+2069).

Allowed: the left-to-right and right-to-left marks (U+200E, U+200F, and the
Arabic letter mark U+061C). A mark has no scope: it only sets the direction of
the neutral characters next to it (a full stop after a Hebrew word), it cannot
turn around the rest of a title, a feed entry or a citation, and it is how
right-to-left names are written correctly among Latin text.
"""

from __future__ import annotations

import re

from solidarity_archive.core.languages import N_, Message
from solidarity_archive.core.model import Problem

#: The characters refused, anywhere in a statement file.
REFUSED = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
#: At most this many lines are reported one by one; the rest are counted.
MAX_REPORTED_LINES = 20

#: Control characters have no Unicode name; these are their standard aliases.
_CONTROL_NAMES = {
    0x00: "NULL",
    0x01: "START OF HEADING",
    0x02: "START OF TEXT",
    0x03: "END OF TEXT",
    0x04: "END OF TRANSMISSION",
    0x05: "ENQUIRY",
    0x06: "ACKNOWLEDGE",
    0x07: "ALERT",
    0x08: "BACKSPACE",
    0x0B: "LINE TABULATION (vertical tab)",
    0x0C: "FORM FEED",
    0x0D: "CARRIAGE RETURN",
    0x0E: "SHIFT OUT",
    0x0F: "SHIFT IN",
    0x10: "DATA LINK ESCAPE",
    0x11: "DEVICE CONTROL ONE",
    0x12: "DEVICE CONTROL TWO",
    0x13: "DEVICE CONTROL THREE",
    0x14: "DEVICE CONTROL FOUR",
    0x15: "NEGATIVE ACKNOWLEDGE",
    0x16: "SYNCHRONOUS IDLE",
    0x17: "END OF TRANSMISSION BLOCK",
    0x18: "CANCEL",
    0x19: "END OF MEDIUM",
    0x1A: "SUBSTITUTE",
    0x1B: "ESCAPE",
    0x1C: "INFORMATION SEPARATOR FOUR",
    0x1D: "INFORMATION SEPARATOR THREE",
    0x1E: "INFORMATION SEPARATOR TWO",
    0x1F: "INFORMATION SEPARATOR ONE",
    0x7F: "DELETE",
    0x80: "PADDING CHARACTER",
    0x81: "HIGH OCTET PRESET",
    0x82: "BREAK PERMITTED HERE",
    0x83: "NO BREAK HERE",
    0x84: "INDEX",
    0x85: "NEXT LINE",
    0x86: "START OF SELECTED AREA",
    0x87: "END OF SELECTED AREA",
    0x88: "CHARACTER TABULATION SET",
    0x89: "CHARACTER TABULATION WITH JUSTIFICATION",
    0x8A: "LINE TABULATION SET",
    0x8B: "PARTIAL LINE FORWARD",
    0x8C: "PARTIAL LINE BACKWARD",
    0x8D: "REVERSE LINE FEED",
    0x8E: "SINGLE SHIFT TWO",
    0x8F: "SINGLE SHIFT THREE",
    0x90: "DEVICE CONTROL STRING",
    0x91: "PRIVATE USE ONE",
    0x92: "PRIVATE USE TWO",
    0x93: "SET TRANSMIT STATE",
    0x94: "CANCEL CHARACTER",
    0x95: "MESSAGE WAITING",
    0x96: "START OF GUARDED AREA",
    0x97: "END OF GUARDED AREA",
    0x98: "START OF STRING",
    0x99: "SINGLE GRAPHIC CHARACTER INTRODUCER",
    0x9A: "SINGLE CHARACTER INTRODUCER",
    0x9B: "CONTROL SEQUENCE INTRODUCER",
    0x9C: "STRING TERMINATOR",
    0x9D: "OPERATING SYSTEM COMMAND",
    0x9E: "PRIVACY MESSAGE",
    0x9F: "APPLICATION PROGRAM COMMAND",
}
_BIDI_NAMES = {
    0x202A: "LEFT-TO-RIGHT EMBEDDING",
    0x202B: "RIGHT-TO-LEFT EMBEDDING",
    0x202C: "POP DIRECTIONAL FORMATTING",
    0x202D: "LEFT-TO-RIGHT OVERRIDE",
    0x202E: "RIGHT-TO-LEFT OVERRIDE",
    0x2066: "LEFT-TO-RIGHT ISOLATE",
    0x2067: "RIGHT-TO-LEFT ISOLATE",
    0x2068: "FIRST STRONG ISOLATE",
    0x2069: "POP DIRECTIONAL ISOLATE",
}
_TOP_LEVEL_KEY = re.compile(r"^([A-Za-z_][\w-]*)\s*:")


def character_name(char: str) -> str:
    """``'U+000C FORM FEED'``: the code point and its name."""
    code = ord(char)
    return f"U+{code:04X} {_CONTROL_NAMES.get(code) or _BIDI_NAMES.get(code, 'CONTROL')}"


def what_to_do(char: str) -> Message:
    """What to write instead of a refused character."""
    code = ord(char)
    if code == 0x0C:
        return Message(
            N_("delete it: a form feed marks a page break in text copied from a PDF; where it starts a new paragraph, put a blank line in its place")
        )
    if code == 0x0B:
        return Message(
            N_("delete it: text copied from a PDF or a word processor uses it to break a line; where it starts a new paragraph, put a blank line in its place")
        )
    if code in _BIDI_NAMES:
        return Message(
            N_(
                "delete it: it invisibly changes the direction of the text after it, on the page and in its title, feeds and citations; right-to-left words are shown in their own direction without it"
            )
        )
    if 0x80 <= code <= 0x9F:
        try:
            meant = bytes([code]).decode("cp1252")
        except UnicodeDecodeError:
            meant = ""
        if meant:
            return Message(
                N_("delete it; it is how '{meant}' comes out of text converted from Windows-1252, so if '{meant}' was meant, write '{meant}' in its place"),
                meant=meant,
            )
    return Message(N_("delete it"))


def _excerpt(line: str, column: int, around: int = 25) -> str:
    """The line near ``column``, each refused character shown as ``[U+XXXX]``."""
    start, end = max(0, column - 1 - around), min(len(line), column + around)
    if start > 0 and (space := line.find(" ", start, column - 1)) != -1:
        start = space + 1  # whole words
    if end < len(line) and (space := line.rfind(" ", column, end)) != -1:
        end = space
    shown = REFUSED.sub(lambda m: f"[U+{ord(m.group()):04X}]", line[start:end].strip(" \t"))
    return ("..." if start > 0 else "") + shown + ("..." if end < len(line) else "")


def _fields_by_line(lines: list[str]) -> dict[int, str]:
    """For each frontmatter line (1-based), the top-level key it belongs to ('' before the first key)."""
    fields: dict[int, str] = {}
    if not lines or lines[0].rstrip() != "---":
        return fields
    current = ""
    fields[1] = current
    for number in range(2, len(lines) + 1):
        line = lines[number - 1]
        if line.rstrip() in ("---", "..."):
            fields[number] = ""  # the closing fence
            break
        match = _TOP_LEVEL_KEY.match(line)
        if match:
            current = match.group(1)
        fields[number] = current
    return fields


def control_character_problems(text: str, path: str) -> list[Problem]:
    """One problem per line and refused character of ``text`` (a decoded file, newlines already LF).

    Columns count characters, as editors do, from 1.
    """
    if REFUSED.search(text) is None:
        return []
    lines = text.split("\n")
    fields = _fields_by_line(lines)
    problems: list[Problem] = []
    more_lines: list[tuple[int, int]] = []
    for number, line in enumerate(lines, start=1):
        found: dict[str, list[int]] = {}
        for match in REFUSED.finditer(line):
            found.setdefault(match.group(), []).append(match.start() + 1)
        if not found:
            continue
        if len(problems) >= MAX_REPORTED_LINES:
            more_lines.append((number, min(c for columns in found.values() for c in columns)))
            continue
        field = fields.get(number)
        where = Message(N_("the text")) if field is None else (f"{field}" if field else Message(N_("the frontmatter")))
        for char, columns in found.items():
            others = Message(N_(" (and {count} more on this line)"), count=len(columns) - 1) if len(columns) > 1 else ""
            message = Message(
                N_("{where} has {character} at column {column}{others}, an invisible control character, in '{excerpt}'; {what_to_do}"),
                where=where, character=character_name(char), column=columns[0], others=others,
                excerpt=_excerpt(line, columns[0]), what_to_do=what_to_do(char),
            )  # fmt: skip
            problems.append(Problem(path, number, "control-character", message, columns[0]))
    if more_lines:
        first, column = more_lines[0]
        problems.append(
            Problem(
                path,
                first,
                "control-character",
                Message(
                    N_(
                        "{count} more lines, from this one on, have invisible control characters (here at column {column}); remove them all, e.g. with the editor's find and replace"
                    ),
                    count=len(more_lines),
                    column=column,
                ),  # fmt: skip
                column,
            )
        )
    return problems
