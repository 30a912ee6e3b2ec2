"""``dossier``: a chosen slice of the archive as a website and an ePub."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

from solidarity_archive.cli.i18n import _
from solidarity_archive.cli.project import ROOT_HELP, find_layout
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
        raise SystemExit(_("dossier: '{text}' is not a date; write it as YYYY-MM-DD").format(text=text)) from None


def add_parser(subparsers) -> None:
    parser = subparsers.add_parser(
        "dossier",
        help=_("build a chosen slice of the archive as HTML and ePub"),
        description=_(
            "Build the statements chosen by the criteria as a website and an ePub named after the dossier. "
            "Repeat an option to widen it (--term A --term B: either term); different options narrow the choice. "
            "References to statements left out link to the online archive."
        ),
    )
    parser.add_argument("--title", required=True, help=_("the dossier's title, e.g. 'Statements on CARSI, 2014–2016'"))
    parser.add_argument("--name", help=_("file name of the output (default: made from the title)"))
    parser.add_argument("--intro", type=Path, help=_("a Markdown file whose text opens the dossier"))
    parser.add_argument("--term", action="append", default=[], help=_("statements that mention this glossary term"))
    parser.add_argument("--signatory", action="append", default=[], help=_("statements signed by this organisation (its registry id)"))
    parser.add_argument("--place", action="append", default=[], help=_("statements issued in this city or country"))
    parser.add_argument("--language", action="append", default=[], help=_("statements written in this language (e.g. es)"))
    parser.add_argument("--from", dest="since", type=_date, help=_("statements dated on or after YYYY-MM-DD"))
    parser.add_argument("--to", dest="until", type=_date, help=_("statements dated on or before YYYY-MM-DD"))
    parser.add_argument("--id", dest="ids", action="append", default=[], help=_("this statement (its file name without .md)"))
    parser.add_argument("--format", dest="formats", action="append", choices=FORMATS, help=_("build only this format (default: both)"))
    parser.add_argument("--output", type=Path, help=_("folder for dossiers (default: _build/dossiers in the archive)"))
    parser.add_argument("--root", default=".", help=_(ROOT_HELP))
    parser.add_argument("-j", "--jobs", type=int, default=1, help=_("build with this many processes"))
    parser.add_argument("-q", "--quiet", action="store_true", help=_("print only warnings and the result"))
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
        print(_("dossier: the introduction {path} does not exist").format(path=args.intro), file=sys.stderr)
        return 2
    find_terms = GlossaryTermFinder(read_glossary(layout.root, settings.glossary), criteria.terms)
    for term in find_terms.not_in_glossary():
        print(_("dossier: “{term}” is not a term of the glossary; looking for it as words").format(term=term), file=sys.stderr)
    try:
        print(_("Reading the archive in {path}…").format(path=layout.root), file=sys.stderr)
        statements = select(load_entries(layout, today, markdown=parse_statement_text), criteria, find_terms)
    except SelectionError as error:
        print(_("dossier: {error}").format(error=error.translated(_)), file=sys.stderr)
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
    print(_("Dossier “{title}”: {description}").format(title=args.title, description=description), file=sys.stderr)
    for builder in args.formats or FORMATS:
        print(_("Building {format} in {path}…").format(format=builder.upper(), path=out / builder), file=sys.stderr)
        status = build(layout.root, out, builder, dossier, jobs=args.jobs, quiet=args.quiet)
        if status:
            print(_("dossier: the {format} build failed (see the warnings above)").format(format=builder), file=sys.stderr)
            return status
    if "epub" in (args.formats or FORMATS):
        print(_("ePub: {path}").format(path=out / "epub" / (name + ".epub")), file=sys.stderr)
    if "html" in (args.formats or FORMATS):
        print(_("Website: {path}").format(path=out / "html" / "index.html"), file=sys.stderr)
    return 0
