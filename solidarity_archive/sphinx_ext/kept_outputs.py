"""What the archive's own outputs were last written from, kept between builds: an edit writes what it changes.

Sphinx decides which pages to write again from the environment; the archive
writes more files than Sphinx's pages: the signatory, place and country pages
(``html.facets``), the citation downloads (``html.citebox``), the feeds, open
data and sitemap (``html.site``). For each of them the step that writes it
names its inputs (the statement records read from the frontmatter, the
registry's records, the settings), as a digest, *before* rendering anything;
the file is rendered and written only when its digest differs from the one
kept from the build that last wrote it, or when the file is gone (or, for a
page, older than the newest template, as Sphinx decides for its own pages).

The digests are kept in the doctree folder beside Sphinx's environment (never
in the published output), as ``archive-outputs.json``, and saved at the end of
a build that raised nothing. A build that reads every document afresh (a new
environment) starts from no digest, so it writes everything.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable
from importlib.metadata import version
from pathlib import Path

from solidarity_archive import __version__
from solidarity_archive.sphinx_ext.build_state import build_state

FILE = "archive-outputs.json"
#: Part of every digest: an output written by another version of the extension is written again.
_VERSION = f"solidarity_archive {__version__} outputs 1"


def digest(*parts: object) -> str:
    """A short digest of ``parts`` (their ``repr``: records are frozen dataclasses, whose repr is their value)."""
    return hashlib.sha256("\0".join([_VERSION, *map(repr, parts)]).encode("utf-8")).hexdigest()[:24]


class KeptOutputs:
    """Output file (relative to the output folder) -> the digest of the inputs it was written from.

    For an output that lists statements, also the ids it was written with
    (``holds``): the nothing-lost check counts them there when the file was
    left as the build that wrote it left it, rather than reading it back.
    """

    def __init__(self, outdir: Path, path: Path, kept: dict[str, str], contents: dict[str, list[str]] | None = None) -> None:
        self.outdir = outdir
        self.path = path
        self.kept = kept
        self.contents = contents if contents is not None else {}
        self.written: set[str] = set()

    def unchanged(self, relative: str, inputs: str, newer_than: float | None = None) -> bool:
        """The file is there, was written from ``inputs`` and (when given) is newer than ``newer_than``."""
        if self.kept.get(relative) != inputs:
            return False
        try:
            mtime = os.stat(self.outdir / relative).st_mtime
        except OSError:
            return False
        return newer_than is None or mtime >= newer_than

    def written_from(self, relative: str, inputs: str) -> bool:
        """``relative`` was last written from ``inputs`` (whether it is still there is the caller's to know)."""
        return self.kept.get(relative) == inputs

    def record(self, relative: str, inputs: str, ids: Iterable[str] | None = None) -> None:
        """``relative`` has been written (or is about to be) from ``inputs``; ``ids``: the statements written to it."""
        self.kept[relative] = inputs
        self.written.add(relative)
        if ids is not None:
            self.contents[relative] = sorted(ids)
        else:
            self.contents.pop(relative, None)

    def holds(self, relative: str) -> set[str] | None:
        """The statements ``relative`` was written with, when its writer said (None: unknown)."""
        ids = self.contents.get(relative)
        return set(ids) if ids is not None and relative in self.kept else None

    def forget(self, relative: str) -> None:
        self.kept.pop(relative, None)
        self.contents.pop(relative, None)

    def save(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        temporary = self.path.with_suffix(".tmp")
        kept = {"outdir": str(self.outdir), "outputs": self.kept, "contents": self.contents}
        temporary.write_text(json.dumps(kept, sort_keys=True, separators=(",", ":")), encoding="utf-8")
        os.replace(temporary, self.path)


def kept_outputs(app) -> KeptOutputs:
    """This build's record of the archive's outputs, loaded at its first use (``app``: the application or its builder)."""
    state = build_state(app.env)
    if state.kept_outputs is None:
        path = Path(app.doctreedir, FILE)
        kept: dict[str, str] = {}
        contents: dict[str, list[str]] = {}
        if not state.fresh_environment:
            try:
                loaded = json.loads(path.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                loaded = {}
            # Kept for one output folder: two builds sharing a doctree folder (-M html and -M dirhtml) keep apart.
            if isinstance(loaded, dict) and loaded.get("outdir") == str(app.outdir) and isinstance(loaded.get("outputs"), dict):
                kept = loaded["outputs"]
                if isinstance(loaded.get("contents"), dict):
                    contents = loaded["contents"]
        state.kept_outputs = KeptOutputs(Path(app.outdir), path, kept, contents)
    return state.kept_outputs


def note_fresh_environment(app, env, added: set[str], changed: set[str], removed: set[str]) -> list[str]:
    """``env-get-outdated``: a build that reads every document afresh keeps no digest of an earlier build."""
    build_state(env).fresh_environment = bool(env.found_docs) and added >= env.found_docs
    return []


def save_kept_outputs(app, exception) -> None:
    """``build-finished``, last: the digests of what this build wrote, for the next build."""
    state = build_state(app.env)
    if exception is None and state.kept_outputs is not None:
        state.kept_outputs.save()


def record_digest(env, record) -> str:
    """The digest of one record (a statement's, a signatory's), computed once per build while it is the same object."""
    cache = build_state(env).record_digests
    key = id(record)
    found = cache.get(key)
    if found is None or found[0] is not record:
        found = cache[key] = (record, digest(record))
    return found[1]


def newest_template(builder) -> float | None:
    """The newest template's time, once per build (Sphinx walks every template folder for it)."""
    state = build_state(builder.env)
    if state.newest_template is None:
        templates = getattr(builder, "templates", None)
        state.newest_template = templates.newest_template_mtime() if templates else 0.0
    return state.newest_template


#: Where templates and static files are looked up: machine paths, not what a page shows.
_LOOKUP_PATHS = {"templates_path", "html_static_path"}
#: What draws the pages besides the settings: their templates and their defaults come with these.
_RENDERED_BY = ("sphinx", "pydata-sphinx-theme", "sphinx-book-theme")


def html_settings(builder) -> str:
    """The settings every HTML page is written with, as Sphinx groups them (``rebuild="html"``), and what renders
    them: the theme's options' defaults (its ``theme.conf``, its parents' filled in) and the versions of Sphinx and
    the themes.

    conf.py's values, as the configuration keeps them; not the builder's copy of the theme's options, which the
    themes fill in while the pages are written (the logo's addresses, the buttons' defaults): that copy reads
    otherwise before the first page than after it, and in a kept application's next build than in its first.
    """
    values: dict[str, object] = {c.name: c.value for c in builder.config.filter(frozenset({"html"})) if c.name not in _LOOKUP_PATHS}
    theme = getattr(builder, "theme", None)
    values["theme defaults"] = theme.get_options() if theme is not None else None
    values["versions"] = [version(package) for package in _RENDERED_BY]

    def plain(value):
        return sorted(map(repr, value)) if isinstance(value, (set, frozenset)) else repr(value)

    return json.dumps(values, sort_keys=True, default=plain)
