"""The signatory registry (``source/signatories.yaml``): reading and validation.

Pure Python: no Sphinx imports.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from solidarity_archive.core import frontmatter
from solidarity_archive.core.frontmatter import (
    FrontmatterError,
    Mapping,
    Scalar,
    Sequence,
)
from solidarity_archive.core.model import Problem, Signatory
from solidarity_archive.core.suggest import did_you_mean

SIGNATORY_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
FIELDS = ("name", "acronym", "country", "url", "aliases")
REQUIRED = ("name", "country")
MAX_REGISTRY_BYTES = 2 * 1024 * 1024


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
        return Registry(), [Problem(display_path, 1, "registry", f"the signatory registry {display_path} is missing; create it (see README, 'The signatory registry')")]
    except OSError as error:
        return Registry(), [Problem(display_path, 1, "registry", f"the signatory registry cannot be read: {error.strerror}")]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        return Registry(), [Problem(display_path, line, "encoding", "the signatory registry is not UTF-8 text")]
    return parse(frontmatter.normalise_newlines(text), display_path)


def parse(text: str, display_path: str) -> tuple[Registry, list[Problem]]:
    try:
        root = frontmatter.parse(text, 1, max_bytes=MAX_REGISTRY_BYTES, what="the signatory registry")
    except FrontmatterError as error:
        return Registry(), [Problem(display_path, error.line, "registry", f"signatory registry: {error.message}", error.column)]

    problems: list[Problem] = []
    signatories: dict[str, Signatory] = {}
    folded: dict[str, str] = {}

    def problem(line: int, message: str) -> None:
        problems.append(Problem(display_path, line, "registry", message))

    for sid, entry in root.items.items():
        line = root.lines[sid]
        if not SIGNATORY_ID.match(sid):
            problem(line, f"signatory id '{sid}' must be lowercase letters, digits and single hyphens, e.g. 'sister-cities'")
            continue
        if sid.casefold() in folded:
            problem(line, f"signatory id '{sid}' is already used on another entry ('{folded[sid.casefold()]}')")
            continue
        folded[sid.casefold()] = sid
        if not isinstance(entry, Mapping):
            problem(line, f"signatory '{sid}' must have fields (name, country, …), not a single value")
            continue
        values: dict[str, object] = {}
        for key, value in entry.items.items():
            key_line = entry.lines[key]
            if key not in FIELDS:
                problem(key_line, f"signatory '{sid}': unknown field '{key}'{did_you_mean(key, FIELDS)} (fields: {', '.join(FIELDS)})")
            elif key == "aliases":
                if not isinstance(value, Sequence) or not all(isinstance(v, Scalar) and v.text.strip() for v in value.items):
                    problem(key_line, f"signatory '{sid}': aliases must be a list of names")
                else:
                    values[key] = tuple(v.text.strip() for v in value.items)  # type: ignore[union-attr]
            elif not isinstance(value, Scalar) or not value.text.strip():
                problem(key_line, f"signatory '{sid}': {key} must be a single line of text")
            elif value.looks_boolean:
                problem(key_line, f"signatory '{sid}': {key} '{value.text}' is read as a yes/no value by YAML; put it in quotes")
            elif key == "url" and not re.match(r"^https?://[^\s<>\"']+$", value.text.strip()):
                problem(key_line, f"signatory '{sid}': url '{value.text}' must start with https:// or http://")
            else:
                values[key] = " ".join(value.text.split())
        missing = [key for key in REQUIRED if key not in values and key not in entry.items]
        for key in missing:
            problem(line, f"signatory '{sid}': {key} is missing")
        if all(key in values for key in REQUIRED):
            signatories[sid] = Signatory(id=sid, **values)  # type: ignore[arg-type]
    return Registry(signatories), problems
