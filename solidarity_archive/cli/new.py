"""``new``: create a statement file with a complete, checked frontmatter."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import sys
from pathlib import Path

from solidarity_archive.cli.project import find_layout
from solidarity_archive.core import registry as registry_module
from solidarity_archive.core.ledger import add_to_ledger, ledger_path
from solidarity_archive.core.model import DEFAULT_KIND, KINDS
from solidarity_archive.core.originals import (
    ALLOWED,
    MAX_ORIGINAL_BYTES,
    human_size,
    kept_name,
    original_problem,
)
from solidarity_archive.core.statement_file import Draft, check, write_new
from solidarity_archive.myst import parse_statement_text


def add_parser(subparsers) -> None:
    parser = subparsers.add_parser(
        "new",
        help="create a new statement file",
        description="Create statements/YYYY/YYYY-MM-DD-slug.md with a complete frontmatter, and the year's "
        "index page if the year is new. Missing fields are asked for when run in a terminal "
        "(the registry's signatory ids are offered). Never overwrites a file; prints the path created.",
    )
    add_field_arguments(parser)
    parser.add_argument("--text", metavar="FILE", help="the statement's text (Markdown); '-' reads it from standard input")
    parser.add_argument("--translation-of", metavar="ID", help="the id of the statement this one translates: its date, place, signatories and kind are filled in")
    parser.add_argument("--root", default=".", help="the archive's folder (the one with conf.py); default: the current folder or the nearest one above it")
    parser.set_defaults(func=run)


def add_field_arguments(parser) -> None:
    """The frontmatter flags ``new`` and ``import`` share."""
    parser.add_argument("--title", help="the title as printed")
    parser.add_argument("--date", help="the date the archive files it under, YYYY-MM-DD")
    parser.add_argument("--place", help="where it was issued: 'City, Country'")
    parser.add_argument("--signatory", action="append", metavar="ID", help="a signatory id from source/signatories.yaml; repeat for each")
    parser.add_argument("--language", help="BCP 47 language tag, e.g. en or es")
    parser.add_argument("--kind", choices=KINDS, help=f"kind of document (default: {DEFAULT_KIND})")
    parser.add_argument("--slug", help="the id's words after the date (default: from the title)")
    parser.add_argument("--note", help="an editorial note shown above the text, e.g. why the date differs from the printed one")
    parser.add_argument(
        "--original",
        metavar="FILE",
        help=f"the original document ({', '.join(ALLOWED)}; at most {human_size(MAX_ORIGINAL_BYTES)}): copied next to the statement "
        "as <id> plus its ending, with its SHA-256 recorded under 'source:'",
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


def ask(prompt: str, default: str | None = None) -> str:
    shown = f" [{default}]" if default else ""
    answer = input(f"{prompt}{shown}: ").strip()
    return answer or (default or "")


def ask_missing(args, registry) -> None:
    """Fill the fields not given as flags, in a terminal."""
    if not args.title:
        args.title = ask("Title, as printed")
    if not args.date:
        args.date = ask("Date (YYYY-MM-DD)")
    if not args.place:
        args.place = ask("Place (City, Country)", "San Salvador, El Salvador")
    if not args.signatory:
        print("Signatories in the registry:")
        for signatory in registry.signatories.values():
            print(f"  {signatory.id:<20} {signatory.label}")
        args.signatory = ask("Signatory ids, separated by spaces or commas").replace(",", " ").split()
    if not args.language:
        args.language = ask("Language (en, es, …)", "en")
    if not args.kind:
        args.kind = ask(f"Kind ({', '.join(KINDS)})", DEFAULT_KIND)
    if args.text is None:
        print("Paste the statement's text, then press Ctrl-D on an empty line:")
        args.text = "-"


def read_text(source: str) -> str:
    return sys.stdin.read() if source == "-" else Path(source).read_text(encoding="utf-8")


def fill_from_original(args, layout, registry, today) -> str | None:
    """``--translation-of ID``: the fields a translation shares with its original, where not given; or why not."""
    from solidarity_archive.core.validation import read_statement

    original_id = args.translation_of
    path = layout.statements_folder / original_id[:4] / f"{original_id}.md"
    if not path.is_file():
        return f"--translation-of '{original_id}' is no statement of the archive (no {path.relative_to(layout.root).as_posix()})"
    relative = path.relative_to(layout.root).as_posix()
    original = read_statement(path.read_bytes(), path=relative, docname=relative[: -len(".md")], registry=registry, today=today, markdown=parse_statement_text).statement
    if original is None:
        return f"--translation-of '{original_id}' has problems of its own; run 'make check'"
    args.date = args.date or original.date.isoformat()
    args.place = args.place or original.place.label
    args.signatory = args.signatory or list(original.signatories)
    args.kind = args.kind or original.kind
    return None


def run(args) -> int:
    layout, registry, today = load_archive(args.root)
    if getattr(args, "translation_of", None):
        problem = fill_from_original(args, layout, registry, today)
        if problem:
            print(problem, file=sys.stderr)
            return 2
    if sys.stdin.isatty() and not all((args.title, args.date, args.place, args.signatory, args.language)):
        ask_missing(args, registry)
    missing = [flag for flag, value in (("--title", args.title), ("--date", args.date), ("--place", args.place), ("--signatory", args.signatory), ("--language", args.language), ("--text", args.text)) if not value]
    if missing:
        print(f"Missing: {', '.join(missing)}. Give them as flags, or run 'solidarity-archive new' in a terminal to be asked.", file=sys.stderr)
        return 2
    try:
        date = dt.date.fromisoformat(args.date)
    except ValueError:
        print(f"--date '{args.date}' is not a date; write it as YYYY-MM-DD, e.g. 2016-01-19", file=sys.stderr)
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
        return problem
    data = path.read_bytes()
    name = kept_name(draft.id, path)
    return dataclasses.replace(draft, original=(name, hashlib.sha256(data).hexdigest())), (name, data)


def write_checked(draft: Draft, layout, registry, today, original: str | None = None) -> int:
    """Validate the file about to be written; write it only if it has no problem. Its id joins the ledger."""
    kept = with_original(draft, original)
    if isinstance(kept, str):
        print(f"--original: {kept}; nothing was written.", file=sys.stderr)
        return 1
    draft, copy = kept
    path, text, _, problems = check(draft, registry, today, layout.statements_dir, markdown=parse_statement_text)
    if problems:
        for problem in problems:
            print(problem, file=sys.stderr)
        print("Nothing was written.", file=sys.stderr)
        return 1
    try:
        created = write_new(layout.root, path, text, copy)
    except FileExistsError as error:
        existing = Path(str(error)).relative_to(layout.root).as_posix() if Path(str(error)).is_absolute() else path
        print(f"{existing} already exists; nothing was written. Choose another --slug, or edit the existing file.", file=sys.stderr)
        return 1
    for extra in created[1:]:
        shown = extra.relative_to(layout.root).as_posix()
        print(f"created the year page {shown}" if extra.name == "index.md" else f"kept the original as {shown}", file=sys.stderr)
    if add_to_ledger(layout.root, layout.statements_dir, [draft.id]):
        print(f"added {draft.id} to {ledger_path(layout.statements_dir)}", file=sys.stderr)
    print(path)
    return 0
