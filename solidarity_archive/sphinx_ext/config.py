"""The archive's settings: each declared once, with its default and meaning."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Option:
    name: str
    default: object
    rebuild: str
    help: str


OPTIONS = (
    Option("archive_base_url", "", "html", "Public address of the archive, e.g. 'https://example.org/archive/'. Canonical links and citations start with it."),
    Option("archive_title", "Statements archive", "html", "The archive's name, shown on its pages and in the ePub."),
    Option("archive_publisher", "", "html", "Who publishes the archive (ePub and citation metadata)."),
    Option("archive_statements_dir", "statements", "env", "Folder, relative to conf.py, holding one subfolder of statements per year."),
    Option("archive_registry", "source/signatories.yaml", "env", "The signatory registry, relative to conf.py."),
    Option("archive_glossary", "source/glossary.md", "env", "The glossary page, relative to conf.py: its terms and their other names are linked in statements."),
    Option("archive_dossier", {}, "env", "Set by the dossier command, not in conf.py: title, name, description, ids of the chosen statements and an optional introduction file."),
    Option("archive_today", None, "env", "Date (YYYY-MM-DD) that counts as today when checking for future dates; the real date when unset."),
)


def register(app) -> None:
    for option in OPTIONS:
        app.add_config_value(option.name, option.default, option.rebuild, description=option.help)
