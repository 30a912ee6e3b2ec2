"""Every module reads the archive's settings through the one checked object, ``archive_settings``."""

from __future__ import annotations

import ast

import pytest
from paths import REPO

from solidarity_archive.core.settings import OPTIONS, SettingError, Settings

PACKAGE = REPO / "solidarity_archive"
#: The module that registers the options and makes the checked object.
SETTINGS_MODULE = PACKAGE / "sphinx_ext" / "config.py"


def archive_reads(tree: ast.AST) -> list[tuple[int, str]]:
    """``<anything>.archive_x`` read (not assigned) from an object named like a configuration."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and node.attr.startswith("archive_") and isinstance(node.ctx, ast.Load):
            owner = node.value
            name = owner.attr if isinstance(owner, ast.Attribute) else getattr(owner, "id", "")
            if name in {"config", "cfg", "conf"}:
                found.append((node.lineno, node.attr))
    return found


def test_the_scan_finds_a_direct_read():
    assert archive_reads(ast.parse("x = app.config.archive_title\ny = config.archive_base_url")) == [(1, "archive_title"), (2, "archive_base_url")]
    assert archive_reads(ast.parse("config.archive_title = 'Dossier'")) == []


def test_no_module_reads_an_archive_setting_from_the_configuration():
    offenders = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if path == SETTINGS_MODULE:
            continue
        for line, attr in archive_reads(ast.parse(path.read_text(encoding="utf-8"))):
            offenders.append(f"{path.relative_to(PACKAGE.parent)}:{line}: {attr}")
    assert offenders == [], "read it through archive_settings(config) instead:\n" + "\n".join(offenders)


def test_every_setting_is_declared_once_and_sets_a_field():
    names = [option.name for option in OPTIONS]
    assert len(names) == len(set(names))
    fields = set(Settings.__dataclass_fields__)
    assert {option.attribute for option in OPTIONS} == fields


def test_every_field_is_read_somewhere_in_the_package():
    """A setting that no module reads is a setting that does nothing."""
    source = "\n".join(path.read_text(encoding="utf-8") for path in PACKAGE.rglob("*.py") if path.name != "settings.py")
    # ``today`` is read through Settings.current_date().
    fields = [name for name in Settings.__dataclass_fields__ if name != "today"]
    unread = [name for name in fields if f".{name}" not in source]
    assert unread == []
    assert ".current_date()" in source


@pytest.mark.parametrize(
    ("name", "value"),
    [("archive_cms", "yes"), ("archive_cms_proxy_port", 70000), ("archive_cms_check_port", True), ("archive_cms_backend", "github"), ("archive_cms_bundle", 3)],
)
def test_the_form_settings_are_checked_like_the_others(name, value):
    with pytest.raises(SettingError) as caught:
        Settings.from_values({name: value})
    assert caught.value.name == name and repr(value) in str(caught.value)
