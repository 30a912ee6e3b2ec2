# A plain Sphinx project outside the archive: reStructuredText and
# sphinx.ext.intersphinx only. It cites statements and paragraphs by label; the
# test points intersphinx_mapping at a built archive's folder.
project = "Outside project"
extensions = ["sphinx.ext.intersphinx"]
exclude_patterns = ["_build"]
intersphinx_mapping = {}
