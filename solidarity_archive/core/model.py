"""The archive's records: plain frozen dataclasses, no Sphinx imports."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from solidarity_archive.core.languages import N_, Message

#: Kinds of document the archive files; the first is the default.
KINDS: tuple[str, ...] = (
    N_("press release"),
    N_("open letter"),
    N_("statement"),
    N_("declaration"),
    N_("communiqué"),
    N_("petition"),
    N_("report"),
)
DEFAULT_KIND = KINDS[0]


@dataclass(frozen=True)
class Place:
    """Where a statement was issued: "City, Country"."""

    city: str
    country: str

    @property
    def label(self) -> str:
        return f"{self.city}, {self.country}"


@dataclass(frozen=True)
class Source:
    """Where the original document can be found."""

    url: str | None = None
    retrieved: dt.date | None = None
    archived: str | None = None
    #: The original document kept in the archive's tree, relative to the statement's folder.
    file: str | None = None
    #: Its SHA-256, lowercase hex: the fixity check compares the file with it.
    sha256: str | None = None


@dataclass(frozen=True)
class Correction:
    """One correction of a published statement: when, and what changed, in one sentence."""

    date: dt.date
    change: str


@dataclass(frozen=True)
class Withdrawal:
    """A statement taken down: its address keeps a tombstone with the date and the reason."""

    date: dt.date
    reason: str


#: Kinds of signatory; the first is the default.
SIGNATORY_KINDS: tuple[str, ...] = ("organisation", "person")


@dataclass(frozen=True)
class Signatory:
    """One signatory of the registry (``source/signatories.yaml``): an organisation or a person.

    A person has family and given names (cited as "Family, Given"), and may
    have a role and an affiliation (the id of an organisation of the registry;
    ``affiliation_name`` is that organisation's name, filled in by the registry).
    """

    id: str
    name: str
    country: str | None = None
    acronym: str | None = None
    url: str | None = None
    aliases: tuple[str, ...] = ()
    kind: str = SIGNATORY_KINDS[0]
    family: str | None = None
    given: str | None = None
    affiliation: str | None = None
    role: str | None = None
    affiliation_name: str | None = field(default=None, compare=False)

    @property
    def is_person(self) -> bool:
        return self.kind == "person"

    @property
    def label(self) -> str:
        """How pages name the signatory: an organisation's name with its acronym; a person's
        name with their role and affiliation."""
        if self.is_person:
            details = ", ".join(part for part in (self.role, self.affiliation_name) if part)
            return f"{self.name} ({details})" if details else self.name
        return f"{self.name} ({self.acronym})" if self.acronym else self.name

    @property
    def citation_name(self) -> str:
        """The name as a citation's author: "Family, Given" for a person, the name for an organisation."""
        if self.is_person and self.family:
            return f"{self.family}, {self.given}" if self.given else self.family
        return self.name


@dataclass(frozen=True)
class Statement:
    """One statement: its validated frontmatter plus where it lives.

    ``id`` is the file stem and never changes once published.
    """

    id: str
    docname: str
    title: str
    date: dt.date
    place: Place
    signatories: tuple[str, ...]
    language: str
    kind: str = DEFAULT_KIND
    date_as_printed: str | None = None
    source: Source | None = None
    note: str | None = None
    embargoed: bool = False
    #: Ids the statement was published under before (its file was renamed): each keeps a redirect.
    former_ids: tuple[str, ...] = ()
    corrections: tuple[Correction, ...] = ()
    withdrawn: Withdrawal | None = None
    #: The id of the statement this one is a translation of (the original's language differs).
    translation_of: str | None = None

    @property
    def modified(self) -> dt.date | None:
        """The date of the latest correction, or None when it was never corrected."""
        return max((c.date for c in self.corrections), default=None)

    @property
    def original(self) -> Source | None:
        """The ``source`` when it names an original file kept in the archive."""
        return self.source if self.source is not None and self.source.file else None

    @property
    def year(self) -> int:
        return self.date.year

    @property
    def sort_key(self) -> tuple[dt.date, str]:
        """The archive's order: by date, then by id (statements of one day in a stable order)."""
        return (self.date, self.id)


@dataclass(frozen=True, order=True)
class Problem:
    """One located problem: rendered as ``path:line: message [statement.subtype]``.

    Given a :class:`Message` (a template marked with ``N_`` and its values),
    ``message`` is its English and ``text`` keeps it, so that ``check`` and the
    build show it in the reader's language (:meth:`translated`). Plain text
    stays as written.
    """

    path: str
    line: int
    subtype: str = field(compare=False)
    message: str | Message = field(compare=False)  # a Message is kept in text and its English put here (__post_init__)
    column: int | None = field(default=None, compare=False)
    text: Message | None = field(default=None, compare=False, repr=False)

    def __post_init__(self) -> None:
        if isinstance(self.message, Message):
            object.__setattr__(self, "text", self.message)
            object.__setattr__(self, "message", self.message.translated())

    def translated_message(self, gettext: Callable[[str], str] | None) -> str:
        """The message in the language of ``gettext``."""
        return self.text.translated(gettext) if self.text is not None else str(self.message)

    def translated(self, gettext: Callable[[str], str] | None) -> str:
        """``path:line: message [statement.subtype]``, the message in the language of ``gettext``."""
        return f"{self.path}:{self.line}: {self.translated_message(gettext)} [statement.{self.subtype}]"

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message} [statement.{self.subtype}]"
