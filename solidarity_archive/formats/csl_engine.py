"""citeproc-py, the same library and output, with macros found once per style (pure).

The archive's one use of citeproc-py internals, kept here; everything else
(``formats.citation``) uses its public API: ``CitationStylesStyle``,
``CitationStylesBibliography``, ``Citation``, ``CitationItem``,
``CiteProcJSON`` and a formatter.

Why: citeproc-py finds a style's macro by name with an XPath query from the
root on every use, and asks every macro again, recursively, whether it calls
a variable; it looks every term up by XPath in each locale in turn, and an
item's reference up in its bibliography's source for every variable. That is
three quarters of the time a reference takes (30 ms an item in three styles,
8 ms here), and the library offers no way to keep what it finds. Each element
class of the library gets a subclass that looks macros up in an index built
once per parsed style and remembers the answers to ``calls_variable`` and
``get_term`` (both depend on the style alone); the cited item remembers its
reference.

The internals relied on, as of citeproc-py 0.11.1 (``WRITTEN_AGAINST``, the
version pinned in constraints.txt): the element classes of
``citeproc.model`` and how ``CitationStylesXML.__init__`` maps tags to them
and parses (``IndexedStyle`` parses the same way with the subclasses), and
the methods overridden: ``CitationStylesElement.get_macro``,
``calls_variable``, ``get_term``, ``get_root``, ``xpath_search``,
``get_locale_option`` and ``CitationItem.reference``. The last three of the
element's are asked the same questions of the same style for every item
(an element's layout, its substitute, the citation or bibliography it is in,
the locales' options): each element answers each once (a quarter less time a
reference).
``tests/formats/test_csl_engine.py`` fails when the installed citeproc-py is another
version or any of those has changed, and checks the output against the
library's own (``citation.load_style``) for many items in every style and
locale the archive uses. Upstream: citeproc-py has no issue about this cost
yet (none found at https://github.com/citeproc-py/citeproc-py/issues); the
fix to ask for there is a macro index on the style and memoised
``calls_variable``, which would make this module unnecessary.
"""

from __future__ import annotations

import functools

import citeproc
from citeproc import model
from citeproc.frontend import CitationStylesStyle
from lxml import etree

CSL_NAMESPACE = "http://purl.org/net/xbiblio/csl"
#: The citeproc-py version whose internals this module was written against (see the module's docstring).
WRITTEN_AGAINST = "0.11.1"


class _Indexed:
    """What each element class gains. Element proxies the style keeps alive hold the index.

    lxml makes a Python proxy for an element when one is asked for and lets it
    go when nothing refers to it; ``IndexedStyle`` keeps every element's proxy,
    so what a proxy remembers lasts as long as the parsed style.
    """

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

    def get_root(self):
        # The library asks for the root (a new tree object each time) several times per element rendered.
        root = self.__dict__.get("_archive_root")
        if root is None:
            root = self.__dict__["_archive_root"] = super().get_root()
        return root

    def xpath_search(self, expression):
        # Every query the library makes of an element (its layout, its substitute, the
        # citation or bibliography it is in, whether it is in a locale) depends on the
        # parsed style alone, which rendering never changes: each is asked once per element.
        found = self.__dict__.setdefault("_archive_xpath", {})
        if expression not in found:
            found[expression] = super().xpath_search(expression)
        return list(found[expression])

    def get_locale_option(self, name):
        # An option of the style's locales, fixed once the style is parsed: looked up once per style.
        root = self.get_root()
        options = root.__dict__.setdefault("_archive_locale_options", {})
        if name not in options:
            options[name] = super().get_locale_option(name)
        return options[name]


class _RemembersTerms:
    """What each element class but the locale's gains (a locale finds its own terms)."""

    def get_term(self, name, form=None, fallback_locale=True, zero_padded=False):
        # A term depends on the style's locales alone, fixed once the style is parsed:
        # looked up (by XPath, in each locale in turn) once per style.
        root = self.get_root()
        terms = root.__dict__.setdefault("_archive_terms", {})
        key = (name, form, fallback_locale, zero_padded)
        if key not in terms:
            terms[key] = super().get_term(name, form, fallback_locale, zero_padded)
        return terms[key]


class CitationItem(citeproc.CitationItem):
    """citeproc-py's cited item, which finds its reference once.

    The library reads ``item.reference`` (the citation, its bibliography, its
    source, then the key) for every variable of every element it renders; an
    item is registered in one bibliography, so the reference never changes.
    """

    @property
    def reference(self):
        found = self.__dict__.get("_archive_reference")
        if found is None:
            found = self.__dict__["_archive_reference"] = self.bibliography.source[self.key]
        return found


def _indexed(cls: type) -> type:
    gains = (_Indexed,) if issubclass(cls, model.Locale) else (_Indexed, _RemembersTerms)
    return type(cls.__name__, (*gains, cls), {"__module__": __name__, "__doc__": cls.__doc__})


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
    """A parsed CSL style whose elements find macros by name once (no schema validation).

    ``source``: a CSL file's path or a file object, as ``CitationStylesStyle`` takes it; parsed
    as ``CitationStylesXML.__init__`` parses it, with the subclasses (``_classes``).
    """

    def __init__(self, source, locale: str | None = None):
        parser = etree.XMLParser(remove_comments=True, encoding="UTF-8", no_network=True)
        parser.set_element_class_lookup(_lookup())
        self.parser = parser
        self.xml = etree.parse(source, parser)
        self.root = self.xml.getroot()
        self.root.set_locale_list(locale or self.root.get("default-locale", "en-US"), validate=False)  # type: ignore[union-attr]  # the lookup makes the root a citeproc Style
        # Every element's proxy, kept: what each remembers (``_Indexed``) then lasts.
        self._proxies = list(self.root.iter())

    #: The cited item class to render with this style (``formats.citation.render``).
    citation_item = CitationItem
