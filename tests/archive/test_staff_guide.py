"""The guide for staff (source/guide/): built strictly in English and Spanish, every paragraph
translated, linked from the home page in both interfaces, and every command it shows run on a
copy of the archive, so the guide cannot drift from the tools."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from archive_copy import REPO, copy_archive
from bs4 import BeautifulSoup
from paths import DATA

pytestmark = pytest.mark.slow  # the real archive, built in both languages and checked

GUIDE = REPO / "source" / "guide"
PAGES = sorted(path.stem for path in GUIDE.glob("*.md"))
FILES = DATA / "guide"
SEED = "statements/2016/2016-01-19-us-organizations-demand-justice.md"

# Commands the guide shows that wait for a person: they are not run.
WAITS = {
    "make new": "asks its questions in a terminal",
    "make preview": "serves the site until stopped",
    ".venv/bin/solidarity-archive import carta.txt --add-signatories": "asks before writing",
}

# What a page's commands need that an earlier page of the guide made: publishing sends the
# statement that "Adding a statement" creates.
NEEDS = {"publish": ("add", ".venv/bin/solidarity-archive new --title")}


def fences(markdown: str) -> list[tuple[str, str]]:
    """(language, content) of every fenced code block of a MyST page."""
    return [(match[1], match[2]) for match in re.finditer(r"^```(\S*)\n(.*?)^```$", markdown, re.S | re.M)]


def commands(page: str) -> list[str]:
    """The commands of a page's ``sh`` blocks, in order: one a line, comments left out."""
    found = []
    for language, content in fences((GUIDE / f"{page}.md").read_text(encoding="utf-8")):
        if language == "sh":
            found.extend(line for line in content.splitlines() if line.strip() and not line.lstrip().startswith("#"))
    return found


@pytest.fixture(scope="module")
def sites(archive_html, archive_html_es) -> dict[str, Path]:
    return {"en": archive_html, "es": archive_html_es}


def page(site: Path, name: str) -> BeautifulSoup:
    return BeautifulSoup((site / f"source/{name}.html").read_text(encoding="utf-8"), "html.parser")


def text_blocks(soup: BeautifulSoup) -> list[str]:
    """The article's headings, paragraphs, list items and table cells, code blocks left out."""
    article = soup.select_one("article")
    for block in article.select("div.highlight, pre, a.headerlink"):
        block.decompose()
    blocks = []
    for element in article.select("h1, h2, h3, p, li, th, td"):
        if element.find(["p", "ul", "ol"]):
            continue  # its paragraphs are blocks of their own
        blocks.append(" ".join(element.get_text(" ").split()))
    return blocks


def prose(element_text: str, codes: list[str]) -> str:
    """What a block says besides its code: empty for a block that is only code and punctuation."""
    for code in sorted(codes, key=len, reverse=True):
        element_text = element_text.replace(code, " ")
    return re.sub(r"[\W\d_]+", "", element_text)


def test_every_guide_page_is_built_in_both_languages(sites):
    for language, site in sites.items():
        for name in PAGES:
            assert (site / f"source/guide/{name}.html").is_file(), (language, name)
    assert page(sites["en"], "guide/index").h1.get_text(strip=True).rstrip("#") == "Guide for staff"
    assert page(sites["es"], "guide/index").h1.get_text(strip=True).rstrip("#") == "Guía para el personal"


@pytest.mark.parametrize("name", PAGES)
def test_spanish_guide_leaves_no_paragraph_untranslated(sites, name):
    english, spanish = page(sites["en"], f"guide/{name}"), page(sites["es"], f"guide/{name}")
    codes = [code.get_text() for code in english.select("article code")]
    english_blocks, spanish_blocks = text_blocks(english), text_blocks(spanish)
    assert len(english_blocks) == len(spanish_blocks) > 3
    untranslated = [block for block, other in zip(english_blocks, spanish_blocks, strict=True) if block == other and prose(block, codes)]
    assert untranslated == []
    assert spanish.html["lang"] == "es"


def code_blocks(soup: BeautifulSoup, kinds=("sh", "yaml", "markdown")) -> list[tuple[list[str], list[str]]]:
    """(lines, comment lines) of the article's code blocks of those kinds: commands and files."""
    blocks = []
    for block in soup.select("article div[class*=highlight-]"):
        if not any(f"highlight-{kind}" in block["class"] for kind in kinds):
            continue
        lines = block.select_one("pre").get_text().splitlines()
        comments = [line for line in lines if line.lstrip().startswith("#") and "highlight-sh" in block["class"]]
        blocks.append(([line for line in lines if line not in comments], comments))
    return blocks


@pytest.mark.parametrize("name", PAGES)
def test_spanish_guide_shows_the_same_commands_and_files(sites, name):
    english, spanish = code_blocks(page(sites["en"], f"guide/{name}")), code_blocks(page(sites["es"], f"guide/{name}"))
    assert [lines for lines, _ in spanish] == [lines for lines, _ in english]
    # Only a command's comments are written in Spanish.
    for (_, english_comments), (_, spanish_comments) in zip(english, spanish, strict=True):
        assert len(spanish_comments) == len(english_comments)
        assert not set(spanish_comments) & set(english_comments)


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_messages_the_guide_shows_are_the_checks(sites, tmp_path, language):
    """The check's messages on the guide's example statement, with the guide's two mistakes, are
    the very lines the guide shows, in each interface's language."""
    [shown] = [pre.get_text() for pre in page(sites[language], "guide/check").select("article div.highlight-text pre")]
    work = copy_archive(tmp_path / "archive")
    [example] = blocks_of("add", "markdown")
    (work / "statements/2017").mkdir()
    (work / "statements/2017/2017-03-22-alto-a-la-mineria.md").write_text(
        example.replace("date: 2017-03-22", "date: 2017-02-30").replace("  - share\n", "  - shar\n"), encoding="utf-8"
    )
    (work / "statements/2017/index.md").write_text((work / "statements/2016/index.md").read_text().replace("2016", "2017"))
    result = subprocess.run([str(REPO / ".venv/bin/solidarity-archive"), "--lang", language, "check"], cwd=work, capture_output=True, text=True, check=False)
    assert result.returncode == 1
    assert result.stdout.splitlines() == shown.splitlines()


@pytest.mark.parametrize(("language", "link_text", "caption"), [("en", "guide for staff", "For staff"), ("es", "guía para el personal", "Para el personal")])
def test_home_page_links_to_the_guide(sites, language, link_text, caption):
    home = page(sites[language], "index")
    article_links = {a.get_text(" ", strip=True): a["href"] for a in home.select("article a[href]")}
    assert article_links[link_text] == "guide/index.html"
    sidebar = home.select_one(".bd-sidebar-primary nav")
    captions = [c.get_text(strip=True) for c in sidebar.select("p.caption")]
    assert caption in captions
    assert any(a["href"] == "guide/index.html" for a in sidebar.select("a[href]"))
    # Every page of the guide is reached from its first page.
    first = page(sites[language], "guide/index")
    reached = {a["href"] for a in first.select("article a[href]")}
    assert {f"{name}.html" for name in PAGES if name != "index"} <= reached


def archive_to_work_in(tmp_path: Path) -> Path:
    """A copy of the archive as staff have it: a Git checkout with the Makefile, the package's
    environment, the translations and a remote to push to, plus the files the guide's commands use."""
    work = copy_archive(tmp_path / "archive")
    for name in ("Makefile", "pyproject.toml", "constraints.txt", "setup.py", ".gitignore"):
        shutil.copy2(REPO / name, work / name)
    shutil.copytree(REPO / "locale", work / "locale")
    (work / ".venv").symlink_to(REPO / ".venv")
    git = ["git", "-c", "user.name=Staff", "-c", "user.email=staff@example.org", "-C", str(work)]
    subprocess.run(["git", "init", "-q", "-b", "main", str(work)], check=True)
    subprocess.run([*git, "add", "."], check=True)
    subprocess.run([*git, "commit", "-q", "-m", "The archive"], check=True)
    subprocess.run(["git", "init", "-q", "--bare", str(tmp_path / "origin.git")], check=True)
    subprocess.run([*git, "remote", "add", "origin", str(tmp_path / "origin.git")], check=True)
    for file in FILES.iterdir():
        if file.name != "README.md":
            shutil.copy2(file, work / file.name)
    return work


def run(command: str, work: Path, home: Path) -> subprocess.CompletedProcess:
    # The Makefile's environment is the archive's own: never set up again in the copy.
    command = re.sub(r"^make ", "make -o .venv/.installed ", command)
    env = {**os.environ, "HOME": str(home), "GIT_CONFIG_NOSYSTEM": "1", "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8"}
    env.pop("GIT_DIR", None)
    return subprocess.run(["bash", "-c", command], cwd=work, env=env, capture_output=True, text=True, timeout=900, check=False)


@pytest.mark.parametrize("name", [page for page in PAGES if commands(page)])
def test_every_command_of_the_guide_runs(tmp_path, name):
    shown = commands(name)
    work = archive_to_work_in(tmp_path)
    home = tmp_path / "home"
    home.mkdir()
    ran = 0
    before = []
    if name in NEEDS:
        other, start = NEEDS[name]
        before = [command for command in commands(other) if command.startswith(start)]
        assert len(before) == 1
    for command in [*before, *shown]:
        if command in WAITS:
            continue
        result = run(command, work, home)
        assert result.returncode == 0, f"{command}\n{result.stdout}\n{result.stderr}"
        ran += 1
    assert ran
    check = run(".venv/bin/solidarity-archive check", work, home)
    assert check.returncode == 0, check.stdout + check.stderr


def test_commands_that_wait_are_still_in_the_guide():
    shown = {command for name in PAGES for command in commands(name)}
    assert set(WAITS) <= shown


def blocks_of(name: str, language: str) -> list[str]:
    return [content for lang, content in fences((GUIDE / f"{name}.md").read_text(encoding="utf-8")) if lang == language]


def frontmatter_with(statement: Path, addition: str) -> None:
    text = statement.read_text(encoding="utf-8")
    head, rest = text.split("\n---\n", 1)
    statement.write_text(f"{head}\n{addition.rstrip()}\n---\n{rest}", encoding="utf-8")


def check(work: Path) -> subprocess.CompletedProcess:
    return subprocess.run([str(REPO / ".venv/bin/solidarity-archive"), "check"], cwd=work, capture_output=True, text=True, check=False)


def test_the_statement_file_the_guide_shows_is_accepted(tmp_path):
    work = copy_archive(tmp_path / "archive")
    [example] = blocks_of("add", "markdown")
    folder = work / "statements/2017"
    folder.mkdir()
    (folder / "2017-03-22-alto-a-la-mineria.md").write_text(example, encoding="utf-8")
    (folder / "index.md").write_text((work / "statements/2016/index.md").read_text().replace("2016", "2017"))
    result = check(work)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("field", ["corrections", "withdrawn"])
def test_the_changes_after_publication_the_guide_shows_are_accepted(tmp_path, field):
    work = copy_archive(tmp_path / "archive")
    [snippet] = [block for block in blocks_of("correct", "yaml") if block.startswith(field)]
    frontmatter_with(work / SEED, snippet)
    result = check(work)
    assert result.returncode == 0, result.stdout + result.stderr


def test_a_former_id_as_the_guide_shows_it_is_accepted(tmp_path):
    work = copy_archive(tmp_path / "archive")
    [snippet] = [block for block in blocks_of("correct", "yaml") if block.startswith("former_ids")]
    frontmatter_with(work / SEED, snippet.replace("2017-03-02-alto-a-la-mineria", "2016-01-18-us-organizations-demand-justice"))
    result = check(work)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_registry_entries_the_guide_shows_are_accepted(tmp_path):
    work = copy_archive(tmp_path / "archive")
    registry = work / "source/signatories.yaml"
    known = yaml.safe_load(registry.read_text(encoding="utf-8"))
    for block in blocks_of("signatories", "yaml"):
        entries = yaml.safe_load(block)
        for key, entry in entries.items():
            if key in known:
                assert entry == known[key]  # the guide quotes the registry as it is
            else:
                registry.write_text(registry.read_text(encoding="utf-8").rstrip("\n") + "\n\n" + block, encoding="utf-8")
    result = check(work)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_original_and_the_translation_the_guide_show_are_the_seeds():
    [snippet] = blocks_of("originals", "yaml")
    assert snippet in (REPO / SEED).read_text(encoding="utf-8")
    assert blocks_of("translations", "yaml") == ["translation_of: 2016-01-19-us-organizations-demand-justice\n"]
