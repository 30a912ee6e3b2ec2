"""Does Pagefind's bundle reach the disk whole? Its service against its command, many times over.

Pagefind 1.5.2's service can answer "files written" before their last bytes
are on disk, and its Python API then stops the service (see the note above
``run_pagefind`` in ``solidarity_archive/html/search.py``). This indexes a
small site over and over both ways and counts the runs whose
``pagefind-entry.json`` or fragments are not whole once each way says it is
done:

- ``service``: ``PagefindIndex`` as a context (``add_directory``, then the
  writes and the stop on leaving it), the way the archive indexed before;
- ``command``: ``run_pagefind``, the Pagefind program run over the folder,
  the way the archive indexes now.

Run it on a busy machine (the torn writes show up under load), for example
with two ``python -c 'while True: pass'`` beside it:

    python -m benchmarks.pagefind_writes 50

A Pagefind release that flushes its files should show no torn service run; until
then only the command's count must be zero.
"""

from __future__ import annotations

import asyncio
import gzip
import json
import sys
import tempfile
from pathlib import Path

from solidarity_archive.html.search import ENTRY_FILE, EXCLUDE_SELECTORS, FRAGMENT_SIGNATURE, run_pagefind

PAGES = 20


def make_site(folder: Path) -> None:
    for number in range(PAGES):
        page = folder / "statements" / f"page-{number:02d}.html"
        page.parent.mkdir(parents=True, exist_ok=True)
        words = " ".join(f"word{number}x{count}" for count in range(200))
        page.write_text(
            f'<!DOCTYPE html><html lang="en"><head><title>Page {number}</title></head>'
            # Marked up as a statement page is, for the archive's excluded selectors.
            f'<body><div data-pagefind-body><section class="statement"><h1>Page {number}</h1>'
            f'<div class="statement-text"><p>{words}</p></div></section></div></body></html>',
            encoding="utf-8",
        )


def whole(output: Path) -> bool:
    """Whether the bundle in ``output`` reads back: its entry lists every page, every fragment decodes."""
    try:
        entry = json.loads((output / ENTRY_FILE).read_text(encoding="utf-8"))
        fragments = sorted((output / "fragment").glob("*.pf_fragment"))
        for fragment in fragments:
            json.loads(gzip.decompress(fragment.read_bytes()).removeprefix(FRAGMENT_SIGNATURE))
    except (OSError, ValueError, EOFError):
        return False
    return sum(info["page_count"] for info in entry["languages"].values()) == PAGES and len(fragments) == PAGES


async def by_service(site: Path, output: Path) -> None:
    from pagefind.index import IndexConfig, PagefindIndex

    config = IndexConfig(exclude_selectors=list(EXCLUDE_SELECTORS), output_path=str(output))
    async with PagefindIndex(config=config) as index:
        await index.add_directory(str(site))


def main(runs: int) -> int:
    torn = {"service": 0, "command": 0}
    with tempfile.TemporaryDirectory(prefix="pagefind-writes-") as folder:
        site = Path(folder, "site")
        make_site(site)
        for run in range(runs):
            for way in torn:
                output = Path(folder, f"{way}-{run}")
                if way == "service":
                    asyncio.run(by_service(site, output))
                else:
                    run_pagefind(site, output)
                torn[way] += not whole(output)
    for way, count in torn.items():
        print(f"{way}: {count} of {runs} bundles not whole once written")
    return 1 if torn["command"] else 0


if __name__ == "__main__":
    sys.exit(main(int(sys.argv[1]) if len(sys.argv) > 1 else 20))
