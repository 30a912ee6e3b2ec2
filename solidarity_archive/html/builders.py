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
        super().init()  # type: ignore[misc]  # a mixin: the builder class it is mixed into has init()
        # Facet pages are rendered at html-collect-pages; in a build that writes no
        # other page, Sphinx has not yet set the figure numbers its translator reads.
        self.fignumbers: dict = {}

    def prepare_writing(self, docnames) -> None:
        # The sidebar's variants and the table of contents' parent map (html/navigation.py),
        # derived afresh for each build's writing phase from the finished environment.
        self.archive_sidebars: dict = {}
        self.archive_toctree_parents: dict[str, str] | None = None
        # Pagefind's run over the statement pages, started at html-collect-pages (html/search.py).
        self.archive_search_index = None
        # Each page's signatories, for its feed links (html/head.py).
        self.archive_listed_signatories: dict[str, list[str]] | None = None
        super().prepare_writing(docnames)  # type: ignore[misc]  # a mixin: the builder class it is mixed into has prepare_writing()


class ArchiveHTMLBuilder(_ArchiveWebsite, StandaloneHTMLBuilder):
    pass


class ArchiveDirectoryHTMLBuilder(_ArchiveWebsite, DirectoryHTMLBuilder):
    pass


def setup(app):
    app.add_builder(ArchiveHTMLBuilder, override=True)
    app.add_builder(ArchiveDirectoryHTMLBuilder, override=True)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
