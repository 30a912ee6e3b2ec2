"""``check``: validate every statement and the registry without building."""

from __future__ import annotations

import json
import sys

from solidarity_archive.cli.project import find_layout
from solidarity_archive.core.checking import check_archive
from solidarity_archive.core.ledger import add_to_ledger, ledger_path
from solidarity_archive.core.originals import fixity_report
from solidarity_archive.core.text import counted
from solidarity_archive.myst import parse_statement_text


def add_parser(subparsers) -> None:
    parser = subparsers.add_parser(
        "check",
        help="validate every statement and the signatory registry",
        description="Validate every statement and the signatory registry without building. "
        "Prints one line per problem (path:line: message [statement.subtype]) and exits 1 if there is any.",
    )
    parser.add_argument("--format", choices=("text", "json"), default="text", help="text for people (default), json for editors and CI")
    parser.add_argument("--root", default=".", help="the archive's folder (the one with conf.py); default: the current folder or the nearest one above it")
    parser.add_argument("--update-ledger", action="store_true", help=f"add the ids of statements not yet in the ledger of published ids ({ledger_path('statements')}), to commit and review")
    parser.add_argument("--fixity", action="store_true", help="print a report of every original document: its SHA-256 checked against the recorded one")
    parser.set_defaults(func=run)


def run(args) -> int:
    layout, settings = find_layout(args.root)
    report = check_archive(layout, settings.current_date(), markdown=parse_statement_text)
    if args.update_ledger:
        added = add_to_ledger(layout.root, layout.statements_dir, report.unlisted)
        shown = ledger_path(layout.statements_dir)
        print(f"{shown}: added {counted(len(added), 'id')}" + (": " + ", ".join(added) if added else ""), file=sys.stderr)
        report.notes = [note for note in report.notes if not note.startswith("no ledger")]
    elif report.unlisted and not any(note.startswith("no ledger") for note in report.notes):
        report.notes.append(f"{counted(len(report.unlisted), 'statement')} not yet in {ledger_path(layout.statements_dir)}: {', '.join(report.unlisted[:10])}; 'check --update-ledger' adds them")
    if args.format == "json":
        payload = {
            "ok": report.ok,
            "files": report.files,
            "statements": len(report.statements),
            "notes": report.notes,
            "fixity": [
                {"id": r.statement.id, "file": r.statement.original.file, "status": r.status, "size": r.size, "sha256": r.found_sha256}
                for r in report.fixity
            ],
            "problems": [
                {"path": p.path, "line": p.line, "column": p.column, "type": f"statement.{p.subtype}", "message": p.message}
                for p in report.problems
            ],
        }
        json.dump(payload, sys.stdout, indent=2, ensure_ascii=False)
        sys.stdout.write("\n")
    else:
        for problem in report.problems:
            print(problem)
        if args.fixity:
            print(fixity_report(report.fixity))
        for note in report.notes:
            print(f"note: {note}", file=sys.stderr)
        count = len(report.problems)
        summary = f"{counted(report.files, 'statement file')} checked: "
        summary += "no problems." if report.ok else f"{counted(count, 'problem')}."
        print(summary, file=sys.stderr if not report.ok else sys.stdout)
    return 0 if report.ok else 1
