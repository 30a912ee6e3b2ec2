"""The ``solidarity-archive`` command: one subcommand per module of this folder."""

from __future__ import annotations

import argparse
import importlib
import sys

from solidarity_archive.cli.i18n import LANGUAGES, _, set_language

#: Subcommands, in the order ``--help`` lists them. Each module has
#: ``add_parser(subparsers)`` which sets ``func`` on its parser.
COMMANDS = ("new", "import_", "signatory", "check", "list", "dossier")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="solidarity-archive",
        description=_("Add, check and publish statements of the archive."),
    )
    parser.add_argument(
        "--lang",
        choices=LANGUAGES,
        help=_("the language of messages and questions (default: the system's language, else English)"),
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    subparsers.required = True
    for name in COMMANDS:
        importlib.import_module(f"solidarity_archive.cli.{name}").add_parser(subparsers)
    return parser


def language_argument(argv: list[str]) -> str | None:
    """``--lang`` read before anything is printed, so that ``--help`` and every error speak it."""
    for index, item in enumerate(argv):
        if item == "--lang" and index + 1 < len(argv):
            return argv[index + 1]
        if item.startswith("--lang="):
            return item.partition("=")[2]
    return None


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    set_language(language_argument(argv))
    args = build_parser().parse_args(argv)
    return int(args.func(args) or 0)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
