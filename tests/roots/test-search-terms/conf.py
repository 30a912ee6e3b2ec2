project = "Test archive"
extensions = ["myst_parser", "solidarity_archive"]
root_doc = "source/index"
include_patterns = ["source/**", "statements/**"]
exclude_patterns = ["_build"]
archive_base_url = "https://archive.example.org/"
archive_today = "2026-01-01"
html_theme = "sphinx_book_theme"
