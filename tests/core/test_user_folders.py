"""The user's folders for what no archive holds: drafts (state) and what is made again if lost (cache)."""

from __future__ import annotations

from pathlib import Path

import pytest

from solidarity_archive.core.user_folders import user_folder


@pytest.mark.parametrize(
    ("environ", "platform", "state", "cache"),
    [
        ({"HOME": "/home/ana"}, "linux", "/home/ana/.local/state/solidarity-archive", "/home/ana/.cache/solidarity-archive"),
        (
            {"HOME": "/home/ana", "XDG_STATE_HOME": "/state", "XDG_CACHE_HOME": "/cache"},
            "linux",
            "/state/solidarity-archive",
            "/cache/solidarity-archive",
        ),
        (
            {"HOME": "/Users/ana"},
            "darwin",
            "/Users/ana/Library/Application Support/solidarity-archive",
            "/Users/ana/Library/Caches/solidarity-archive",
        ),
        (
            {"HOME": "C:/Users/ana", "LOCALAPPDATA": "C:/Users/ana/AppData/Local"},
            "win32",
            "C:/Users/ana/AppData/Local/solidarity-archive",
            "C:/Users/ana/AppData/Local/solidarity-archive/Cache",
        ),
    ],
)
def test_each_kind_of_folder_is_where_the_system_keeps_it(environ, platform, state, cache):
    assert user_folder("state", environ, platform) == Path(state)
    assert user_folder("cache", environ, platform) == Path(cache)
