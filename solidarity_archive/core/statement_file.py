"""Writing statement files: id, path, frontmatter text and year index (pure).

``new`` and ``import`` both write through here, and check their own output
with :mod:`solidarity_archive.core.validation` before anything touches the disk.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import textwrap
from dataclasses import dataclass
from pathlib import Path

from solidarity_archive.core.frontmatter import YAML11_BOOLEANS
from solidarity_archive.core.model import DEFAULT_KIND, Problem, Statement
from solidarity_archive.core.registry import Registry
from solidarity_archive.core.statement_text import Parse
from solidarity_archive.core.text import slug_words
from solidarity_archive.core.validation import read_statement

#: Words a slug stops at once it has this many words already.
SLUG_MIN_WORDS = 3
SLUG_MAX_WORDS = 6
SLUG_STOP_WORDS = frozenset(
    "a an and as at by for from in of on or the to with "
    "a al con de del el en la las los para por sobre y".split()
)
PLAIN_SCALAR = re.compile(r"^[^\s\-?:,\[\]{}#&*!|>'\"%@`][^\n]*$")


@dataclass(frozen=True)
class Draft:
    """The fields of a statement about to be written, and its text."""

    title: str
    date: dt.date
    place: str
    signatories: tuple[str, ...]
    language: str
    body: str
    kind: str = DEFAULT_KIND
    date_as_printed: str | None = None
    note: str | None = None
    slug: str | None = None
    #: The original document kept next to the statement: (file name, SHA-256).
    original: tuple[str, str] | None = None
    #: The id of the statement this one translates.
    translation_of: str | None = None

    @property
    def id(self) -> str:
        return f"{self.date.isoformat()}-{self.slug or slugify(self.title)}"


def slugify(title: str) -> str:
    """The first words of a title, up to a small word once three are taken.

    ``US Organizations Demand Justice for Central American …`` gives
    ``us-organizations-demand-justice``.
    """
    words = slug_words(title)
    taken: list[str] = []
    for word in words:
        if len(taken) >= SLUG_MAX_WORDS or (len(taken) >= SLUG_MIN_WORDS and word in SLUG_STOP_WORDS):
            break
        taken.append(word)
    return "-".join(taken) or "statement"


def relative_path(draft: Draft, statements_dir: str = "statements") -> str:
    """``statements/YYYY/YYYY-MM-DD-slug.md``, with forward slashes."""
    return f"{statements_dir}/{draft.date.year}/{draft.id}.md"


def year_index_text(year: int) -> str:
    """The year page every ``statements/YYYY/index.md`` holds."""
    return f"# {year}\n\n```{{statement-year}}\n```\n"


def yaml_scalar(value: str) -> str:
    """One line of text as YAML: plain when YAML reads it back unchanged, else quoted."""
    plain = (
        PLAIN_SCALAR.match(value)
        and ": " not in value
        and " #" not in value
        and not value.endswith(":")
        and value == value.strip()
        and value not in YAML11_BOOLEANS
        and value.lower() not in ("null", "~")
        and not re.match(r"^[-+.0-9]", value)
    )
    return value if plain else json.dumps(value, ensure_ascii=False)


def render(draft: Draft) -> str:
    """The whole file: frontmatter in the archive's field order, then the text."""
    lines = ["---", f"title: {yaml_scalar(draft.title)}", f"date: {draft.date.isoformat()}"]
    if draft.date_as_printed:
        lines.append(f"date_as_printed: {yaml_scalar(draft.date_as_printed)}")
    lines.append(f"place: {yaml_scalar(draft.place)}")
    lines.append("signatories:")
    lines.extend(f"  - {yaml_scalar(sid)}" for sid in draft.signatories)
    lines.append(f"language: {yaml_scalar(draft.language)}")
    lines.append(f"kind: {yaml_scalar(draft.kind)}")
    if draft.translation_of:
        lines.append(f"translation_of: {yaml_scalar(draft.translation_of)}")
    if draft.original:
        lines += ["source:", f"  file: {yaml_scalar(draft.original[0])}", f"  sha256: {draft.original[1]}"]
    if draft.note:
        lines.append("note: >-")
        for number, paragraph in enumerate(draft.note.split("\n\n")):
            if number:
                lines.append("")
            lines.extend("  " + line for line in textwrap.wrap(" ".join(paragraph.split()), 76))
    lines.append("---")
    return "\n".join(lines) + "\n\n" + draft.body.strip("\n") + "\n"


def check(
    draft: Draft, registry: Registry, today: dt.date, statements_dir: str = "statements", *, markdown: Parse
) -> tuple[str, str, Statement | None, list[Problem]]:
    """Render and validate: (path, text, record or None, problems); ``markdown``: MyST's parser."""
    path = relative_path(draft, statements_dir)
    text = render(draft)
    result = read_statement(text.encode("utf-8"), path=path, docname=path[: -len(".md")], registry=registry, today=today, markdown=markdown)
    return path, text, result.statement, result.problems


def write_new(root: Path, path: str, text: str, original: tuple[str, bytes] | None = None) -> list[Path]:
    """Write a statement, its original (name, bytes) next to it, and its year index when the year is new.

    Never overwrites: raises ``FileExistsError`` if the statement or the original exists.
    Returns the files created.
    """
    target = root / path
    target.parent.mkdir(parents=True, exist_ok=True)
    kept = target.parent / original[0] if original else None
    if kept is not None and kept.exists():
        if kept.read_bytes() != original[1]:  # type: ignore[index]  # kept is set only with an original
            raise FileExistsError(kept)
        kept = None  # the same file is already kept there
    with open(target, "x", encoding="utf-8", newline="\n") as handle:
        handle.write(text)
    created = [target]
    if kept is not None:
        with open(kept, "xb") as handle:
            handle.write(original[1])  # type: ignore[index]  # kept is set only with an original
        created.append(kept)
    index = target.parent / "index.md"
    if not index.exists():
        index.write_text(year_index_text(int(target.parent.name)), encoding="utf-8", newline="\n")
        created.append(index)
    return created
