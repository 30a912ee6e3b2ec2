"""The archive's settings: each declared once, with its type, default, check and meaning (pure).

``conf.py`` sets them as ``archive_*`` values. The Sphinx extension registers
and checks them when the configuration is read (``sphinx_ext.config``); the
command line reads the same ``conf.py`` through Sphinx and checks them here
too, so both see one validated ``Settings`` object.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType


class SettingError(ValueError):
    """A setting with a value it cannot take: names the setting, the value and what was expected."""

    def __init__(self, name: str, value: object, expected: str):
        super().__init__(f"{name} = {value!r}: expected {expected}")
        self.name, self.value, self.expected = name, value, expected


def _text(name: str, value: object) -> str:
    if not isinstance(value, str):
        raise SettingError(name, value, "a string")
    return value


def _base_url(name: str, value: object) -> str:
    value = _text(name, value)
    if value and not re.match(r"https?://[^/\s]+(/\S*)?$", value):
        raise SettingError(name, value, "an empty string or an http(s) address such as 'https://example.org/archive/'")
    return value


def _folder(name: str, value: object) -> str:
    """A path inside the project, written with forward slashes; stored without leading or trailing slashes."""
    value = _text(name, value).strip().strip("/")
    if not value or "\\" in value or ".." in value.split("/") or re.match(r"[A-Za-z]:", value):
        raise SettingError(name, value, "a path relative to conf.py, with forward slashes, inside the project")
    return value


def _dossier(name: str, value: object) -> Mapping:
    if not isinstance(value, Mapping):
        raise SettingError(name, value, "a mapping (set by the dossier command)")
    if value and not isinstance(value.get("ids"), (list, tuple, set, frozenset)):
        raise SettingError(name, value, "a mapping with the chosen statements' 'ids'")
    return MappingProxyType(dict(value))


def _date(name: str, value: object) -> dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    try:
        return dt.date.fromisoformat(_text(name, value))
    except ValueError:
        raise SettingError(name, value, "a date as YYYY-MM-DD, or None for the real date") from None


def _flag(name: str, value: object) -> bool:
    if not isinstance(value, bool):
        raise SettingError(name, value, "True or False")
    return value


def _port(name: str, value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 65535:
        raise SettingError(name, value, "a port number from 1 to 65535, or 0 for none")
    return value


def _backend(name: str, value: object) -> Mapping:
    if not isinstance(value, Mapping):
        raise SettingError(name, value, "a mapping of Decap's backend settings (name, repo, branch, base_url…), or {} for none")
    return MappingProxyType(dict(value))


def _interfaces(name: str, value: object) -> tuple[str, ...]:
    """Language tags, e.g. ``["en", "es"]`` (``-D archive_interfaces=en,es`` on the command line)."""
    if isinstance(value, str):
        value = [part for part in value.split(",") if part.strip()]
    if not isinstance(value, (list, tuple)) or not all(isinstance(v, str) and re.fullmatch(r"[a-z]{2,3}(?:[-_][A-Za-z0-9]+)*", v.strip()) for v in value):
        raise SettingError(name, value, "a list of language tags, e.g. ['en', 'es'], or [] for one interface")
    tags = tuple(v.strip() for v in value)
    if len(set(tags)) != len(tags):
        raise SettingError(name, value, "each language once")
    return tags


@dataclass(frozen=True)
class Option:
    name: str
    default: object
    rebuild: str
    types: tuple[type, ...]
    check: Callable[[str, object], object]
    help: str
    attribute: str  # the field of ``Settings`` it sets


OPTIONS = (
    Option(
        "archive_base_url",
        "",
        "html",
        (str,),
        _base_url,
        "Public address of the archive, e.g. 'https://example.org/archive/'. Canonical links and citations start with it.",
        "base_url",
    ),
    Option("archive_title", "Statements archive", "html", (str,), _text, "The archive's name, shown on its pages and in the ePub.", "title"),
    Option("archive_publisher", "", "html", (str,), _text, "Who publishes the archive (ePub and citation metadata).", "publisher"),
    Option(
        "archive_statements_dir",
        "statements",
        "env",
        (str,),
        _folder,
        "Folder, relative to conf.py, holding one subfolder of statements per year.",
        "statements_dir",
    ),
    Option("archive_registry", "source/signatories.yaml", "env", (str,), _folder, "The signatory registry, relative to conf.py.", "registry"),
    Option(
        "archive_glossary",
        "source/glossary.md",
        "env",
        (str,),
        _folder,
        "The glossary page, relative to conf.py: its terms and their other names are linked in statements.",
        "glossary",
    ),
    Option(
        "archive_dossier",
        {},
        "env",
        (dict,),
        _dossier,
        "Set by the dossier command, not in conf.py: title, name, description, ids of the chosen statements and an optional introduction file.",
        "dossier",
    ),
    Option(
        "archive_today",
        None,
        "env",
        (str, dt.date, type(None)),
        _date,
        "Date (YYYY-MM-DD) that counts as today when checking for future dates; the real date when unset.",
        "today",
    ),
    Option("archive_cms", True, "env", (bool,), _flag, "Write the statement form at admin/.", "cms"),
    Option(
        "archive_cms_backend",
        {},
        "env",
        (dict,),
        _backend,
        "The form's git host on the published site (Decap's backend: name, repo, branch, base_url…).",
        "cms_backend",
    ),
    Option("archive_cms_proxy_port", 8081, "env", (int,), _port, "The local proxy's port (make edit).", "cms_proxy_port"),
    # Written into admin/ at every build: a new port does not make Sphinx read the statements again.
    Option("archive_cms_check_port", 0, "", (int,), _port, "The port of make edit's check of a statement (0: none).", "cms_check_port"),
    Option(
        "archive_cms_bundle",
        "node_modules/decap-cms/dist",
        "env",
        (str,),
        _text,
        "Where npm installed the form's bundle, from the configuration's folder.",
        "cms_bundle",
    ),
    Option(
        "archive_interfaces",
        [],
        "html",
        (list, tuple, str),
        _interfaces,
        "Set by 'make html-bilingual', not in conf.py: the interface languages published as one site, the first at its root (the addresses of a one-language site), each other one in a folder named after it (es/); every page links the same page in the others.",
        "interfaces",
    ),
)


@dataclass(frozen=True)
class Settings:
    base_url: str = ""
    title: str = "Statements archive"
    publisher: str = ""
    statements_dir: str = "statements"
    registry: str = "source/signatories.yaml"
    glossary: str = "source/glossary.md"
    dossier: Mapping = field(default_factory=lambda: MappingProxyType({}))
    today: dt.date | None = None
    interfaces: tuple[str, ...] = ()
    cms: bool = True
    cms_backend: Mapping = field(default_factory=lambda: MappingProxyType({}))
    cms_proxy_port: int = 8081
    cms_check_port: int = 0
    cms_bundle: str = "node_modules/decap-cms/dist"

    @classmethod
    def from_values(cls, values: Mapping[str, object]) -> Settings:
        """Check ``archive_*`` values (missing ones take their default); raises :class:`SettingError`."""
        return cls(**{o.attribute: o.check(o.name, values.get(o.name, o.default)) for o in OPTIONS})  # type: ignore[arg-type]  # each option's check gives its field's type

    def current_date(self) -> dt.date:
        """The date that counts as today: ``archive_today``, else the real date."""
        return self.today or dt.date.today()

    def is_statement(self, docname: str) -> bool:
        """A statement's page (``statements/2016/<id>``), not a year's index."""
        return docname.startswith(self.statements_dir + "/") and not docname.endswith("/index")

    def year_index(self, year: int | str) -> str:
        """The docname of a year's page: ``statements/2016/index``."""
        return f"{self.statements_dir}/{year}/index"
