"""The builders' templates are compiled once per user (``sphinx_ext/template_cache.py``), the pages unchanged."""

from __future__ import annotations

import shutil

import jinja2
import pytest
from sphinx.util.console import strip_colors

from solidarity_archive.sphinx_ext import template_cache


@pytest.fixture
def compiled(monkeypatch) -> list[str]:
    """The names of the templates the builders' environments compile (Sphinx's, sandboxed; not strings)."""
    names: list[str] = []
    compile_ = jinja2.Environment.compile

    def counting(self, source, name=None, filename=None, raw=False, defer_init=False):
        if isinstance(self, jinja2.sandbox.SandboxedEnvironment) and name is not None:
            names.append(name)
        return compile_(self, source, name, filename, raw, defer_init)

    monkeypatch.setattr(jinja2.Environment, "compile", counting)
    return names


def _build(make_app, rootdir, tmp_path, name: str, builder: str = "html", **kwargs):
    srcdir = tmp_path / name
    shutil.copytree(rootdir / "test-basic", srcdir)
    app = make_app(builder, srcdir=srcdir, freshenv=True, **kwargs)
    app.build()
    assert strip_colors(app.warning.getvalue()) == ""
    app.cleanup()
    return app


def _pages(app) -> dict[str, bytes]:
    return {path.relative_to(app.outdir).as_posix(): path.read_bytes() for path in sorted(app.outdir.rglob("*.html"))}


@pytest.mark.parametrize("language", ["en", "es"])
def test_a_second_build_compiles_no_template_and_writes_the_same_pages(make_app, rootdir, tmp_path, monkeypatch, compiled, language):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    first = _build(make_app, rootdir, tmp_path, "first", confoverrides={"language": language})
    assert {"layout.html", "page.html"} <= set(compiled)  # the theme's, compiled once
    compiled.clear()
    second = _build(make_app, rootdir, tmp_path, "second", confoverrides={"language": language})
    assert compiled == []
    assert _pages(second) == {name: data.replace(b"/first/", b"/second/") for name, data in _pages(first).items()}
    [folder] = (tmp_path / "cache" / "solidarity-archive" / template_cache.TEMPLATES_CACHE).iterdir()
    assert folder.name.startswith(f"jinja2-{jinja2.__version__}-")


def test_a_changed_template_is_compiled_again(make_app, rootdir, tmp_path, monkeypatch, compiled):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    _build(make_app, rootdir, tmp_path, "first")
    compiled.clear()
    srcdir = tmp_path / "changed"
    shutil.copytree(rootdir / "test-basic", srcdir)
    templates = srcdir / "_templates"
    templates.mkdir(exist_ok=True)
    (templates / "page.html").write_text('{% extends "!page.html" %}{% block body %}{{ super() }}<p>changed</p>{% endblock %}', encoding="utf-8")
    app = make_app("html", srcdir=srcdir, freshenv=True, confoverrides={"templates_path": ["_templates"]})
    app.build()
    assert "page.html" in compiled  # the project's, new
    assert "layout.html" not in compiled  # the theme's, the same
    assert "<p>changed</p>" in (app.outdir / "source/index.html").read_text(encoding="utf-8")


def test_a_cache_that_cannot_be_made_leaves_the_templates_compiled_per_build(make_app, rootdir, tmp_path, monkeypatch, compiled):
    blocked = tmp_path / "a-file"
    blocked.write_text("", encoding="utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocked))
    _build(make_app, rootdir, tmp_path, "first")
    compiled.clear()
    _build(make_app, rootdir, tmp_path, "second")
    assert "layout.html" in compiled


def test_the_folder_differs_with_what_changes_the_compiled_code():
    plain = jinja2.sandbox.SandboxedEnvironment(extensions=["jinja2.ext.i18n"])
    other = [
        jinja2.sandbox.SandboxedEnvironment(extensions=["jinja2.ext.i18n"], trim_blocks=True),
        jinja2.sandbox.SandboxedEnvironment(extensions=["jinja2.ext.i18n"], autoescape=True),
        jinja2.sandbox.SandboxedEnvironment(),
        jinja2.Environment(extensions=["jinja2.ext.i18n"]),
    ]
    assert len({template_cache._settings(environment) for environment in [plain, *other]}) == 5
    assert template_cache._settings(plain) == template_cache._settings(jinja2.sandbox.SandboxedEnvironment(extensions=["jinja2.ext.i18n"]))
