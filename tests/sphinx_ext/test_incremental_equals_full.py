"""After any sequence of edits, additions, renames and removals, the output is the output of a full build, file by file.

Each step builds incrementally; the final output is compared with a full build
of the final sources in a folder of its own. Every file of the website is
compared byte for byte, the search bundle's included: each language's index
is written from every page whatever runs of Pagefind read them
(``formats/search_bundle.py``). The search's records are compared as well,
to name what differs when they do: Pagefind's record of every page, the
archive's word starts and the search from disk's records.
"""

from __future__ import annotations

import shutil

import generated_archive
from generated_archive import build, rename, search_records, website_files

from solidarity_archive.html.search import BUNDLE_DIR


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
    new_year = generated_archive.new_year_statement(root, corpus)  # a new year: in every page's sidebar
    build(make_app, root)
    year_page = new_year.parent / "index.md"  # the year's title: in every page's sidebar too
    year_page.write_text(year_page.read_text(encoding="utf-8").replace(f"# {new_year.parent.name}", f"# Año {new_year.parent.name}"), encoding="utf-8")
    build(make_app, root)
    (root / added_path).unlink()  # the added one removed again, and its place's and country's pages
    incremental = build(make_app, root)
    assert f"Año {new_year.parent.name}" in (incremental / "signatory" / f"{corpus.organisations[1].id}.html").read_text(encoding="utf-8")
    assert not (incremental / "place/reykjavik-iceland.html").exists()

    full_root = tmp_path / "full"
    shutil.copytree(root, full_root, ignore=shutil.ignore_patterns("_build"))
    full = build(make_app, full_root, freshenv=True)
    assert "A Renamed Organisation" in (full / f"signatory/{first.id}.html").read_text(encoding="utf-8")

    after_steps, from_scratch = website_files(incremental), website_files(full)
    assert sorted(after_steps.keys() - from_scratch.keys()) == [], "left behind by the incremental builds"
    assert sorted(from_scratch.keys() - after_steps.keys()) == [], "missing after the incremental builds"
    assert search_records(incremental) == search_records(full)
    assert sorted(name for name in after_steps if after_steps[name] != from_scratch[name]) == []
    assert any(name.startswith(f"{BUNDLE_DIR}/index/") for name in from_scratch)
