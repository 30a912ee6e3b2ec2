"""The theme's files each page of the website loads: all but Font Awesome's script (``html/templates/layout.html``).

The theme's stylesheet draws the icons with Font Awesome's web fonts; its script, 1.5 MB that redraws
them as SVG, is left out. The layout drops the line of the theme's block that loads it: the first test
notices if the theme no longer writes it so (the layout was written against pydata-sphinx-theme 0.20.0),
the second that no page loads it and every page keeps the rest of the block. That the icons are drawn,
in Chromium: ``test_layout_browser.py``.
"""

from __future__ import annotations

from pathlib import Path

import pydata_sphinx_theme

MACROS = Path(pydata_sphinx_theme.__file__).parent / "theme/pydata_sphinx_theme/static/webpack-macros.html"


def test_the_theme_loads_font_awesome_s_script_in_a_line_of_its_own():
    lines = [line.strip() for line in MACROS.read_text(encoding="utf-8").splitlines() if "/fontawesome.js" in line]
    assert len(lines) == 1, lines
    assert lines[0].startswith("<script ") and lines[0].endswith("></script>"), lines


def test_no_page_loads_font_awesome_s_script_and_every_page_the_theme_s_others(archive_html):
    pages = sorted(path for path in archive_html.rglob("*.html") if "_static" not in path.relative_to(archive_html).parts)
    themed = 0
    for page in pages:
        text = page.read_text(encoding="utf-8")
        if "pydata-sphinx-theme.css" not in text:
            continue  # a page of the archive's own (the form's, a redirect), not the theme's
        themed += 1
        assert "fontawesome.js" not in text, page
        for kept in ("styles/theme.css", 'rel="preload" as="script"', "scripts/bootstrap.js", "scripts/pydata-sphinx-theme.js"):
            assert kept in text, (page, kept)
    assert themed > 20, (themed, len(pages))
