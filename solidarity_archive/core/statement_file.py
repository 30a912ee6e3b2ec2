"""Writing statement files: id, path, frontmatter text and year index (pure).

``new`` and ``import`` both write through here, and check their own output
with :mod:`solidarity_archive.core.validation` before anything touches the disk.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import textwrap
from dataclasses import dataclass
from pathlib import Path

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import DoubleQuotedScalarString, FoldedScalarString, PlainScalarString, ScalarString

from solidarity_archive.core.frontmatter import YAML11_BOOLEANS
from solidarity_archive.core.model import DEFAULT_KIND, Problem, Statement
from solidarity_archive.core.registry import Registry
from solidarity_archive.core.statement_text import Parse
from solidarity_archive.core.text import slug_words
from solidarity_archive.core.validation import read_statement

#: Words a slug stops at once it has this many words already.
SLUG_MIN_WORDS = 3
SLUG_MAX_WORDS = 6
SLUG_STOP_WORDS = frozenset("a an and as at by for from in of on or the to with a al con de del el en la las los para por sobre y".split())
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


def _plain(value: str) -> bool:
    """Whether ``value`` is written without quotes: only when every YAML reader, the archive's
    strict one included (YAML 1.1 booleans, numbers, dates), reads it back as the same text."""
    return bool(
        PLAIN_SCALAR.match(value)
        and ": " not in value
        and " #" not in value
        and not value.endswith(":")
        and value == value.strip()
        and value not in YAML11_BOOLEANS
        and value.lower() not in ("null", "~")
        and not re.match(r"^[-+.0-9]", value)
    )


def _scalar(value: str) -> ScalarString:
    """One line of text as ruamel.yaml is to write it: plain when ``_plain``, else double-quoted."""
    return PlainScalarString(value) if _plain(value) else DoubleQuotedScalarString(value)


def _yaml() -> YAML:
    yaml = YAML()  # round-trip: the scalar strings' styles and the mapping's order are kept
    # The statement files' layout: two-space mappings, list items indented by two under their key.
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.width = 4096  # a long title stays on its line
    return yaml


def _dump(document: CommentedMap) -> str:
    out = io.StringIO()
    _yaml().dump(document, out)
    return out.getvalue()


def yaml_scalar(value: str) -> str:
    """One line of text as YAML: plain when YAML reads it back unchanged, else double-quoted."""
    return _dump(CommentedMap(value=_scalar(value))).removeprefix("value: ").removesuffix("\n")


def _folded(text: str, width: int = 76) -> FoldedScalarString:
    """A note as a folded block (``>-``): each paragraph's words filled into lines of ``width``.

    ruamel.yaml folds a block where its ``fold_pos`` says (the positions it records of the
    line breaks of a folded block it reads), so the lines break where ``textwrap`` breaks them:
    between words only, as a folded block reads a line break back as one space (a word longer
    than a line, such as a long address, stays whole on a longer line; a hyphenated word is
    not broken at its hyphen). ``fold_pos`` is an attribute ruamel.yaml does not document
    (the one writing here that is not its public API), as of ruamel.yaml 0.18.17, the version
    pinned in constraints.txt; ``test_a_written_file_reads_back_as_its_draft`` in
    tests/cli/test_authoring_commands.py fails if it stops folding there. Without it, ruamel.yaml
    folds a line only once it is past its width, so the lines would differ from today's files.
    """
    paragraphs = [textwrap.wrap(" ".join(paragraph.split()), width, break_long_words=False, break_on_hyphens=False) for paragraph in text.split("\n\n")]
    folded = FoldedScalarString("\n".join(" ".join(lines) for lines in paragraphs))
    positions, start = [], 0
    for lines in paragraphs:
        for line in lines[:-1]:
            start += len(line)
            positions.append(start)
            start += 1
        start += len(lines[-1]) + 1 if lines else 1
    folded.fold_pos = positions
    return folded


def render(draft: Draft) -> str:
    """The whole file: frontmatter in the archive's field order, written by ruamel.yaml, then the text."""
    fields = CommentedMap(title=_scalar(draft.title), date=draft.date)
    if draft.date_as_printed:
        fields["date_as_printed"] = _scalar(draft.date_as_printed)
    fields["place"] = _scalar(draft.place)
    fields["signatories"] = CommentedSeq(_scalar(sid) for sid in draft.signatories)
    fields["language"] = _scalar(draft.language)
    fields["kind"] = _scalar(draft.kind)
    if draft.translation_of:
        fields["translation_of"] = _scalar(draft.translation_of)
    if draft.original:
        fields["source"] = CommentedMap(file=_scalar(draft.original[0]), sha256=PlainScalarString(draft.original[1]))
    if draft.note:
        fields["note"] = _folded(draft.note)
    return "---\n" + _dump(fields) + "---\n\n" + draft.body.strip("\n") + "\n"


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
