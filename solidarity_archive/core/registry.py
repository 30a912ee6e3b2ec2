"""The signatory registry (``source/signatories.yaml``): reading and validation.

Pure Python: no Sphinx imports.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from solidarity_archive.core import frontmatter
from solidarity_archive.core.frontmatter import (
    FrontmatterError,
    Mapping,
    Scalar,
    Sequence,
)
from solidarity_archive.core.languages import N_, Message
from solidarity_archive.core.model import SIGNATORY_KINDS, Problem, Signatory
from solidarity_archive.core.suggest import did_you_mean

SIGNATORY_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
FIELDS = ("kind", "name", "acronym", "country", "url", "aliases", "family", "given", "affiliation", "role")
REQUIRED = ("name", "country")
#: A person needs a family name; the name shown defaults to "Given Family".
PERSON_REQUIRED = ("family",)
#: Fields only a person has: an organisation's name is one field, never split.
PERSON_ONLY = ("family", "given", "affiliation", "role")
MAX_REGISTRY_BYTES = 2 * 1024 * 1024
#: What ``import --add-signatories`` writes where it could not tell an organisation's country.
COUNTRY_TO_CHECK = "TO CHECK"
#: The subtype of that problem: an edit may leave it, for the user to settle.
TO_CHECK = "to-check"


@dataclass(frozen=True)
class Registry:
    """Signatories by id, in the order the registry file lists them."""

    signatories: dict[str, Signatory] = field(default_factory=dict)

    def __contains__(self, signatory_id: str) -> bool:
        return signatory_id in self.signatories

    def __getitem__(self, signatory_id: str) -> Signatory:
        return self.signatories[signatory_id]

    def ids(self) -> list[str]:
        return list(self.signatories)

    def label(self, signatory_id: str) -> str:
        """How pages name a signatory (its acronym and name); an id not in the registry as written."""
        signatory = self.signatories.get(signatory_id)
        return signatory.label if signatory is not None else signatory_id


def load(path: Path, display_path: str) -> tuple[Registry, list[Problem]]:
    """Read and validate the registry. Problems are located in ``display_path``."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return Registry(), [
            Problem(
                display_path,
                1,
                "registry",
                Message(N_("the signatory registry {path} is missing; create it (see README, 'The signatory registry')"), path=display_path),
            )
        ]
    except OSError as error:
        return Registry(), [Problem(display_path, 1, "registry", Message(N_("the signatory registry cannot be read: {error}"), error=error.strerror))]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        return Registry(), [Problem(display_path, line, "encoding", Message(N_("the signatory registry is not UTF-8 text")))]
    return parse(frontmatter.normalise_newlines(text), display_path)


def parse(text: str, display_path: str) -> tuple[Registry, list[Problem]]:
    try:
        root = frontmatter.parse(text, 1, max_bytes=MAX_REGISTRY_BYTES, what=Message(N_("the signatory registry")))
    except FrontmatterError as error:
        return Registry(), [Problem(display_path, error.line, "registry", Message(N_("signatory registry: {problem}"), problem=error.text), error.column)]

    problems: list[Problem] = []
    signatories: dict[str, Signatory] = {}
    folded: dict[str, str] = {}

    def problem(line: int, message: Message) -> None:
        problems.append(Problem(display_path, line, "registry", message))

    for sid, entry in root.items.items():
        line = root.lines[sid]
        if not SIGNATORY_ID.match(sid):
            problem(line, Message(N_("signatory id '{id}' must be lowercase letters, digits and single hyphens, e.g. 'sister-cities'"), id=sid))
            continue
        if sid.casefold() in folded:
            problem(line, Message(N_("signatory id '{id}' is already used on another entry ('{other}')"), id=sid, other=folded[sid.casefold()]))
            continue
        folded[sid.casefold()] = sid
        if not isinstance(entry, Mapping):
            problem(line, Message(N_("signatory '{id}' must have fields (name, country, …), not a single value"), id=sid))
            continue
        values: dict[str, Any] = {}  # each value checked as it is read
        for key, value in entry.items.items():
            key_line = entry.lines[key]
            if key not in FIELDS:
                problem(
                    key_line,
                    Message(
                        N_("signatory '{id}': unknown field '{key}'{hint} (fields: {fields})"),
                        id=sid,
                        key=key,
                        hint=did_you_mean(key, FIELDS),
                        fields=", ".join(FIELDS),
                    ),
                )
            elif key == "aliases":
                if not isinstance(value, Sequence) or not all(isinstance(v, Scalar) and v.text.strip() for v in value.items):
                    problem(key_line, Message(N_("signatory '{id}': aliases must be a list of names"), id=sid))
                else:
                    values[key] = tuple(v.text.strip() for v in value.items)  # type: ignore[union-attr]  # every item is a Scalar: tested above
            elif not isinstance(value, Scalar) or not value.text.strip():
                problem(key_line, Message(N_("signatory '{id}': {key} must be a single line of text"), id=sid, key=key))
            elif value.looks_boolean:
                problem(
                    key_line,
                    Message(N_("signatory '{id}': {key} '{value}' is read as a yes/no value by YAML; put it in quotes"), id=sid, key=key, value=value.text),
                )
            elif key == "country" and value.text.strip() == COUNTRY_TO_CHECK:
                problems.append(
                    Problem(
                        display_path,
                        key_line,
                        TO_CHECK,
                        Message(
                            N_("signatory '{id}': country is '{value}', left by import for you to fill in: write where the organisation is based"),
                            id=sid,
                            value=COUNTRY_TO_CHECK,
                        ),
                    )
                )
                values[key] = COUNTRY_TO_CHECK  # the entry stands; only this field is reported
            elif key == "url" and not re.match(r"^https?://[^\s<>\"']+$", value.text.strip()):
                problem(key_line, Message(N_("signatory '{id}': url '{value}' must start with https:// or http://"), id=sid, value=value.text))
            else:
                values[key] = " ".join(value.text.split())
        kind = values.get("kind", SIGNATORY_KINDS[0])
        if kind not in SIGNATORY_KINDS:
            problem(
                entry.lines["kind"], Message(N_("signatory '{id}': kind '{kind}' must be one of {kinds}"), id=sid, kind=kind, kinds=", ".join(SIGNATORY_KINDS))
            )
            continue
        required: tuple[str, ...]
        if kind == "person":
            required = PERSON_REQUIRED
            if "name" not in values and "family" in values:
                values["name"] = " ".join(part for part in (values.get("given"), values["family"]) if part)
        else:
            required = REQUIRED
            for key in PERSON_ONLY:
                if key in values:
                    problem(
                        entry.lines[key],
                        Message(N_("signatory '{id}': {key} is for people (kind: person); an organisation's name is one field"), id=sid, key=key),
                    )
        missing = [key for key in required if key not in values and key not in entry.items]
        for key in missing:
            if key == "family":
                problem(line, Message(N_("signatory '{id}': {key} is missing (a person's family name)"), id=sid, key=key))
            else:
                problem(line, Message(N_("signatory '{id}': {key} is missing"), id=sid, key=key))
        if all(key in values for key in required):
            values = {key: value for key, value in values.items() if kind == "person" or key not in PERSON_ONLY}
            signatories[sid] = Signatory(id=sid, **values)
    # Affiliations name organisations of the registry.
    for sid, signatory in list(signatories.items()):
        if signatory.affiliation is None:
            continue
        organisation = signatories.get(signatory.affiliation)
        if organisation is None or organisation.is_person:
            line = root.items[sid].lines.get("affiliation", root.lines[sid])  # type: ignore[union-attr]  # an entry of the registry is a mapping
            hint = did_you_mean(signatory.affiliation, [k for k, v in signatories.items() if not v.is_person])
            problem(
                line,
                Message(
                    N_("signatory '{id}': affiliation '{affiliation}' is not an organisation of the registry{hint}"),
                    id=sid,
                    affiliation=signatory.affiliation,
                    hint=hint,
                ),
            )
            del signatories[sid]
        else:
            signatories[sid] = dataclasses.replace(signatory, affiliation_name=organisation.name)
    return Registry(signatories), problems
