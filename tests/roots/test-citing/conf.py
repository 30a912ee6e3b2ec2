# A second archive that cites statements of the first through intersphinx.
# The test points intersphinx_mapping at the first archive's built folder.
project = "Citing archive"
extensions = ["myst_parser", "sphinx.ext.intersphinx", "solidarity_archive"]
root_doc = "source/index"
include_patterns = ["source/**"]
exclude_patterns = ["_build"]
archive_today = "2026-01-01"
intersphinx_mapping = {}
