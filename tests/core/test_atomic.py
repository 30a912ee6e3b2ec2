"""One writer that replaces a file whole or not at all (core/atomic.py)."""

from __future__ import annotations

import os

import pytest

from solidarity_archive.core.atomic import temporary_beside, write_atomically


def test_a_file_is_replaced_whole_and_keeps_its_permissions(tmp_path):
    path = tmp_path / "signatories.yaml"
    path.write_text("old\n", encoding="utf-8")
    os.chmod(path, 0o640)
    write_atomically(path, "new\r\nline\n")
    assert path.read_bytes() == b"new\r\nline\n"  # written as given, newlines untouched
    assert path.stat().st_mode & 0o777 == 0o640
    assert os.listdir(tmp_path) == ["signatories.yaml"]


def test_a_new_file_is_created(tmp_path):
    write_atomically(tmp_path / "draft.txt", "ñandú\n")
    assert (tmp_path / "draft.txt").read_text(encoding="utf-8") == "ñandú\n"


def test_a_refused_text_leaves_the_old_file_and_no_temporary_file(tmp_path):
    path = tmp_path / "signatories.yaml"
    path.write_text("old\n", encoding="utf-8")
    with pytest.raises(ValueError), temporary_beside(path, "broken\n") as temporary:
        assert temporary.parent == tmp_path and temporary.read_text(encoding="utf-8") == "broken\n"
        raise ValueError("refused")
    assert path.read_text(encoding="utf-8") == "old\n"
    assert os.listdir(tmp_path) == ["signatories.yaml"]
