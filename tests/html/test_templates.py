"""The archive's own markup is written in templates: each folder's environment is made once,
its words are the catalog's, and the writing phase (html/) defines no directive."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_file
from babel.messages.pofile import read_po

from solidarity_archive.formats import templating
from solidarity_archive.formats.charts import year_chart
from solidarity_archive.html import assets
from solidarity_archive.sphinx_ext.i18n import CATALOG, LOCALE_DIR

PACKAGE = Path(templating.__file__).resolve().parent.parent
FOLDERS = {
    "formats/templates": templating._own_environment,
    "html/fragments": assets._fragments,
}
TEMPLATES = sorted(path for folder in FOLDERS for path in (PACKAGE / folder).iterdir() if path.is_file())


@pytest.mark.parametrize("folder", sorted(FOLDERS))
def test_one_environment_per_folder(folder):
    """A build renders thousands of fragments: the environment, and each compiled template, are made once."""
    environment = FOLDERS[folder]()
    assert FOLDERS[folder]() is environment
    assert environment.autoescape is True
    name = next(path.name for path in TEMPLATES if path.parent.name == folder.rsplit("/", 1)[-1])
    assert environment.get_template(name) is environment.get_template(name)


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda path: path.name)
def test_every_word_of_a_template_is_in_the_catalog(path):
    """``_("…")`` in a template is extracted (babel.cfg) and translated in Spanish."""
    with (LOCALE_DIR / "es" / "LC_MESSAGES" / f"{CATALOG}.po").open("rb") as handle:
        spanish = {message.id: message.string for message in read_po(handle, locale="es") if message.id}
    words = [message for _line, message, _comments, _context in extract_from_file("jinja2", str(path))]
    for message in words:
        assert spanish.get(message), f"{path.name}: {message!r} has no Spanish translation"
    if path.name in {"cite-box.html", "chart.html.j2", "interface-switcher.html"}:
        assert words, f"{path.name} should say its words through the catalog"
    babel_cfg = (PACKAGE.parent / "babel.cfg").read_text(encoding="utf-8")
    assert f"[jinja2: solidarity_archive/{path.parent.relative_to(PACKAGE).as_posix()}/**" in babel_cfg


def test_the_chart_has_no_whitespace_between_its_elements():
    markup = year_chart({2001: 2, 2004: 4, 2010: 1}, lambda year: f"../{year}/index.html" if year % 2 else None, "c")
    assert not re.search(r">\s+<", markup)
    assert markup.startswith('<figure class="statement-chart" id="c">') and markup.endswith("</figure>")
    assert markup.count("<a ") == 1 and markup.count('<g role="img"') == 2


def test_the_writing_phase_defines_no_directive():
    """Directives run while a page is read: they belong in sphinx_ext/, not in html/."""
    for module in sorted((PACKAGE / "html").glob("*.py")):
        source = module.read_text(encoding="utf-8")
        tree = ast.parse(source)
        bases = [ast.unparse(base) for node in ast.walk(tree) if isinstance(node, ast.ClassDef) for base in node.bases]
        assert not [base for base in bases if base.endswith("Directive")], module.name
        assert "add_directive(" not in source, module.name
