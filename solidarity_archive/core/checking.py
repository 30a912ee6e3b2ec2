"""Validation of the whole archive without building it (pure Python).

``make check`` and ``solidarity-archive check`` run this; the Sphinx build runs
the same per-file rules, so both report the same messages.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from solidarity_archive.core import ledger as ledger_module
from solidarity_archive.core import registry as registry_module
from solidarity_archive.core import translations
from solidarity_archive.core.history import committed_files
from solidarity_archive.core.languages import N_, Message, Text
from solidarity_archive.core.lexer import glossary_entries
from solidarity_archive.core.model import Problem, Statement
from solidarity_archive.core.originals import Fixity, check_original
from solidarity_archive.core.pages import Placed, same_page_problems
from solidarity_archive.core.reader import ArchiveLayout, ArchiveRead, read_archive
from solidarity_archive.core.special_files import special_file_kind
from solidarity_archive.core.statement_text import Parse
from solidarity_archive.core.validation import read_statement

#: The note when the archive keeps no ledger of published ids yet.
NO_LEDGER = N_("no ledger of published ids ({path}); run 'solidarity-archive check --update-ledger' to start one")


@dataclass
class CheckReport:
    statements: list[Statement] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    files: int = 0
    #: What could not be checked, and why (said, never silently skipped).
    notes: list[Text] = field(default_factory=list)
    #: Every original document checked, with its outcome.
    fixity: list[Fixity] = field(default_factory=list)
    #: Ids on disk that the ledger does not list yet.
    unlisted: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def check_archive(layout: ArchiveLayout, today: dt.date | None = None, *, markdown: Parse, history: bool = True) -> CheckReport:
    """Every problem of the archive, as the build reports them; ``markdown``: MyST's parser (``solidarity_archive.myst``)."""
    today = today or dt.date.today()
    report = CheckReport()
    registry, problems = registry_module.load(layout.root / layout.registry_path, layout.registry_path)
    report.problems.extend(problems)

    read = read_archive(layout, registry, today, markdown=markdown)
    report.files = len(read.files)
    report.problems.extend(read.problems)
    report.statements.extend(f.statement for f in read.files if f.statement is not None)
    wide = archive_wide(layout, read.files)
    report.problems.extend(wide.problems)
    report.fixity, report.notes, report.unlisted = wide.fixity, [*report.notes, *wide.notes], wide.unlisted
    if history:
        report.problems.extend(history_problems(layout, read, registry, today, report, markdown))
    report.problems.sort()
    return report


class CheckedFile(Protocol):
    """A statement file as the archive-wide checks see it (``reader.StatementFile`` is one)."""

    @property
    def path(self) -> str: ...  # relative to the root, with forward slashes

    @property
    def statement(self) -> Statement | None: ...  # None: the file has problems of its own

    @property
    def field_lines(self) -> Mapping[str, int]: ...


@dataclass
class ArchiveWide:
    """What the checks that look at more than one file found."""

    problems: list[Problem] = field(default_factory=list)
    fixity: list[Fixity] = field(default_factory=list)
    notes: list[Text] = field(default_factory=list)
    unlisted: list[str] = field(default_factory=list)


def archive_wide(layout: ArchiveLayout, files: Sequence[CheckedFile], *, whole_archive: bool = True) -> ArchiveWide:
    """Every check that looks at more than one file, for ``check`` and for the build alike.

    Year folders without their page, former ids and the ledger of published ids, the originals' fixity,
    translations and their originals, two spellings of one place page, and glossary terms that differ only
    in case. ``whole_archive`` is False for a dossier, which holds a slice of the archive: the ledger lists
    every published id, so it is not compared with a slice.
    """
    wide = ArchiveWide()
    wide.problems += year_index_problems(layout)
    wide.problems += archival_problems(layout, files, wide, whole_archive=whole_archive)
    wide.problems += translation_problems(files)
    wide.problems += same_page_problems(Placed(f.statement, f.path, f.field_lines.get("place", 1)) for f in files if f.statement is not None)
    wide.problems += glossary_problems(layout)
    wide.problems.sort()
    return wide


def year_index_problems(layout: ArchiveLayout) -> list[Problem]:
    """A year folder with statements and no ``index.md``: its statements would be on no page."""
    problems: list[Problem] = []
    base = layout.statements_folder
    for year_dir in sorted(p for p in base.iterdir() if p.is_dir()) if base.is_dir() else []:
        index = year_dir / "index.md"
        # An index.md that is a named pipe is reported as such (untrusted.tree_problems), not as missing.
        if any(year_dir.glob("*.md")) and not (index.is_file() or special_file_kind(index)):
            shown = year_dir.relative_to(layout.root).as_posix()
            problems.append(
                Problem(
                    f"{shown}/index.md",
                    1,
                    "year-index",
                    Message(N_("year folder {folder}/ has no index.md; create it with the same content as another year's index.md"), folder=shown),
                )
            )
    return problems


def _present(files: Sequence[CheckedFile]) -> set[str]:
    """The ids of every statement file: a file on disk keeps its id even when its details have problems."""
    return {f.path.rsplit("/", 1)[-1][: -len(".md")] for f in files}


def archival_problems(layout: ArchiveLayout, files: Sequence[CheckedFile], wide: ArchiveWide, *, whole_archive: bool = True) -> list[Problem]:
    """The ledger, former ids and the originals' fixity."""
    problems: list[Problem] = []
    good = [f for f in files if f.statement is not None]
    claims = [ledger_module.Claim(f.statement, f.path, f.field_lines.get("former_ids", 1)) for f in good if f.statement.former_ids]
    present = _present(files)
    problems += ledger_module.former_id_problems(claims, present)
    ledger = ledger_module.read_ledger(layout.root, layout.statements_dir) if whole_archive else None
    if ledger is not None:
        former = {sid for claim in claims for sid in claim.statement.former_ids}
        problems += ledger_module.ledger_problems(ledger, present, former, ledger_module.ledger_path(layout.statements_dir))
    elif whole_archive:
        wide.notes.append(Message(NO_LEDGER, path=ledger_module.ledger_path(layout.statements_dir)))
    wide.unlisted = ledger_module.unlisted(ledger, (f.statement.id for f in good))
    for f in good:
        if f.statement.original is not None:
            result = check_original(layout.root, f.path, f.statement, f.field_lines.get("source", 1))
            wide.fixity.append(result)
            if result.problem is not None:
                problems.append(result.problem)
    return problems


def translation_problems(files: Sequence[CheckedFile]) -> list[Problem]:
    """Every ``translation_of`` names an original of another language."""
    good = [f for f in files if f.statement is not None]
    links = [translations.Link(f.statement, f.path, f.field_lines.get("translation_of", 1)) for f in good if f.statement.translation_of]
    return translations.link_problems(links, {f.statement.id: f.statement for f in good}, _present(files))


def glossary_problems(layout: ArchiveLayout) -> list[Problem]:
    """Glossary terms that differ only in letter case: term links ignore case, so one would never be linked.

    Two entries spelled the same are Sphinx's own warning ("duplicate term description"); other spellings
    of one entry's name are not a second definition.
    """
    path = layout.root / layout.glossary_path
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return []  # a missing or unreadable glossary is said where it is read
    by_folded: dict[str, dict[str, tuple[int, int]]] = {}
    for entry_index, entry in enumerate(glossary_entries(text)):
        for line, name in entry:
            by_folded.setdefault(name.casefold(), {}).setdefault(name, (line, entry_index))
    problems: list[Problem] = []
    for spellings in by_folded.values():
        if len(spellings) < 2 or len({entry for _line, entry in spellings.values()}) < 2:
            continue
        (first, _where), *others = sorted(spellings.items(), key=lambda item: (item[1][0], item[0]))
        for name, (line, _entry) in others:
            problems.append(
                Problem(
                    layout.glossary_path, line, "duplicate-term",
                    Message(
                        N_("glossary term '{term}' is already defined as '{first}' ({path}); term links ignore case, so keep one definition"),
                        term=name, first=first, path=layout.glossary_path,
                    ),
                )
            )  # fmt: skip
    return problems


def history_problems(layout: ArchiveLayout, read: ArchiveRead, registry, today: dt.date, report: CheckReport, markdown: Parse) -> list[Problem]:
    """A published statement whose date, title or signatories changed since ``HEAD`` needs a correction entry."""
    good = [f for f in read.files if f.statement is not None]
    folder = layout.statements_dir.strip("/")
    # A renamed statement is compared with the file of its former id.
    candidates = {f.path: [f.path] + [f"{folder}/{old[:4]}/{old}.md" for old in f.statement.former_ids] for f in good}
    committed = committed_files(layout.root, sorted({p for paths in candidates.values() for p in paths}))
    if committed.unavailable:
        report.notes.append(Message(N_("changes to published statements were not compared with the last commit: {why}"), why=committed.unavailable))
        return []
    problems: list[Problem] = []
    for f in good:
        older = next((p for p in candidates[f.path] if p in committed.files), None)
        if older is None:
            continue
        before = read_statement(committed.files[older], path=older, docname=older[: -len(".md")], registry=registry, today=today, markdown=markdown).statement
        if before is not None:
            problems += ledger_module.unrecorded_changes(before, f.statement, f.path, f.field_lines)
    return problems
