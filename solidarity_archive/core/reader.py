"""The one reader of the archive's statement files, outside a build (pure).

``check``, ``list`` and the dossier selection all read the archive through
``read_archive``: the same files (statement files inside the archive's tree,
year indexes left out), the same rules as the build, the same problems.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from solidarity_archive.core import untrusted
from solidarity_archive.core.model import Problem, Statement
from solidarity_archive.core.registry import Registry
from solidarity_archive.core.statement_text import Parse
from solidarity_archive.core.validation import read_statement


@dataclass(frozen=True)
class ArchiveLayout:
    """Where things are, relative to the project root (the folder of conf.py)."""

    root: Path
    statements_dir: str = "statements"
    registry_path: str = "source/signatories.yaml"
    glossary_path: str = "source/glossary.md"

    @property
    def statements_folder(self) -> Path:
        return self.root / self.statements_dir


@dataclass(frozen=True)
class StatementFile:
    """One statement file as read: its record and text, or the problems that refuse it."""

    path: str  # relative to the root, with forward slashes
    statement: Statement | None
    body: str | None
    problems: tuple[Problem, ...]
    #: The line of each top-level frontmatter key.
    field_lines: dict[str, int] = field(default_factory=dict)


@dataclass
class ArchiveRead:
    files: list[StatementFile] = field(default_factory=list)
    #: Files refused before reading: outside the archive's tree, or a duplicate id.
    tree_problems: list[Problem] = field(default_factory=list)

    @property
    def problems(self) -> list[Problem]:
        return sorted([*self.tree_problems, *(p for f in self.files for p in f.problems)])

    def published(self) -> list[tuple[Statement, str]]:
        """(statement, text) of every statement the build would publish, oldest first."""
        found = [(f.statement, f.body) for f in self.files if f.statement is not None and f.body is not None]
        return sorted(found, key=lambda pair: pair[0].sort_key)


def statement_files(layout: ArchiveLayout) -> Iterator[Path]:
    """Every statement source file, in path order (year indexes excluded)."""
    for path in sorted(layout.statements_folder.rglob("*.md")):
        if path.name != "index.md":
            yield path


def read_archive(
    layout: ArchiveLayout,
    registry: Registry,
    today: dt.date,
    progress: Callable[[int, int], None] | None = None,
    *,
    markdown: Parse,
) -> ArchiveRead:
    """Read every statement file that is safe to read; ``progress(done, total)`` after each.

    ``markdown``: MyST's parser, as the build reads the text (``solidarity_archive.myst``).
    """
    read = ArchiveRead()
    read.tree_problems, paths = untrusted.tree_problems(layout.root, statement_files(layout), layout.statements_folder)
    for number, path in enumerate(paths, start=1):
        relative = path.relative_to(layout.root).as_posix()
        result = read_statement(
            path.read_bytes(), path=relative, docname=relative[: -len(".md")], registry=registry, today=today, markdown=markdown, folder=path.parent
        )
        body = result.split.body if result.split is not None else None
        read.files.append(StatementFile(relative, result.statement, body, tuple(result.problems), result.field_lines or {}))
        if progress is not None:
            progress(number, len(paths))
    return read
