"""The website's builders: Sphinx's own, with two differences the archive needs.

Registered in place of ``html`` and ``dirhtml`` (``app.add_builder(...,
override=True)``), so ``make html`` and ``sphinx-build -b html`` build them.
"""

from __future__ import annotations

from sphinx.builders.dirhtml import DirectoryHTMLBuilder
from sphinx.builders.html import StandaloneHTMLBuilder


class _ArchiveWebsite:
    # Pagefind indexes the statements (html/search.py). Sphinx's own index would
    # double the build's indexing work and ship a file that grows with the archive.
    search = False

    def init(self) -> None:
        super().init()
        # Facet pages are rendered at html-collect-pages; in a build that writes no
        # other page, Sphinx has not yet set the figure numbers its translator reads.
        self.fignumbers: dict = {}



class ArchiveHTMLBuilder(_ArchiveWebsite, StandaloneHTMLBuilder):
    pass


class ArchiveDirectoryHTMLBuilder(_ArchiveWebsite, DirectoryHTMLBuilder):
    pass


def setup(app):
    app.add_builder(ArchiveHTMLBuilder, override=True)
    app.add_builder(ArchiveDirectoryHTMLBuilder, override=True)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
