"""``list``: the archive's statements, filtered, as a table or JSON."""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass

from solidarity_archive.cli.i18n import _, ngettext
from solidarity_archive.cli.new import load_archive
from solidarity_archive.cli.project import ROOT_HELP, find_layout
from solidarity_archive.core.model import Statement
from solidarity_archive.core.reader import read_archive
from solidarity_archive.core.selection import GlossaryTermFinder, TermFinder, read_glossary
from solidarity_archive.formats.opendata import row
from solidarity_archive.myst import parse_statement_text

#: Reading more files than this shows a progress line on a terminal.
PROGRESS_FROM = 200


def add_parser(subparsers) -> None:
    parser = subparsers.add_parser(
        "list",
        help=_("list statements, filtered by signatory, term, place, language or year"),
        description=_(
            "List the archive's statements, oldest first. Different options narrow the choice: a statement is listed "
            "when it matches all of them; repeating --signatory or --term widens it (--signatory A --signatory B: "
            "either organisation). Statements with problems are skipped (run 'check' to see them)."
        ),
    )
    parser.add_argument("--signatory", action="append", default=[], metavar="ID", help=_("signed by this registry id"))
    parser.add_argument("--term", action="append", default=[], help=_("mentions this glossary term, under any of its names, where term links appear"))
    parser.add_argument("--text", help=_("word or phrase in the title or text (case does not matter)"))
    parser.add_argument("--place", help=_("text in the place, e.g. 'San Salvador' or 'El Salvador'"))
    parser.add_argument("--language", help=_("language tag; 'es' also matches 'es-SV'"))
    parser.add_argument("--year", type=int, help=_("filed under this year"))
    parser.add_argument("--format", choices=("table", "json"), default="table", help=_("table for people (default), json for scripts (the open data columns)"))
    parser.add_argument("--root", default=".", help=_(ROOT_HELP))
    parser.set_defaults(func=run)


@dataclass(frozen=True)
class Filters:
    signatories: tuple[str, ...] = ()
    text: str | None = None
    place: str | None = None
    language: str | None = None
    year: int | None = None
    terms: tuple[str, ...] = ()
    #: Which of ``terms`` a text mentions (see ``core.selection.GlossaryTermFinder``).
    find_terms: TermFinder | None = None

    def match(self, statement: Statement, text: str) -> bool:
        if self.year is not None and statement.year != self.year:
            return False
        if self.language and not (statement.language == self.language or statement.language.startswith(self.language + "-")):
            return False
        if self.place and self.place.casefold() not in statement.place.label.casefold():
            return False
        if self.signatories and not any(sid in statement.signatories for sid in self.signatories):
            return False
        if self.text:
            needle = " ".join(self.text.split()).casefold()
            if needle not in " ".join(f"{statement.title} {text}".split()).casefold():
                return False
        return not (self.terms and self.find_terms is not None and not self.find_terms(f"{statement.title}\n\n{text}"))


def read_all(layout, registry, today):
    """(statement, text) for every statement without problems, with progress on a terminal."""
    shown = []

    def progress(done: int, total: int) -> None:
        if sys.stderr.isatty() and total >= PROGRESS_FROM and (done % 100 == 0 or done == total):
            print("\r" + _("reading statements: {done}/{total}").format(done=done, total=total), end="", file=sys.stderr, flush=True)
            shown.append(done)

    published = read_archive(layout, registry, today, progress, markdown=parse_statement_text).published()
    if shown:
        print(file=sys.stderr)
    return published


def run(args) -> int:
    layout, registry, today = load_archive(args.root)
    unknown = [sid for sid in args.signatory if sid not in registry]
    if unknown:
        print(_("--signatory {unknown}: not in the registry (ids: {ids})").format(unknown=", ".join(unknown), ids=", ".join(registry.ids())), file=sys.stderr)
        return 2
    find_terms = None
    if args.term:
        find_terms = GlossaryTermFinder(read_glossary(layout.root, find_layout(args.root)[1].glossary), args.term)
        for term in find_terms.not_in_glossary():
            print(_("list: “{term}” is not a term of the glossary; looking for it as words").format(term=term), file=sys.stderr)
    filters = Filters(tuple(args.signatory), args.text, args.place, args.language, args.year, tuple(args.term), find_terms)
    chosen = [statement for statement, text in read_all(layout, registry, today) if filters.match(statement, text)]
    if args.format == "json":
        json.dump([row(statement, registry) for statement in chosen], sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return 0
    for statement in chosen:
        print(f"{statement.date.isoformat()}  {statement.language:<5}  {statement.place.label:<28}  {statement.id}\n            {statement.title}")
    print(ngettext("{count} statement", "{count} statements", len(chosen)).format(count=len(chosen)), file=sys.stderr)
    return 0
