"""Validation of the whole archive without building it (pure Python).

``make check`` and ``solidarity-archive check`` run this; the Sphinx build runs
the same per-file rules, so both report the same messages.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from solidarity_archive.core import registry as registry_module
from solidarity_archive.core import untrusted
from solidarity_archive.core.model import Problem, Statement
from solidarity_archive.core.validation import read_statement


@dataclass(frozen=True)
class ArchiveLayout:
    """Where things are, relative to the project root (the folder of conf.py)."""

    root: Path
    statements_dir: str = "statements"
    registry_path: str = "source/signatories.yaml"


@dataclass
class CheckReport:
    statements: list[Statement] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    files: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems


def statement_files(layout: ArchiveLayout) -> Iterator[Path]:
    """Every statement source file, in path order (year indexes excluded)."""
    base = layout.root / layout.statements_dir
    for path in sorted(base.rglob("*.md")):
        if path.name != "index.md":
            yield path


def check_archive(layout: ArchiveLayout, today: dt.date | None = None) -> CheckReport:
    today = today or dt.date.today()
    report = CheckReport()
    registry, problems = registry_module.load(layout.root / layout.registry_path, layout.registry_path)
    report.problems.extend(problems)

    base = layout.root / layout.statements_dir
    for year_dir in sorted(p for p in base.iterdir() if p.is_dir()) if base.is_dir() else []:
        if any(year_dir.glob("*.md")) and not (year_dir / "index.md").is_file():
            shown = year_dir.relative_to(layout.root).as_posix()
            report.problems.append(
                Problem(f"{shown}/index.md", 1, "year-index", f"year folder {shown}/ has no index.md; create it with the same content as another year's index.md")
            )

    tree_problems, files = untrusted.tree_problems(layout.root, statement_files(layout), layout.root / layout.statements_dir)
    report.problems.extend(tree_problems)
    for path in files:
        relative = path.relative_to(layout.root).as_posix()
        report.files += 1
        result = read_statement(
            path.read_bytes(),
            path=relative,
            docname=relative[: -len(".md")],
            registry=registry,
            today=today,
        )
        report.problems.extend(result.problems)
        if result.statement is not None:
            report.statements.append(result.statement)
    report.problems.sort()
    return report
