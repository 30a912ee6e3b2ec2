"""citeproc-py, the same library and output, with macros found once per style (pure).

citeproc-py finds a style's macro by name with an XPath query from the root
on every use, and asks every macro again, recursively, whether it calls a
variable: most of the time a reference takes. Here each element class of
the library gets a subclass that looks macros up in an index built once per
parsed style, and remembers the answer to ``calls_variable`` (it depends on
the style alone). The library is not changed; the style is parsed as
``citeproc.frontend.CitationStylesXML`` parses it (citeproc-py 0.11), with
these classes. ``tests/test_csl_engine.py`` checks the output against the
library's own for many items in every style the archive uses.
"""

from __future__ import annotations

import functools

from citeproc import model
from citeproc.frontend import CitationStylesStyle
from lxml import etree

CSL_NAMESPACE = "http://purl.org/net/xbiblio/csl"


class _Indexed:
    """What each element class gains. Element proxies the style keeps alive hold the index."""

    def get_macro(self, name):
        root = self.get_root()
        index = root.__dict__.get("_archive_macros")
        if index is None:
            index = {}
            for macro in root.iterchildren(f"{{{CSL_NAMESPACE}}}macro"):
                index.setdefault(macro.get("name"), macro)  # the first of a name, as ``[1]`` chooses
            root.__dict__["_archive_macros"] = index
        return index[name]

    def calls_variable(self):
        known = self.__dict__.get("_archive_calls_variable")
        if known is None:
            known = super().calls_variable()
            self.__dict__["_archive_calls_variable"] = known
        return known


def _indexed(cls: type) -> type:
    return type(cls.__name__, (_Indexed, cls), {"__module__": __name__, "__doc__": cls.__doc__})


@functools.cache
def _classes() -> dict[str | None, type]:
    """The library's element classes by tag, as ``CitationStylesXML.__init__`` maps them, indexed.

    Made once per process: each call of ``type`` adds a subclass to the library's classes.
    """
    library = [cls for cls in model.CitationStylesElement.__subclasses__() if not issubclass(cls, _Indexed)]
    classes: dict[str | None, type] = {None: _indexed(model.CitationStylesElement)}
    classes.update({cls.__name__.replace("_", "-").lower(): _indexed(cls) for cls in library})
    return classes


def _lookup() -> etree.ElementNamespaceClassLookup:
    lookup = etree.ElementNamespaceClassLookup()
    lookup.get_namespace(CSL_NAMESPACE).update(_classes())
    return lookup


class IndexedStyle(CitationStylesStyle):
    """A parsed CSL style whose elements find macros by name once (no schema validation)."""

    def __init__(self, path: str, locale: str | None = None):
        parser = etree.XMLParser(remove_comments=True, encoding="UTF-8", no_network=True)
        parser.set_element_class_lookup(_lookup())
        self.parser = parser
        self.xml = etree.parse(path, parser)
        self.root = self.xml.getroot()
        self.root.set_locale_list(locale or self.root.get("default-locale", "en-US"), validate=False)
