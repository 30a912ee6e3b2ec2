"""The publishing recipes parse, and call make targets that exist."""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess

import pytest
import yaml
from archive_copy import REPO


def make_commands(lines: list[str]) -> list[list[str]]:
    """The targets of every ``make …`` command line (variables left out)."""
    commands = []
    for line in lines:
        words = shlex.split(line)
        if words and words[0] == "make":
            commands.append([word for word in words[1:] if "=" not in word])
    return commands


def assert_targets_exist(targets: list[str]) -> None:
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    for target in targets:
        assert re.search(rf"^{re.escape(target)}:", makefile, re.M), f"make {target}: no such target"
    if shutil.which("make"):
        dry_run = subprocess.run(["make", "-n", *targets], cwd=REPO, capture_output=True, text=True, check=False)
        assert dry_run.returncode == 0, dry_run.stderr


def test_read_the_docs_builds_html_and_epub():
    config = yaml.safe_load((REPO / ".readthedocs.yaml").read_text(encoding="utf-8"))
    assert config["version"] == 2
    commands = config["build"]["commands"]
    targets = [target for command in make_commands(commands) for target in command]
    assert {"check", "html", "epub"} <= set(targets)
    assert_targets_exist(targets)
    assert any("$READTHEDOCS_OUTPUT/html" in c and "_build/html" in c for c in commands)
    assert any("$READTHEDOCS_OUTPUT/epub" in c and "_build/epub/" in c for c in commands)
    assert any("archive_base_url=$READTHEDOCS_CANONICAL_URL" in c for c in commands)


def test_github_pages_workflow_builds_and_deploys():
    workflow = yaml.safe_load((REPO / ".github/workflows/pages.yml").read_text(encoding="utf-8"))
    triggers = workflow.get("on", workflow.get(True))  # YAML 1.1 reads the key 'on' as true
    assert triggers["push"]["branches"] == ["main"]
    assert workflow["permissions"]["pages"] == "write"
    build = workflow["jobs"]["build"]["steps"]
    runs = [step["run"] for step in build if "run" in step]
    targets = [target for command in make_commands(runs) for target in command]
    assert {"check", "html"} <= set(targets)
    assert_targets_exist(targets)
    upload = next(step for step in build if step.get("uses", "").startswith("actions/upload-pages-artifact"))
    assert upload["with"]["path"] == "_build/html"
    deploy = workflow["jobs"]["deploy"]
    assert deploy["needs"] == "build"
    assert deploy["steps"][0]["uses"].startswith("actions/deploy-pages")


@pytest.mark.parametrize("recipe", [".readthedocs.yaml", ".github/workflows/pages.yml"])
def test_the_documentation_describes_each_recipe(recipe):
    page = (REPO / "docs/parts/publishing.md").read_text(encoding="utf-8")
    assert page.startswith("# Publishing the website")
    assert recipe in page


@pytest.mark.parametrize("recipe", [".readthedocs.yaml", ".github/workflows/pages.yml"])
def test_each_recipe_says_how_to_publish_both_interfaces(recipe):
    """The comment names the target and the folder to publish, and the addresses it keeps."""
    comments = " ".join(line.split("#", 1)[1].strip() for line in (REPO / recipe).read_text(encoding="utf-8").splitlines() if line.strip().startswith("#"))
    assert "make html-bilingual" in comments
    assert "_build/bilingual" in comments
    assert "these same addresses" in comments and "under es/" in comments
    assert "/en/" not in comments
    assert_targets_exist(["html-bilingual"])  # where it builds each interface: test_bilingual_browser
