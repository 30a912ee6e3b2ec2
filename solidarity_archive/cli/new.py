"""``new``: create a statement file with a complete, checked frontmatter.

Run in a terminal, ``new`` asks for what its flags leave out, one answer at a
time, and checks each answer as it is given with the archive's own rules
(``core/answers.py``): a refused answer is asked again, with what is expected
and the nearest valid values. Before writing it shows the id and the file,
which may still be changed. Every answer and the pasted text are kept in a
draft (``cli/drafts.py``) until the file is written: stopping, or a refused
write, loses nothing, and the next ``new`` offers the draft back.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import hashlib
import sys
import threading
from collections import Counter
from pathlib import Path
from typing import Any

import babel.dates

from solidarity_archive.cli import drafts, prompt
from solidarity_archive.cli.i18n import _, current_language, ngettext
from solidarity_archive.cli.project import find_layout
from solidarity_archive.core import answers, frontmatter
from solidarity_archive.core import registry as registry_module
from solidarity_archive.core.answers import SignatoryAnswer
from solidarity_archive.core.dates import read_date
from solidarity_archive.core.languages import LANGUAGE_NAMES, format_date, language_name
from solidarity_archive.core.ledger import add_to_ledger, ledger_path, read_ledger
from solidarity_archive.core.model import DEFAULT_KIND, KINDS
from solidarity_archive.core.originals import (
    ALLOWED,
    MAX_ORIGINAL_BYTES,
    human_size,
    kept_name,
    original_problem,
)
from solidarity_archive.core.pages import Placed
from solidarity_archive.core.reader import read_archive
from solidarity_archive.core.statement_file import Draft, check, relative_path, slugify, write_new
from solidarity_archive.core.validation import check_path
from solidarity_archive.myst import parse_statement_text

#: The registry is listed before the signatories are asked when it has at most this many entries.
LISTED_SIGNATORIES = 40
#: The default place.
DEFAULT_PLACE = "San Salvador, El Salvador"


def add_parser(subparsers) -> None:
    parser = subparsers.add_parser(
        "new",
        help=_("create a new statement file"),
        description=_(
            "Create statements/YYYY/YYYY-MM-DD-slug.md with a complete frontmatter, and the year's "
            "index page if the year is new. In a terminal, what the flags leave out is asked for, each answer "
            "checked as it is given; the id and the file are shown before writing, and everything typed is kept "
            "in a draft until the file is written. Never overwrites a file; prints the path created."
        ),
    )
    add_field_arguments(parser)
    parser.add_argument("--text", metavar="FILE", help=_("the statement's text (Markdown); '-' reads it from standard input"))
    parser.add_argument(
        "--translation-of", metavar="ID", help=_("the id of the statement this one translates: its date, place, signatories and kind are filled in")
    )
    parser.add_argument("--root", default=".", help=_("the archive's folder (the one with conf.py); default: the current folder or the nearest one above it"))
    parser.set_defaults(func=run)


def add_field_arguments(parser) -> None:
    """The frontmatter flags ``new`` and ``import`` share."""
    parser.add_argument("--title", help=_("the title as printed"))
    parser.add_argument("--date", help=_("the date the archive files it under, YYYY-MM-DD (or as written, e.g. '3 March 2017')"))
    parser.add_argument("--place", help=_("where it was issued: 'City, Country'"))
    parser.add_argument("--signatory", action="append", metavar="ID", help=_("a signatory id from source/signatories.yaml; repeat for each"))
    parser.add_argument("--language", help=_("BCP 47 language tag, e.g. en or es"))
    parser.add_argument("--kind", choices=KINDS, help=_("kind of document (default: {kind})").format(kind=DEFAULT_KIND))
    parser.add_argument("--slug", help=_("the id's words after the date (default: from the title)"))
    parser.add_argument("--note", help=_("an editorial note shown above the text, e.g. why the date differs from the printed one"))
    parser.add_argument(
        "--original",
        metavar="FILE",
        help=_(
            "the original document ({kinds}; at most {size}): copied next to the statement as <id> plus its ending, with its SHA-256 recorded under 'source:'"
        ).format(kinds=", ".join(ALLOWED), size=human_size(MAX_ORIGINAL_BYTES)),
    )


def load_archive(root: str):
    """(layout, registry, today) for a command run inside the archive."""
    layout, settings = find_layout(root)
    registry, problems = registry_module.load(layout.root / layout.registry_path, layout.registry_path)
    if problems:
        for problem in problems:
            print(problem, file=sys.stderr)
        sys.exit(1)
    today = settings.current_date()
    return layout, registry, today


def problem_text(problem) -> str:
    """A problem's message in the command line's language."""
    translated = getattr(problem, "translated_message", None)
    return translated(_) if translated is not None else problem.message


def shown_date(date: dt.date) -> str:
    """A date as the person reads it, by Babel in the command line's language: ``3 de marzo de 2017``."""
    return format_date(date, current_language())


def read_text(source: str) -> str:
    return sys.stdin.read() if source == "-" else Path(source).read_text(encoding="utf-8")


def fill_from_original(args, layout, registry, today) -> str | None:
    """``--translation-of ID``: the fields a translation shares with its original, where not given; or why not."""
    from solidarity_archive.core.validation import read_statement

    original_id = args.translation_of
    path = layout.statements_folder / original_id[:4] / f"{original_id}.md"
    if not path.is_file():
        return _("--translation-of '{id}' is no statement of the archive (no {path})").format(id=original_id, path=path.relative_to(layout.root).as_posix())
    relative = path.relative_to(layout.root).as_posix()
    original = read_statement(
        path.read_bytes(), path=relative, docname=relative[: -len(".md")], registry=registry, today=today, markdown=parse_statement_text
    ).statement
    if original is None:
        return _("--translation-of '{id}' has problems of its own; run 'make check'").format(id=original_id)
    args.date = args.date or original.date.isoformat()
    args.place = args.place or original.place.label
    args.signatory = args.signatory or list(original.signatories)
    args.kind = args.kind or original.kind
    return None


def date_from_flag(text: str) -> dt.date | str:
    """``--date``: the date, or why it is refused."""
    reading = read_date(text)
    if reading.date is not None:
        return reading.date
    if reading.ambiguous:
        first, second = reading.dates[:2]
        return _("--date '{date}' can be read as {first} or as {second}; write it as YYYY-MM-DD").format(
            date=text, first=first.isoformat(), second=second.isoformat()
        )
    return _("--date '{date}' is not a date; write it as YYYY-MM-DD, e.g. 2016-01-19").format(date=text)


def run(args) -> int:
    layout, registry, today = load_archive(args.root)
    if getattr(args, "translation_of", None):
        problem = fill_from_original(args, layout, registry, today)
        if problem:
            print(problem, file=sys.stderr)
            return 2
    fields = (args.title, args.date, args.place, args.signatory, args.language)
    if sys.stdin.isatty() and (not all(fields) or args.text is None):
        return Session(args, layout, registry, today).run()
    missing = [
        flag
        for flag, value in (
            ("--title", args.title),
            ("--date", args.date),
            ("--place", args.place),
            ("--signatory", args.signatory),
            ("--language", args.language),
            ("--text", args.text),
        )
        if not value
    ]
    if missing:
        print(
            _("Missing: {flags}. Give them as flags, or run 'solidarity-archive new' in a terminal to be asked.").format(flags=", ".join(missing)),
            file=sys.stderr,
        )
        return 2
    date = date_from_flag(args.date)
    if isinstance(date, str):
        print(date, file=sys.stderr)
        return 2
    draft = Draft(
        title=args.title,
        date=date,
        place=args.place,
        signatories=tuple(args.signatory),
        language=args.language,
        kind=args.kind or DEFAULT_KIND,
        body=read_text(args.text),
        slug=args.slug,
        note=args.note,
        translation_of=getattr(args, "translation_of", None),
    )
    return write_checked(draft, layout, registry, today, args.original)


def with_original(draft: Draft, original: str | None) -> tuple[Draft, tuple[str, bytes] | None] | str:
    """The draft recording its original's name and SHA-256, and the bytes to copy; or why the file cannot be kept."""
    if not original:
        return draft, None
    path = Path(original)
    problem = original_problem(path)
    if problem:
        return str(problem)
    data = path.read_bytes()
    name = kept_name(draft.id, path)
    return dataclasses.replace(draft, original=(name, hashlib.sha256(data).hexdigest())), (name, data)


def write_checked(draft: Draft, layout, registry, today, original: str | None = None) -> int:
    """Validate the file about to be written; write it only if it has no problem. Its id joins the ledger."""
    kept = with_original(draft, original)
    if isinstance(kept, str):
        print(_("--original: {problem}; nothing was written.").format(problem=kept), file=sys.stderr)
        return 1
    draft, copy = kept
    path, text, _statement, problems = check(draft, registry, today, layout.statements_dir, markdown=parse_statement_text)
    if problems:
        for problem in problems:
            print(f"{problem.path}:{problem.line}: {problem_text(problem)} [statement.{problem.subtype}]", file=sys.stderr)
        print(_("Nothing was written."), file=sys.stderr)
        return 1
    try:
        created = write_new(layout.root, path, text, copy)
    except FileExistsError as error:
        existing = Path(str(error)).relative_to(layout.root).as_posix() if Path(str(error)).is_absolute() else path
        print(_("{path} already exists; nothing was written. Choose another --slug, or edit the existing file.").format(path=existing), file=sys.stderr)
        return 1
    for extra in created[1:]:
        shown = extra.relative_to(layout.root).as_posix()
        print((_("created the year page {path}") if extra.name == "index.md" else _("kept the original as {path}")).format(path=shown), file=sys.stderr)
    if add_to_ledger(layout.root, layout.statements_dir, [draft.id]):
        print(_("added {id} to {ledger}").format(id=draft.id, ledger=ledger_path(layout.statements_dir)), file=sys.stderr)
    print(path)
    return 0


# -- in a terminal ---------------------------------------------------------------------------

#: The answers asked for, in order; each is checked as it is given.
ASKED = ("title", "date", "place", "signatories", "language", "kind")


class Session:
    """One ``new`` in a terminal: questions, each answer checked, a draft kept all along."""

    def __init__(self, args, layout, registry, today: dt.date):
        self.args = args
        self.layout = layout
        self.registry = registry
        self.today = today
        self.folder = drafts.drafts_folder()
        self.draft: drafts.SavedDraft | None = None
        #: Values offered after a refused answer: the next answer may pick one by its number.
        self.offered: list[str] = []
        self._placed: list[Placed] | None = None
        self._reader: threading.Thread | None = None
        #: Accepting an answer given before (a flag, the draft): nothing to confirm.
        self.quiet = False

    # -- the draft --

    @property
    def answers(self) -> dict[str, Any]:  # each answer checked as it is given
        assert self.draft is not None
        return self.draft.answers

    def save(self) -> None:
        """Keep the answers and text so far (nothing yet: no file)."""
        if self.draft is None or (not any(self.draft.answers.values()) and not (self.draft.text or "").strip()):
            return
        comment = _(
            "A statement being added with 'solidarity-archive new' (make new), not written yet.\n"
            "Run 'make new' in the archive again to continue it. The text after the line\n"
            "=== TEXT === may be corrected here with any text editor. Delete this file to discard it."
        )
        drafts.save(self.draft, comment)

    def start(self) -> drafts.SavedDraft:
        """A draft left by an earlier session, if the person wants it; else a new one."""
        found = drafts.drafts_of(self.layout.root, self.folder)
        if found:
            prompt.say(
                ngettext(
                    "An unfinished statement was kept from an earlier session:", "{count} unfinished statements were kept from earlier sessions:", len(found)
                ).format(count=len(found))
            )
            for number, draft in enumerate(found, start=1):
                prompt.say(f"  {number}. {self.describe(draft)}")
            while True:
                answer = prompt.ask(_("Type its number to continue it, or press Enter to start a new statement"))
                if not answer:
                    break
                picked = answers.numbered(answer, [str(n) for n in range(1, len(found) + 1)])
                if picked:
                    draft = found[int(picked) - 1]
                    prompt.say(_("Continuing the draft {path}").format(path=draft.path))
                    return draft
                prompt.say(_("Please type a number from 1 to {last}, or press Enter.").format(last=len(found)))
        return drafts.SavedDraft(drafts.new_path(self.folder), str(self.layout.root))

    def describe(self, draft: drafts.SavedDraft) -> str:
        title = draft.answers.get("title") or _("(no title yet)")
        saved = draft.saved
        when = babel.dates.format_datetime(saved, "short", locale=current_language()) if saved else ""
        text = (draft.text or "").strip("\n")
        size = ngettext("{count} character of text", "{count} characters of text", len(text)).format(count=len(text)) if text.strip() else _("no text yet")
        return _("“{title}”, saved {when} ({size})").format(title=title, when=when, size=size)

    def take_flags(self) -> None:
        """The answers given as flags (they win over the draft's)."""
        args = self.args
        given = {
            "title": args.title,
            "date": args.date,
            "place": args.place,
            "signatories": list(args.signatory) if args.signatory else None,
            "language": args.language,
            "kind": args.kind,
            "slug": args.slug,
            "note": args.note,
            "translation_of": getattr(args, "translation_of", None),
            "original": str(Path(args.original).resolve()) if args.original else None,
        }
        self.answers.update({key: value for key, value in given.items() if value})
        if args.text is not None and args.text != "-":
            self.draft.text = read_text(args.text)  # type: ignore[union-attr]  # the session has its draft by now

    # -- the whole session --

    def run(self) -> int:
        with prompt.stoppable():
            try:
                self.draft = self.start()
                if not self.draft.path.exists():
                    prompt.say(_("Your answers are kept as you type them in {path}").format(path=self.draft.path))
                self.take_flags()
                self.read_places_meanwhile()
                return self.complete()
            except prompt.Stopped as stopped:
                if self.draft is not None and stopped.text and stopped.text.strip():
                    self.draft.text = stopped.text
                return self.stop(130)
            except KeyboardInterrupt:  # between two questions (reading the archive's places, writing)
                print(flush=True)
                return self.stop(130)

    def stop(self, code: int) -> int:
        self.save()
        if self.draft is not None and self.draft.path.exists():
            prompt.say(
                _("Nothing was written to the archive. Everything typed is kept in the draft {path}; run 'make new' again to continue it.").format(
                    path=self.draft.path
                )
            )
        else:
            prompt.say(_("Nothing was written."))
        return code

    def complete(self) -> int:
        for key in ASKED:
            self.settle(key)
        self.settle_text()
        while True:
            self.settle_id()
            choice = self.review()
            if choice == "stop":
                return self.stop(1)
            if choice != "write":
                self.change(choice)
                continue
            refused = self.refused()
            if refused is None:
                break
            if refused == "stop":
                return self.stop(1)
            self.change(refused)
        code = write_checked(self.build(), self.layout, self.registry, self.today, self.answers.get("original"))
        if code:
            return self.stop(code)
        drafts.remove(self.draft)  # type: ignore[arg-type]  # the session has its draft by now
        prompt.say(_("Written. 'make check' checks the whole archive; 'make preview' shows the page."))
        return 0

    def change(self, key: str) -> None:
        if key == "text":
            self.change_text()
        elif key == "slug":
            self.ask_slug()
        else:
            self.answers.pop(key, None)
            self.settle(key)

    # -- one answer --

    def settle(self, key: str) -> None:
        """An accepted answer for ``key``: the one given (flag or draft) if the rules take it, else asked until they do."""
        given = self.answers.get(key)
        if given not in (None, "", []):
            self.quiet = True
            try:
                value = self.accept(key, given if not isinstance(given, list) else ", ".join(given))
            finally:
                self.quiet = False
            if value is not None:
                self.answers[key] = value
                return
        self.offered = []
        self.before_asking(key)
        while True:
            answer = prompt.ask(self.question(key), self.default(key))
            picked = answers.numbered(answer, self.offered) if self.offered else None
            self.offered = []
            self.answers[key] = picked or answer  # kept as typed until accepted: a stop loses nothing
            value = self.accept(key, picked or answer)
            if value is not None:
                self.answers[key] = value
                self.save()
                return

    def question(self, key: str) -> str:
        return {
            "title": _("Title, as printed"),
            "date": _("Date (e.g. 3 March 2017, 03/03/2017 or 2017-03-03)"),
            "place": _("Place (City, Country)"),
            "signatories": _("Signatories: names, acronyms or ids, separated by commas"),
            "language": _("Language of the text (en, es, …)"),
            "kind": _("Kind (its number or name)"),
        }[key]

    def default(self, key: str) -> str | None:
        if key == "place":
            return DEFAULT_PLACE
        if key == "language":
            return current_language()
        if key == "kind":
            return "1"
        return None

    def before_asking(self, key: str) -> None:
        if key == "signatories":
            if len(self.registry.signatories) <= LISTED_SIGNATORIES:
                self.list_signatories()
            else:
                prompt.say(_("Type ? to list the registry's signatories."))
        elif key == "kind":
            prompt.say(_("Kinds of document:"))
            for number, kind in enumerate(KINDS, start=1):
                shown = _(kind)
                prompt.say(f"  {number}. {shown}" + (f" ({kind})" if shown != kind else ""))

    def list_signatories(self) -> None:
        prompt.say(_("Signatories in the registry:"))
        for signatory in self.registry.signatories.values():
            prompt.say(f"  {signatory.id:<20} {signatory.label}")

    def echo(self, message: str) -> None:
        """How an answer was read, when it was typed just now."""
        if not self.quiet:
            prompt.say(message)

    def refuse(self, messages: list[str], offered: list[str] | None = None) -> None:
        """Say why an answer is refused, and the values that would do."""
        for message in messages:
            prompt.say("  ✗ " + message)
        self.offered = list(offered or [])
        if self.offered:
            prompt.say("  " + _("Closest valid values (type the number to choose one):"))
            for number, value in enumerate(self.offered, start=1):
                prompt.say(f"    {number}. {value}")

    def rules(self, key: str, value: object) -> list[str]:
        """The archive's own rules for the field: what ``make check`` would report."""
        path = f"{self.layout.statements_dir}/new.md"
        return [problem_text(p) for p in answers.field_problems(key, value, self.registry, self.today, path)]

    def accept(self, key: str, answer: str) -> object | None:
        """The value to keep for an answer, or None (the reasons said) to ask again."""
        return getattr(self, f"accept_{key}")(answer.strip())

    def accept_title(self, answer: str) -> str | None:
        problems = self.rules("title", answer)
        if problems:
            self.refuse(problems)
            return None
        return " ".join(answer.split())

    def accept_date(self, answer: str) -> str | None:
        reading = read_date(answer)
        if reading.ambiguous:
            date = self.choose_date(answer, reading.dates)
        elif reading.date is None:
            if reading.impossible:
                message = _("there is no such day as '{answer}'; check the day and the month").format(answer=answer)
            elif not answer:
                message = _("the date is needed")
            else:
                message = _("'{answer}' is not a date that can be read").format(answer=answer)
            self.refuse([message + _("; write it for example as 3 March 2017, 03/03/2017 or 2017-03-03")])
            return None
        else:
            date = reading.date
        problems = self.rules("date", date)
        if problems:
            self.refuse(problems)
            return None
        if answer != date.isoformat():
            self.echo("  → " + shown_date(date))
        return date.isoformat()

    def choose_date(self, answer: str, dates: tuple[dt.date, ...]) -> dt.date:
        """Numbers only, read two ways: the person says which."""
        prompt.say(_("'{answer}' can be read two ways:").format(answer=answer))
        labels = (_("day/month/year"), _("month/day/year"))
        for number, (date, label) in enumerate(zip(dates, labels, strict=False), start=1):
            prompt.say(f"  {number}. {shown_date(date)} ({label})")
        while True:
            picked = answers.numbered(prompt.ask(_("Which one? Type 1 or 2")), [str(n) for n in range(1, len(dates) + 1)])
            if picked:
                return dates[int(picked) - 1]
            prompt.say(_("Please type 1 or 2."))

    def read_places(self) -> None:
        """The places of the archive's statements, as ``check`` reads them."""
        read = read_archive(self.layout, self.registry, self.today, markdown=parse_statement_text)
        self._placed = [Placed(f.statement, f.path, f.field_lines.get("place", 1)) for f in read.files if f.statement is not None]

    def read_places_meanwhile(self) -> None:
        """Read the archive's places while the first questions are answered: a large archive takes seconds."""

        def read() -> None:
            with contextlib.suppress(Exception):  # read again, in the open, when the place is asked
                self.read_places()

        self._reader = threading.Thread(target=read, name="archive places", daemon=True)
        self._reader.start()

    def places(self) -> list[Placed]:
        if self._placed is None and self._reader is not None:
            self._reader.join()
        if self._placed is None:  # not read in the meantime (or that reading failed): read now, errors shown
            self.read_places()
        return self._placed  # type: ignore[return-value]  # read_places() sets it

    def accept_place(self, answer: str) -> str | None:
        used = Counter(p.statement.place.label for p in self.places())
        labels = [label for label, _count in used.most_common()] + [DEFAULT_PLACE]
        problems = self.rules("place", answer)
        if not problems:
            place = ", ".join(" ".join(part.split()) for part in answer.rsplit(",", 1))
            problems = [problem_text(p) for p in answers.place_problems(place, self.places(), self.path(), self.today)]
            if not problems:
                return place
        self.refuse(problems, answers.closest_places(answer, labels))
        return None

    def accept_signatories(self, answer: str) -> list[str] | None:
        if answer.strip() == "?":
            self.list_signatories()
            return None
        ids: list[str] = []
        for found in answers.read_signatories(answer, self.registry):
            sid = found.id or self.settle_signatory(found)
            if sid is None:
                continue
            if found.id and found.how != "id":
                self.echo(f"  {found.typed} → {sid} ({self.registry.label(sid)})")
            if sid not in ids:
                ids.append(sid)
        if not ids:
            self.refuse([_("at least one signatory is needed, by its name, acronym or id in the registry")])
            return None
        problems = self.rules("signatories", ids)
        if problems:
            self.refuse(problems)
            return None
        self.echo("  " + _("Signatories: {ids}").format(ids=", ".join(ids)))
        return ids

    def settle_signatory(self, found: SignatoryAnswer) -> str | None:
        """One signatory the registry does not know as typed: the person picks the right one, types it again, or leaves it out."""
        typed, closest = found.typed, list(found.closest)
        while True:
            prompt.say("  ✗ " + _("'{name}' is not in the registry ({registry}).").format(name=typed, registry=self.layout.registry_path))
            if closest:
                prompt.say("  " + _("Closest in the registry:"))
                for number, sid in enumerate(closest, start=1):
                    prompt.say(f"    {number}. {sid:<20} {self.registry.label(sid)}")
            else:
                prompt.say(
                    "  "
                    + _(
                        "If it is a new signatory: press Ctrl-C (your answers are kept), add it to the registry with solidarity-archive signatory add \"Name\" --country Country, then run 'make new' again."
                    )
                )
            answer = prompt.ask("  " + _("Type the number of the right one, another name or id, or press Enter to leave it out"))
            if not answer:
                return None
            picked = answers.numbered(answer, closest)
            if picked:
                return picked
            again = answers.read_signatories(answer, self.registry)
            if len(again) == 1 and again[0].id:
                return again[0].id
            if again:
                typed, closest = again[0].typed, list(again[0].closest)

    def accept_language(self, answer: str) -> str | None:
        shown = {tag: _(name) for tag, name in LANGUAGE_NAMES.items()}
        tag = answers.read_language(answer, shown, current_language())
        problems = self.rules("language", tag)
        if problems:
            self.refuse(problems, [f"{tag} ({name})" for tag, name in shown.items()][:2])
            self.offered = [value.split(" ")[0] for value in self.offered]
            return None
        if tag != answer:
            self.echo(f"  → {tag}")
        return tag

    def accept_kind(self, answer: str) -> str | None:
        kind = answers.read_kind(answer, {kind: _(kind) for kind in KINDS})
        if kind is None:
            self.refuse([_("'{answer}' is not one of the kinds listed; type its number, 1 to {last}").format(answer=answer, last=len(KINDS))])
            return None
        problems = self.rules("kind", kind)
        if problems:
            self.refuse(problems)
            return None
        return kind

    # -- the text --

    def settle_text(self) -> None:
        """The statement's text: pasted (or given with --text), then checked as the build reads it."""
        assert self.draft is not None
        if self.draft.text and self.draft.text.strip():
            lines = self.draft.text.strip("\n").count("\n") + 1
            prompt.say(ngettext("The text kept in the draft: {count} line.", "The text kept in the draft: {count} lines.", lines).format(count=lines))
        else:
            self.paste()
        while True:
            problems = self.text_problems()
            if not problems:
                return
            prompt.say(_("The text has something the archive does not publish:"))
            for line, message in problems:
                prompt.say("  ✗ " + (_("line {line} of the text: {message}").format(line=line, message=message) if line else message))
            self.fix_text()

    def paste(self) -> None:
        assert self.draft is not None
        while True:
            text = prompt.read_pasted(_("Paste the statement's text, then press Enter and Ctrl-D (on an empty line):"))
            if text.strip():
                self.draft.text = text.strip("\n") + "\n"
                self.save()
                return
            prompt.say("  ✗ " + _("No text was pasted; the statement's text is needed."))

    def fix_text(self) -> None:
        """Correct the text: in the draft with any editor, then read it again; or paste it again."""
        assert self.draft is not None
        self.save()
        answer = prompt.ask(
            _("Correct it in the draft {path} with any text editor and save it, then press Enter to read it again; or type p to paste the text again").format(
                path=self.draft.path
            )
        )
        if answer.strip().lower() == "p":
            self.paste()
            return
        try:
            again = drafts.parse(self.draft.path.read_text(encoding="utf-8"), self.draft.path)
        except (OSError, UnicodeDecodeError):
            again = None
        if again is None or not (again.text or "").strip():
            prompt.say("  ✗ " + _("The draft has no text after the line === TEXT ===; paste the text again."))
            self.paste()
            return
        self.draft.text = again.text

    def change_text(self) -> None:
        assert self.draft is not None
        text = prompt.read_pasted(_("Paste the new text (Ctrl-D without pasting anything keeps the current one)."))
        if text.strip():
            self.draft.text = text.strip("\n") + "\n"
            self.save()
        self.settle_text()

    def text_problems(self) -> list[tuple[int | None, str]]:
        """The text's problems as the build finds them: (line of the text, message)."""
        draft = self.build()
        _path, rendered, _statement, problems = check(draft, self.registry, self.today, self.layout.statements_dir, markdown=parse_statement_text)
        offset = len(rendered) - len(draft.body.strip("\n") + "\n")
        before = rendered[:offset].count("\n")
        found: list[tuple[int | None, str]] = []
        for problem in problems:
            if problem.line > before:
                found.append((problem.line - before, problem_text(problem)))
        return found

    # -- the id, the file and writing --

    def build(self) -> Draft:
        values = self.answers
        return Draft(
            title=str(values.get("title", "")),
            date=dt.date.fromisoformat(str(values["date"])),
            place=str(values.get("place", "")),
            signatories=tuple(values.get("signatories", ())),
            language=str(values.get("language", "")),
            kind=str(values.get("kind") or DEFAULT_KIND),
            body=self.draft.text or "",  # type: ignore[union-attr]  # the session has its draft by now
            slug=values.get("slug") or None,
            note=values.get("note") or None,
            translation_of=values.get("translation_of") or None,
        )

    def path(self) -> str:
        return relative_path(self.build(), self.layout.statements_dir)

    def id_problems(self, draft: Draft) -> list[str]:
        """Why an id cannot be used: a bad file name, a file already there, an id already published."""
        path = relative_path(draft, self.layout.statements_dir)
        problems = [problem_text(p) for p in check_path(path, draft.date)]
        if (self.layout.root / path).exists():
            problems.append(_("{path} already exists: another statement has this id").format(path=path))
        ledger = read_ledger(self.layout.root, self.layout.statements_dir)
        if ledger is not None and draft.id in ledger.ids and not (self.layout.root / path).exists():
            problems.append(
                _("the id {id} was published before ({ledger}); its address belongs to that statement").format(
                    id=draft.id, ledger=ledger_path(self.layout.statements_dir)
                )
            )
        return problems

    def settle_id(self) -> None:
        problems = self.id_problems(self.build())
        if problems:
            self.refuse(problems)
            self.ask_slug()

    def ask_slug(self) -> None:
        """The id's words after the date, typed by the person (checked like any id)."""
        draft = self.build()
        while True:
            prompt.say(_("The id is the statement's permanent address: its date, then a few words (lowercase letters, digits, hyphens)."))
            answer = prompt.ask(_("Words of the id after {date}-").format(date=draft.date.isoformat()), draft.slug or slugify(draft.title))
            slug = answers.read_slug(answer)
            candidate = dataclasses.replace(draft, slug=slug or None)
            problems = self.id_problems(candidate) if slug else [_("the id needs at least one word")]
            if not problems:
                self.answers["slug"] = slug
                self.save()
                return
            self.refuse(problems)

    def review(self) -> str:
        """Everything about to be written, the id and the file first; Enter writes, a number changes an answer."""
        draft = self.build()
        text = draft.body.strip("\n")
        lines = text.count("\n") + 1
        rows = [
            ("title", _("Title"), draft.title),
            ("date", _("Date"), f"{shown_date(draft.date)} ({draft.date.isoformat()})"),
            ("place", _("Place"), draft.place),
            ("signatories", _("Signatories"), ", ".join(draft.signatories)),
            ("language", _("Language"), f"{draft.language} ({_(language_name(draft.language, current_language()))})"),
            ("kind", _("Kind"), _(draft.kind)),
            (
                "text",
                _("Text"),
                ngettext("{count} line", "{count} lines", lines).format(count=lines)
                + ", "
                + ngettext("{count} character", "{count} characters", len(text)).format(count=len(text)),
            ),
            ("slug", _("Id"), draft.id),
        ]
        prompt.say()
        prompt.say(_("About to write:"))
        width = max(len(label) for _key, label, _value in rows) + 1
        for number, (_key, label, value) in enumerate(rows, start=1):
            prompt.say(f"  {number}. {label + ':':<{width}} {value}")
        file_label = _("File") + ":"
        prompt.say(f"     {file_label:<{width}} {relative_path(draft, self.layout.statements_dir)}")
        while True:
            answer = prompt.ask(_("Press Enter to write it; type a number to change that answer (8: the id), or n to stop without writing (the draft is kept)"))
            if not answer or prompt.is_yes(answer):
                return "write"
            if prompt.is_no(answer):
                return "stop"
            picked = answers.numbered(answer, [key for key, _label, _value in rows])
            if picked:
                return picked
            prompt.say(_("Please press Enter, type a number from 1 to {last}, or n.").format(last=len(rows)))

    def refused(self) -> str | None:
        """The whole file as ``make check`` reads it: None when it has no problem, else the answer to change."""
        draft = self.build()
        path, rendered, _statement, problems = check(draft, self.registry, self.today, self.layout.statements_dir, markdown=parse_statement_text)
        problems += answers.place_problems(draft.place, self.places(), path, self.today)
        if not problems:
            return None
        prompt.say(_("The file would not pass the archive's check:"))
        for problem in problems:
            prompt.say("  ✗ " + problem_text(problem))
        split = frontmatter.split(rendered)
        lines = frontmatter.parse(split.yaml_text, split.yaml_first_line).lines
        first = min(problems)
        if first.line >= split.body_first_line:
            return "text"
        if first.subtype == "filename":
            return "slug"
        key = max((key for key, line in lines.items() if line <= first.line), key=lambda k: lines[k], default=None)
        return key if key in ASKED else "stop"
