"""Validation of the whole archive without building it (pure Python).

``make check`` and ``solidarity-archive check`` run this; the Sphinx build runs
the same per-file rules, so both report the same messages.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from solidarity_archive.core import registry as registry_module
from solidarity_archive.core.model import Problem, Statement
from solidarity_archive.core.reader import ArchiveLayout, read_archive


@dataclass
class CheckReport:
    statements: list[Statement] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    files: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems


def check_archive(layout: ArchiveLayout, today: dt.date | None = None) -> CheckReport:
    today = today or dt.date.today()
    report = CheckReport()
    registry, problems = registry_module.load(layout.root / layout.registry_path, layout.registry_path)
    report.problems.extend(problems)

    base = layout.statements_folder
    for year_dir in sorted(p for p in base.iterdir() if p.is_dir()) if base.is_dir() else []:
        if any(year_dir.glob("*.md")) and not (year_dir / "index.md").is_file():
            shown = year_dir.relative_to(layout.root).as_posix()
            report.problems.append(
                Problem(f"{shown}/index.md", 1, "year-index", f"year folder {shown}/ has no index.md; create it with the same content as another year's index.md")
            )

    read = read_archive(layout, registry, today)
    report.files = len(read.files)
    report.problems.extend(read.problems)
    report.statements.extend(f.statement for f in read.files if f.statement is not None)
    report.problems.sort()
    return report
