"""The search page's picture in the README and the documentation (``docs/_static/search-page.png``).

The archive with generated statements (``benchmarks/corpus.py``, the benchmark's corpus, the same
for the same seed) is built in a temporary folder, served on 127.0.0.1 and searched in Chromium at
1280 × 800 px in the light colour scheme; the first screen of results is kept as a PNG of at most
128 colours, optimised::

    .venv/bin/python -m benchmarks.search_screenshot              # the picture the README shows
    .venv/bin/python -m benchmarks.search_screenshot "deportation flights" --out /tmp/search.png
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

from benchmarks import corpus as corpus_module
from benchmarks.bench import REPO, make_archive_project, sphinx_build
from benchmarks.search_metrics import browser, serve

PICTURE = REPO / "docs" / "_static" / "search-page.png"
QUERY = "Alliance for Prosperity"
STATEMENTS = 60
WIDTH, HEIGHT = 1280, 800
COLOURS = 128


def screenshot(site: Path, query: str, out: Path) -> None:
    """The search page of ``site`` with the results of ``query``, as Chromium shows it."""
    from urllib.parse import urlencode

    with serve(site) as url, browser() as context:
        page = context.new_page()
        page.emulate_media(color_scheme="light")
        page.set_viewport_size({"width": WIDTH, "height": HEIGHT})
        page.goto(url + "search.html?" + urlencode({"q": query}))
        page.wait_for_selector("#statement-search[data-status=results]")
        page.wait_for_function("document.fonts.status === 'loaded'")
        page.screenshot(path=str(out))


def optimise(path: Path) -> None:
    """Fewer colours (text and the theme's flat colours need few), the smallest PNG encoding."""
    from PIL import Image

    with Image.open(path) as image:
        small = image.convert("RGB").quantize(colors=COLOURS, method=Image.Quantize.MEDIANCUT)
    small.save(path, optimize=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("query", nargs="?", default=QUERY)
    parser.add_argument("--out", type=Path, default=PICTURE)
    parser.add_argument("--statements", type=int, default=STATEMENTS)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        project, site = Path(folder) / "archive", Path(folder) / "html"
        make_archive_project(project, corpus_module.generate(args.statements, seed=1))
        subprocess.run([sphinx_build(), "-b", "html", "-q", str(project), str(site)], check=True)
        screenshot(site, args.query, args.out)
    optimise(args.out)
    print(f"{args.out}: {args.out.stat().st_size // 1024} KB", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
