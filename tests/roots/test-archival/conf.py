project = "Test archive"
extensions = ["myst_parser", "solidarity_archive"]
root_doc = "source/index"
include_patterns = ["source/**", "statements/**"]
exclude_patterns = ["_build"]
archive_base_url = "https://archive.example.org/"
archive_today = "2026-01-01"
html_theme = "sphinx_book_theme"
copyright = "the test signatories"
version = release = "1"
archive_publisher = "Test publisher"
epub_language = "en"
epub_identifier = archive_base_url
epub_scheme = "URL"
epub_uid = "test-archival"
epub_show_urls = "no"
epub_exclude_files = ["search.html", ".buildinfo.bak"]
