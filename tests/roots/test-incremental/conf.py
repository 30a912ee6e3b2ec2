project = "Test archive"
extensions = ["myst_parser", "solidarity_archive"]
root_doc = "source/index"
include_patterns = ["source/**", "statements/**"]
exclude_patterns = ["_build"]
archive_base_url = "https://archive.example.org/"
archive_today = "2026-01-01"
html_theme = "sphinx_book_theme"
templates_path = ["_templates"]
# The archive's navigation (conf.py): the sidebar lists the years, not the statements, so that an edit
# writes the pages it changes. A sidebar that lists every statement changes on every page with a
# statement's title, and every page is written again (tests/sphinx_ext/test_navigation.py).
html_theme_options = {"show_navbar_depth": 1, "max_navbar_depth": 1, "collapse_navbar": True}
