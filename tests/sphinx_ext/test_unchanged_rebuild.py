"""A second build with nothing changed reads nothing and says nothing about the configuration.

The themes change options when they load (pydata-sphinx-theme and
sphinx-book-theme); Sphinx compares the configuration kept with the
environment to the next build's, so every build used to say "The
configuration has changed (4 options: ...)". Staff read that as a problem.
"""

from __future__ import annotations

import shutil

import pytest
from sphinx.util.console import strip_colors

from solidarity_archive.html.builders import SIDEBAR, THEME_LAYOUT


@pytest.mark.parametrize("builder", ["html", "epub"])
def test_a_second_build_with_nothing_changed_is_quiet(make_app, rootdir, tmp_path, builder):
    srcdir = tmp_path / "basic"
    shutil.copytree(rootdir / "test-basic", srcdir)
    first = make_app(builder, srcdir=srcdir)
    first.build()
    assert "reading sources" in strip_colors(first.status.getvalue())

    second = make_app(builder, srcdir=srcdir)
    read: list[str] = []
    second.connect("env-before-read-docs", lambda app, env, docnames: read.extend(docnames))
    second.build()
    status = strip_colors(second.status.getvalue())
    assert "loading pickled environment" in status
    assert "configuration has changed" not in status.lower()
    assert "0 added, 0 changed, 0 removed" in status
    assert read == []


def test_the_theme_still_has_its_values(make_app, rootdir, tmp_path):
    """What the theme sets is what the website gets: the permalink sign and the source suffix."""
    srcdir = tmp_path / "basic"
    shutil.copytree(rootdir / "test-basic", srcdir)
    app = make_app("html", srcdir=srcdir)
    assert app.config.html_permalinks_icon == "#"
    assert app.config.html_sourcelink_suffix == ""
    # The archive's header and sidebar (html/builders.py), the same at every build.
    assert app.builder.theme_options["navbar_persistent"] == ["archive-search-link"]
    assert app.config.html_theme_options == THEME_LAYOUT
    assert app.config.html_sidebars == {"**": SIDEBAR}
    # The themes' template folders, which they add to templates_path, reach the template loader.
    assert app.builder.templates.environment.get_template("navbar-icon-links.html")


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_html_settings_outputs_are_kept_by_read_the_same_all_build_long_and_in_the_next(make_app, rootdir, tmp_path, language):
    """What the pages are written with (``kept_outputs.html_settings``: the sidebar's kept variants, the facet pages, the
    feeds and open data are kept by it) reads the same before the first page is written and after the last, and in the
    next build of the same application, as make preview keeps it: the themes fill in their copy of the options while
    pages are written (the logo's addresses, the buttons' defaults), and a digest of that copy differed between the
    two, so that a kept application drew every sidebar again on its first edit."""
    from solidarity_archive.sphinx_ext.kept_outputs import html_settings

    srcdir = tmp_path / "basic"
    shutil.copytree(rootdir / "test-basic", srcdir)
    app = make_app("html", srcdir=srcdir, confoverrides={"language": language})
    seen: list[tuple[str, str]] = []
    app.connect("env-updated", lambda app, env: seen.append(("start", html_settings(app.builder))))
    app.connect("build-finished", lambda app, exception: seen.append(("end", html_settings(app.builder))))
    app.build()
    page = srcdir / "source" / "index.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nOne more sentence.\n", encoding="utf-8")
    app.build()
    assert [when for when, _ in seen] == ["start", "end", "start", "end"]
    assert len({settings for _, settings in seen}) == 1
    # Yet it reads the theme's own defaults: another default would be another digest.
    assert '"theme defaults"' in seen[0][1] and "navigation_with_keys" in seen[0][1]
