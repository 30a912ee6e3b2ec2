# Configuration of the statements archive. Settings only: the behaviour lives
# in the solidarity_archive extension.

project = "Solidarity Statements Archive"
author = "The archive's editors"
copyright = "the signatory organisations"
# The edition of the archive, shown in the ePub.
version = release = "1"

# -- The archive ---------------------------------------------------------------
# The public address of the archive. Canonical links, citations and the feed
# start with it: set it before publishing.
archive_base_url = "https://statements-archive.example.org/"
archive_title = project
archive_publisher = "Solidarity Statements Archive"

extensions = [
    "myst_parser",
    "solidarity_archive",
]

# -- Sources -------------------------------------------------------------------
root_doc = "source/index"
include_patterns = ["source/**", "statements/**"]
# The folders that hold no page are left out by name as well: Sphinx walks every folder that no
# exclude pattern names, include_patterns or not, and node_modules, .git and the tests hold tens
# of thousands of files (0.7 s of every build, an edit's too).
exclude_patterns = [
    ".*",
    "_build",
    "node_modules",
    "docs",
    "tests",
    "benchmarks",
    "locale",
    "solidarity_archive",
    "*.egg-info",
    "source/_templates/**",
    "source/_static/**",
]
source_suffix = {".md": "markdown"}
language = "en"
# The hand-written pages' translations (make gettext): locale/<lang>/LC_MESSAGES/source/<page>.po.
locale_dirs = ["locale/"]
gettext_compact = False
# Code blocks are entries of those catalogs too: a command stays as written, but a comment in it,
# or a tool's output shown in a page, is written in the page's language.
gettext_additional_targets = ["literal-block"]
today_fmt = "%Y-%m-%d"

# MyST: plain Markdown for statements; raw HTML is refused by the extension.
myst_enable_extensions = ["deflist"]
myst_heading_anchors = 0
suppress_warnings = []

# -- HTML ----------------------------------------------------------------------
html_theme = "sphinx_book_theme"
html_title = project
html_static_path = ["source/_static"]
templates_path = ["source/_templates"]
html_copy_source = False
html_show_sourcelink = False
html_last_updated_fmt = None
html_theme_options = {
    "home_page_in_toc": True,
    "show_navbar_depth": 1,
    "max_navbar_depth": 1,
    "collapse_navbar": True,
    "use_download_button": False,
    "use_fullscreen_button": False,
    "show_toc_level": 1,
}

# -- ePub ----------------------------------------------------------------------
epub_title = project
epub_description = (
    "Press releases, open letters and declarations by organisations working in solidarity with the people of El Salvador, in the order they were issued."
)
epub_publisher = archive_publisher
epub_author = archive_publisher
epub_language = "en"
# Stable for every edition: readers and libraries recognise the book by it.
epub_identifier = archive_base_url
epub_scheme = "URL"
epub_uid = "solidarity-statements-archive"
# The build draws the cover image (see solidarity_archive/cover.py).
epub_cover = ("_static/archive-cover.png", "epub-cover.html")
# The table of contents lists every year and, under it, every statement.
epub_tocscope = "includehidden"
epub_show_urls = "no"
epub_use_index = True
epub_exclude_files = ["search.html", ".buildinfo.bak"]
