"""The two set-up commands and CI stay wired together."""

from __future__ import annotations

import re


def test_ci_runs_the_readme_test_command(repo):
    readme = (repo / "README.md").read_text(encoding="utf-8")
    ci = (repo / ".ci/run").read_text(encoding="utf-8")
    assert "make html" in readme and "make test" in readme
    assert re.search(r"^make test$", ci, re.MULTILINE)


def test_every_dependency_is_pinned(repo):
    pyproject = (repo / "pyproject.toml").read_text(encoding="utf-8")
    pinned = {
        line.split("==")[0].lower().replace("_", "-")
        for line in (repo / "constraints.txt").read_text().splitlines()
        if "==" in line
    }
    declared = re.findall(r'^\s*"([A-Za-z0-9_.\-]+)(?:\[[^\]]*\])?[<>=!~]', pyproject, re.MULTILINE)
    assert declared, "no dependencies found in pyproject.toml"
    for name in declared:
        assert name.lower().replace("_", "-") in pinned, f"{name} has no exact version in constraints.txt"
