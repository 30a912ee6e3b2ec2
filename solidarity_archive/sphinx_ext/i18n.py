"""The interface's words in the interface language (Sphinx's ``language``).

Every reader-facing string the archive adds goes through the package's own
message catalog, ``solidarity_archive/locale/<lang>/LC_MESSAGES/solidarity_archive.po``
(English is the source language; the ``.mo`` files are compiled by the package
build). Python code calls ``_()`` and ``ngettext()``; strings kept as constants
at module level use ``lazy()`` (translated when shown, in the language of the
build that shows them); the pure layers mark theirs with
``core.languages.N_`` and the Sphinx layer translates them where they are
shown. Templates use Jinja's ``_()``, which falls back to this catalog.
"""

from __future__ import annotations

import datetime as dt
import gettext
import io
import locale
from gettext import NullTranslations
from pathlib import Path

import sphinx.locale
from sphinx.locale import get_translation, get_translator

from solidarity_archive.core.languages import N_, Text, format_date, language_name, translate
from solidarity_archive.core.model import Problem

CATALOG = "solidarity_archive"
LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"

_ = get_translation(CATALOG)


class LazyText:
    """A message of the package's catalog, translated each time it is used as text.

    What ``lazy()`` returns: it reads as the string it is in the build's interface
    language (``str()``, ``format()``, ``+``, ``%``, comparison), so one module-level
    constant serves every build, whatever its language.
    """

    __slots__ = ("message",)

    def __init__(self, message: str) -> None:
        self.message = message

    def __str__(self) -> str:
        return get_translator(CATALOG).gettext(self.message)

    def __getattr__(self, name: str):
        if name.startswith("__"):  # copying and pickling ask for what the instance does not have
            raise AttributeError(name)
        return getattr(str(self), name)

    def __repr__(self) -> str:
        return f"lazy({self.message!r})"

    def __len__(self) -> int:
        return len(str(self))

    def __contains__(self, item: str) -> bool:
        return item in str(self)

    def __iter__(self):
        return iter(str(self))

    def __add__(self, other: str) -> str:
        return str(self) + other

    def __radd__(self, other: str) -> str:
        return other + str(self)

    def __mod__(self, other) -> str:
        return str(self) % other

    def __eq__(self, other: object) -> bool:
        return str(self) == other

    def __lt__(self, other: str) -> bool:
        return str(self) < other

    def __hash__(self) -> int:
        return hash(str(self))


def lazy(message: str) -> str:
    """A module-level constant: translated each time it is shown, never frozen at import."""
    return LazyText(message)  # type: ignore[return-value]


def ngettext(singular: str, plural: str, count: int) -> str:
    """The singular or the plural, by the interface language's plural rules."""
    return get_translator(CATALOG).ngettext(singular, plural, count)


def statements_count(count: int) -> str:
    """``'1 statement'``, ``'3 statements'``; ``'1 declaración'``, ``'3 declaraciones'``."""
    return ngettext("{count} statement", "{count} statements", count).format(count=count)


def interface_language(config) -> str:
    """The interface language: Sphinx's ``language`` (``en`` when unset)."""
    return config.language or "en"


def date(config, value: dt.date) -> str:
    """A date in running text, in the interface language: ``19 January 2016``, ``19 de enero de 2016``."""
    return format_date(value, interface_language(config))


def language_label(tag: str, language: str) -> str:
    """The name of a statement's language in the interface language ``language``: ``Spanish``, ``español``;
    ``guaraní`` for a language outside the catalog (``core.languages.language_name``)."""
    return _(language_name(tag, language))


def kind_label(kind: str) -> str:
    """A statement's kind as shown, capitalised: ``Press release``, ``Comunicado de prensa``."""
    text = _(kind)
    return text[:1].upper() + text[1:]


def csl_locale(config) -> str:
    """The CSL locale of the cite box's references: ``en-US``, ``es-ES``."""
    from solidarity_archive.formats.citation import csl_locale_for

    return csl_locale_for(interface_language(config))


#: The settings that name the archive, its editors and its rights holders, shown on every page
#: (the site's title, the footer's "By …" and "© …"), in the ePub and in citations.
NAMES = (
    "project",
    "author",
    "copyright",
    "html_title",
    "html_short_title",
    "archive_title",
    "archive_publisher",
    "epub_title",
    "epub_author",
    "epub_publisher",
    "epub_copyright",
)
#: What conf.py names them, translated in the catalog like every other word of the interface
#: (the package's own default title, and the archive's names).
NAMED = (N_("Statements archive"), N_("Solidarity Statements Archive"), N_("The archive's editors"), N_("the signatory organisations"))


def translate_names(app, config) -> None:
    """``config-inited``: the archive's names in the interface language, where the catalog has them.

    After the dossier command's own title, before the settings are checked and kept (see the
    pipeline's order). A name the catalog does not hold is shown as conf.py writes it.
    """
    if interface_language(config) == "en":
        return
    for name in NAMES:
        value = getattr(config, name, None)
        if isinstance(value, str) and value:
            setattr(config, name, _(value))


def register(app) -> None:
    """The package's catalog for the build's language; Jinja's ``_()`` falls back to it.
    The archive's names follow the language (``translate_names``)."""
    # Sphinx keeps a catalog's translator for the whole process and, when another application loads the
    # catalog again, only adds fallbacks to it (sphinx.locale.init): a second build in the same process in
    # another language would speak the first one's. The archive's catalog is loaded afresh for each one.
    sphinx.locale.translators.pop(("general", CATALOG), None)
    app.add_message_catalog(CATALOG, str(LOCALE_DIR))


def compile_page_catalogs(app, config) -> None:
    """``config-inited``: the hand-written pages' catalogs (``locale/<lang>/LC_MESSAGES/**.po``, the
    Sphinx way), compiled into the build folder rather than next to the ``.po`` files, as Sphinx's
    own compiling would: a build writes nothing into the source tree."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    language = interface_language(config)
    if not config.locale_dirs:
        return
    compiled = Path(app.doctreedir) / "archive-locale"
    for folder in config.locale_dirs:
        source = Path(app.srcdir, folder, language, "LC_MESSAGES")
        for po in sorted(source.rglob("*.po")) if source.is_dir() else []:
            with po.open("rb") as handle:
                catalog = read_po(handle, locale=language)
            buffer = io.BytesIO()
            write_mo(buffer, catalog)
            target = compiled / language / "LC_MESSAGES" / po.relative_to(source).with_suffix(".mo")
            if not target.is_file() or target.read_bytes() != buffer.getvalue():
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(buffer.getvalue())
    config.locale_dirs = [str(compiled)]
    config.gettext_auto_build = False


class TemplateTranslations:
    """What the templates' ``_()`` reads: Sphinx's catalog (with its themes'), then the archive's.

    Given to Jinja's ``install_gettext_translations`` in place of Sphinx's
    translator, which is left as Sphinx made it (it is shared by every build in
    one process).
    """

    def __init__(self, sphinx_translator, archive_translator) -> None:
        self.sphinx = sphinx_translator
        self.archive = archive_translator

    def gettext(self, message: str) -> str:
        found = self.sphinx.gettext(message)
        return found if found != message else self.archive.gettext(message)

    def ngettext(self, singular: str, plural: str, count: int) -> str:
        found = self.sphinx.ngettext(singular, plural, count)
        return found if found not in (singular, plural) else self.archive.ngettext(singular, plural, count)

    def pgettext(self, context: str, message: str) -> str:
        found = self.sphinx.pgettext(context, message)
        return found if found != message else self.archive.pgettext(context, message)

    def npgettext(self, context: str, singular: str, plural: str, count: int) -> str:
        found = self.sphinx.npgettext(context, singular, plural, count)
        return found if found not in (singular, plural) else self.archive.npgettext(context, singular, plural, count)


def templates_fall_back(app) -> None:
    """``builder-inited``: templates translate with Sphinx's catalog, then with the archive's."""
    templates = getattr(app.builder, "templates", None)
    environment = getattr(templates, "environment", None)
    if environment is None or not hasattr(environment, "install_gettext_translations"):
        return  # a builder without Jinja templates
    environment.install_gettext_translations(TemplateTranslations(app.translator, get_translator(CATALOG)))


# -- the build's messages on the console ---------------------------------------------------------
# The problems the build reports are said in the language Sphinx speaks on the console (its own
# messages'), which ``sphinx-build`` takes from the environment's locale, not from the site's
# ``language``: the person running the build reads them. Used through Sphinx's API without that
# (tests, scripts), Sphinx speaks English, and so does the archive.

_console: tuple[object, NullTranslations] | None = None


def console_translator() -> NullTranslations:
    """The package's catalog in the language of Sphinx's console messages (English when Sphinx has none)."""
    global _console
    sphinx_console = sphinx.locale.translators.get(("console", "sphinx"))
    if _console is None or _console[0] is not sphinx_console:
        if sphinx_console is None or type(sphinx_console) is NullTranslations:
            ours = NullTranslations()
        else:
            try:  # as sphinx.locale.init_console chooses
                language = locale.getlocale(locale.LC_MESSAGES)[0]
            except (AttributeError, ValueError):
                language = None
            ours = gettext.translation(CATALOG, localedir=str(LOCALE_DIR), languages=[language] if language else None, fallback=True)
        _console = (sphinx_console, ours)
    return _console[1]


def console_text(text: Text) -> str:
    """A message of the core (:class:`Message`) or of this layer, in the console's language."""
    return translate(text, console_translator().gettext)


def problem_text(problem: Problem) -> str:
    """A problem's message as the build logs it, in the console's language."""
    return problem.translated_message(console_translator().gettext)
