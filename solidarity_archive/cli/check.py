"""``check``: validate every statement and the registry without building."""

from __future__ import annotations

import json
import sys

from solidarity_archive.cli.project import find_layout
from solidarity_archive.core.checking import check_archive
from solidarity_archive.core.text import counted


def add_parser(subparsers) -> None:
    parser = subparsers.add_parser(
        "check",
        help="validate every statement and the signatory registry",
        description="Validate every statement and the signatory registry without building. "
        "Prints one line per problem (path:line: message [statement.subtype]) and exits 1 if there is any.",
    )
    parser.add_argument("--format", choices=("text", "json"), default="text", help="text for people (default), json for editors and CI")
    parser.add_argument("--root", default=".", help="the archive's folder (the one with conf.py); default: the current folder or the nearest one above it")
    parser.set_defaults(func=run)


def run(args) -> int:
    layout, settings = find_layout(args.root)
    report = check_archive(layout, settings.current_date())
    if args.format == "json":
        payload = {
            "ok": report.ok,
            "files": report.files,
            "statements": len(report.statements),
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
        count = len(report.problems)
        summary = f"{counted(report.files, 'statement file')} checked: "
        summary += "no problems." if report.ok else f"{counted(count, 'problem')}."
        print(summary, file=sys.stderr if not report.ok else sys.stdout)
    return 0 if report.ok else 1
