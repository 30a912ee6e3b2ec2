"""`check` and the build report the same located problems for a broken statement."""

from __future__ import annotations

import json

import pytest
from archive_copy import archive_cli, copy_archive, sphinx_build

BROKEN = """---
title: A broken statement
date: 2015-02-30
place: NO
signatories: [cispe]
language: en
tittle: x
---

Text.
"""

EXPECTED = [
    "statements/2015/2015-02-28-broken.md:3: date '2015-02-30' is not a real date (February 2015 has 28 days) [statement.date]",
    "statements/2015/2015-02-28-broken.md:4: place 'NO' is read as a yes/no value by YAML; put it in quotes: place: \"NO\" [statement.place]",
    "statements/2015/2015-02-28-broken.md:5: signatory 'cispe' is not in source/signatories.yaml; closest registry ids: cispes, cis [statement.signatory]",
    "statements/2015/2015-02-28-broken.md:7: unknown key 'tittle'; did you mean 'title'? (allowed: title, date, place, signatories, language, date_as_printed, kind, source, note, embargoed, former_ids, corrections, withdrawn, translation_of) [statement.unknown-key]",
]


def broken_archive(tmp_path):
    root = copy_archive(tmp_path / "archive")
    (root / "statements/2015").mkdir()
    (root / "statements/2015/index.md").write_text((root / "statements/2016/index.md").read_text())
    (root / "statements/2015/2015-02-28-broken.md").write_text(BROKEN)
    return root


def test_check_passes_on_the_real_archive(repo):
    result = archive_cli("check", cwd=repo)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no problems" in result.stdout


@pytest.mark.slow
def test_check_and_build_report_the_same_located_messages(tmp_path):
    root = broken_archive(tmp_path)

    checked = archive_cli("check", cwd=root)
    assert checked.returncode == 1
    assert checked.stdout.splitlines() == EXPECTED
    assert "4 problems" in checked.stderr

    built = sphinx_build(root, "html", tmp_path / "out")
    assert built.returncode != 0
    for line in EXPECTED:
        path_line, message = line.split(": ", 1)
        assert f"{root / path_line}: WARNING: {message}" in built.stderr


def test_check_json_lists_located_problems(tmp_path):
    root = broken_archive(tmp_path)
    result = archive_cli("check", "--format", "json", cwd=root)
    assert result.returncode == 1
    report = json.loads(result.stdout)
    assert report["ok"] is False
    assert [(p["path"], p["line"], p["type"]) for p in report["problems"]] == [
        ("statements/2015/2015-02-28-broken.md", 3, "statement.date"),
        ("statements/2015/2015-02-28-broken.md", 4, "statement.place"),
        ("statements/2015/2015-02-28-broken.md", 5, "statement.signatory"),
        ("statements/2015/2015-02-28-broken.md", 7, "statement.unknown-key"),
    ]


def test_missing_year_index_is_reported(tmp_path):
    root = broken_archive(tmp_path)
    (root / "statements/2015/index.md").unlink()
    result = archive_cli("check", cwd=root)
    assert "statements/2015/index.md:1: year folder statements/2015/ has no index.md" in result.stdout
