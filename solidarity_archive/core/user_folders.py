"""The user's own folders for the archive's files outside any archive (pure Python, no Sphinx).

Two kinds, each where the system keeps such files for a program:

- ``state``: what a person would not want to lose, but no archive holds (the
  drafts of ``new``): ``$XDG_STATE_HOME/solidarity-archive`` when that is set,
  else ``~/.local/state/…`` (Linux), ``~/Library/Application Support/…``
  (macOS), ``%LOCALAPPDATA%\\…`` (Windows);
- ``cache``: what is made again if it is lost (Pagefind's files compressed,
  ``formats/search_bundle.py``): ``$XDG_CACHE_HOME/solidarity-archive`` when that
  is set, else ``~/.cache/…`` (Linux), ``~/Library/Caches/…`` (macOS),
  ``%LOCALAPPDATA%\\solidarity-archive\\Cache`` (Windows).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Literal

APP = "solidarity-archive"


def user_folder(kind: Literal["state", "cache"], environ: Mapping[str, str] | None = None, platform: str | None = None) -> Path:
    """The folder of ``kind`` for this user (see the module's docstring); not made here."""
    environ = os.environ if environ is None else environ
    platform = platform or sys.platform
    home = Path(environ.get("HOME") or Path.home())
    variable = "XDG_STATE_HOME" if kind == "state" else "XDG_CACHE_HOME"
    if environ.get(variable):
        return Path(environ[variable]) / APP
    if platform == "win32":
        local = Path(environ.get("LOCALAPPDATA") or home / "AppData" / "Local") / APP
        return local if kind == "state" else local / "Cache"
    if platform == "darwin":
        return home / "Library" / ("Application Support" if kind == "state" else "Caches") / APP
    return home / (".local/state" if kind == "state" else ".cache") / APP
