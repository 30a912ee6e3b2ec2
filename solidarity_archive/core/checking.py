"""Validation of the whole archive without building it (pure Python).

``make check`` and ``solidarity-archive check`` run this; the Sphinx build runs
the same per-file rules, so both report the same messages.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from solidarity_archive.core import ledger as ledger_module
from solidarity_archive.core import registry as registry_module
from solidarity_archive.core import translations
from solidarity_archive.core.history import committed_files
from solidarity_archive.core.languages import N_, Message, Text
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

    base = layout.statements_folder
    for year_dir in sorted(p for p in base.iterdir() if p.is_dir()) if base.is_dir() else []:
        index = year_dir / "index.md"
        # An index.md that is a named pipe is reported as such (untrusted.tree_problems), not as missing.
        if any(year_dir.glob("*.md")) and not (index.is_file() or special_file_kind(index)):
            shown = year_dir.relative_to(layout.root).as_posix()
            report.problems.append(
                Problem(f"{shown}/index.md", 1, "year-index", Message(N_("year folder {folder}/ has no index.md; create it with the same content as another year's index.md"), folder=shown))
            )

    read = read_archive(layout, registry, today, markdown=markdown)
    report.files = len(read.files)
    report.problems.extend(read.problems)
    report.statements.extend(f.statement for f in read.files if f.statement is not None)
    report.problems.extend(archival_problems(layout, read, report))
    report.problems.extend(translation_problems(read))
    report.problems.extend(same_page_problems(Placed(f.statement, f.path, f.field_lines.get("place", 1)) for f in read.files if f.statement is not None))
    if history:
        report.problems.extend(history_problems(layout, read, registry, today, report, markdown))
    report.problems.sort()
    return report


def archival_problems(layout: ArchiveLayout, read: ArchiveRead, report: CheckReport) -> list[Problem]:
    """The ledger, former ids and the originals' fixity."""
    problems: list[Problem] = []
    good = [f for f in read.files if f.statement is not None]
    claims = [ledger_module.Claim(f.statement, f.path, f.field_lines.get("former_ids", 1)) for f in good if f.statement.former_ids]
    # A file on disk keeps its id even when its details have problems: those are reported on their own.
    present = {f.path.rsplit("/", 1)[-1][: -len(".md")] for f in read.files}
    problems += ledger_module.former_id_problems(claims, present)
    ledger = ledger_module.read_ledger(layout.root, layout.statements_dir)
    if ledger is not None:
        former = {sid for claim in claims for sid in claim.statement.former_ids}
        problems += ledger_module.ledger_problems(ledger, present, former, ledger_module.ledger_path(layout.statements_dir))
    else:
        report.notes.append(Message(NO_LEDGER, path=ledger_module.ledger_path(layout.statements_dir)))
    report.unlisted = ledger_module.unlisted(ledger, (f.statement.id for f in good))
    for f in good:
        if f.statement.original is not None:
            result = check_original(layout.root, f.path, f.statement, f.field_lines.get("source", 1))
            report.fixity.append(result)
            if result.problem is not None:
                problems.append(result.problem)
    return problems


def translation_problems(read: ArchiveRead) -> list[Problem]:
    """Every ``translation_of`` names an original of another language."""
    good = [f for f in read.files if f.statement is not None]
    links = [translations.Link(f.statement, f.path, f.field_lines.get("translation_of", 1)) for f in good if f.statement.translation_of]
    present = {f.path.rsplit("/", 1)[-1][: -len(".md")] for f in read.files}
    return translations.link_problems(links, {f.statement.id: f.statement for f in good}, present)


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
