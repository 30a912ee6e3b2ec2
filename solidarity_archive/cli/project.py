"""Finding the archive's folder and its settings from the command line."""

from __future__ import annotations

import runpy
import sys
from pathlib import Path

from solidarity_archive.core.checking import ArchiveLayout
from solidarity_archive.sphinx_ext.config import OPTIONS


def find_root(start: str | Path = ".") -> Path:
    """The nearest folder at or above ``start`` holding conf.py."""
    here = Path(start).resolve()
    for folder in (here, *here.parents):
        if (folder / "conf.py").is_file():
            return folder
    sys.exit(f"No conf.py found in {here} or above: run this inside the archive's folder, or pass --root.")


def read_settings(root: Path) -> dict:
    """The ``archive_*`` settings of conf.py, with the declared defaults filled in."""
    namespace = runpy.run_path(str(root / "conf.py"))
    return {option.name: namespace.get(option.name, option.default) for option in OPTIONS}


def find_layout(start: str | Path = ".") -> tuple[ArchiveLayout, dict]:
    """The archive's layout and its settings."""
    root = find_root(start)
    settings = read_settings(root)
    layout = ArchiveLayout(root, settings["archive_statements_dir"], settings["archive_registry"])
    return layout, settings
