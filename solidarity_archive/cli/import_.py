"""``import FILE``: turn a plain-text or Markdown press release into a statement file."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

from solidarity_archive.cli.new import (
    add_field_arguments,
    load_archive,
    with_original,
    write_checked,
)
from solidarity_archive.core.importer import (
    propose_signatories,
    read_release,
    split_country,
)
from solidarity_archive.core.model import DEFAULT_KIND
from solidarity_archive.core.originals import kind_of
from solidarity_archive.core.registry import COUNTRY_TO_CHECK, parse
from solidarity_archive.core.registry_edit import EditError, NewSignatory, RegistryText
from solidarity_archive.core.statement_file import Draft, check
from solidarity_archive.myst import parse_statement_text


def add_parser(subparsers) -> None:
    parser = subparsers.add_parser(
        "import",
        help="turn a press release (text or Markdown) into a statement file",
        description="Read a press release and write it as a statement: the title, the closing place and date, "
        "and the signatories (from a 'We, the …' sentence or a signature block, matched against the registry) "
        "are detected; mastheads are dropped. Whatever cannot be decided is reported with what to add, and "
        "nothing is written until it is settled. Flags override what is detected. When the archive files a "
        "statement under another date than the printed one, pass --date: the printed date is kept as "
        "date_as_printed, and --note should say why. A release in plain text or e-mail (.txt, .eml) is kept next "
        "to the statement as its original, with its SHA-256; --original names another file (a PDF, a scan).",
    )
    parser.add_argument("file", metavar="FILE", help="the press release, as UTF-8 text or Markdown")
    add_field_arguments(parser)
    parser.add_argument("--add-signatories", action="store_true", help="propose a registry entry for every organisation of the release that is not in the registry (acronym from parentheses, country from a trailing ', Country'), show them, and write them with the statement after one confirmation")
    parser.add_argument("--yes", action="store_true", help="with --add-signatories: write without asking")
    parser.add_argument("--dry-run", action="store_true", help="print the statement file instead of writing it")
    parser.add_argument("--root", default=".", help="the archive's folder (the one with conf.py); default: the current folder or the nearest one above it")
    parser.set_defaults(func=run)


def run(args) -> int:
    layout, registry, today = load_archive(args.root)
    try:
        text = Path(args.file).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        print(f"{args.file} cannot be read as UTF-8 text: {error}", file=sys.stderr)
        return 2
    found = read_release(text, registry)
    proposals: list[NewSignatory] = []
    if args.add_signatories and found.unknown_names and not args.signatory:
        proposals = propose_signatories(found.unknown_names, registry, _ask_countries(found.unknown_names) if _interactive(args) else None)
        new_ids = dict(zip(found.unknown_names, (p.id for p in proposals)))
        found.signatories = tuple(dict.fromkeys(sid or new_ids[name] for name, sid in found.printed_signatories))
        found.questions = [q for q in found.questions if q.field != "signatories"]

    overrides = {"title": args.title, "date": args.date, "place": args.place, "signatories": args.signatory, "language": args.language}
    open_questions = [q for q in found.questions if not overrides.get(q.field)]
    if open_questions:
        print(f"{args.file}: some fields could not be decided; nothing was written:", file=sys.stderr)
        for question in open_questions:
            print(f"  {question}", file=sys.stderr)
        return 1

    if args.date:
        try:
            date = dt.date.fromisoformat(args.date)
        except ValueError:
            print(f"--date '{args.date}' is not a date; write it as YYYY-MM-DD, e.g. 2016-01-19", file=sys.stderr)
            return 2
        if found.date_as_printed and found.date != date and not args.note:
            print(f"note: filed under {date.isoformat()} while the release prints '{found.date_as_printed}'; "
                  "add a note (--note or 'note:' in the file) saying why.", file=sys.stderr)
    else:
        date = found.date
    # The printed date is kept as printed, unless it is already the ISO date.
    date_as_printed = found.date_as_printed if found.date_as_printed != date.isoformat() else None
    draft = Draft(
        title=args.title or found.title,  # type: ignore[arg-type]
        date=date,  # type: ignore[arg-type]
        place=args.place or found.place,  # type: ignore[arg-type]
        signatories=tuple(args.signatory or found.signatories),
        language=args.language or found.language,  # type: ignore[arg-type]
        kind=args.kind or found.kind or DEFAULT_KIND,
        body=found.body,
        date_as_printed=date_as_printed,
        note=args.note,
        slug=args.slug,
    )
    # A release in a kind of file the archive keeps (text, e-mail) is the statement's original.
    original = args.original or (args.file if kind_of(args.file) is not None else None)
    if proposals:
        return _write_with_signatories(args, draft, proposals, layout, today, original)
    if args.dry_run:
        kept = with_original(draft, original)
        if isinstance(kept, str):
            print(f"original: {kept}", file=sys.stderr)
            return 1
        path, text, _, problems = check(kept[0], registry, today, layout.statements_dir, markdown=parse_statement_text)
        for problem in problems:
            print(problem, file=sys.stderr)
        sys.stdout.write(text)
        return 1 if problems else 0
    return write_checked(draft, layout, registry, today, original)


def _interactive(args) -> bool:
    return not args.yes and sys.stdin.isatty()


def _ask_countries(names: list[str]) -> dict[str, str]:
    """In a terminal: the country of each new organisation that does not print one."""
    answers = {}
    for name in names:
        if split_country(name)[1] is None:
            answer = input(f"Country of '{name}' (Enter to fill in later): ").strip()
            if answer:
                answers[name] = answer
    return answers


def _write_with_signatories(args, draft: Draft, proposals: list[NewSignatory], layout, today, original=None) -> int:
    """Add the proposed entries to the registry and write the statement: both checked first, one confirmation."""
    edit = RegistryText.read(layout.root / layout.registry_path, layout.registry_path)
    before = edit.text
    try:
        edit.add(proposals)
    except EditError as error:
        print(f"{edit.display_path}: {error}", file=sys.stderr)
        return 1
    new_registry, _problems = parse(edit.text, layout.registry_path)
    path, text, _, problems = check(draft, new_registry, today, layout.statements_dir, markdown=parse_statement_text)
    print(f"{len(proposals)} new {'entry' if len(proposals) == 1 else 'entries'} for {edit.display_path}:")
    sys.stdout.write(edit.text[len(before):])
    to_fill = [p for p in proposals if p.country == COUNTRY_TO_CHECK]
    if to_fill:
        print(f"\n{len(to_fill)} of them need their country ('{COUNTRY_TO_CHECK}'); 'solidarity-archive check' reports each until it is filled in.")
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        print("Nothing was written.", file=sys.stderr)
        return 1
    if args.dry_run:
        print(f"\n{path}:")
        sys.stdout.write(text)
        return 0
    if not args.yes:
        if not sys.stdin.isatty():
            print("Nothing was written: pass --yes to add these entries and write the statement without asking.", file=sys.stderr)
            return 1
        if input(f"Add {len(proposals)} entries and write {path}? [y/N] ").strip().lower() not in ("y", "yes", "s", "si", "sí"):
            print("Nothing was written.", file=sys.stderr)
            return 1
    if (layout.root / path).exists():
        print(f"{path} already exists; nothing was written. Choose another --slug, or edit the existing file.", file=sys.stderr)
        return 1
    try:
        edit.write(leave_to_check=True)
    except EditError as error:
        print(f"{edit.display_path}: {error}", file=sys.stderr)
        return 1
    for change in edit.changes:
        print(f"{edit.display_path}: {change}", file=sys.stderr)
    return write_checked(draft, layout, new_registry, today, original)
