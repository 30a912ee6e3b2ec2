"""``check``: validate every statement and the registry without building."""

from __future__ import annotations

import json
import sys

from solidarity_archive.cli.i18n import _, ngettext
from solidarity_archive.cli.project import ROOT_HELP, find_layout
from solidarity_archive.core.checking import NO_LEDGER, check_archive
from solidarity_archive.core.languages import Message, translate
from solidarity_archive.core.ledger import add_to_ledger, ledger_path
from solidarity_archive.core.originals import fixity_report
from solidarity_archive.myst import parse_statement_text


def add_parser(subparsers) -> None:
    parser = subparsers.add_parser(
        "check",
        help=_("validate every statement and the signatory registry"),
        description=_(
            "Validate every statement and the signatory registry without building. "
            "Prints one line per problem (path:line: message [statement.subtype]) and exits 1 if there is any."
        ),
    )
    parser.add_argument("--format", choices=("text", "json"), default="text", help=_("text for people (default), json for editors and CI"))
    parser.add_argument("--root", default=".", help=_(ROOT_HELP))
    parser.add_argument(
        "--update-ledger",
        action="store_true",
        help=_("add the ids of statements not yet in the ledger of published ids ({path}), to commit and review").format(path=ledger_path("statements")),
    )
    parser.add_argument("--fixity", action="store_true", help=_("print a report of every original document: its SHA-256 checked against the recorded one"))
    parser.set_defaults(func=run)


def run(args) -> int:
    layout, settings = find_layout(args.root)
    report = check_archive(layout, settings.current_date(), markdown=parse_statement_text)
    if args.update_ledger:
        added = add_to_ledger(layout.root, layout.statements_dir, report.unlisted)
        shown = ledger_path(layout.statements_dir)
        added_line = ngettext("{path}: added {count} id", "{path}: added {count} ids", len(added)).format(path=shown, count=len(added))
        print(added_line + (": " + ", ".join(added) if added else ""), file=sys.stderr)
        report.notes = [note for note in report.notes if not _is_no_ledger(note)]
    elif report.unlisted and not any(_is_no_ledger(note) for note in report.notes):
        report.notes.append(
            ngettext(
                "{count} statement not yet in {path}: {ids}; 'check --update-ledger' adds them",
                "{count} statements not yet in {path}: {ids}; 'check --update-ledger' adds them",
                len(report.unlisted),
            ).format(count=len(report.unlisted), path=ledger_path(layout.statements_dir), ids=", ".join(report.unlisted[:10]))
        )
    if args.format == "json":
        payload = {
            "ok": report.ok,
            "files": report.files,
            "statements": len(report.statements),
            "notes": [translate(note, _) for note in report.notes],
            "fixity": [
                {"id": r.statement.id, "file": r.statement.original.file, "status": r.status, "size": r.size, "sha256": r.found_sha256}  # type: ignore[union-attr]  # fixity is checked only for statements with an original
                for r in report.fixity
            ],
            "problems": [
                {"path": p.path, "line": p.line, "column": p.column, "type": f"statement.{p.subtype}", "message": p.translated_message(_)}
                for p in report.problems
            ],
        }
        json.dump(payload, sys.stdout, indent=2, ensure_ascii=False)
        sys.stdout.write("\n")
    else:
        for problem in report.problems:
            print(problem.translated(_))
        if args.fixity:
            print(fixity_report(report.fixity, _))
        for note in report.notes:
            print(_("note: {note}").format(note=translate(note, _)), file=sys.stderr)
        count = len(report.problems)
        files = ngettext("{count} statement file checked", "{count} statement files checked", report.files).format(count=report.files)
        if report.ok:
            summary = _("{files}: no problems.").format(files=files)
        else:
            summary = _("{files}: {problems}.").format(files=files, problems=ngettext("{count} problem", "{count} problems", count).format(count=count))
        print(summary, file=sys.stderr if not report.ok else sys.stdout)
    return 0 if report.ok else 1


def _is_no_ledger(note) -> bool:
    return isinstance(note, Message) and note.template == NO_LEDGER
