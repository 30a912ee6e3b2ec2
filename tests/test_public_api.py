"""The archive uses Sphinx's public API: no private attribute of a Sphinx object outside one module.

Where Sphinx has no public way, the use is kept in ``sphinx_ext/sphinx_private.py``
(with the Sphinx version it was written against, and its own tests); and the
standard domain is Sphinx's own, not replaced by the archive.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from sphinx.domains.std import StandardDomain

PACKAGE = Path(__file__).resolve().parent.parent / "solidarity_archive"
ISOLATED = PACKAGE / "sphinx_ext" / "sphinx_private.py"

#: Names the package gives Sphinx's and docutils' objects.
SPHINX_OBJECTS = (
    r"app|application|sphinx_app|env|environment|builder|config|conf|domain|domains|std|standard_domain|"
    r"index_domain|translator|translations|node|nodes|doctree|document|settings|registry|events|project|"
    r"theme|templates|catalog|self\.(?:app|env|builder|config|domain|document|translator|state|inliner)"
)
#: ``env._x``, ``app.builder._x``, ``getattr(anything but self, "_x")``, and ``from sphinx… import _x``.
PRIVATE = re.compile(
    rf"(?<![\w.])(?:{SPHINX_OBJECTS})(?:\.[a-z]\w*)*\._[a-z]\w*"
    r"|getattr\(\s*(?!self\s*,)[\w.]+\s*,\s*[\"']_[a-z]\w*"
    r"|from (?:sphinx|docutils)[\w.]* import [^\n]*\b_[A-Za-z]\w*"
    r"|(?:sphinx|docutils)(?:\.\w+)*\._[a-z]\w*"
)


def private_uses(text: str) -> list[str]:
    return [match.group(0) for match in PRIVATE.finditer(text)]


def test_the_scan_finds_what_it_looks_for():
    assert private_uses("std._terms") == ["std._terms"]
    assert private_uses("x = self.env.domains.standard_domain._labels") == ["self.env.domains.standard_domain._labels"]
    assert private_uses('chain = getattr(translator, "_fallback", None)') == ['getattr(translator, "_fallback']
    assert private_uses('chain = getattr(chain, "_fallback", None)') == ['getattr(chain, "_fallback']
    assert private_uses("from sphinx.locale import _TranslationProxy, get_translation") != []
    assert private_uses("app.builder._js_files") == ["app.builder._js_files"]
    assert private_uses("sphinx.locale._TranslationProxy") == []  # a class: caught by the import rule
    assert private_uses('self._lexicon; getattr(self, "_lexicon", None); env.tocs; from sphinx.locale import __') == []


def test_no_private_sphinx_attribute_outside_the_isolated_module():
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if path == ISOLATED:
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            found += [f"{path.relative_to(PACKAGE.parent)}:{number}: {use}" for use in private_uses(line)]
    assert found == []


@pytest.mark.sphinx("html", testroot="references")
def test_the_standard_domain_is_sphinxs_own(app):
    app.build()
    std = app.env.domains.standard_domain
    assert type(std) is StandardDomain
