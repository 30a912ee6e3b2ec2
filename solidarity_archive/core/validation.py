"""Validation of statement frontmatter and file names, into :class:`Statement` records.

Pure Python: no Sphinx imports. Every problem in a file is reported, each with
its line, the field, the bad value and what was expected.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from solidarity_archive.core import frontmatter, statement_text
from solidarity_archive.core.characters import control_character_problems
from solidarity_archive.core.frontmatter import (
    FrontmatterError,
    Mapping,
    Scalar,
    Sequence,
    SplitSource,
)
from solidarity_archive.core.languages import N_, Message
from solidarity_archive.core.model import (
    DEFAULT_KIND,
    KINDS,
    Correction,
    Place,
    Problem,
    Source,
    Statement,
    Withdrawal,
)
from solidarity_archive.core.originals import ALLOWED, kind_of
from solidarity_archive.core.registry import Registry
from solidarity_archive.core.suggest import closest, did_you_mean
from solidarity_archive.core.text import ascii_slug

#: A statement's id (its file's stem): the date, then lowercase words joined by hyphens.
STATEMENT_ID = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}-[a-z0-9]+(?:-[a-z0-9]+)*$")
#: What starts an id, or a slug that has its date already.
DATED = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}(?:-|$)")
ISO_DATE = re.compile(r"^([0-9]{4})-([0-9]{2})-([0-9]{2})$")
# BCP 47, the common shapes: language, optional script, region or variants.
LANGUAGE_TAG = re.compile(r"^[a-z]{2,3}(?:-[A-Z][a-z]{3})?(?:-(?:[A-Z]{2}|[0-9]{3}))?(?:-[a-zA-Z0-9]{5,8})*$")
SAFE_URL = re.compile(r"^https?://[^\s<>\"'`]+$")

REQUIRED = ("title", "date", "place", "signatories", "language")
OPTIONAL = ("date_as_printed", "kind", "source", "note", "embargoed", "former_ids", "corrections", "withdrawn", "translation_of")
FIELDS = REQUIRED + OPTIONAL
SOURCE_FIELDS = ("url", "retrieved", "archived", "file", "sha256")
CORRECTION_FIELDS = ("date", "change")
WITHDRAWN_FIELDS = ("date", "reason")
SHA256 = re.compile(r"^[0-9a-f]{64}$")
#: Keys that would hand a statement control over MyST or the page's markup.
MARKUP_OVERRIDES = ("myst", "html_meta", "substitutions", "orphan", "tocdepth", "nocomments", "nosearch")

#: Month names, for "February 2015 has 28 days".
MONTHS = (
    N_("January"), N_("February"), N_("March"), N_("April"), N_("May"), N_("June"),
    N_("July"), N_("August"), N_("September"), N_("October"), N_("November"), N_("December"),
)  # fmt: skip

MAX_STATEMENT_BYTES = 2 * 1024 * 1024
MAX_TITLE_CHARS = 300


@dataclass(frozen=True)
class ReadResult:
    """What reading one statement file gives: a record, or the problems that stop it."""

    statement: Statement | None
    problems: list[Problem]
    split: SplitSource | None = None
    #: The line of each top-level frontmatter key, for problems found later (fixity, former ids).
    field_lines: dict[str, int] | None = None
    #: The text as MyST read it and the checks passed it: what the build renders.
    text: statement_text.ParsedText | None = None


def read_statement(
    raw: bytes,
    *,
    path: str,
    docname: str,
    registry: Registry,
    today: dt.date,
    markdown: statement_text.Parse,
    folder: Path | None = None,
) -> ReadResult:
    """Decode, split, parse and validate one statement file.

    ``markdown`` is MyST's parser (``solidarity_archive.myst.parse_statement_text``):
    the text is checked on MyST's own reading of it. ``folder`` is the
    statement's folder on disk, where the files its text links must be.
    """
    problems = check_path(path)
    if len(raw) > MAX_STATEMENT_BYTES:
        problems.append(
            Problem(
                path,
                1,
                "size",
                Message(N_("the file is {size} KB; a statement may be at most {limit} MB"), size=len(raw) // 1024, limit=MAX_STATEMENT_BYTES // 1024 // 1024),
            )
        )
        return ReadResult(None, problems)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line, column = _line_and_column(raw, error.start)
        problems.append(
            Problem(
                path,
                line,
                "encoding",
                Message(N_("byte {byte} at column {column} is not UTF-8; save the file as UTF-8"), byte=f"0x{raw[error.start]:02x}", column=column),
                column,
            )
        )
        return ReadResult(None, problems)
    text = frontmatter.normalise_newlines(text)
    hidden = control_character_problems(text, path)  # columns as saved, before NFC
    if hidden:
        return ReadResult(None, problems + hidden)
    text = unicodedata.normalize("NFC", text)
    try:
        split = frontmatter.split(text)
        fields = frontmatter.parse(split.yaml_text, split.yaml_first_line)
    except FrontmatterError as error:
        problems.append(Problem(path, error.line, error.subtype, error.text, error.column))
        return ReadResult(None, problems)
    if problems:
        # Now that the date is known, suggest a complete file name.
        problems = check_path(path, _written_date(fields))
    statement, field_problems = validate(fields, path=path, docname=docname, registry=registry, today=today, end_line=split.frontmatter_lines)
    problems.extend(field_problems)
    if not split.body.strip():
        problems.append(
            Problem(
                path,
                split.frontmatter_lines,
                "empty",
                Message(N_("the statement has frontmatter but no text; add the statement's text after the closing '---'")),
            )
        )
    parsed = markdown(statement_text.myst_source(split.body, split.frontmatter_lines))
    refused = statement_text.text_problems(parsed, path, folder)
    if refused:
        # Nothing of a text the allow-list refuses is rendered.
        return ReadResult(None, problems + refused, field_lines=dict(fields.lines))
    return ReadResult(statement if not problems else None, problems, split, dict(fields.lines), parsed)


def check_path(path: str, date: dt.date | None = None) -> list[Problem]:
    """File-name rules: ``statements/YYYY/YYYY-MM-DD-short-slug.md``.

    ``date``, when known, completes the suggested name.
    """
    problems: list[Problem] = []
    parts = path.split("/")
    stem = parts[-1].rsplit(".", 1)[0]
    if not path.isascii() or " " in path:
        problems.append(
            Problem(
                path,
                1,
                "filename",
                Message(
                    N_("the path '{path}' has spaces or non-ASCII characters; rename the file to '{name}'"),
                    path=path,
                    name=f"{suggest_statement_id(stem, date)}.md",
                ),
            )
        )
    elif not STATEMENT_ID.match(stem):
        problems.append(
            Problem(
                path,
                1,
                "filename",
                Message(
                    N_("file name '{name}' does not follow YYYY-MM-DD-short-slug.md (lowercase letters, digits, hyphens); rename it to '{suggested}'"),
                    name=parts[-1],
                    suggested=f"{suggest_statement_id(stem, date)}.md",
                ),
            )
        )
    if len(parts) >= 2 and STATEMENT_ID.match(stem) and parts[-2] != stem[:4]:
        problems.append(
            Problem(
                path,
                1,
                "filename",
                Message(
                    N_("the statement '{id}' is in folder '{folder}' but its id starts with {year}; move it to statements/{year}/"),
                    id=stem,
                    folder=parts[-2],
                    year=stem[:4],
                ),
            )
        )
    return problems


def suggest_statement_id(stem: str, date: dt.date | None = None) -> str:
    """A valid id close to ``stem``: accents dropped, lowercase, hyphens, the date in front."""
    slug = ascii_slug(stem)
    if DATED.match(slug):
        return slug if len(slug) > 11 else slug + "-short-slug"
    prefix = date.isoformat() if date else "YYYY-MM-DD"
    return f"{prefix}-{slug or 'short-slug'}"


def _written_date(fields: Mapping) -> dt.date | None:
    """The frontmatter's date if it is a real ISO date, else None (no problems reported)."""
    value = fields.items.get("date")
    if not isinstance(value, Scalar):
        return None
    return parse_date("date", value, lambda *args: None)


def validate(
    fields: Mapping, *, path: str, docname: str, registry: Registry, today: dt.date, end_line: int | None = None
) -> tuple[Statement | None, list[Problem]]:
    """Check every field and build the record; all problems are returned.

    ``end_line`` is the line of the frontmatter's closing ``---``, where a
    missing key is reported (it goes above it); without it, the last key's line.
    """
    problems: list[Problem] = []
    values: dict[str, Any] = {}  # each value checked for its field's type as it is read

    def problem(line: int, subtype: str, message: Message) -> None:
        problems.append(Problem(path, line, subtype, message))

    # A value cut by a comment is reported once, as cut: what is left of it is not checked as if whole.
    cut = {comment.key for comment in fields.comments}
    problems.extend(Problem(path, c.line, "comment", trailing_comment_message(c), c.column) for c in fields.comments)

    for key, value in fields.items.items():
        line = fields.lines[key]
        if key in MARKUP_OVERRIDES:
            problem(
                line, "unknown-key", Message(N_("key '{key}' is not allowed in a statement: it would change how the page is processed; remove it"), key=key)
            )
            continue
        if key not in FIELDS:
            problem(
                line,
                "unknown-key",
                Message(N_("unknown key '{key}'{hint} (allowed: {allowed})"), key=key, hint=did_you_mean(key, FIELDS), allowed=", ".join(FIELDS)),
            )
            continue
        if key in cut:
            continue
        checker = _CHECKS[key]
        result = checker(key, value, problem, registry, today)
        if result is not None:
            values[key] = result

    missing_line = end_line if end_line is not None else max(fields.lines.values(), default=fields.line)
    for key in REQUIRED:
        if key not in fields.items:
            problem(
                missing_line,
                "required",
                Message(
                    N_("{key} is missing; every statement needs {required}: add a line '{key}: …' before the closing '---'"),
                    key=key,
                    required=", ".join(REQUIRED),
                ),
            )

    date = values.get("date")
    if isinstance(date, dt.date) and date > today and values.get("embargoed") is not True:
        problem(
            fields.lines["date"],
            "date",
            Message(
                N_("date '{date}' is in the future (today is {today}); set 'embargoed: true' to file it ahead of its date"),
                date=date.isoformat(),
                today=today.isoformat(),
            ),
        )

    stem = docname.rsplit("/", 1)[-1]
    if isinstance(date, dt.date):
        _check_dates_after(fields, values, date, today, problem)
    for former in values.get("former_ids", ()):
        if former == stem:
            problem(
                fields.lines["former_ids"],
                "former-ids",
                Message(N_("former_ids lists '{id}', the statement's own id: a redirect to itself would loop; remove it"), id=former),
            )
    if values.get("translation_of") == stem:
        problem(
            fields.lines["translation_of"],
            "translation",
            Message(N_("translation_of names '{id}', the statement's own id: a statement is no translation of itself; name the original's id"), id=stem),
        )

    if problems or not all(key in values for key in REQUIRED):
        return None, problems
    return (
        Statement(
            id=stem,
            docname=docname,
            title=values["title"],
            date=values["date"],
            place=values["place"],
            signatories=values["signatories"],
            language=values["language"],
            kind=values.get("kind", DEFAULT_KIND),
            date_as_printed=values.get("date_as_printed"),
            source=values.get("source"),
            note=values.get("note"),
            embargoed=values.get("embargoed", False),
            former_ids=values.get("former_ids", ()),
            corrections=values.get("corrections", ()),
            withdrawn=values.get("withdrawn"),
            translation_of=values.get("translation_of"),
        ),
        problems,
    )


def yaml_quoted(text: str) -> str:
    """``text`` as a double-quoted YAML value, read back exactly as written."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def trailing_comment_message(comment: frontmatter.TrailingComment) -> Message:
    """What to write when YAML would cut a value at a ``#`` comment (see ``frontmatter.TrailingComment``)."""
    field, value, rest = comment.field, comment.value, comment.comment
    name = "- " if comment.item else field.rsplit(".", 1)[-1].split("[")[0] + ": "
    note = Message(N_("(a note for the archive's staff goes on a line of its own, starting with '#')"))
    if not value.text:
        return Message(
            N_("{field} has no value: YAML reads '{rest}' as a comment, because ' #' starts one; if it is the value, put it in quotes: {written} {note}"),
            field=field, rest=rest, written=name + yaml_quoted(rest), note=note,
        )  # fmt: skip
    whole = value.text + comment.gap.replace("\t", " ") + rest
    if value.plain:
        return Message(
            N_("{field} '{value}' is cut at '{rest}': YAML reads ' #' as the start of a comment and drops the rest of the line; if '{rest}' belongs to the value, put the whole value in quotes: {written} {note}"),
            field=field, value=value.text, rest=rest, written=name + yaml_quoted(whole), note=note,
        )  # fmt: skip
    return Message(
        N_("{field} '{value}' is followed by '{rest}' outside its quotes, which YAML reads as a comment and drops; if '{rest}' belongs to the value, move it inside the quotes: {written} {note}"),
        field=field, value=value.text, rest=rest, written=name + yaml_quoted(whole), note=note,
    )  # fmt: skip


def _text(key, value, problem, *, multiline: bool = False, subtype: str | None = None):
    """A non-empty text value, whitespace tidied; None (with a problem) otherwise."""
    subtype = subtype or key.split(".")[0]
    if not isinstance(value, Scalar):
        if isinstance(value, Sequence):
            problem(value.line, subtype, Message(N_("{key} must be text, not a list"), key=key))
        else:
            problem(value.line, subtype, Message(N_("{key} must be text, not a group of fields"), key=key))
        return None
    if value.looks_boolean:
        problem(
            value.line,
            subtype,
            Message(
                N_("{key} '{value}' is read as a yes/no value by YAML; put it in quotes: {name}: \"{value}\""),
                key=key,
                value=value.text,
                name=key.split(".")[-1],
            ),
        )
        return None
    text = value.text.strip()
    if not text:
        problem(value.line, subtype, Message(N_("{key} is empty"), key=key))
        return None
    if multiline:
        return "\n\n".join(" ".join(p.split()) for p in re.split(r"\n\s*\n", text))
    if "\n" in text:
        problem(value.line, subtype, Message(N_("{key} must be a single line"), key=key))
        return None
    return " ".join(text.split())


def _check_title(key, value, problem, registry, today):
    title = _text(key, value, problem)
    if title and len(title) > MAX_TITLE_CHARS:
        problem(value.line, "title", Message(N_("title is {length} characters long; at most {limit} are allowed"), length=len(title), limit=MAX_TITLE_CHARS))
        return None
    return title


def parse_date(key: str, value, problem, subtype: str = "date") -> dt.date | None:
    text = _text(key, value, problem, subtype=subtype)
    if text is None:
        return None
    match = ISO_DATE.match(text)
    if not match:
        problem(value.line, subtype, Message(N_("{key} '{value}' is not an ISO date; write it as YYYY-MM-DD, e.g. 2016-01-19"), key=key, value=text))
        return None
    year, month, day = (int(g) for g in match.groups())
    if not 1 <= month <= 12:
        problem(value.line, subtype, Message(N_("{key} '{value}' is not a real date (there is no month {month})"), key=key, value=text, month=month))
        return None
    days = calendar.monthrange(year, month)[1]
    if not 1 <= day <= days:
        problem(
            value.line,
            subtype,
            Message(
                N_("{key} '{value}' is not a real date ({month} {year} has {days} days)"),
                key=key,
                value=text,
                month=Message(MONTHS[month - 1]),
                year=year,
                days=days,
            ),
        )
        return None
    return dt.date(year, month, day)


def _check_date(key, value, problem, registry, today):
    return parse_date(key, value, problem)


def _check_plain_text(key, value, problem, registry, today):
    return _text(key, value, problem)


def _check_note(key, value, problem, registry, today):
    return _text(key, value, problem, multiline=True)


def _check_place(key, value, problem, registry, today):
    text = _text(key, value, problem)
    if text is None:
        return None
    city, sep, country = text.rpartition(",")
    if not sep or not city.strip() or not country.strip():
        problem(value.line, "place", Message(N_("place '{value}' must be 'City, Country', e.g. 'San Salvador, El Salvador'"), value=text))
        return None
    return Place(city.strip(), country.strip())


def _check_signatories(key, value, problem, registry, today):
    empty = Message(N_("signatories is empty; list at least one signatory id from source/signatories.yaml"))
    if isinstance(value, Scalar) and not value.text.strip():
        problem(value.line, "signatories", empty)
        return None
    if not isinstance(value, Sequence):
        problem(value.line, "signatories", Message(N_("signatories must be a list of ids, one per line starting with '- '")))
        return None
    if not value.items:
        problem(value.line, "signatories", empty)
        return None
    ids: list[str] = []
    ok = True
    for item in value.items:
        if not isinstance(item, Scalar) or not item.text.strip():
            problem(item.line, "signatories", Message(N_("each signatory must be one id, e.g. 'cispes'")))
            ok = False
            continue
        sid = item.text.strip()
        # An empty registry is itself an error (missing, unreadable or invalid): one message, not one per statement.
        if sid not in registry and registry.signatories:
            near = closest(sid, registry.ids())
            hint = Message(N_("; closest registry ids: {ids}"), ids=", ".join(near)) if near else ""
            problem(item.line, "signatory", Message(N_("signatory '{id}' is not in source/signatories.yaml{hint}"), id=sid, hint=hint))
            ok = False
        elif sid in ids:
            problem(item.line, "signatories", Message(N_("signatory '{id}' is listed twice"), id=sid))
            ok = False
        ids.append(sid)
    return tuple(ids) if ok else None


def _check_language(key, value, problem, registry, today):
    text = _text(key, value, problem)
    if text is None:
        return None
    if not LANGUAGE_TAG.match(text):
        problem(value.line, "language", Message(N_("language '{value}' is not a BCP 47 language tag; use e.g. 'en', 'es' or 'es-SV'"), value=text))
        return None
    return text


def _check_kind(key, value, problem, registry, today):
    text = _text(key, value, problem)
    if text is None:
        return None
    kind = text.lower()
    if kind not in KINDS:
        problem(
            value.line,
            "kind",
            Message(N_("kind '{value}' is not known{hint} (kinds: {kinds})"), value=text, hint=did_you_mean(text, KINDS), kinds=", ".join(KINDS)),
        )
        return None
    return kind


def _check_embargoed(key, value, problem, registry, today):
    if not isinstance(value, Scalar) or value.text not in ("true", "false"):
        shown = value.text if isinstance(value, Scalar) else Message(N_("a list"))
        problem(value.line, "embargoed", Message(N_("embargoed '{value}' must be true or false"), value=shown))
        return None
    return value.text == "true"


def _check_source(key, value, problem, registry, today):
    if isinstance(value, Scalar):
        url = _check_url("source", value, problem)
        return Source(url=url) if url else None
    if not isinstance(value, Mapping):
        problem(value.line, "source", Message(N_("source must be a URL, or fields url, retrieved, archived, file and sha256")))
        return None
    found: dict[str, object] = {}
    ok = True
    for sub, subvalue in value.items.items():
        if sub not in SOURCE_FIELDS:
            problem(
                value.lines[sub],
                "source",
                Message(
                    N_("unknown key '{key}'{hint} (allowed: {allowed})"),
                    key=f"source.{sub}",
                    hint=did_you_mean(sub, SOURCE_FIELDS),
                    allowed=", ".join(SOURCE_FIELDS),
                ),
            )
            ok = False
            continue
        if sub == "retrieved":
            result = parse_date("source.retrieved", subvalue, problem, "source")
        elif sub == "file":
            result = _check_original_file(subvalue, problem)
        elif sub == "sha256":
            result = _check_sha256(subvalue, problem)
        else:
            result = _check_url(f"source.{sub}", subvalue, problem)
        if result is None:
            ok = False
        found[sub] = result
    if ok and not {"url", "archived", "file"} & found.keys():
        problem(value.line, "source", Message(N_("source needs a url, an archived copy or the original's file")))
        ok = False
    if ok and ("file" in found) != ("sha256" in found):
        given, needed = ("file", "sha256") if "file" in found else ("sha256", "file")
        problem(
            value.line,
            "original",
            Message(
                N_("source.{given} is given without source.{needed}; an original needs both (sha256sum FILE prints the checksum)"), given=given, needed=needed
            ),
        )
        ok = False
    return Source(**found) if ok else None


def _check_url(key, value, problem):
    text = _text(key, value, problem, subtype="source")
    if text is None:
        return None
    if not SAFE_URL.match(text):
        problem(value.line, "source", Message(N_("{key} '{value}' must be a web address starting with https:// or http://"), key=key, value=text))
        return None
    return text


def _check_original_file(value, problem):
    """The original's file name, relative to the statement's folder: only a few kinds of file."""
    text = _text("source.file", value, problem, subtype="original")
    if text is None:
        return None
    if text.startswith(("/", "~")) or "\\" in text or ".." in text.split("/") or re.match(r"^[A-Za-z]:", text) or "://" in text:
        problem(
            value.line,
            "original",
            Message(N_("source.file '{value}' must be a path relative to the statement's folder, inside the archive (no '..', no absolute path)"), value=text),
        )
        return None
    if kind_of(text) is None:
        problem(
            value.line,
            "original",
            Message(N_("source.file '{value}' is not a kind of file the archive keeps; expected one of {kinds}"), value=text, kinds=", ".join(ALLOWED)),
        )
        return None
    return text


def _check_sha256(value, problem):
    text = _text("source.sha256", value, problem, subtype="original")
    if text is None:
        return None
    if not SHA256.match(text):
        problem(value.line, "original", Message(N_("source.sha256 '{value}' is not a SHA-256 checksum; expected 64 lowercase hexadecimal digits"), value=text))
        return None
    return text


def _check_translation_of(key, value, problem, registry, today):
    text = value.text.strip() if isinstance(value, Scalar) else ""
    if not STATEMENT_ID.match(text):
        shown = text or Message(N_("a list or group of fields"))
        problem(
            value.line,
            "translation",
            Message(
                N_("translation_of '{value}' is not a statement id; expected the original's id, YYYY-MM-DD-short-slug (its file name without .md)"), value=shown
            ),
        )
        return None
    return text


def _check_former_ids(key, value, problem, registry, today):
    if not isinstance(value, Sequence) or not value.items:
        problem(value.line, "former-ids", Message(N_("former_ids must be a list of the ids the statement was published under, e.g. [2016-01-19-old-slug]")))
        return None
    ids: list[str] = []
    ok = True
    for item in value.items:
        text = item.text.strip() if isinstance(item, Scalar) else ""
        if not STATEMENT_ID.match(text):
            shown = text or Message(N_("a list or group of fields"))
            problem(
                item.line,
                "former-ids",
                Message(N_("former id '{value}' is not a statement id; expected YYYY-MM-DD-short-slug, the old file name without .md"), value=shown),
            )
            ok = False
        elif text in ids:
            problem(item.line, "former-ids", Message(N_("former id '{value}' is listed twice"), value=text))
            ok = False
        ids.append(text)
    return tuple(ids) if ok else None


def _dated_entry(key, value, names, text_field, problem):
    """A group of fields ``date`` and ``text_field``: (date, text) or None with problems."""
    if not isinstance(value, Mapping):
        problem(value.line, key.split("[")[0], Message(N_("{key} must be a group of fields: {fields}"), key=key, fields=", ".join(names)))
        return None
    subtype = key.split("[")[0]
    found: dict[str, object] = {}
    for sub, subvalue in value.items.items():
        if sub not in names:
            problem(
                value.lines[sub],
                subtype,
                Message(N_("unknown key '{key}'{hint} (allowed: {allowed})"), key=f"{key}.{sub}", hint=did_you_mean(sub, names), allowed=", ".join(names)),
            )
            return None
        found[sub] = parse_date(f"{key}.date", subvalue, problem, subtype) if sub == "date" else _text(f"{key}.{sub}", subvalue, problem, subtype=subtype)
        if found[sub] is None:
            return None
    missing = [name for name in names if name not in found]
    if missing:
        if len(missing) > 1:  # both fields of the pair
            needs = Message(
                N_("{key} needs {first} and {second} (a date as YYYY-MM-DD, and {text})"), key=key, first=missing[0], second=missing[1], text=text_field
            )
        else:
            needs = Message(N_("{key} needs {first} (a date as YYYY-MM-DD, and {text})"), key=key, first=missing[0], text=text_field)
        problem(value.line, subtype, needs)
        return None
    return found


def _check_corrections(key, value, problem, registry, today):
    if not isinstance(value, Sequence) or not value.items:
        problem(value.line, "corrections", Message(N_("corrections must be a list, one '- date: YYYY-MM-DD' and 'change: what changed, in one sentence' each")))
        return None
    entries = []
    for number, item in enumerate(value.items, start=1):
        found = _dated_entry(f"corrections[{number}]", item, CORRECTION_FIELDS, Message(N_("what changed, in one sentence")), problem)
        if found is None:
            return None
        entries.append(Correction(found["date"], found["change"]))
    return tuple(entries)


def _check_withdrawn(key, value, problem, registry, today):
    found = _dated_entry("withdrawn", value, WITHDRAWN_FIELDS, Message(N_("the reason it was withdrawn")), problem)
    return Withdrawal(found["date"], found["reason"]) if found else None


def _check_dates_after(fields, values, date, today, problem) -> None:
    """Corrections and a withdrawal happen after the statement, and not in the future."""
    dated: list[tuple[str, int, dt.date]] = []
    corrections = fields.items.get("corrections")
    for number, correction in enumerate(values.get("corrections", ()), start=1):
        line = corrections.items[number - 1].line if isinstance(corrections, Sequence) else fields.lines["corrections"]
        dated.append((f"corrections[{number}].date", line, correction.date))
    if values.get("withdrawn"):
        dated.append(("withdrawn.date", fields.lines["withdrawn"], values["withdrawn"].date))
    for name, line, when in dated:
        subtype = name.split("[")[0].split(".")[0]
        if when < date:
            problem(
                line,
                subtype,
                Message(
                    N_("{key} '{value}' is before the statement's date {date}; expected a date on or after it"),
                    key=name,
                    value=when.isoformat(),
                    date=date.isoformat(),
                ),
            )
        elif when > today:
            problem(
                line,
                subtype,
                Message(
                    N_("{key} '{value}' is in the future (today is {today}); expected a date no later than today"),
                    key=name,
                    value=when.isoformat(),
                    today=today.isoformat(),
                ),
            )


_CHECKS = {
    "title": _check_title,
    "date": _check_date,
    "date_as_printed": _check_plain_text,
    "place": _check_place,
    "signatories": _check_signatories,
    "language": _check_language,
    "kind": _check_kind,
    "source": _check_source,
    "note": _check_note,
    "embargoed": _check_embargoed,
    "former_ids": _check_former_ids,
    "corrections": _check_corrections,
    "withdrawn": _check_withdrawn,
    "translation_of": _check_translation_of,
}


def _line_and_column(raw: bytes, offset: int) -> tuple[int, int]:
    line_start = raw.rfind(b"\n", 0, offset) + 1
    line = raw.count(b"\n", 0, offset) + 1
    column = len(raw[line_start:offset].decode("utf-8", "replace")) + 1
    return line, column
