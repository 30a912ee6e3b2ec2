project = "Test book"
copyright = "the test signatories"
version = release = "1"
extensions = ["myst_parser", "solidarity_archive"]
root_doc = "source/index"
include_patterns = ["source/**", "statements/**"]
exclude_patterns = ["_build"]
archive_base_url = "https://archive.example.org/"
archive_publisher = "Test publisher"
archive_today = "2026-01-01"
html_theme = "sphinx_book_theme"

epub_title = project
epub_description = "A small archive for the ePub tests."
epub_publisher = archive_publisher
epub_author = archive_publisher
epub_language = "en"
epub_identifier = archive_base_url
epub_scheme = "URL"
epub_uid = "test-book"
epub_cover = ("_static/archive-cover.png", "epub-cover.html")
epub_tocscope = "includehidden"
epub_show_urls = "no"
epub_use_index = True
epub_exclude_files = ["search.html", ".buildinfo.bak"]
