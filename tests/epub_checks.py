"""Reading a built ePub in tests: epubcheck, and the book opened for assertions."""

from __future__ import annotations

import os
import posixpath
import re
import shutil
import subprocess
import warnings
import zipfile
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from checkers import JAVA_SHORT_RUN

MISSING_EPUBCHECK = "epubcheck is not installed, so the ePub validity tests are skipped; install the Debian package 'epubcheck' (CI does) to run them"


def epubcheck_command() -> list[str] | None:
    """How to run epubcheck here: the Debian package installs a bare jar as /usr/bin/epubcheck."""
    found = shutil.which("epubcheck")
    jar = Path("/usr/share/java/epubcheck.jar")
    if found and Path(found).read_bytes()[:2] != b"PK":
        return [found]
    java = shutil.which("java")
    if java and (jar.is_file() or found):
        return [java, *JAVA_SHORT_RUN, "-jar", str(jar if jar.is_file() else Path(found).resolve())]
    return None


def run_epubcheck(book: Path) -> str:
    """epubcheck's report; skips (loudly) when epubcheck is missing, fails instead in CI."""
    command = epubcheck_command()
    if command is None:
        if os.environ.get("CI"):
            pytest.fail(MISSING_EPUBCHECK.replace("are skipped", "cannot run"))
        warnings.warn(MISSING_EPUBCHECK, stacklevel=2)
        pytest.skip(MISSING_EPUBCHECK)
    result = subprocess.run([*command, str(book)], capture_output=True, text=True, check=False)
    report = result.stdout + result.stderr
    assert result.returncode == 0, report
    assert "Messages: 0 fatals / 0 errors / 0 warnings" in report, report
    return report


class Book:
    """An ePub opened for assertions."""

    def __init__(self, path: Path):
        self.path = path
        with zipfile.ZipFile(path) as archive:
            self.files = {name: archive.read(name) for name in archive.namelist()}
        self.opf = self.text("content.opf")
        self.hrefs = dict(re.findall(r'<item id="([^"]+)" href="([^"]+)"', self.opf))

    def text(self, name: str) -> str:
        return self.files[name].decode("utf-8")

    def soup(self, name: str) -> BeautifulSoup:
        return BeautifulSoup(self.text(name), "html.parser")

    @property
    def reading_order(self) -> list[str]:
        return [self.hrefs[idref] for idref in re.findall(r'<itemref idref="([^"]+)"', self.opf)]

    def statement_pages(self) -> list[str]:
        """Statement pages in reading order (year indexes excluded)."""
        return [h for h in self.reading_order if re.fullmatch(r"statements/\d{4}/\d{4}-\d\d-\d\d-[^/]+\.xhtml", h)]

    def pages(self) -> list[str]:
        return [name for name in self.files if name.endswith(".xhtml")]


def assert_offline_and_script_free(book: Book) -> None:
    for name in book.pages():
        soup = book.soup(name)
        assert soup.find("script") is None, name
        assert soup.find("form") is None and soup.find("input") is None and soup.find("button") is None, name
        for tag in soup.find_all(["img", "link", "source", "audio", "video", "iframe"]):
            uri = tag.get("src") or tag.get("href") or ""
            assert "://" not in uri, f"{name}: remote resource {uri}"
    assert not [name for name in book.files if name.endswith(".js")]


def assert_internal_links_resolve(book: Book) -> None:
    """Every link inside the book names a file of the book (and an id in it)."""
    ids = {name: {tag["id"] for tag in book.soup(name).find_all(id=True)} for name in book.pages()}
    for name in book.pages():
        for link in book.soup(name).find_all("a", href=True):
            href = link["href"]
            if "://" in href or href.startswith("mailto:"):
                continue
            path, _, fragment = href.partition("#")
            target = posixpath.normpath(posixpath.join(posixpath.dirname(name), path)) if path else name
            assert target in book.files, f"{name}: {href}"
            if fragment and target in ids:
                assert fragment in ids[target], f"{name}: {href}"
