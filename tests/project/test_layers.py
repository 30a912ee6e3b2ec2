"""The package's layers: what a folder may import (see docs/design.md, whose table of layers is read from ``ALLOWED``).

``core/`` and ``formats/`` are plain Python: no Sphinx, no docutils, not even
inside a function. Arrows point down only: ``cli`` uses ``core`` and
``formats``; ``html`` and ``epub`` use ``sphinx_ext``, which uses ``formats``,
which uses ``core``. ``myst`` builds MyST's parser for statements over ``core``;
``cli`` and the Sphinx layers read statements with it. ``pipeline.py``, the
top of the extension, says what the build does and when: it imports the steps
of ``sphinx_ext``, ``html`` and ``epub``, and nothing imports it.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from paths import REPO

PACKAGE = REPO / "solidarity_archive"
NAME = PACKAGE.name

#: Each layer and the layers of the package it may import.
ALLOWED = {
    "core": {"core"},
    "formats": {"core", "formats"},
    # MyST's own parser, configured for statements: what check and the build both read a text with.
    "myst": {"core", "myst"},
    "sphinx_ext": {"core", "formats", "myst", "sphinx_ext"},
    "html": {"core", "formats", "myst", "sphinx_ext", "html"},
    "epub": {"core", "formats", "myst", "sphinx_ext", "epub"},
    "cli": {"core", "formats", "myst", "cli"},
    # The one module above html/, epub/ and sphinx_ext/: the order of the build.
    "pipeline": {"core", "formats", "myst", "sphinx_ext", "html", "epub"},
}
PURE = {"core", "formats"}
FRAMEWORKS = {"sphinx", "docutils", "myst_parser", "sphinx_book_theme", "pydata_sphinx_theme"}


def package_of(path: Path) -> str:
    return ".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts[:-1])


def imports(path: Path, package: str) -> list[tuple[int, str]]:
    """Every module ``path`` imports, at any depth (functions, conditionals), as absolute names."""
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            found.append((node.lineno, module))
            # ``from solidarity_archive import html`` names a layer too
            found += [(node.lineno, f"{module}.{alias.name}") for alias in node.names if module == NAME]
        elif isinstance(node, ast.Call) and getattr(node.func, "attr", getattr(node.func, "id", "")) in {"import_module", "__import__", "setup_extension"}:
            if node.args and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str):
                found.append((node.lineno, node.args[0].value))
    return found


def layer_files(layer: str) -> list[Path]:
    if (PACKAGE / f"{layer}.py").is_file():
        return [PACKAGE / f"{layer}.py"]
    return sorted((PACKAGE / layer).rglob("*.py"))


@pytest.mark.parametrize("layer", sorted(ALLOWED))
def test_a_layer_imports_only_the_layers_below_it(layer):
    assert layer_files(layer), f"no modules in {layer}/"
    wrong = []
    for path in layer_files(layer):
        for line, module in imports(path, package_of(path)):
            parts = module.split(".")
            if parts[0] == NAME and len(parts) > 1 and parts[1] in ALLOWED and parts[1] not in ALLOWED[layer]:
                wrong.append(f"{path.relative_to(PACKAGE)}:{line}: imports {module}")
            if layer in PURE and parts[0] in FRAMEWORKS:
                wrong.append(f"{path.relative_to(PACKAGE)}:{line}: imports {module} (core/ and formats/ are pure)")
    assert not wrong, "\n".join(wrong)


def test_every_module_sits_in_a_layer():
    loose = sorted(p.name for p in PACKAGE.glob("*.py") if p.name not in {"__init__.py", "__main__.py", "pipeline.py"})
    assert not loose, f"modules outside the layers: {loose}"


def test_the_walk_sees_lazy_and_relative_imports(tmp_path):
    # The check would be worthless if an import inside a function, or a relative one, went unseen.
    sample = tmp_path / "probe.py"
    sample.write_text(
        "def f():\n    from sphinx.util import logging\n    import docutils.nodes\n    from ..html import head\n    from .. import epub\n",
        encoding="utf-8",
    )
    found = [m for _, m in imports(sample, f"{NAME}.core")]
    assert found == ["sphinx.util", "docutils.nodes", f"{NAME}.html", f"{NAME}", f"{NAME}.epub"]
