"""What a statement's text may contain: an allow-list over MyST's own tokens (pure).

A statement's text is read once, by MyST's own Markdown parser (see
``solidarity_archive.myst``), and these rules run on the tokens that parse
gives. The build renders those very tokens, and ``make check`` runs the same
rules on the same parse, so no construct can mean one thing to the checks and
another to the page.

Allowed: paragraphs, emphasis, ``##`` sections, lists, block quotes, tables,
code, footnotes, hard line breaks, links to web addresses, links and images of
files kept beside the statement, and the archive's own roles. Everything else
(directives and other roles in any letter case, raw HTML, comments, labels,
block breaks, link definitions, nesting deeper than :data:`MAX_DEPTH`) is
refused at its line with what to write instead.
"""

from __future__ import annotations

import os
import posixpath
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from markdown_it.common.normalize_url import normalizeLinkText
from markdown_it.token import Token

from solidarity_archive.core.languages import N_, Message
from solidarity_archive.core.model import Problem
from solidarity_archive.core.originals import KINDS, kind_of
from solidarity_archive.core.untrusted import (
    DIRECTIVE_READS_FILE,
    DIRECTIVE_RUNS_MARKUP,
    DIRECTIVE_WRITES_HEAD,
    SAFE_SCHEMES,
    raw_html_message,
    unsafe_url_message,
    url_scheme,
)

#: The heading MyST is given in place of the frontmatter: the text's ``##``
#: headings are then its sections, and the statement page puts its title there.
TITLE_PLACEHOLDER = "statement-title-from-frontmatter"

#: The archive's roles a statement may use (looked up lower-cased, as docutils does).
ALLOWED_ROLES = frozenset({"statement", "statement:statement", "statement:signatory", "term"})

#: Lists and block quotes nested deeper than this are refused. MyST's parser stops
#: at 20 levels of tokens (a list level takes two) and drops the rest of the text
#: silently; six leaves room for a table or a footnote inside.
MAX_DEPTH = 6

#: Files a statement's images may show (kept beside it).
IMAGE_KINDS = frozenset(ext for ext, kind in KINDS.items() if kind.media_type.startswith("image/"))

_BLOCKS = frozenset(
    {
        "paragraph_open", "paragraph_close", "inline", "heading_open", "heading_close",
        "bullet_list_open", "bullet_list_close", "ordered_list_open", "ordered_list_close",
        "list_item_open", "list_item_close", "blockquote_open", "blockquote_close",
        "table_open", "table_close", "thead_open", "thead_close", "tbody_open", "tbody_close",
        "tr_open", "tr_close", "th_open", "th_close", "td_open", "td_close",
        "hr", "code_block", "fence", "footnote_reference_open", "footnote_reference_close",
    }
)  # fmt: skip
_INLINES = frozenset(
    {
        "text", "softbreak", "hardbreak", "em_open", "em_close", "strong_open", "strong_close",
        "code_inline", "link_open", "link_close", "image", "footnote_ref", "myst_role", "html_inline",
    }
)  # fmt: skip
_CONTAINERS = frozenset({"bullet_list_open", "ordered_list_open", "blockquote_open"})


@dataclass(frozen=True)
class ParsedText:
    """A statement's text as MyST reads it: the source it was given, its tokens and environment."""

    source: str
    tokens: list[Token]
    env: dict[str, Any] = field(default_factory=dict)


#: MyST's parse of a statement's source (``solidarity_archive.myst.parse_statement_text``).
Parse = Callable[[str], ParsedText]


def myst_source(body: str, frontmatter_lines: int) -> str:
    """What MyST is given for a statement: the title placeholder, blank lines for the frontmatter, the text.

    Every token's line is then the line of the statement's file.
    """
    return f"# {TITLE_PLACEHOLDER}\n" + "\n" * (frontmatter_lines - 1) + body


def text_problems(parsed: ParsedText, path: str, folder: Path | None = None) -> list[Problem]:
    """Everything in a statement's text that the archive refuses, each at its line.

    ``path`` is the statement's path as shown (relative to the archive);
    ``folder``, its folder on disk, where the files it links must be (None:
    the names are checked, not the files).
    """
    problems: list[Problem] = []

    def add(line: int, subtype: str, message: Message) -> None:
        problems.append(Problem(path, line, subtype, message))

    tokens = parsed.tokens
    problems += _heading_problems(tokens, path)
    depth = 0
    for token in tokens:
        line = _line(token)
        if token.type in _CONTAINERS:
            depth += 1
            if depth == MAX_DEPTH + 1:
                template = (
                    N_(
                        "a quotation here is nested {depth} deep; lists and quotations may be nested at most {limit} deep, so MyST keeps every line: bring the inner ones out a level"
                    )
                    if token.type == "blockquote_open"
                    else N_(
                        "a list here is nested {depth} deep; lists and quotations may be nested at most {limit} deep, so MyST keeps every line: bring the inner ones out a level"
                    )
                )
                add(line, "nesting", Message(template, depth=MAX_DEPTH + 1, limit=MAX_DEPTH))
        elif token.type.replace("_close", "_open") in _CONTAINERS and token.type.endswith("_close"):
            depth -= 1
        if token.type not in _BLOCKS:
            add(line, *_refused_block(token))
        elif token.type == "fence" and token.info.strip().startswith("{"):
            add(line, *_refused_directive(token.info.strip()))
        elif token.type == "inline":
            problems += _inline_problems(token, path, line, folder)
    for label, reference in sorted(parsed.env.get("references", {}).items(), key=lambda item: item[1].get("map", [0])[0]):
        start = reference.get("map", [0])[0] + 1
        add(
            start,
            "link-definition",
            Message(
                N_(
                    "'{definition}' is a link definition, which Markdown does not show on the page; write the address in the text (https://…) or as a link: [words](https://…)"
                ),
                definition=f"[{label.lower()}]: {reference.get('href', '')}",
            ),
        )
    problems += _unpublished_lines(parsed, path, {p.line for p in problems})
    return sorted(problems)


def _line(token: Token) -> int:
    return token.map[0] + 1 if token.map else 1


def _heading_problems(tokens: list[Token], path: str) -> list[Problem]:
    """Level-1 headings in the text (a second title), and headings that skip a level."""
    problems = []
    previous = 1  # the title, from the frontmatter
    for index, token in enumerate(tokens):
        if token.type != "heading_open" or not token.map:
            continue
        if token.map[0] == 0 and tokens[index + 1].content == TITLE_PLACEHOLDER:
            continue
        level = int(token.tag[1])
        if level == 1:
            problems.append(Problem(path, _line(token), "heading", Message(TITLE_HEADING_MESSAGE)))
        elif level > previous + 1:
            wanted = "#" * (previous + 1)
            after = Message(N_("the title")) if previous == 1 else repr("#" * previous)
            problems.append(
                Problem(
                    path,
                    _line(token),
                    "heading",
                    Message(
                        N_("a '{heading}' heading here skips a level (it follows {after}); write it as '{wanted}'"),
                        heading="#" * level,
                        after=after,
                        wanted=wanted,
                    ),
                )
            )
        previous = max(level, 2)  # a refused '#' is read as the '##' it should be, so one mistake is one message
    return problems


TITLE_HEADING_MESSAGE = N_(
    "a '#' heading in the text would be a second title: the title comes from the frontmatter ('title:'); "
    "write the statement's sections as '##' headings (and '###', '####' inside them)"
)


def _refused_block(token: Token) -> tuple[str, Message]:
    if token.type == "html_block":
        return "raw-html", raw_html_message(token.content)
    if token.type == "myst_line_comment":
        return "comment", Message(
            N_(
                "a line that starts with '%' is a comment in MyST and is not published; if it is text (a '40 %' split across two lines), join it to the line above or write '\\%' at its start"
            )
        )
    if token.type == "myst_target":
        return "label", Message(
            N_(
                "'{label}' defines a label, which a statement may not do (its paragraphs are numbered and cited by the archive); delete the line, or write '\\(' at its start if it is text"
            ),
            label=f"({token.content})=",
        )
    if token.type == "myst_block_break":
        return "block-break", Message(N_("a line '+++' is a MyST block break and is not published; delete it, or write '\\+++' if it is text"))
    return "markup", Message(
        N_("'{markup}' ({type}) is not Markdown a statement may use; see the archive's list of what a statement may contain"),
        markup=token.markup or token.type, type=token.type,
    )  # fmt: skip


def _refused_directive(info: str) -> tuple[str, Message]:
    name = info[1:].split("}", 1)[0].strip()
    key = name.lower()
    if key in ("include", "literalinclude"):
        return "include", Message(DIRECTIVE_READS_FILE, name=name)
    if key == "meta":
        return "raw-html", Message(DIRECTIVE_WRITES_HEAD, name=name)
    if key in ("raw", "eval-rst", "eval_rst"):
        return "raw-html", Message(DIRECTIVE_RUNS_MARKUP, name=name)
    return "directive", Message(
        N_(
            "the '{name}' directive is not allowed in a statement: a statement is Markdown text (paragraphs, '##' sections, lists, quotations, tables, links, images kept beside it, footnotes); write it as text"
        ),
        name=name,
    )


def _inline_problems(token: Token, path: str, line: int, folder: Path | None) -> Iterator[Problem]:
    offset = 0
    raw_lines: set[int] = set()
    for child in token.children or []:
        at = line + offset
        if child.type in ("softbreak", "hardbreak"):
            offset += 1
        elif child.type not in _INLINES:
            yield Problem(
                path, at, "markup", Message(N_("'{markup}' is not Markdown a statement may use; write it as text"), markup=child.markup or child.type)
            )
        elif child.type == "html_inline":
            if at not in raw_lines:  # one message a line, for '<b>' … '</b>'
                raw_lines.add(at)
                yield Problem(path, at, "raw-html", raw_html_message(child.content))
        elif child.type == "myst_role":
            name = str(child.meta.get("name", ""))
            if name.lower() not in ALLOWED_ROLES:
                yield Problem(path, at, "role", Message(
                    N_("the role '{role}' is not allowed in a statement; a statement may use {roles}; write the rest as text"),
                    role=f"{{{name}}}", roles=", ".join(f"{{{role}}}" for role in sorted(ALLOWED_ROLES)),
                ))  # fmt: skip
        elif child.type == "link_open":
            problem = link_problem(str(child.attrGet("href") or ""), "link", folder)
            if problem is not None:
                yield Problem(path, at, *problem)
        elif child.type == "image":
            problem = link_problem(str(child.attrGet("src") or ""), "image", folder)
            if problem is not None:
                yield Problem(path, at, *problem)


def link_problem(url: str, what: str, folder: Path | None) -> tuple[str, Message] | None:
    """Why a link's or image's address is refused, as ``(subtype, message)``; None when allowed.

    Links may go to web addresses, to an anchor of the page, or to a file kept
    beside the statement; images may only show a file kept beside it.
    """
    # MyST decodes percent-escapes before it looks a path up ('%2e%2e/' is '../').
    target = normalizeLinkText(url)
    scheme = url_scheme(target)
    if scheme is not None:
        if scheme not in SAFE_SCHEMES:
            return "unsafe-link", unsafe_url_message(url, what)
        if what == "image":
            return "image", Message(
                N_(
                    "image '{url}' is on another site, and every reader's browser would fetch it from there; save the image beside the statement and write ![description](file-name.jpg)"
                ),
                url=_shown(url),
            )
        return None
    if target.startswith("#") and what == "link":
        return None
    name = target.split("#", 1)[0].split("?", 1)[0]
    allowed = IMAGE_KINDS if what == "image" else frozenset(KINDS)
    # The link or image, named as the sentence's subject.
    named = Message(N_("image '{url}'") if what == "image" else N_("link '{url}'"), url=_shown(url))
    if name.lower().endswith(".md"):
        return "outside-statement", Message(
            N_(
                "{named} names another page of the archive; to link another statement write {{statement}}`its-id`, and for other pages use the full web address"
            ),
            named=named,
        )
    if not name or "/" in name or "\\" in name or name.startswith(".") or name != posixpath.basename(name):
        return "outside-statement", Message(
            N_(
                "{named} names a file that is not kept beside the statement; a statement may link only files in its own folder (its original, its images): copy the file there and write its name alone, or link a web address (https://…)"
            ),
            named=named,
        )
    if posixpath.splitext(name.lower())[1] not in allowed:
        kinds = ", ".join(sorted({KINDS[ext].label for ext in allowed}))
        return "outside-statement", Message(
            N_("{named} is not a kind of file the archive keeps beside a statement ({kinds}); link a web address instead, or save the document as one of those kinds"),
            named=named, kinds=kinds,
        )  # fmt: skip
    if folder is not None and not _kept_in(folder, name):
        return "outside-statement", Message(
            N_("{named} is not a file in the statement's folder; save the file beside the statement, with that name"),
            named=named,
        )
    return None


def _kept_in(folder: Path, name: str) -> bool:
    """True when ``folder/name`` is a regular file that really is in ``folder`` (no symlink out)."""
    path = folder / name
    try:
        real = Path(os.path.realpath(path))
        return path.is_file() and real.parent == Path(os.path.realpath(folder)) and kind_of(real.name) is not None
    except OSError:
        return False


def _shown(url: str, limit: int = 60) -> str:
    return url if len(url) <= limit else url[: limit - 3] + "..."


def _unpublished_lines(parsed: ParsedText, path: str, reported: set[int]) -> list[Problem]:
    """Lines of text that no token covers: MyST would drop them without a word.

    Whatever the cause (a construct refused above, or one nobody thought of),
    text that would not reach the page is refused. Lines already reported
    are not reported twice.
    """
    covered = [False] * (parsed.source.count("\n") + 1)
    spans = [t.map for t in parsed.tokens if t.map and t.level == 0]
    spans += [ref["map"] for ref in parsed.env.get("references", {}).values() if ref.get("map")]
    for start, end in spans:
        for index in range(start, min(end, len(covered))):
            covered[index] = True
    problems = []
    for index, text in enumerate(parsed.source.split("\n")):
        if text.strip() and not covered[index]:
            line = index + 1
            if line not in reported:
                problems.append(
                    Problem(
                        path,
                        line,
                        "lost-text",
                        Message(N_("this line would not be published ('{text}'); check the Markdown above it"), text=_shown(text.strip(), 40)),
                    )
                )
            break  # the first lost line says where; the rest follow from it
    return problems
