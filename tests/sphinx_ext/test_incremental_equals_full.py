"""After any sequence of edits, additions, renames and removals, the output is the output of a full build, file by file.

Each step builds incrementally; the final output is compared with a full build
of the final sources in a folder of its own. Every file of the website is
compared byte for byte, except the search's:

- Pagefind's bundle (``pagefind/``) names its files by a hash of their
  contents and orders a filter's values differently in two builds of the same
  pages, so its index and filter files differ between two identical full
  builds. What it indexed is compared instead: its record of every page (text,
  metadata, filter values as sets, anchors), read back from its fragments,
  and the archive's word starts.
- The search from disk (``search-offline/``) holds those records as Pagefind
  gave them (filter values in its order): compared as records, filter values
  as sets.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import generated_archive
from sphinx.util.console import strip_colors

from solidarity_archive.html.search import BUNDLE_DIR, OFFLINE_DIR, WORDS_FILE, read_fragments

SEARCH = (f"{BUNDLE_DIR}/", f"{OFFLINE_DIR}/")


def _plain(record: dict) -> dict:
    """A search record with its filter values as sorted lists (their order is Pagefind's, not the archive's)."""
    return {**record, "filters": {key: sorted(values) for key, values in record.get("filters", {}).items()}}


def search_records(site: Path) -> dict:
    offline = []
    for data in sorted((site / OFFLINE_DIR).glob("statements-*.js")):
        text = data.read_text(encoding="utf-8")
        offline += json.loads(text[text.index("(...") + 4 : text.rindex(");")])
    return {
        "pagefind": sorted((_plain(record) for record in read_fragments(site)), key=lambda record: record["url"]),
        "words": json.loads((site / BUNDLE_DIR / WORDS_FILE).read_text(encoding="utf-8")),
        "offline": sorted((_plain(record) for record in offline), key=lambda record: record["url"]),
    }


def website_files(site: Path) -> dict[str, bytes]:
    skip = lambda name: name.startswith(SEARCH)  # noqa: E731
    return {name: (site / name).read_bytes() for name in generated_archive.outputs(site, skip)}


def build(make_app, srcdir: Path, **kwargs) -> Path:
    """One build, by an application of its own, as ``sphinx-build`` runs each (a theme adds to the application per page)."""
    app = make_app("html", srcdir=srcdir, **kwargs)
    app.build()
    assert strip_colors(app.warning.getvalue()) == ""
    app.cleanup()
    return Path(app.outdir)


def rename(srcdir: Path, relative: str) -> str:
    """The statement's file takes a new name; its old id becomes a former id (its old address redirects)."""
    path = srcdir / relative
    old = path.stem
    text = path.read_text(encoding="utf-8").replace("\nlanguage:", f"\nformer_ids:\n  - {old}\nlanguage:", 1)
    path.unlink()
    renamed = path.with_name(f"{old}-renamed.md")
    renamed.write_text(text, encoding="utf-8")
    return renamed.relative_to(srcdir).as_posix()


def test_edits_additions_renames_and_removals_end_as_a_full_build(make_app, tmp_path):
    root = tmp_path / "incremental"
    corpus = generated_archive.make_project(root, 20)
    statements = corpus.statements
    build(make_app, root, freshenv=True)

    generated_archive.edit_text(root, statements[0].path, "A corrected sentence.")  # the text
    build(make_app, root)
    path = root / statements[1].path  # the title: listings, facet pages, feeds, downloads
    path.write_text(path.read_text(encoding="utf-8").replace(f'title: "{statements[1].title}"', 'title: "A Title Corrected"', 1), encoding="utf-8")
    build(make_app, root)
    added_path, added_text = generated_archive.added_statement(corpus, place="Reykjavík, Iceland")  # a place of its own
    (root / added_path).write_text(added_text, encoding="utf-8")
    build(make_app, root)
    rename(root, statements[2].path)
    build(make_app, root)
    (root / statements[3].path).unlink()  # removed: its page, downloads and records go
    build(make_app, root)
    registry = root / "source" / "signatories.yaml"  # a signatory renamed: its statements, feed and page
    first = corpus.organisations[0]
    registry.write_text(registry.read_text(encoding="utf-8").replace(first.name, "A Renamed Organisation", 1), encoding="utf-8")
    build(make_app, root)
    assert (root / "_build/html/place/reykjavik-iceland.html").is_file()
    (root / added_path).unlink()  # the added one removed again, and its place's and country's pages
    incremental = build(make_app, root)
    assert not (incremental / "place/reykjavik-iceland.html").exists()

    full_root = tmp_path / "full"
    shutil.copytree(root, full_root, ignore=shutil.ignore_patterns("_build"))
    full = build(make_app, full_root, freshenv=True)
    assert "A Renamed Organisation" in (full / f"signatory/{first.id}.html").read_text(encoding="utf-8")

    after_steps, from_scratch = website_files(incremental), website_files(full)
    assert sorted(after_steps.keys() - from_scratch.keys()) == [], "left behind by the incremental builds"
    assert sorted(from_scratch.keys() - after_steps.keys()) == [], "missing after the incremental builds"
    assert sorted(name for name in after_steps if after_steps[name] != from_scratch[name]) == []
    assert search_records(incremental) == search_records(full)
