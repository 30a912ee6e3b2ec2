"""``dossier``: a chosen slice of the archive as a website and an ePub."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

from solidarity_archive.cli.project import find_layout
from solidarity_archive.core.selection import (
    Criteria,
    GlossaryTermFinder,
    SelectionError,
    load_entries,
    read_glossary,
    select,
)
from solidarity_archive.core.text import ascii_slug, counted
from solidarity_archive.myst import parse_statement_text

FORMATS = ("html", "epub")


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise SystemExit(f"dossier: '{text}' is not a date; write it as YYYY-MM-DD") from None


def add_parser(subparsers) -> None:
    parser = subparsers.add_parser(
        "dossier",
        help="build a chosen slice of the archive as HTML and ePub",
        description="Build the statements chosen by the criteria as a website and an ePub named after the dossier. "
        "Repeat an option to widen it (--term A --term B: either term); different options narrow the choice. "
        "References to statements left out link to the online archive.",
    )
    parser.add_argument("--title", required=True, help="the dossier's title, e.g. 'Statements on CARSI, 2014–2016'")
    parser.add_argument("--name", help="file name of the output (default: made from the title)")
    parser.add_argument("--intro", type=Path, help="a Markdown file whose text opens the dossier")
    parser.add_argument("--term", action="append", default=[], help="statements that mention this glossary term")
    parser.add_argument("--signatory", action="append", default=[], help="statements signed by this organisation (its registry id)")
    parser.add_argument("--place", action="append", default=[], help="statements issued in this city or country")
    parser.add_argument("--language", action="append", default=[], help="statements written in this language (e.g. es)")
    parser.add_argument("--from", dest="since", type=_date, help="statements dated on or after YYYY-MM-DD")
    parser.add_argument("--to", dest="until", type=_date, help="statements dated on or before YYYY-MM-DD")
    parser.add_argument("--id", dest="ids", action="append", default=[], help="this statement (its file name without .md)")
    parser.add_argument("--format", dest="formats", action="append", choices=FORMATS, help="build only this format (default: both)")
    parser.add_argument("--output", type=Path, help="folder for dossiers (default: _build/dossiers in the archive)")
    parser.add_argument("--root", default=".", help="the archive's folder (the one with conf.py); default: the current folder or the nearest one above it")
    parser.add_argument("-j", "--jobs", type=int, default=1, help="build with this many processes")
    parser.add_argument("-q", "--quiet", action="store_true", help="print only warnings and the result")
    parser.set_defaults(func=run)


def build(root: Path, out: Path, builder: str, dossier: dict, *, jobs: int, quiet: bool) -> int:
    """One Sphinx build of the dossier, strict like ``make html``."""
    from sphinx.application import Sphinx
    from sphinx.util.docutils import docutils_namespace, patch_docutils

    with patch_docutils(root), docutils_namespace():
        app = Sphinx(
            root,
            root,
            out / builder,
            out / "doctrees" / builder,
            builder,
            confoverrides={"archive_dossier": dossier},
            status=None if quiet else sys.stdout,
            warning=sys.stderr,
            freshenv=True,
            warningiserror=True,
            keep_going=True,
            parallel=jobs,
        )
        app.build(force_all=True)
        return app.statuscode


def run(args) -> int:
    layout, settings = find_layout(args.root)
    today = settings.current_date()
    criteria = Criteria(
        terms=tuple(args.term),
        signatories=tuple(args.signatory),
        places=tuple(args.place),
        languages=tuple(args.language),
        since=args.since,
        until=args.until,
        ids=tuple(args.ids),
    )
    if args.intro is not None and not args.intro.is_file():
        print(f"dossier: the introduction {args.intro} does not exist", file=sys.stderr)
        return 2
    find_terms = GlossaryTermFinder(read_glossary(layout.root, settings.glossary), criteria.terms)
    for term in find_terms.not_in_glossary():
        print(f"dossier: “{term}” is not a term of the glossary; looking for it as words", file=sys.stderr)
    try:
        print(f"Reading the archive in {layout.root}…", file=sys.stderr)
        statements = select(load_entries(layout, today, markdown=parse_statement_text), criteria, find_terms)
    except SelectionError as error:
        print(f"dossier: {error}", file=sys.stderr)
        return 2

    name = ascii_slug(args.name or args.title, "dossier")
    out = (args.output or layout.root / "_build" / "dossiers").resolve() / name
    count = len(statements)
    description = criteria.describe() + f" {counted(count, 'statement')}."
    dossier = {
        "title": args.title,
        "name": name,
        "description": description,
        "ids": [s.id for s in statements],
        "intro": str(args.intro.resolve()) if args.intro else "",
    }
    print(f"Dossier “{args.title}”: {description}", file=sys.stderr)
    for builder in args.formats or FORMATS:
        print(f"Building {builder.upper()} in {out / builder}…", file=sys.stderr)
        status = build(layout.root, out, builder, dossier, jobs=args.jobs, quiet=args.quiet)
        if status:
            print(f"dossier: the {builder} build failed (see the warnings above)", file=sys.stderr)
            return status
    if "epub" in (args.formats or FORMATS):
        print(f"ePub: {out / 'epub' / (name + '.epub')}", file=sys.stderr)
    if "html" in (args.formats or FORMATS):
        print(f"Website: {out / 'html' / 'index.html'}", file=sys.stderr)
    return 0
