"""The checks that look at more than one file, in the build: the same code as ``check``.

``core.checking.archive_wide`` holds them all (year pages, former ids and the ledger, the originals'
fixity, translations, two spellings of one place page, glossary terms differing only in case). The
command line gives it the files it read; the build gives it the statements of the environment, once
reading is over, on every build, so a problem is said again until it is fixed.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from solidarity_archive.core.checking import archive_wide
from solidarity_archive.core.model import Statement
from solidarity_archive.core.reader import ArchiveLayout
from solidarity_archive.sphinx_ext.config import archive_settings
from solidarity_archive.sphinx_ext.domain import get_domain
from solidarity_archive.sphinx_ext.warning import warn


@dataclass(frozen=True)
class BuiltFile:
    """A statement file of the environment, as ``archive_wide`` reads one."""

    path: str
    statement: Statement | None
    field_lines: Mapping[str, int]


def source_path(env, docname: str) -> str:
    """A document's source, relative to the project, with forward slashes."""
    return str(env.doc2path(docname, False)).replace("\\", "/")


def check_the_archive(app, env) -> list[str]:
    """``env-updated``: every archive-wide check, as ``check`` runs them."""
    settings = archive_settings(app.config)
    domain = get_domain(env)
    field_lines = domain.data["field_lines"]
    files = [
        BuiltFile(source_path(env, docname), domain.statements.get(docname), field_lines.get(docname, {}))
        for docname in sorted(env.found_docs)
        if settings.is_statement(docname)
    ]
    layout = ArchiveLayout(Path(app.srcdir), settings.statements_dir, settings.registry, settings.glossary)
    for problem in archive_wide(layout, files, whole_archive=not settings.dossier).problems:
        warn(problem, f"{Path(app.srcdir, problem.path)}:{problem.line}")
    return []
