"""Published ids that never silently break (pure).

``statements/published.txt`` (one id a line, sorted) lists every id the
archive has published. An id in it must stay a statement (live or withdrawn)
or be a former id of one (``former_ids``), which keeps a redirect at its old
address. Adding ids to the ledger is deliberate: ``new`` and ``import`` add the
id they create, ``check --update-ledger`` adds the ids not yet listed.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from solidarity_archive.core.languages import N_, Message
from solidarity_archive.core.model import Problem, Statement
from solidarity_archive.core.validation import STATEMENT_ID

LEDGER_NAME = "published.txt"
LEDGER_HEADER = (
    "# Every statement id the archive has published, one a line, sorted.\n# An id listed here must stay a statement, or be a former id (former_ids) of one.\n"
)


def ledger_path(statements_dir: str) -> str:
    """The ledger, relative to the project root: ``statements/published.txt``."""
    return f"{statements_dir.strip('/')}/{LEDGER_NAME}"


@dataclass(frozen=True)
class Ledger:
    ids: dict[str, int]  # id -> line
    problems: tuple[Problem, ...] = ()


def parse_ledger(text: str, path: str) -> Ledger:
    ids: dict[str, int] = {}
    problems: list[Problem] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if not STATEMENT_ID.match(line):
            problems.append(
                Problem(path, number, "ledger", Message(N_("'{value}' is not a statement id; expected one id a line, YYYY-MM-DD-short-slug"), value=line))
            )
        elif line in ids:
            problems.append(Problem(path, number, "ledger", Message(N_("'{value}' is listed twice (first on line {first})"), value=line, first=ids[line])))
        else:
            ids[line] = number
    return Ledger(ids, tuple(problems))


def read_ledger(root: Path, statements_dir: str) -> Ledger | None:
    """The ledger, or None when the archive keeps none."""
    path = root / ledger_path(statements_dir)
    if not path.is_file():
        return None
    return parse_ledger(path.read_text(encoding="utf-8"), ledger_path(statements_dir))


def ledger_text(ids: Iterable[str]) -> str:
    return LEDGER_HEADER + "".join(f"{sid}\n" for sid in sorted(set(ids)))


def add_to_ledger(root: Path, statements_dir: str, ids: Iterable[str]) -> list[str]:
    """Add ``ids`` to the ledger (created when missing); returns the ids that were new to it."""
    current = read_ledger(root, statements_dir)
    known = set(current.ids) if current else set()
    added = sorted(set(ids) - known)
    if added or current is None:
        path = root / ledger_path(statements_dir)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(ledger_text(known | set(added)), encoding="utf-8", newline="\n")
    return added


@dataclass(frozen=True)
class Claim:
    """A statement and where its ``former_ids`` are written."""

    statement: Statement
    path: str
    line: int


def former_id_problems(claims: Iterable[Claim], live_ids: set[str]) -> list[Problem]:
    """Two statements claiming one former id, a former id that is a live id, redirect loops."""
    claims = sorted(claims, key=lambda c: c.statement.id)
    problems: list[Problem] = []
    owner: dict[str, Claim] = {}
    by_id = {claim.statement.id: claim for claim in claims}
    for claim in claims:
        for former in claim.statement.former_ids:
            other = by_id.get(former)
            if other is not None and claim.statement.id in other.statement.former_ids:
                problems.append(
                    Problem(
                        claim.path,
                        claim.line,
                        "former-ids",
                        Message(
                            N_(
                                "former id '{former}' redirects here, and this statement's id '{id}' is a former id of '{former}': a redirect loop; keep the former id on one of them only"
                            ),
                            former=former,
                            id=claim.statement.id,
                        ),
                    )
                )
            elif former in live_ids:
                problems.append(
                    Problem(
                        claim.path,
                        claim.line,
                        "former-ids",
                        Message(
                            N_(
                                "former id '{former}' is the id of a statement still in the archive; a former id must be one no statement has now (remove it, or rename that statement)"
                            ),
                            former=former,
                        ),
                    )
                )
            elif former in owner:
                first = owner[former]
                problems.append(
                    Problem(
                        claim.path,
                        claim.line,
                        "former-ids",
                        Message(
                            N_("former id '{former}' is also claimed by '{id}' ({where}); an old address can redirect to one statement only"),
                            former=former,
                            id=first.statement.id,
                            where=f"{first.path}:{first.line}",
                        ),
                    )
                )
            else:
                owner[former] = claim
    return problems


def ledger_problems(ledger: Ledger, present: set[str], former: set[str], path: str) -> list[Problem]:
    """Every id in the ledger is a statement on disk or a former id of one."""
    problems = list(ledger.problems)
    for sid, line in sorted(ledger.ids.items()):
        if sid not in present and sid not in former:
            problems.append(
                Problem(
                    path,
                    line,
                    "ledger",
                    Message(
                        N_(
                            "published id '{id}' has no statement and no redirect: its address would break. If the file was renamed, add 'former_ids: [{id}]' to the renamed statement; if it was taken down, keep the file and add 'withdrawn:' with a date and a reason"
                        ),
                        id=sid,
                    ),
                )
            )
    return problems


def unlisted(ledger: Ledger | None, ids: Iterable[str]) -> list[str]:
    known = set(ledger.ids) if ledger else set()
    return sorted(set(ids) - known)


def unrecorded_changes(before: Statement, after: Statement, path: str, lines: dict[str, int]) -> list[Problem]:
    """A published statement's date, title or signatories changed without a new correction entry."""
    changed = [name for name in ("date", "title", "signatories") if getattr(before, name) != getattr(after, name)]
    if not changed or len(after.corrections) > len(before.corrections):
        return []
    line = lines.get(changed[0], 1)
    shown = {"date": lambda s: s.date.isoformat(), "title": lambda s: s.title, "signatories": lambda s: ", ".join(s.signatories)}
    was = [Message(N_("{name} was '{before}', now '{after}'"), name=name, before=shown[name](before), after=shown[name](after)) for name in changed]
    details = (
        was[0]
        if len(was) == 1
        else Message(N_("{first}; {second}"), first=was[0], second=was[1])
        if len(was) == 2
        else Message(N_("{first}; {second}; {third}"), first=was[0], second=was[1], third=was[2])
    )
    names = (
        Message(N_("{first} and {second}"), first=changed[0], second=changed[1])
        if len(changed) == 2
        else Message(N_("{first} and {second} and {third}"), first=changed[0], second=changed[1], third=changed[2])
        if len(changed) == 3
        else changed[0]
    )
    return [
        Problem(
            path,
            line,
            "corrections",
            Message(
                N_(
                    "{fields} of a published statement changed ({details}) without a correction entry; add one under 'corrections:' (date, and what changed in one sentence)"
                ),
                fields=names,
                details=details,
            ),
        )
    ]
