"""Tables of the maintainers' documentation generated from the archive's own definitions.

Each directive reads what the code declares, so a page cannot say something the code no longer does:

- ``archive-commands``: the ``solidarity-archive`` command line, every command and its options,
  from the argparse parsers the console script builds (``cli.main.COMMANDS``);
- ``archive-make-targets``: the Makefile's targets, as ``make help`` lists them;
- ``archive-settings``: the ``archive_*`` settings of ``conf.py``, from ``core.settings.OPTIONS``;
- ``archive-fields``: a statement's frontmatter fields, from ``core.validation`` (required and optional)
  and the statement form's labels and help (``core.cms_config``).

Only public APIs: argparse is read through the parsers and actions its own methods return.
"""

from __future__ import annotations

import argparse
import importlib
import re
from pathlib import Path

from docutils import nodes
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

logger = logging.getLogger(__name__)

#: The repository: docs/ sits at its top.
REPO = Path(__file__).resolve().parent.parent.parent


def text_paragraph(text: str, literal: bool = False) -> nodes.paragraph:
    paragraph = nodes.paragraph()
    paragraph += nodes.literal(text, text) if literal else nodes.Text(text)
    return paragraph


def table(headers: list[str], rows: list[list[nodes.Node | str]], widths: list[int] | None = None, classes: tuple[str, ...] = ()) -> nodes.table:
    """A docutils table: a header row and body rows; a cell is a node or plain text."""
    widths = widths or [1] * len(headers)
    node = nodes.table(classes=["archive-table", *classes])
    group = nodes.tgroup(cols=len(headers))
    node += group
    for width in widths:
        group += nodes.colspec(colwidth=width)

    def row(cells: list[nodes.Node | str]) -> nodes.row:
        line = nodes.row()
        for cell in cells:
            entry = nodes.entry()
            entry += cell if isinstance(cell, nodes.Node) else text_paragraph(cell)
            line += entry
        return line

    head = nodes.thead()
    head += row(list(headers))
    group += head
    body = nodes.tbody()
    for cells in rows:
        body += row(cells)
    group += body
    return node


# -- The command line -----------------------------------------------------------------------------


class RecordingParser(argparse.ArgumentParser):
    """An ArgumentParser that keeps what the command modules declare on it, in order.

    ``add_argument`` returns each action and ``add_subparsers``/``add_parser`` each sub-parser
    (argparse's documented return values); the sub-parsers argparse makes are of this class too.
    """

    def __init__(self, *args, **kwargs):
        self.recorded_actions: list[argparse.Action] = []
        self.recorded_commands: list[tuple[str, str, RecordingParser]] = []
        super().__init__(*args, **kwargs)

    def add_argument(self, *args, **kwargs):
        action = super().add_argument(*args, **kwargs)
        self.recorded_actions.append(action)
        return action

    def add_subparsers(self, **kwargs):
        group = super().add_subparsers(**kwargs)
        add_parser = group.add_parser

        def recording_add_parser(name, **options):
            parser = add_parser(name, **options)
            self.recorded_commands.append((name, options.get("help", ""), parser))
            return parser

        group.add_parser = recording_add_parser
        return group


def command_parser() -> RecordingParser:
    """The console script's parser, built as ``cli.main.build_parser`` builds it, in English."""
    from solidarity_archive.cli import i18n, main

    i18n.set_language("en")
    parser = RecordingParser(prog="solidarity-archive", description=i18n._("Add, check and publish statements of the archive."))
    parser.add_argument("--lang", choices=i18n.LANGUAGES, help=i18n._("the language of messages and questions (default: the system's language, else English)"))
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in main.COMMANDS:
        importlib.import_module(f"solidarity_archive.cli.{name}").add_parser(subparsers)
    return parser


def option_name(action: argparse.Action) -> str:
    names = ", ".join(action.option_strings) if action.option_strings else (action.metavar or action.dest).upper()
    takes_value = action.nargs != 0
    if action.option_strings and takes_value:
        if action.choices:
            names += " {" + ",".join(str(c) for c in action.choices) + "}"
        else:
            names += " " + (action.metavar or action.dest.upper())
    return names


def option_help(action: argparse.Action) -> str:
    help_text = action.help or ""
    details = []
    if (
        isinstance(action.default, (str, int))
        and action.option_strings
        and action.nargs != 0
        and action.default not in ("", None)
        and "default" not in help_text
    ):
        details.append(f"default: {action.default}")
    if action.required and action.option_strings:
        details.append("required")
    return help_text + (f" ({'; '.join(details)})" if details else "")


def describe_parser(parser: RecordingParser, prefix: str) -> list[nodes.section]:
    """A section per command of ``parser``, its sub-commands' sections inside it."""
    found = []
    for name, help_text, sub in parser.recorded_commands:
        section = nodes.section()
        heading = f"{prefix} {name}".strip()
        section["ids"].append(nodes.make_id("command-" + heading))
        section["names"].append(nodes.fully_normalize_name("command " + heading))
        section += nodes.title("", "", nodes.literal(heading, heading))
        if sub.description or help_text:
            section += text_paragraph(sub.description or help_text)
        usage = sub.format_usage().strip()
        usage = re.sub(r"^usage:\s*", "", usage)
        section += nodes.literal_block(usage, usage, language="text")
        actions = [a for a in sub.recorded_actions if a.dest != "help"]
        if actions:
            section += table(
                ["option", "what it does"],
                [[text_paragraph(option_name(a), literal=True), option_help(a)] for a in actions],
                widths=[2, 5],
            )
        found.append(section)
        for child in describe_parser(sub, heading):
            section += child
    return found


class CommandsDirective(SphinxDirective):
    """Every command of ``solidarity-archive``, with its usage and options, a section each."""

    has_content = False

    def run(self) -> list[nodes.Node]:
        parser = command_parser()
        intro = nodes.paragraph()
        intro += nodes.Text("Options every command takes before its name: ")
        top = [a for a in parser.recorded_actions if a.dest not in {"help", "command"}]
        result: list[nodes.Node] = [intro]
        for index, action in enumerate(top):
            if index:
                intro += nodes.Text(", ")
            intro += nodes.literal(option_name(action), option_name(action))
            intro += nodes.Text(f" ({option_help(action)})")
        intro += nodes.Text(".")
        result += describe_parser(parser, "solidarity-archive")
        from solidarity_archive.cli import main

        for name in ("main", "i18n", *main.COMMANDS):
            self.env.note_dependency(str(REPO / "solidarity_archive" / "cli" / f"{name}.py"))
        return result


# -- The Makefile ---------------------------------------------------------------------------------


def make_targets(makefile: Path) -> list[tuple[str, str]]:
    """``make help``'s lines, as (command, what it does), with the Makefile's default values put in."""
    text = makefile.read_text(encoding="utf-8")
    variables = dict(re.findall(r"^([A-Z_]+)\s*[?:]?=\s*(.*?)\s*$", text, re.MULTILINE))

    def expand(value: str, depth: int = 0) -> str:
        if depth > 5:
            return value
        return re.sub(r"\$\(([A-Z_]+)\)", lambda m: expand(variables.get(m.group(1), m.group(0)), depth + 1), value)

    help_recipe = re.search(r"^help:\n((?:\t.*\n)+)", text, re.MULTILINE)
    targets: list[tuple[str, str]] = []
    for line in help_recipe.group(1).splitlines() if help_recipe else []:
        said = re.match(r'\t@echo "(.*)"$', line)
        if not said:
            continue
        words = expand(said.group(1).replace('\\"', '"'))
        target = re.match(r"(make [\w-]+(?: [A-Z_]+='[^']*')?)\s*(.*)$", words)
        if target:
            targets.append((target.group(1), target.group(2).strip()))
        elif targets:
            command, meaning = targets[-1]
            targets[-1] = (command, (meaning + " " + words.strip()).strip())
    return targets


class MakeTargetsDirective(SphinxDirective):
    """The Makefile's targets as ``make help`` lists them."""

    def run(self) -> list[nodes.Node]:
        makefile = REPO / "Makefile"
        self.env.note_dependency(str(makefile))
        targets = make_targets(makefile)
        if not targets:
            logger.warning("no targets found in make help's recipe of %s", makefile, location=self.get_location())
            return []
        return [table(["command", "what it does"], [[text_paragraph(c, literal=True), m] for c, m in targets], widths=[2, 5])]


# -- Settings and fields --------------------------------------------------------------------------


class SettingsDirective(SphinxDirective):
    """Every ``archive_*`` setting: its type, default, what a change rebuilds, and its meaning."""

    def run(self) -> list[nodes.Node]:
        from solidarity_archive.core import settings

        self.env.note_dependency(settings.__file__)
        rows = []
        for option in settings.OPTIONS:
            types = " or ".join("None" if t is type(None) else t.__name__ for t in option.types)
            default = repr(option.default)
            rows.append([text_paragraph(option.name, literal=True), types, text_paragraph(default, literal=True), option.rebuild, option.help])
        return [table(["setting", "type", "default", "a change rebuilds", "meaning"], rows, widths=[2, 1, 2, 1, 5])]


class FieldsDirective(SphinxDirective):
    """A statement's frontmatter fields: required or optional, their parts, and what each holds."""

    def run(self) -> list[nodes.Node]:
        from solidarity_archive.core import cms_config, validation

        self.env.note_dependency(validation.__file__)
        self.env.note_dependency(cms_config.__file__)
        rows = []
        for name in cms_config.form_order():
            form = cms_config.FORMS.get(name)
            meaning = form.hint if form and form.hint else (form.label if form else "")
            parts = [sub for sub, _ in cms_config.SUBFIELDS.get(name, ())]
            declared = {"source": validation.SOURCE_FIELDS, "corrections": validation.CORRECTION_FIELDS, "withdrawn": validation.WITHDRAWN_FIELDS}.get(name)
            if declared:
                parts = list(declared)
            cell = nodes.paragraph()
            cell += nodes.Text(meaning)
            if parts:
                cell += nodes.Text(" Its keys: ")
                for index, part in enumerate(parts):
                    if index:
                        cell += nodes.Text(", ")
                    cell += nodes.literal(part, part)
                cell += nodes.Text(".")
            required = "required" if name in validation.REQUIRED else "optional"
            rows.append([text_paragraph(name, literal=True), required, cell])
        result: list[nodes.Node] = [table(["field", "", "what it holds"], rows, widths=[2, 1, 6])]
        refused = nodes.paragraph()
        refused += nodes.Text("Keys that would change how MyST or Sphinx process the page are refused: ")
        for index, key in enumerate(validation.MARKUP_OVERRIDES):
            if index:
                refused += nodes.Text(", ")
            refused += nodes.literal(key, key)
        refused += nodes.Text(". Any other key is refused as unknown, with the nearest field suggested.")
        result.append(refused)
        return result


def setup(app):
    app.add_directive("archive-commands", CommandsDirective)
    app.add_directive("archive-make-targets", MakeTargetsDirective)
    app.add_directive("archive-settings", SettingsDirective)
    app.add_directive("archive-fields", FieldsDirective)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
