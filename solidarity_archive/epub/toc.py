"""ePub builder whose table of contents works when the home page is in a folder.

Sphinx joins the home page's folder to the toctree's relative links without
normalising them (``source/../statements/…``), so the spine names files that
are not in the manifest. Normalising the links restores the reading order.
"""

from __future__ import annotations

import posixpath

from sphinx.builders.epub3 import Epub3Builder


class ArchiveEpubBuilder(Epub3Builder):
    def get_toc(self) -> None:
        super().get_toc()
        for item in self.refnodes:
            path, hash_, fragment = item["refuri"].partition("#")
            item["refuri"] = posixpath.normpath(path) + hash_ + fragment


def setup(app):
    app.add_builder(ArchiveEpubBuilder, override=True)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
