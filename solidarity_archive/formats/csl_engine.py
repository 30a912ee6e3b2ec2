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
Rendering itself (``_Fast`` and the classes after it): the library walks the
style for every item and asks each element, every time, what depends on the
style alone (its children, prefix and suffix, whether it formats, quotes,
strips periods or changes case, an ``if``'s conditions split from its
attributes, a ``text``'s kind). Each element asks once and then renders as
the library's method does; the methods mirrored are ``Parent.render_children``,
``Group.process``, ``Choose.render``, ``If.render`` (with ``_type`` and
``_variable``), ``Text.process`` and ``markup``, ``Formatted.format``, ``Affixed.wrap``,
``Quoted.quote``, ``StrippedPeriods.strip_periods``, ``TextCased.case``,
``get_layout``, ``get_formatter``, ``get_date`` and
``SomewhatObjectifiedElement.__getattr__`` (a child found by tag). A choice
whose branches ask only for the item's type and variables is decided once per
such shape of item (``_shape``). ``_Memo`` remembers what an element renders
for items holding none of the variables it, its descendants and the macros it
calls can read (``_archive_reads``, which follows how every element of
``citeproc.model`` reads an item: a locator, the citation number or an element
it does not know make it give up): half of what a reference renders is such
elements ("n.d.", an absent editor). Its key holds everything else such a
rendering reads: the item's type and language, the formatter, the keyword
arguments (the context), and what the entry has already substituted
(``Layout.repressed``); a rendering that changes what the entry substituted is
not remembered. With the three styles, a statement's references take about
half the time they took with the index alone (6.8 to 3.7 ms of processor time
at 200 statements, paired runs); the output is the library's, checked for a
broad generated corpus (``test_csl_engine``).

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
from citeproc.source import VariableError
from citeproc.string import MixedString, String, join, normalize_seam
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


class _Fast:
    """Rendering methods of the library's that ask the style the same questions for every item
    (an element's children, its affixes, whether it formats, italicises, quotes, strips periods
    or changes case, an ``if``'s conditions, a ``text``'s kind): each element asks once, then
    renders as the library does. Each override keeps the library's method's behaviour and
    falls back to it wherever an answer depends on the item.
    """

    def __getattr__(self, name):
        # ``element.layout``, ``.name``, ``.label``, ``.bibliography``: the library finds the child
        # by tag on every use. A child found stays (rendering inserts none of those tags); a
        # missing one is looked for again, as the library does (``Names.process`` may insert it).
        found = super().__getattr__(name)
        if found is not None:
            self.__dict__[name] = found
        return found

    def _archive_kids(self):
        kids = self.__dict__.get("_archive_kids_")
        if kids is None:
            kids = self.__dict__["_archive_kids_"] = tuple((child, isinstance(child, model.Choose)) for child in self.iterchildren())
        return kids

    def _archive_reads(self, visiting=frozenset()):
        """The variables this element's rendering can look up in an item, and whether it asks a
        cite's position; ``_UNKNOWN`` when it can read the item otherwise (a locator, the
        citation number, an element the library does not know)."""
        if "_archive_reads_" in self.__dict__:
            return self.__dict__["_archive_reads_"]
        found: set[str] = set()
        position = False
        for element in self.iter():
            if not isinstance(element, _KNOWN) or not isinstance(element, _Fast):
                found = _UNKNOWN
                break
            get = element.get
            if isinstance(element, (model.Text, model.Number, model.Label, model.Date)):
                variable = get("variable")
                if variable in ("citation-number", "locator"):
                    found = _UNKNOWN
                    break
                found |= _variables(variable, variable and f"{variable}-short", "page" if variable and variable.startswith("page") else None)
                macro = get("macro") if isinstance(element, model.Text) else None
                if macro is not None:
                    called = self.get_macro(macro)
                    inner = _UNKNOWN if called in visiting else called._archive_reads(visiting | {called})
                    if inner is _UNKNOWN:
                        found = _UNKNOWN
                        break
                    found |= inner[0]
                    position = position or inner[1]
            elif isinstance(element, model.Names):
                roles = (get("variable") or "").split()
                found |= _variables(*roles, "editor", "translator")
            elif isinstance(element, model.If):
                if "locator" in element.attrib or "locator" in (get("variable") or "").split():
                    found = _UNKNOWN
                    break
                for condition in ("variable", "is-numeric", "is-uncertain-date"):
                    found |= _variables(*(get(condition) or "").split())
                position = position or "position" in element.attrib
        reads = _UNKNOWN if found is _UNKNOWN else (frozenset(found), position)
        # Kept unless a macro calling itself (an invalid style) was cut short: what a macro reads is asked by
        # every element that calls it, and answered once (2.7 s a process for the three styles otherwise).
        if not visiting or reads is not _UNKNOWN:
            self.__dict__["_archive_reads_"] = reads
        return reads

    def _archive_in_bibliography(self):
        inside = self.__dict__.get("_archive_in_bibliography_")
        if inside is None:
            inside = self.__dict__["_archive_in_bibliography_"] = bool(self.xpath_search("./ancestor::*[self::cs:bibliography]"))
        return inside

    def get_layout(self):
        layout = self.__dict__.get("_archive_layout")
        if layout is None:
            layout = self.__dict__["_archive_layout"] = super().get_layout()
        return layout

    def get_formatter(self):
        root = self.get_root()
        in_locale = self.__dict__.get("_archive_in_locale")
        if in_locale is None:
            in_locale = self.__dict__["_archive_in_locale"] = isinstance(root, model.Locale)
        return root.style.formatter if in_locale else root.formatter

    def get_date(self, form):
        # A localized date form, found in the style's locales (fixed once parsed): once per style.
        root = self.get_root()
        dates = root.__dict__.setdefault("_archive_dates", {})
        if form not in dates:
            dates[form] = super().get_date(form)
        return dates[form]

    # -- what ``Formatted``, ``Affixed``, ``Quoted``, ``StrippedPeriods``, ``TextCased`` ask

    def _archive_plain(self):
        """True when the element asks for no font style, variant, weight, decoration or alignment."""
        plain = self.__dict__.get("_archive_plain_")
        if plain is None:
            plain = self.__dict__["_archive_plain_"] = all(self.get(name, default) == default for name, default in _FORMATTING)
        return plain

    def format(self, string):
        if self._archive_plain():
            # What ``Formatted.format`` returns when every one of its steps leaves the text as it is.
            return str(string) if isinstance(string, (int, float)) else string
        return super().format(string)

    def wrap(self, string):
        affixes = self.__dict__.get("_archive_affixes")
        if affixes is None:
            affixes = self.__dict__["_archive_affixes"] = (self.get("prefix", ""), self.get("suffix", ""))
        if affixes == ("", "") and isinstance(string, (str, MixedString)):
            # An empty prefix and suffix leave a string as it is (``normalize_seam`` and ``+`` with "").
            return string
        if string is not None:
            prefix, suffix = affixes
            string = normalize_seam(prefix, string)
            text = prefix + string
            return text + normalize_seam(text, suffix)
        return None

    def _archive_flag(self, key):
        """One of the answers ``_ANSWERS`` computes, asked once per element."""
        known = self.__dict__.get(key)
        if known is None:
            known = self.__dict__[key] = _ANSWERS[key](self)
        return known

    def quote(self, string):
        quotes = self._archive_flag("_archive_quotes")
        return super().quote(string) if quotes else string

    def strip_periods(self, string):
        strips = self._archive_flag("_archive_strips")
        return super().strip_periods(string) if strips else string

    def case(self, text, language=None):
        cased = self._archive_flag("_archive_cased")
        return super().case(text, language) if cased else text

    # -- ``Parent``: an element's children found once

    def render_children(self, item, delimiter="", **kwargs):
        output = []
        for child, is_choose in self._archive_kids():
            try:
                if is_choose:
                    text = child.render(item, delimiter=delimiter, **kwargs)
                else:
                    text = child.render(item, **kwargs)
                if text is not None:
                    output.append(text)
            except VariableError:
                pass
        if output:
            return join(output, delimiter)
        return None


#: What an element answers once (``_Fast._archive_flag``), by key.
_ANSWERS = {
    # The library reads the locale's punctuation-in-quote (and uses nothing of it) before
    # looking at ``quotes``; both depend on the style alone.
    "_archive_quotes": lambda self: (self.get_locale_option("punctuation-in-quote").lower() == "true", self.get("quotes", "false").lower() == "true")[1],
    "_archive_strips": lambda self: self.get("strip-periods", "false").lower() == "true",
    "_archive_cased": lambda self: self.get("text-case") is not None,
    "_archive_delimiter": lambda self: self.get("delimiter", ""),
    "_archive_kind": lambda self: next((name for name in ("variable", "macro", "term", "value") if name in self.attrib), ""),
}

#: ``Formatted``'s attributes and the value of each that leaves the text as it is.
_FORMATTING = (
    ("font-style", "normal"),
    ("font-variant", "normal"),
    ("font-weight", "normal"),
    ("text-decoration", "none"),
    ("vertical-align", "baseline"),
)


class _FastGroup:
    def process(self, item, context=None, **kwargs):
        # ``Group.process`` with the children and the delimiter found once.
        output = []
        variable_called = False
        variable_rendered = False
        delimiter = self._archive_flag("_archive_delimiter")
        for child, is_choose in self._archive_kids():
            variable_called = variable_called or child.calls_variable()
            try:
                if is_choose:
                    child_text = child.render(item, context=context, delimiter=delimiter, **kwargs)
                else:
                    child_text = child.render(item, context=context, **kwargs)
                if child_text is not None:
                    output.append(child_text)
                    variable_rendered = variable_rendered or child.calls_variable()
            except VariableError:
                pass
        success = not variable_called or (variable_called and variable_rendered)
        if output and success:
            return self.join(output)
        raise VariableError


class _FastChoose:
    def _archive_by_presence(self):
        """Whether every branch tests only the item's type and which variables it holds."""
        known = self.__dict__.get("_archive_by_presence_")
        if known is None:
            known = self.__dict__["_archive_by_presence_"] = all(
                not isinstance(child, _FastIf) or all(condition in ("type", "variable") for condition, _ in child._archive_tests()[0])
                for child, _ in self._archive_kids()
            )
        return known

    def render(self, item, context=None, delimiter="", **kwargs):
        # ``Choose.render``: the first branch whose conditions hold, tested without raising; where
        # the conditions ask only for the item's type and variables, chosen once per such shape.
        if self._archive_by_presence():
            branches = self.__dict__.setdefault("_archive_branches", {})
            shape = _shape(item)
            chosen = branches.get(shape)
            if chosen is None:
                kids = self._archive_kids()
                chosen = branches[shape] = next(
                    (n for n, (child, _) in enumerate(kids) if not isinstance(child, _FastIf) or child._archive_holds(item, context)), -1
                )
            if chosen < 0:
                return None
            child = self._archive_kids()[chosen][0]
            try:
                if isinstance(child, _FastIf):
                    return child.render_children(item, context=context, delimiter=delimiter, **kwargs)
                return child.render(item, context=context, delimiter=delimiter, **kwargs)
            except model.ConditionFailed:
                pass  # as the library: on to the next branch
            kids = self._archive_kids()[chosen + 1 :]
        else:
            kids = self._archive_kids()
        for child, _ in kids:
            try:
                if isinstance(child, _FastIf):
                    if not child._archive_holds(item, context):
                        continue
                    return child.render_children(item, context=context, delimiter=delimiter, **kwargs)
                return child.render(item, context=context, delimiter=delimiter, **kwargs)
            except model.ConditionFailed:
                continue
        return None


#: Each shape of item once (``_shape``), so that equal shapes are one object.
_SHAPES: dict = {}


def _shape(item):
    """What a ``type`` or ``variable`` condition can ask of an item: its type, the variables it
    holds, whether it has a locator (fixed once the item is registered)."""
    shape = item.__dict__.get("_archive_shape")
    if shape is None:
        reference = item.reference
        shape = (reference.get("type"), frozenset(reference), "locator" in item)
        shape = item.__dict__["_archive_shape"] = _SHAPES.setdefault(shape, shape)
    return shape


#: An ``if``'s conditions, in the order ``If.render`` tests them.
_CONDITIONS = ("type", "variable", "is-numeric", "is-uncertain-date", "locator", "position")


class _FastIf:
    def _archive_tests(self):
        tests = self.__dict__.get("_archive_tests_")
        if tests is None:
            found = []
            for condition in _CONDITIONS:
                if condition not in self.attrib:
                    continue
                if condition == "type":
                    found.append((condition, tuple(typ.lower() for typ in self.get("type").split())))
                elif condition == "variable":
                    found.append((condition, tuple(var.replace("-", "_") for var in self.get("variable").split())))
                else:
                    found.append((condition, None))
            tests = self.__dict__["_archive_tests_"] = (tuple(found), self.get("match"))
        return tests

    def _archive_holds(self, item, context):
        """What ``If.render`` decides: whether the branch is taken."""
        tests, match = self._archive_tests()
        results = []
        for condition, values in tests:
            if condition == "type":
                if values:
                    kind = item.reference.type
                    results += [typ == kind for typ in values]
            elif condition == "variable":
                reference = item.reference if values else None
                results += [("locator" in item) if var == "locator" else (var in reference) for var in values]
            elif condition == "is-numeric":
                results += self._is_numeric(item)
            elif condition == "is-uncertain-date":
                results += self._is_uncertain_date(item)
            elif condition == "locator":
                results += self._locator(item)
            else:
                results += self._position(item, context)
        if match == "any":
            return any(results)
        if match == "none":
            return not any(results)
        return all(results)

    def render(self, item, context=None, delimiter="", **kwargs):
        if not self._archive_holds(item, context):
            raise model.ConditionFailed
        return self.render_children(item, context=context, delimiter=delimiter, **kwargs)


#: What ``reference.get("language")`` returns for an item without one (``Text.process``).
_NO_LANGUAGE = object()


class _FastText:
    def markup(self, text, language):
        # ``Text.markup``: each step the element asks for (``_Fast``), in the library's order.
        if text:
            if self._archive_flag("_archive_strips"):
                text = self.strip_periods(text)
            if self._archive_flag("_archive_cased"):
                text = self.case(text, language)
            text = self.format(text)
            if self._archive_flag("_archive_quotes"):
                text = self.quote(text)
            return self.wrap(text)
        return None

    def process(self, item, context=None, **kwargs):
        # ``Text.process`` with the kind of text (variable, macro, term or value) found once.
        kind = self._archive_flag("_archive_kind")
        if not kind:
            return super().process(item, context, **kwargs)
        if context is None:
            context = self
        reference = item.reference
        language = reference.get("language", _NO_LANGUAGE)
        language = self.get_root().get("default-locale", "en")[:2] if language is _NO_LANGUAGE else language[:2]
        if kind == "variable":
            text = self._variable(item, context)
        elif kind == "macro":
            text = self.get_macro(self.get("macro")).render(item, context)
        elif kind == "term":
            text = self._term(item)
        else:
            text = String(self.preformat(self.get("value")))
        return text, language


#: What ``_reads`` answers for an element whose rendering may read the item in ways not listed.
_UNKNOWN = None


def _variables(*names: str | None) -> set[str]:
    """A CSL variable as the library may look it up in a reference: as written and with "_" for "-"."""
    return {form for name in names if name for form in (name, name.replace("-", "_"))}


class _Memo:
    """An element's rendering, remembered for items that hold none of the variables it can read.

    What an element renders for an item depends on the variables of the item it reads, the
    item's type and language, the context it is given, the formatter, and what the entry has
    already substituted (``Layout.repressed``, read by ``text`` variables). When an item holds
    none of the variables the element, its descendants and the macros it calls can read
    (``_reads``), every such read finds nothing, and the element renders the same for every item
    of that type and language in the same context: "n.d." where there is no date, nothing where
    there is no editor. That outcome (a text, nothing, or the library's ``VariableError``) is
    remembered, unless rendering changed what the entry has substituted (then it is rendered
    each time). Half the time of a reference goes into such elements.
    """

    def render(self, item, *args, **kwargs):
        reads = self._archive_reads()
        if args or reads is _UNKNOWN or kwargs.get("sort_options") is not None:
            return super().render(item, *args, **kwargs)
        variables, position = reads
        reference = item.reference
        if not variables.isdisjoint(reference) or ("locator" in item and "locator" in variables):
            return super().render(item, **kwargs)
        context = kwargs.get("context")
        if position and (context is None or not context._archive_in_bibliography()):
            return super().render(item, **kwargs)  # a cite's position in a citation: the cites so far
        try:
            layout = (self if context is None else context).get_layout()
        except IndexError:
            return super().render(item, **kwargs)
        repressed = layout.__dict__.get("repressed")
        before = tuple((tag, tuple(names)) for tag, names in repressed.items()) if repressed else ()
        formatter = self.get_root().formatter  # by identity (a formatter need not be hashable)
        key = (reference.get("type"), reference.get("language"), id(formatter), before, tuple(sorted(kwargs.items())))
        memo = self.__dict__.setdefault("_archive_memo", {})
        try:
            known = memo.get(key)
        except TypeError:  # an unhashable value
            return super().render(item, **kwargs)
        if known is None or known[2] is not formatter:
            try:
                known = (False, super().render(item, **kwargs), formatter)
            except VariableError:
                known = (True, None, formatter)
            repressed = layout.__dict__.get("repressed")
            if before == (tuple((tag, tuple(names)) for tag, names in repressed.items()) if repressed else ()):
                memo[key] = known
        if known[0]:
            raise VariableError
        return known[1]


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


#: What an element class gains beyond ``_Fast``, by the library's class.
_FAST_CLASSES = {model.Group: _FastGroup, model.Choose: _FastChoose, model.If: _FastIf, model.Else_If: _FastIf, model.Text: _FastText}


#: The element classes whose rendering ``_Memo`` knows to read the item only as listed there.
_KNOWN = tuple(
    getattr(model, name)
    for name in (
        "Text",
        "Number",
        "Label",
        "Date",
        "Date_Part",
        "Names",
        "Name",
        "Name_Part",
        "Et_Al",
        "Substitute",
        "Group",
        "Choose",
        "If",
        "Else_If",
        "Else",
        "Macro",
        "Layout",
    )
)
#: The element classes whose renderings are remembered (``_Memo``).
_MEMO_CLASSES = (model.Text, model.Group, model.Choose, model.Names, model.Date, model.Number, model.Label)


def _indexed(cls: type) -> type:
    gains: tuple[type, ...] = (_Indexed,) if issubclass(cls, model.Locale) else (_Indexed, _RemembersTerms)
    if not issubclass(cls, (model.Locale, model.Date_Part)):  # a date part's attributes change as it renders
        gains = (*((_Memo,) if cls in _MEMO_CLASSES else ()), *((_FAST_CLASSES[cls],) if cls in _FAST_CLASSES else ()), _Fast, *gains)
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
        self._reads_found = False

    def find_reads(self) -> None:
        """What each element can read, found now rather than when an item first needs it: processes forked
        after this (Sphinx's ``-j N`` writers) find it (0.1 s for the three styles; 2.7 s a process before a
        macro's answer was kept). Once per parsed style."""
        if self._reads_found:
            return
        for element in self._proxies:
            if isinstance(element, _Fast):
                element._archive_reads()
        self._reads_found = True

    #: The cited item class to render with this style (``formats.citation.render``).
    citation_item = CitationItem
