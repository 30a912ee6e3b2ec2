"""The ePub's templates against the installed Sphinx's: a Sphinx upgrade that changes them is noticed.

Sphinx's ePub templates have no blocks to extend. The NCX is Sphinx's own
(extended whole); the package and navigation documents are copies that name,
in their first comment, the hash of the Sphinx template they were copied
from and what they change. When Sphinx's template changes, this test fails:
carry the change into the copy, then record the new hash there.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest
import sphinx
from sphinx.builders.epub3 import Epub3Builder

from solidarity_archive.epub.builder import TEMPLATES

SPHINX_TEMPLATES = Path(Epub3Builder.template_dir)
COPIES = ("content.opf.jinja", "nav.xhtml.jinja")


@pytest.mark.parametrize("name", COPIES)
def test_each_copy_names_the_sphinx_template_it_was_copied_from(name):
    header = re.match(r"\{#-.*?-#\}", (TEMPLATES / name).read_text(encoding="utf-8"), re.S)
    assert header, f"{name} should open with a comment naming the Sphinx template it copies"
    recorded = re.search(r"sha256 ([0-9a-f]{64})", header.group(0)).group(1)
    installed = hashlib.sha256((SPHINX_TEMPLATES / name).read_bytes()).hexdigest()
    assert installed == recorded, (
        f"Sphinx {sphinx.__version__} changed epub3/{name} since solidarity_archive/epub/templates/{name} "
        f"was copied from it: carry the change over, then record the hash {installed} there"
    )


@pytest.mark.parametrize("name", ["container.xml", "mimetype"])
def test_files_copied_as_they_are_are_sphinx_s(name):
    assert (TEMPLATES / name).read_bytes() == (SPHINX_TEMPLATES / name).read_bytes()


def test_the_ncx_is_sphinx_s_own():
    ours = (TEMPLATES / "toc.ncx.jinja").read_text(encoding="utf-8")
    assert re.search(r'\{%-? extends "epub3/toc\.ncx\.jinja" %\}', ours)
    # The name it extends is found by Sphinx's template renderer, from Sphinx's templates folder.
    assert (SPHINX_TEMPLATES.parent / "epub3" / "toc.ncx.jinja").is_file()


def test_every_template_sphinx_renders_is_ours_or_sphinx_s():
    assert sorted(path.name for path in TEMPLATES.iterdir()) == sorted(path.name for path in SPHINX_TEMPLATES.iterdir())
