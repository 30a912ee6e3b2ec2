"""Finding the archive's folder and its settings from the command line."""

from __future__ import annotations

import sys
from pathlib import Path

from sphinx.config import Config
from sphinx.errors import ConfigError
from sphinx.util.tags import Tags

from solidarity_archive.cli.i18n import _
from solidarity_archive.core.languages import N_
from solidarity_archive.core.reader import ArchiveLayout
from solidarity_archive.core.settings import OPTIONS, SettingError, Settings

#: Every command's ``--root`` help (translated where the parser is built).
ROOT_HELP = N_("the archive's folder (the one with conf.py); default: the current folder or the nearest one above it")


def find_root(start: str | Path = ".") -> Path:
    """The nearest folder at or above ``start`` holding conf.py."""
    here = Path(start).resolve()
    for folder in (here, *here.parents):
        if (folder / "conf.py").is_file():
            return folder
    sys.exit(_("No conf.py found in {path} or above: run this inside the archive's folder, or pass --root.").format(path=here))


def read_settings(root: Path) -> Settings:
    """The archive's settings in conf.py, read by Sphinx as a build reads them (``tags`` included), and checked."""
    try:
        config = Config.read(root, overrides={}, tags=Tags())
    except ConfigError as error:
        sys.exit(f"{root / 'conf.py'}: {error}")
    for option in OPTIONS:
        config.add(option.name, option.default, option.rebuild, option.types, option.help)  # type: ignore[arg-type]  # option.rebuild is one of the rebuild kinds Sphinx names
    try:
        return Settings.from_values({option.name: getattr(config, option.name) for option in OPTIONS})
    except SettingError as error:
        sys.exit(f"{root / 'conf.py'}: {error}")


def find_layout(start: str | Path = ".") -> tuple[ArchiveLayout, Settings]:
    """The archive's layout and its settings."""
    root = find_root(start)
    settings = read_settings(root)
    return ArchiveLayout(root, settings.statements_dir, settings.registry, settings.glossary), settings
