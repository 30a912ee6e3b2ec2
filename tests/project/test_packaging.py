"""The two set-up commands and CI stay wired together."""

from __future__ import annotations

import os
import re

import pytest


def test_ci_runs_the_readme_test_command(repo):
    readme = (repo / "README.md").read_text(encoding="utf-8")
    ci = (repo / ".ci/run").read_text(encoding="utf-8")
    assert "make html" in readme and "make test" in readme
    assert re.search(r"^make test$", ci, re.MULTILINE)


def test_every_dependency_is_pinned(repo):
    pyproject = (repo / "pyproject.toml").read_text(encoding="utf-8")
    pinned = {line.split("==")[0].lower().replace("_", "-") for line in (repo / "constraints.txt").read_text().splitlines() if "==" in line}
    declared = re.findall(r'^\s*"([A-Za-z0-9_.\-]+)(?:\[[^\]]*\])?[<>=!~]', pyproject, re.MULTILINE)
    assert declared, "no dependencies found in pyproject.toml"
    for name in declared:
        assert name.lower().replace("_", "-") in pinned, f"{name} has no exact version in constraints.txt"


def test_the_readme_is_short_and_every_path_it_names_exists(repo):
    """What the archive is, the two commands, where to read on: the rest is in the guide and docs/."""
    readme = (repo / "README.md").read_text(encoding="utf-8")
    assert len(readme.encode("utf-8")) <= 15_000
    assert "```\nmake html\nmake test\n```" in readme
    named = set(re.findall(r"`((?:docs|source|benchmarks|tests|locale|\.ci)/[^`*<>]*?|[A-Z]+\.md)`", readme))
    assert {"docs/index.md", "CHANGELOG.md", "benchmarks/log.md", "source/guide/signatories.md"} <= named
    for path in named:
        assert (repo / path.rstrip("/")).exists(), path


def test_under_ci_the_browser_tests_run_in_chromium_s_headless_shell():
    """CI installs the headless shell (``.ci/run``) and the suite chooses it (``tests/browser.py``): the browser
    tests' processor time, a third less than in the whole browser, does not come back unnoticed."""
    from browser import HEADLESS_SHELL

    if not os.environ.get("CI"):
        pytest.skip("CI installs Chromium's headless shell; here the browser tests use whichever Chromium there is")
    assert os.environ.get("CHROMIUM") == HEADLESS_SHELL
