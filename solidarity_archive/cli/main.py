"""The ``solidarity-archive`` command: one subcommand per module of this folder."""

from __future__ import annotations

import argparse
import importlib
import sys

#: Subcommands, in the order ``--help`` lists them. Each module has
#: ``add_parser(subparsers)`` which sets ``func`` on its parser.
COMMANDS = ("new", "import_", "signatory", "check", "list", "dossier")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="solidarity-archive",
        description="Add, check and publish statements of the archive.",
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    subparsers.required = True
    for name in COMMANDS:
        importlib.import_module(f"solidarity_archive.cli.{name}").add_parser(subparsers)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return int(args.func(args) or 0)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
