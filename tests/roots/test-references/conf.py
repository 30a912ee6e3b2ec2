# Statements whose references are written out by hand in the tests, from the
# style guides' examples: the seed (six organisations, a misprinted date), two
# organisations, a title with quotes, and a statement in Spanish.
project = "Test archive"
extensions = ["myst_parser", "solidarity_archive"]
root_doc = "source/index"
include_patterns = ["source/**", "statements/**"]
exclude_patterns = ["_build"]
archive_base_url = "https://archive.example.org/"
archive_title = "Solidarity Statements Archive"
archive_today = "2026-01-01"
html_theme = "sphinx_book_theme"
copyright = "the signatory organisations"
version = "1"
