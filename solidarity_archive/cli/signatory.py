"""``signatory add|list|rename|merge``: edit and list the signatory registry.

The registry is edited in place: comments, blank lines and order are kept,
and each edit is read back as the build reads it before the file is replaced
(see ``core/registry_edit.py``).
"""

from __future__ import annotations

import json
import sys
from collections import Counter

from solidarity_archive.cli.i18n import _, ngettext
from solidarity_archive.cli.new import load_archive
from solidarity_archive.cli.project import ROOT_HELP
from solidarity_archive.core.atomic import write_atomically
from solidarity_archive.core.languages import translate
from solidarity_archive.core.model import SIGNATORY_KINDS
from solidarity_archive.core.reader import read_archive, statement_files
from solidarity_archive.core.registry_edit import (
    EditError,
    NewSignatory,
    RegistryText,
    replace_signatory,
    suggest_signatory_id,
)
from solidarity_archive.core.validation import read_statement
from solidarity_archive.myst import parse_statement_text


def add_parser(subparsers) -> None:
    parser = subparsers.add_parser(
        "signatory",
        help=_("add, list, rename or merge signatories of the registry"),
        description=_(
            "Edit source/signatories.yaml in place (its comments and order are kept; every edit is "
            "checked before the file is written), or list it with each signatory's number of statements."
        ),
    )
    actions = parser.add_subparsers(dest="action", metavar="ACTION")
    actions.required = True

    add = actions.add_parser(
        "add",
        help=_("add an organisation or a person"),
        description=_(
            "Add an entry at the end of the registry. The id is suggested from the acronym or the name "
            "(for a person, the family name) unless --id is given. A name, acronym or alias that an entry already "
            "has is refused, naming that entry."
        ),
    )
    add.add_argument("name", nargs="?", help=_("the full name (for a person, optional: 'Given Family' by default)"))
    add.add_argument("--id", help=_("the id to use instead of the suggested one"))
    add.add_argument("--acronym", help=_("short form, e.g. CISPES"))
    add.add_argument("--country", help=_("where the organisation is based (required for an organisation)"))
    add.add_argument("--url", help=_("its website, https://…"))
    add.add_argument("--alias", action="append", default=[], metavar="NAME", help=_("another name used in statements; repeat for each"))
    add.add_argument("--kind", choices=SIGNATORY_KINDS, default=SIGNATORY_KINDS[0], help=_("organisation (default) or person"))
    add.add_argument("--family", help=_("a person's family name(s), as cited: 'Romero Rivas'"))
    add.add_argument("--given", help=_("a person's given name(s)"))
    add.add_argument("--affiliation", metavar="ID", help=_("a person's organisation, by its registry id"))
    add.add_argument("--role", help=_("a person's role, e.g. 'Bishop of Santiago de María'"))
    add.add_argument("--dry-run", action="store_true", help=_("show the entry without writing it"))
    add.add_argument("--root", default=".", help=_(ROOT_HELP))
    add.set_defaults(func=run_add)

    listing = actions.add_parser("list", help=_("list the registry with each signatory's number of statements"))
    listing.add_argument("--format", choices=("table", "json"), default="table", help=_("table for people (default), json for scripts"))
    listing.add_argument("--root", default=".", help=_(ROOT_HELP))
    listing.set_defaults(func=run_list)

    rename = actions.add_parser(
        "rename",
        help=_("change a signatory's name, keeping the old one as an alias"),
        description=_("Change the name of ID. The old name becomes an alias, so releases that print it are still matched."),
    )
    rename.add_argument("id", metavar="ID")
    rename.add_argument("new_name", metavar="NEW_NAME")
    rename.add_argument("--root", default=".", help=_(ROOT_HELP))
    rename.set_defaults(func=run_rename)

    merge = actions.add_parser(
        "merge",
        help=_("merge OLD into NEW: statements signed by OLD are signed by NEW"),
        description=_(
            "Remove OLD from the registry: every statement that lists OLD lists NEW instead (once), and OLD's name, acronym and aliases become aliases of NEW."
        ),
    )
    merge.add_argument("old", metavar="OLD")
    merge.add_argument("new", metavar="NEW")
    merge.add_argument("--root", default=".", help=_(ROOT_HELP))
    merge.set_defaults(func=run_merge)


def _registry(args):
    layout, registry, today = load_archive(args.root)
    edit = RegistryText.read(layout.root / layout.registry_path, layout.registry_path)
    return layout, registry, today, edit


def _finish(edit: RegistryText) -> int:
    edit.write()
    for change in edit.changes:
        print(f"{edit.display_path}: {translate(change, _)}")
    return 0


def run_add(args) -> int:
    layout, registry, today, edit = _registry(args)
    name = " ".join((args.name or "").split())
    if args.kind == "person":
        if not args.family:
            print(_("a person needs --family (the family name as cited) and usually --given"), file=sys.stderr)
            return 2
        name = name or " ".join(p for p in (args.given, args.family) if p)
    elif not name or not args.country:
        print(_("an organisation needs its NAME and --country"), file=sys.stderr)
        return 2
    entry = NewSignatory(
        id=args.id or suggest_signatory_id(name, args.acronym, registry.ids(), family=args.family),
        name=name,
        country=args.country,
        acronym=args.acronym,
        url=args.url,
        aliases=tuple(args.alias),
        kind=args.kind,
        family=args.family,
        given=args.given,
        affiliation=args.affiliation,
        role=args.role,
    )
    before = edit.text
    try:
        edit.add([entry])
        if args.dry_run:
            problems = edit.check()
            for problem in problems:
                print(problem.translated(_), file=sys.stderr)
            sys.stdout.write(edit.text[len(before) :].lstrip("\n"))
            return 1 if problems else 0
        return _finish(edit)
    except EditError as error:
        print(f"{edit.display_path}: {error.translated(_)}", file=sys.stderr)
        return 1


def run_list(args) -> int:
    layout, registry, today = load_archive(args.root)
    counts = Counter(
        sid for statement, _text in read_archive(layout, registry, today, markdown=parse_statement_text).published() for sid in statement.signatories
    )
    rows = [
        {
            "id": s.id,
            "kind": s.kind,
            "name": s.name,
            "acronym": s.acronym,
            "country": s.country,
            "url": s.url,
            "aliases": list(s.aliases),
            **({"family": s.family, "given": s.given, "affiliation": s.affiliation, "role": s.role} if s.is_person else {}),
            "statements": counts.get(s.id, 0),
        }
        for s in registry.signatories.values()
    ]
    if args.format == "json":
        json.dump(rows, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return 0
    width = max((len(row["id"]) for row in rows), default=2)
    heading = (_("id"), _("statements"), _("name"))
    print(f"{heading[0]:<{width}}  {heading[1]:>10}  {heading[2]}")
    for row, signatory in zip(rows, registry.signatories.values(), strict=True):
        print(f"{row['id']:<{width}}  {row['statements']:>10}  {signatory.label}")
    print(ngettext("{count} signatory", "{count} signatories", len(rows)).format(count=len(rows)), file=sys.stderr)
    return 0


def run_rename(args) -> int:
    _layout, _registry_, _today, edit = _registry(args)
    try:
        edit.rename(args.id, args.new_name)
        return _finish(edit)
    except EditError as error:
        print(f"{edit.display_path}: {error.translated(_)}", file=sys.stderr)
        return 1


def run_merge(args) -> int:
    layout, registry, today, edit = _registry(args)
    try:
        for sid in (args.old, args.new):
            if sid not in registry:
                raise EditError(_("'{id}' is not in {path}; 'solidarity-archive signatory list' shows the ids").format(id=sid, path=edit.display_path))
        edit.merge(args.old, args.new)
        problems = edit.check()
        if problems:
            raise EditError(_("the merged registry would not be valid:"), problems)
        # Every statement's new text is checked before anything is written.
        rewritten = []
        for path in statement_files(layout):
            text = path.read_text(encoding="utf-8")
            new_text = replace_signatory(text, args.old, args.new)
            if new_text is None:
                continue
            relative = path.relative_to(layout.root).as_posix()
            before = read_statement(text.encode("utf-8"), path=relative, docname=relative[:-3], registry=registry, today=today, markdown=parse_statement_text)
            after = read_statement(
                new_text.encode("utf-8"), path=relative, docname=relative[:-3], registry=registry, today=today, markdown=parse_statement_text
            )
            new_problems = [p.translated(_) for p in after.problems if str(p) not in {str(q) for q in before.problems}]
            if new_problems or (after.statement is not None and args.old in after.statement.signatories):
                still = _("it still lists {id}").format(id=args.old)
                raise EditError(
                    _("{path} could not be rewritten safely; nothing was written:").format(path=relative) + "\n  " + "\n  ".join(new_problems or [still])
                )
            rewritten.append((path, relative, new_text))
    except EditError as error:
        print(f"{edit.display_path}: {error.translated(_)}", file=sys.stderr)
        return 1
    for path, relative, new_text in rewritten:
        write_atomically(path, new_text)
        print(f"{relative}: '{args.old}' → '{args.new}'")
    return _finish(edit)
