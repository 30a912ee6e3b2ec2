"""An archive of N generated statements (the benchmark's corpus), for tests of what a build costs as the archive grows.

The project is the real archive's conf.py and hand-written pages with the
benchmark's statements and registry (``benchmarks/corpus.py``); the same seed
gives the same first statements at every size, so two sizes differ only in
how many statements follow.
"""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import sys
from collections.abc import Callable
from pathlib import Path

from paths import REPO
from sphinx.util.console import strip_colors

from solidarity_archive.html.search import BUNDLE_DIR, OFFLINE_DIR, WORDS_FILE, read_fragments

SEED = 5
#: The year of the statements tests add: newer than every generated one, with a statement of its own already.
ADDED_YEAR = 2026


def _corpus_module():
    spec = importlib.util.spec_from_file_location("bench_corpus", REPO / "benchmarks" / "corpus.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault(spec.name, module)  # dataclasses look their module up here
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


corpus_module = _corpus_module()


def generate(n: int):
    return corpus_module.generate(n, seed=SEED, glossary=REPO / "source" / "glossary.md", registry=REPO / "source" / "signatories.yaml")


def make_project(root: Path, n: int):
    """The archive with ``n`` generated statements in ``root``; returns the corpus."""
    corpus = generate(n)
    root.mkdir(parents=True, exist_ok=True)
    shutil.copy2(REPO / "conf.py", root / "conf.py")
    shutil.copytree(REPO / "source", root / "source")
    (root / "source" / "signatories.yaml").write_text(corpus.registry_yaml(), encoding="utf-8")
    corpus_module.write(corpus, root)
    path, text = added_statement(corpus, 0)
    (root / path).parent.mkdir(parents=True, exist_ok=True)
    (root / path).write_text(text, encoding="utf-8")
    template = next(iter(sorted((REPO / "statements").glob("*/index.md"))))
    for year in {*corpus.years(), ADDED_YEAR}:
        page = root / "statements" / str(year) / "index.md"
        page.parent.mkdir(parents=True, exist_ok=True)
        page.write_text(template.read_text(encoding="utf-8").replace(template.parent.name, str(year)), encoding="utf-8")
    return corpus


def added_statement(corpus, number: int = 1, place: str = "San Salvador, El Salvador") -> tuple[str, str]:
    """A statement newer than every generated one (path, text), signed by the registry's first two organisations.

    The project has number 0 from the start, in the same year, so that the year has its page.
    """
    first, second = corpus.organisations[0].id, corpus.organisations[1].id
    stem = f"{ADDED_YEAR}-0{number + 1}-15-an-added-statement-{number}"
    text = (
        "---\n"
        f'title: "An Added Statement {number}"\n'
        f"date: {ADDED_YEAR}-0{number + 1}-15\n"
        f'place: "{place}"\n'
        f"signatories:\n  - {first}\n  - {second}\n"
        "language: en\nkind: press release\n---\n\n"
        "We add this statement to see what an added statement costs the build.\n"
    )
    return f"statements/{ADDED_YEAR}/{stem}.md", text


def new_year_statement(root: Path, corpus) -> Path:
    """A statement in a year the archive had none in (the year before its first), with that year's page, in
    Spanish: every page's sidebar lists the new year. Its path."""
    year = min(corpus.years()) - 1
    template = root / "statements" / str(ADDED_YEAR) / "index.md"
    folder = root / "statements" / str(year)
    folder.mkdir()
    (folder / "index.md").write_text(template.read_text(encoding="utf-8").replace(str(ADDED_YEAR), str(year)), encoding="utf-8")
    _path, text = added_statement(corpus)
    text = text.replace(f"date: {ADDED_YEAR}-02-15", f"date: {year}-05-01").replace("An Added Statement 1", "Un año propio")
    text = text.replace("language: en", "language: es")
    path = folder / f"{year}-05-01-un-ano-propio.md"
    path.write_text(text, encoding="utf-8")
    return path


def edit_text(root: Path, relative: str, words: str) -> Path:
    path = root / relative
    path.write_text(path.read_text(encoding="utf-8") + f"\n\n{words}\n", encoding="utf-8")
    return path


def outputs(outdir: Path, skip: Callable[[str], bool] = lambda name: False) -> dict[str, int]:
    """Every file of the output folder (relative path -> mtime in ns)."""
    found = {}
    for folder, _dirs, files in os.walk(outdir):
        for name in files:
            path = Path(folder, name)
            relative = path.relative_to(outdir).as_posix()
            if not skip(relative):
                found[relative] = path.stat().st_mtime_ns
    return found


def rewritten(before: dict[str, int], after: dict[str, int]) -> set[str]:
    """Files written (new or with a new time) or removed between two snapshots."""
    return {name for name in before.keys() | after.keys() if before.get(name) != after.get(name)}


# -- comparing an incremental output with a full build's ----------------------------------------------------------


def search_records(site: Path) -> dict:
    offline = []
    for data in sorted((site / OFFLINE_DIR).glob("statements-*.js")):
        text = data.read_text(encoding="utf-8")
        offline += json.loads(text[text.index("(...") + 4 : text.rindex(");")])
    return {
        "pagefind": sorted(read_fragments(site), key=lambda record: record["url"]),
        "words": json.loads((site / BUNDLE_DIR / WORDS_FILE).read_text(encoding="utf-8")),
        "offline": sorted(offline, key=lambda record: record["url"]),
    }


def website_files(site: Path) -> dict[str, bytes]:
    return {name: (site / name).read_bytes() for name in outputs(site)}


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
