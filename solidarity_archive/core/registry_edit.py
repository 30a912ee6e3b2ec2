"""Editing the signatory registry in place: add, rename, merge (pure rules, checked writes).

The registry is read strictly by ``core/registry.py`` (PyYAML, with line
numbers). It is *written* through a round-trip YAML library (ruamel.yaml), so
its comments, blank lines, order and quoting stay as they were: only the
entries an edit touches change. Every new text is read back with
``registry.load`` before it replaces the file (a temporary file, then
``os.replace``), so an edit never leaves a registry the build would refuse.
"""

from __future__ import annotations

import io
import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError

from solidarity_archive.core import registry as registry_module
from solidarity_archive.core.atomic import temporary_beside
from solidarity_archive.core.languages import N_, Message, Text, translate
from solidarity_archive.core.model import Problem, Signatory
from solidarity_archive.core.registry import SIGNATORY_ID, Registry
from solidarity_archive.core.text import ascii_slug, name_key

#: Words left out of an id made from a name.
_SMALL_WORDS = {"the", "of", "for", "and", "in", "on", "an", "to", "de", "del", "la", "las", "el", "los", "y", "en", "por", "para"}
#: Words of a name an id keeps, at most.
ID_WORDS = 4


class EditError(Exception):
    """An edit that cannot be made; the message says why and what to do (and lists ``problems``, if any).

    ``str()`` is the English; :meth:`translated` says it in another language.
    """

    def __init__(self, message: Text, problems: Sequence[Problem] = ()) -> None:
        self.message, self.problems = message, tuple(problems)
        super().__init__(str(message) + "".join(f"\n  {problem}" for problem in self.problems))

    def translated(self, gettext) -> str:
        return translate(self.message, gettext) + "".join(f"\n  {problem.translated(gettext)}" for problem in self.problems)


@dataclass(frozen=True)
class NewSignatory(Signatory):
    """A registry entry to add: a signatory's fields as they will be written, and a comment."""

    #: A comment written above the entry (e.g. what is left for the user to check).
    comment: str | None = None

    def fields(self) -> dict[str, object]:
        values: dict[str, object] = {}
        if self.kind != "organisation":
            values["kind"] = self.kind
        for key in ("name", "family", "given", "acronym", "country", "url", "affiliation", "role"):
            value = getattr(self, key)
            if value:
                values[key] = value
        if self.aliases:
            values["aliases"] = list(self.aliases)
        return values

    def names(self) -> list[str]:
        return [n for n in (self.name, self.acronym, *self.aliases) if n]


# -- ids and duplicates (pure) ---------------------------------------------------------


def suggest_signatory_id(name: str, acronym: str | None, taken: Iterable[str], *, family: str | None = None) -> str:
    """An unused id: the acronym's slug, else the name's first significant words (a person: the
    family name); ``-2``, ``-3``… when it is taken."""
    taken = set(taken)
    if acronym and ascii_slug(acronym):
        base = ascii_slug(acronym)
    elif family and ascii_slug(family):
        base = ascii_slug(family)
    else:
        words = [w for w in ascii_slug(name).split("-") if w and w not in _SMALL_WORDS] or ascii_slug(name).split("-")
        base = "-".join(words[:ID_WORDS]) or "signatory"
    candidate, number = base, 2
    while candidate in taken:
        candidate, number = f"{base}-{number}", number + 1
    return candidate


@dataclass(frozen=True)
class Duplicate:
    """A name of a new entry that an existing entry already has."""

    name: str
    existing_id: str
    existing_as: str  # "name", "acronym" or "alias"

    def message(self) -> Message:
        template = {
            "name": N_("'{name}' is already the name of '{id}'"),
            "acronym": N_("'{name}' is already the acronym of '{id}'"),
        }.get(self.existing_as, N_("'{name}' is already the alias of '{id}'"))
        return Message(template, name=self.name, id=self.existing_id)

    def __str__(self) -> str:
        return str(self.message())


def names_taken(registry: Registry) -> dict[str, tuple[str, str]]:
    """Every name, acronym and alias of the registry by ``name_key(…, join_initials=True)``: (id, which)."""
    index: dict[str, tuple[str, str]] = {}
    for sid, signatory in registry.signatories.items():
        for which, names in (("name", [signatory.name]), ("acronym", [signatory.acronym]), ("alias", signatory.aliases)):
            for name in names:
                key = name_key(name, join_initials=True) if name else ""
                if key:
                    index.setdefault(key, (sid, which))
    return index


def duplicates(registry: Registry, names: Sequence[str], *, ignore: str | None = None) -> list[Duplicate]:
    """The names (compared without case, accents or punctuation) that existing entries already use."""
    index = names_taken(registry)
    found = []
    for name in names:
        hit = index.get(name_key(name, join_initials=True))
        if hit is not None and hit[0] != ignore:
            found.append(Duplicate(name, *hit))
    return found


# -- round-trip YAML ------------------------------------------------------------------


def _yaml() -> YAML:
    yaml = YAML()
    yaml.preserve_quotes = True
    # The registry's own layout: two-space mappings, list items indented by two under their key.
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.width = 4096  # never re-wrap a long name
    return yaml


def _dump(document) -> str:
    out = io.StringIO()
    _yaml().dump(document, out)
    return out.getvalue()


# The one use of ruamel.yaml internals: the comment after an entry. ruamel.yaml keeps the
# comment lines and blank lines that follow a value (the blank line and the comment above the
# next entry among them) with that value, in its container's comment attribute (``ca.items``:
# for a mapping's key, the third of four slots; for a sequence's index, the first). Appending
# an alias, or removing an entry, would leave them after the wrong line. ruamel.yaml documents
# methods that add a comment (``yaml_add_eol_comment``, ``yaml_set_comment_before_after_key``,
# ``yaml_set_start_comment``) but none that reads or moves one; the limitation is known upstream
# (ruamel.yaml issue 323, "insert new dict keys right", bitbucket.org/ruamel/yaml/issues/323, cited
# in kwoodson/ansible-role-yedit#76; wwkimball/yamlpath#170). ``_take_comment_after`` and ``_put_comment_after`` are the only code
# that touches these slots, written against ruamel.yaml ``RUAMEL_WRITTEN_AGAINST`` (the version
# pinned in constraints.txt); ``tests/cli/test_signatory_command.py`` fails when the version or
# where it keeps such a comment changes. The token is otherwise opaque: its ``value`` is the text.

#: The ruamel.yaml version the comment slots below were written against.
RUAMEL_WRITTEN_AGAINST = "0.18.17"


def _comment_slot(container) -> int:
    return 2 if isinstance(container, CommentedMap) else 0


def _take_comment_after(container, key):
    """Take the comment (blank lines included) kept after ``container[key]``; None if there is none."""
    slots = container.ca.items.get(key)
    position = _comment_slot(container)
    if not slots or len(slots) <= position or slots[position] is None:
        return None
    token, slots[position] = slots[position], None
    return token


def _put_comment_after(container, key, token) -> None:
    """Keep ``token`` (from ``_take_comment_after``) after ``container[key]``."""
    container.ca.items.setdefault(key, [None, None, None, None])[_comment_slot(container)] = token


def _last_slot(node):
    """The container and key of the last value written inside ``node`` (where trailing comments live)."""
    if isinstance(node, CommentedMap) and len(node):
        key = list(node)[-1]
        value = node[key]
        if isinstance(value, (CommentedMap, CommentedSeq)) and len(value):
            return _last_slot(value)
        return node, key
    if isinstance(node, CommentedSeq) and len(node):
        value = node[-1]
        if isinstance(value, (CommentedMap, CommentedSeq)) and len(value):
            return _last_slot(value)
        return node, len(node) - 1
    return None, None


def _pop_trailing(node):
    """Take the comment (blank lines included) that follows ``node``'s last line."""
    container, key = _last_slot(node)
    return None if container is None else _take_comment_after(container, key)


def _set_trailing(node, token) -> None:
    if token is None:
        return
    container, key = _last_slot(node)
    if container is not None:
        _put_comment_after(container, key, token)


def _append_alias(entry: CommentedMap, names: Iterable[str]) -> None:
    """Add names to an entry's aliases, once each, keeping the comment after the entry at its end."""
    existing = {name_key(n) for n in [entry.get("name", ""), entry.get("acronym", "") or "", *(entry.get("aliases") or [])] if n}
    new = []
    for name in names:
        if name and name_key(name) not in existing:
            existing.add(name_key(name))
            new.append(name)
    if not new:
        return
    trailing = _pop_trailing(entry)
    if "aliases" not in entry:
        entry["aliases"] = CommentedSeq()
    entry["aliases"].extend(new)
    _set_trailing(entry, trailing)


# -- the edits ------------------------------------------------------------------------


@dataclass
class RegistryText:
    """The registry file's text and what is being changed in it."""

    path: Path
    display_path: str
    text: str
    registry: Registry
    #: What was done, one sentence each (``str()`` is the English).
    changes: list[Text] = field(default_factory=list)

    @classmethod
    def read(cls, path: Path, display_path: str) -> RegistryText:
        registry, problems = registry_module.load(path, display_path)
        if problems:
            raise EditError(Message(N_("the registry has problems; fix them first:")), problems)
        text = path.read_text(encoding="utf-8")
        return cls(path, display_path, text, registry)

    def _document(self) -> CommentedMap:
        return _yaml().load(self.text)

    def _entry(self, document: CommentedMap, sid: str) -> CommentedMap:
        if sid not in document:
            raise EditError(Message(N_("'{id}' is not in {path}; 'solidarity-archive signatory list' shows the ids"), id=sid, path=self.display_path))
        return document[sid]

    def add(self, entries: Sequence[NewSignatory]) -> None:
        """Append entries at the end of the file, as written by hand (nothing else changes)."""
        taken = set(self.registry.ids())
        seen: dict[str, str] = {}
        for entry in entries:
            if not SIGNATORY_ID.match(entry.id):
                raise EditError(
                    Message(
                        N_("id '{id}' must be lowercase letters, digits and single hyphens, e.g. '{example}'"),
                        id=entry.id,
                        example=suggest_signatory_id(entry.name, entry.acronym, taken),
                    )  # fmt: skip
                )
            if entry.id in taken:
                holder = self.registry.label(entry.id) if entry.id in self.registry else Message(N_("added above"))
                raise EditError(
                    Message(N_("id '{id}' is already in {path} ({holder}); choose another with --id"), id=entry.id, path=self.display_path, holder=holder)
                )
            found = duplicates(self.registry, entry.names())
            if found:
                raise EditError(
                    Message(
                        N_("not added: {duplicate}; to use another name for it, add an alias to '{id}'"),
                        duplicate=found[0].message(),
                        id=found[0].existing_id,
                    )  # fmt: skip
                )
            for name in entry.names():
                if name_key(name) in seen:
                    raise EditError(
                        Message(N_("not added: '{name}' is given to both '{first}' and '{second}'"), name=name, first=seen[name_key(name)], second=entry.id)
                    )
                seen[name_key(name)] = entry.id
            taken.add(entry.id)
        text = self.text
        if text and not text.endswith("\n"):
            text += "\n"
        for entry in entries:
            block = _dump({entry.id: entry.fields()})
            if entry.comment:
                block = "".join(f"# {line}\n" if line else "#\n" for line in entry.comment.splitlines()) + block
            text += ("\n" if text.strip() else "") + block
            self.changes.append(Message(N_("added '{id}': {name}"), id=entry.id, name=entry.name))
        self.text = text

    def rename(self, sid: str, new_name: str) -> None:
        """Give ``sid`` a new name; the old one becomes an alias, so statements that print it are still matched."""
        new_name = " ".join(new_name.split())
        if not new_name:
            raise EditError(Message(N_("the new name is empty")))
        found = duplicates(self.registry, [new_name], ignore=sid)
        if found:
            raise EditError(Message(N_("not renamed: {duplicate}"), duplicate=found[0].message()))
        document = self._document()
        entry = self._entry(document, sid)
        old = str(entry["name"]) if "name" in entry else self.registry[sid].name
        if old == new_name:
            raise EditError(Message(N_("'{id}' is already named '{name}'"), id=sid, name=new_name))
        entry["name"] = new_name
        _append_alias(entry, [old])
        if "aliases" in entry:
            # The new name is the name, not also an alias.
            kept = [a for a in entry["aliases"] if name_key(a) != name_key(new_name)]
            if len(kept) != len(entry["aliases"]):
                trailing = _pop_trailing(entry)
                entry["aliases"][:] = kept
                if not kept:
                    del entry["aliases"]
                _set_trailing(entry, trailing)
        self.text = _dump(document)
        self.changes.append(Message(N_("renamed '{id}': '{old}' → '{new}' (the old name is kept as an alias)"), id=sid, old=old, new=new_name))

    def merge(self, old: str, new: str) -> None:
        """Remove ``old``; its name, acronym and aliases become aliases of ``new``."""
        if old == new:
            raise EditError(Message(N_("OLD and NEW are the same id")))
        document = self._document()
        old_entry = self._entry(document, old)
        new_entry = self._entry(document, new)
        gone = self.registry[old]
        names = [gone.name, *([gone.acronym] if gone.acronym else []), *gone.aliases]
        _append_alias(new_entry, names)
        keys = list(document)
        position = keys.index(old)
        trailing = _pop_trailing(old_entry)
        del document[old]
        if position > 0:
            previous = document[keys[position - 1]]
            own = _pop_trailing(previous)
            # Keep the previous entry's comment, and any comment that followed the removed one.
            if own is not None and trailing is not None and "#" in trailing.value:
                own.value = own.value.rstrip("\n") + "\n" + trailing.value.lstrip("\n") if "#" in own.value else trailing.value
            _set_trailing(previous, own or trailing)
        elif trailing is not None and "#" in trailing.value and len(document):
            # The removed entry was the first: its comment now comes before the new first entry.
            lines = [re.sub(r"^#\s?", "", line) for line in trailing.value.strip("\n").split("\n") if line.strip()]
            document.yaml_set_comment_before_after_key(list(document)[0], before="\n".join(lines))
        self.text = _dump(document)
        self.changes.append(Message(N_("merged '{old}' into '{new}' ({names} kept as aliases)"), old=old, new=new, names=", ".join(repr(n) for n in names)))

    def check(self) -> list[Problem]:
        """Problems of the new text, read as the build reads it (from a file, with PyYAML)."""
        with temporary_beside(self.path, self.text) as temporary:
            return registry_module.load(temporary, self.display_path)[1]

    def write(self, *, leave_to_check: bool = False) -> None:
        """Replace the file with the new text once it reads back without problems (but,
        with ``leave_to_check``, fields left for the user to fill in, which ``check`` reports)."""
        with temporary_beside(self.path, self.text) as temporary:
            problems = registry_module.load(temporary, self.display_path)[1]
            if leave_to_check:
                problems = [p for p in problems if p.subtype != registry_module.TO_CHECK]
            if problems:
                raise EditError(Message(N_("the edited registry would not be valid; nothing was written:")), problems)
            os.replace(temporary, self.path)


# -- statements that use an id ------------------------------------------------------------


def replace_signatory(text: str, old: str, new: str) -> str | None:
    """A statement's text with ``old`` replaced by ``new`` in its ``signatories:`` list
    (once: an item already naming ``new`` is dropped); None when it does not list ``old``.

    ruamel.yaml reads the frontmatter and says where each item of the list is (its line and
    column, ``lc``); only those items' text changes, so the rest of the file, comments and
    quoting included, stays byte for byte. A list item that goes loses its line (or, in a
    list written ``[a, b]``, its place in the brackets).
    """
    lines = text.split("\n")
    if not lines or lines[0].lstrip("\ufeff").strip() != "---":
        return None
    end = next((i for i in range(1, len(lines)) if lines[i].rstrip("\r").strip() == "---"), None)
    if end is None:
        return None
    try:
        fields = _yaml().load("\n".join(lines[1:end]))
    except YAMLError:
        return None  # a frontmatter YAML cannot read: ``check`` reports it
    listed = fields.get("signatories") if isinstance(fields, CommentedMap) else None
    if not isinstance(listed, CommentedSeq) or old not in listed:
        return None
    items = [str(item) for item in listed]
    flow = listed.fa.flow_style()
    # One of OLD and NEW stays, as NEW: in a list of lines, where NEW is listed (if it is), else
    # where OLD is; in a list in brackets, the first of them. Every other OLD or NEW goes.
    if flow or new not in items:
        kept_at = min(index for index, item in enumerate(items) if item in (old, new))
    else:
        kept_at = items.index(new)
    keep = [index == kept_at or item not in (old, new) for index, item in enumerate(items)]
    if flow:
        line, column = fields.lc.value("signatories")
        line += 1
        close = lines[line].index("]", column)
        if any(listed.lc.item(index)[0] + 1 != line for index in range(len(items))):
            return None  # a bracketed list over several lines: left for the user to edit
        written = [new if item == old else item for item, kept in zip(items, keep, strict=True) if kept]
        lines[line] = lines[line][: column + 1] + ", ".join(written) + lines[line][close:]
        return "\n".join(lines)
    dropped = set()
    for index, item in enumerate(items):
        line, column = listed.lc.item(index)
        line += 1
        if not keep[index]:
            dropped.add(line)
        elif item == old:
            token = re.compile(r"(['\"]?)" + re.escape(old) + r"\1").match(lines[line], column)
            if token is None:
                return None  # not where ruamel.yaml says the item is: left for the user to edit
            lines[line] = lines[line][:column] + new + lines[line][token.end() :]
    return "\n".join(line for number, line in enumerate(lines) if number not in dropped)
