# The maintainers' documentation of the statements archive: reference, design, performance,
# testing, contributing. Built with `make docs` (strict) into _build/docs. The archive's own
# website, with the guide for staff, is built from the repository's top folder (conf.py there).

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent / "_ext"))

project = "Solidarity Statements Archive: maintainers' documentation"
author = "The archive's maintainers"
copyright = "the archive's maintainers"

extensions = [
    "myst_parser",
    # Tables generated from the archive's code: commands, make targets, settings, fields.
    "archive_tables",
    # The design page's pipeline (from solidarity_archive.pipeline) and layers (from the layer test).
    "pipeline_table",
]

root_doc = "index"
source_suffix = {".md": "markdown"}
exclude_patterns = ["_build", "_ext"]
language = "en"
# Code blocks here are commands, trees and diagrams: shown as written.
highlight_language = "text"

# Quotes and ellipses typeset, dashes left alone: '--root' in a command's help stays two hyphens.
smartquotes_action = "qe"

myst_enable_extensions = ["deflist"]
# Links to a heading of another page: [words](design.md#the-pipeline).
myst_heading_anchors = 3

html_theme = "sphinx_book_theme"
html_title = "Statements archive: maintainers"
html_copy_source = False
html_show_sourcelink = False
html_theme_options = {
    "show_toc_level": 2,
    "use_download_button": False,
    "use_fullscreen_button": False,
}
# The reader's colour mode when none is kept yet: the system's. Without it the theme logs
# "Got invalid theme mode" as a console error on a first visit.
html_context = {"default_mode": "auto"}
html_static_path = ["_static"]
html_css_files = ["docs.css"]
