"""``import FILE``: turn a plain-text or Markdown press release into a statement file."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

from solidarity_archive.cli.i18n import _, ngettext
from solidarity_archive.cli.new import (
    add_field_arguments,
    load_archive,
    with_original,
    write_checked,
)
from solidarity_archive.core import frontmatter
from solidarity_archive.core.importer import (
    propose_signatories,
    read_release,
    split_country,
)
from solidarity_archive.core.model import DEFAULT_KIND
from solidarity_archive.core.originals import kind_of
from solidarity_archive.core.reader import statement_files
from solidarity_archive.core.registry import COUNTRY_TO_CHECK, parse
from solidarity_archive.core.registry_edit import EditError, NewSignatory, RegistryText
from solidarity_archive.core.statement_file import Draft, check
from solidarity_archive.myst import parse_statement_text


def add_parser(subparsers) -> None:
    parser = subparsers.add_parser(
        "import",
        help=_("turn a press release (text or Markdown) into a statement file"),
        description=_(
            "Read a press release and write it as a statement: the title, the date and place (a dateline above "
            "the title, opening the text or closing it), and the signatories (from a 'We, …' or 'Nosotros, …' "
            "sentence or a signature block, matched against the registry) are detected; mastheads, press contacts "
            "and end marks are dropped. A place printed without its country is completed from the places of the "
            "archive's statements, and said. Whatever cannot be decided is reported with what to add, and nothing "
            "is written until it is settled; the id and title are shown before writing. Flags override what is "
            "detected. When the archive files a statement under another date than the printed one, pass --date: "
            "the printed date is kept as date_as_printed, and --note should say why. A release in plain text or "
            "e-mail (.txt, .eml) is kept next to the statement as its original, with its SHA-256; --original names "
            "another file (a PDF, a scan)."
        ),
    )
    parser.add_argument("file", metavar="FILE", help=_("the press release, as UTF-8 text or Markdown"))
    add_field_arguments(parser)
    parser.add_argument(
        "--add-signatories",
        action="store_true",
        help=_(
            "propose a registry entry for every organisation of the release that is not in the registry (acronym from parentheses, country from a trailing ', Country'), show them, and write them with the statement after one confirmation"
        ),
    )
    parser.add_argument("--yes", action="store_true", help=_("with --add-signatories: write without asking"))
    parser.add_argument("--dry-run", action="store_true", help=_("print the statement file instead of writing it"))
    parser.add_argument("--root", default=".", help=_("the archive's folder (the one with conf.py); default: the current folder or the nearest one above it"))
    parser.set_defaults(func=run)


def archive_places(layout) -> list[str]:
    """The places ("City, Country") of the archive's statements, as their frontmatter writes them."""
    places: list[str] = []
    for path in statement_files(layout):
        try:
            source = frontmatter.split(frontmatter.normalise_newlines(path.read_text(encoding="utf-8")))
            fields = frontmatter.parse(source.yaml_text, source.yaml_first_line)
        except (OSError, UnicodeDecodeError, frontmatter.FrontmatterError):
            continue  # 'check' reports it; its place is not needed here
        place = fields.items.get("place")
        if isinstance(place, frontmatter.Scalar) and "," in place.text:
            places.append(" ".join(place.text.split()))
    return list(dict.fromkeys(places))


def run(args) -> int:
    layout, registry, today = load_archive(args.root)
    try:
        text = Path(args.file).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        print(_("{file} cannot be read as UTF-8 text: {error}").format(file=args.file, error=error), file=sys.stderr)
        return 2
    found = read_release(text, registry, places=lambda: archive_places(layout))
    proposals: list[NewSignatory] = []
    if args.add_signatories and found.unknown_names and not args.signatory:
        proposals = propose_signatories(found.unknown_names, registry, _ask_countries(found.unknown_names) if _interactive(args) else None)
        new_ids = dict(zip(found.unknown_names, (p.id for p in proposals), strict=True))
        found.signatories = tuple(dict.fromkeys(sid or new_ids[name] for name, sid in found.printed_signatories))
        found.questions = [q for q in found.questions if q.field != "signatories"]

    overrides = {"title": args.title, "date": args.date, "place": args.place, "signatories": args.signatory, "language": args.language}
    open_questions = [q for q in found.questions if not overrides.get(q.field)]
    if open_questions:
        print(_("{file}: some fields could not be decided; nothing was written:").format(file=args.file), file=sys.stderr)
        for question in open_questions:
            print(f"  {question.field}: {question.translated(_)}", file=sys.stderr)
        return 1
    if not args.place:
        for note in found.notes:
            print(_("note: {note}").format(note=note.translated(_)), file=sys.stderr)

    if args.date:
        try:
            date = dt.date.fromisoformat(args.date)
        except ValueError:
            print(_("--date '{date}' is not a date; write it as YYYY-MM-DD, e.g. 2016-01-19").format(date=args.date), file=sys.stderr)
            return 2
        if found.date_as_printed and found.date != date and not args.note:
            print(
                _("note: filed under {date} while the release prints '{printed}'; add a note (--note or 'note:' in the file) saying why.").format(
                    date=date.isoformat(), printed=found.date_as_printed
                ),
                file=sys.stderr,
            )
    else:
        date = found.date  # type: ignore[assignment]  # a release without a date is stopped above (questions)
    # The printed date is kept as printed, unless it is already the ISO date.
    date_as_printed = found.date_as_printed if found.date_as_printed != date.isoformat() else None
    draft = Draft(
        title=args.title or found.title,  # type: ignore[arg-type]  # a field the release lacks is an open question, which stopped the import above
        date=date,
        place=args.place or found.place,  # type: ignore[arg-type]  # a field the release lacks is an open question, which stopped the import above
        signatories=tuple(args.signatory or found.signatories),
        language=args.language or found.language,  # type: ignore[arg-type]  # a field the release lacks is an open question, which stopped the import above
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
            print(_("original: {problem}").format(problem=kept), file=sys.stderr)
            return 1
        path, text, _written, problems = check(kept[0], registry, today, layout.statements_dir, markdown=parse_statement_text)
        for problem in problems:
            print(problem, file=sys.stderr)
        sys.stdout.write(text)
        return 1 if problems else 0
    _show(draft)
    return write_checked(draft, layout, registry, today, original)


def _show(draft: Draft) -> None:
    """The id and the title, before anything is written."""
    print(_("id: {id}").format(id=draft.id), file=sys.stderr)
    print(_("title: {title}").format(title=draft.title), file=sys.stderr)


def _interactive(args) -> bool:
    return not args.yes and sys.stdin.isatty()


def _ask_countries(names: list[str]) -> dict[str, str]:
    """In a terminal: the country of each new organisation that does not print one."""
    answers = {}
    for name in names:
        if split_country(name)[1] is None:
            answer = input(_("Country of '{name}' (Enter to fill in later): ").format(name=name)).strip()
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
        print(_("{path}: {error}").format(path=edit.display_path, error=error), file=sys.stderr)
        return 1
    new_registry, _problems = parse(edit.text, layout.registry_path)
    path, text, _written, problems = check(draft, new_registry, today, layout.statements_dir, markdown=parse_statement_text)
    print(ngettext("{count} new entry for {path}:", "{count} new entries for {path}:", len(proposals)).format(count=len(proposals), path=edit.display_path))
    sys.stdout.write(edit.text[len(before) :])
    to_fill = [p for p in proposals if p.country == COUNTRY_TO_CHECK]
    if to_fill:
        print(
            "\n"
            + ngettext(
                "{count} of them needs its country ('{mark}'); 'solidarity-archive check' reports it until it is filled in.",
                "{count} of them need their country ('{mark}'); 'solidarity-archive check' reports each until it is filled in.",
                len(to_fill),
            ).format(count=len(to_fill), mark=COUNTRY_TO_CHECK)
        )
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        print(_("Nothing was written."), file=sys.stderr)
        return 1
    if args.dry_run:
        print(f"\n{path}:")
        sys.stdout.write(text)
        return 0
    if not args.yes:
        if not sys.stdin.isatty():
            print(_("Nothing was written: pass --yes to add these entries and write the statement without asking."), file=sys.stderr)
            return 1
        question = ngettext("Add {count} entry and write {path}? [y/N] ", "Add {count} entries and write {path}? [y/N] ", len(proposals)).format(
            count=len(proposals), path=path
        )
        if input(question).strip().lower() not in ("y", "yes", "s", "si", "sí"):
            print(_("Nothing was written."), file=sys.stderr)
            return 1
    if (layout.root / path).exists():
        print(_("{path} already exists; nothing was written. Choose another --slug, or edit the existing file.").format(path=path), file=sys.stderr)
        return 1
    try:
        edit.write(leave_to_check=True)
    except EditError as error:
        print(_("{path}: {error}").format(path=edit.display_path, error=error), file=sys.stderr)
        return 1
    for change in edit.changes:
        print(f"{edit.display_path}: {change}", file=sys.stderr)
    _show(draft)
    return write_checked(draft, layout, new_registry, today, original)
