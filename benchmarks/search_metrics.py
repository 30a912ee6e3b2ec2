"""Measure the search of a built archive: bundle size and what a first query costs.

For the benchmark and the browser tests. ``bundle_bytes(site)`` sums the
Pagefind bundle on disk; ``first_query(site, query)`` serves the site on
127.0.0.1, opens ``search.html?q=<query>`` in a fresh headless Chromium and
reports the bytes the page fetched from the bundle and the timings the page
recorded. Chromium is Debian's (``/usr/bin/chromium``, or ``$CHROMIUM``),
driven by playwright; no browser is downloaded.

    python -m benchmarks.search_metrics _build/html CARSI
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import json
import os
import shutil
import sys
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlencode

BUNDLE_DIR = "pagefind"
CHROMIUM_ARGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)
#: The page's ``data-status`` once a search has finished, or cannot run.
SETTLED = "#statement-search[data-status=results], #statement-search[data-status=unavailable]"


def chromium_path() -> str | None:
    """Debian's Chromium, or the one ``$CHROMIUM`` names; None when absent."""
    candidate = os.environ.get("CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
    return candidate if Path(candidate).is_file() else None


def bundle_bytes(site: Path) -> int:
    """Bytes of the Pagefind bundle (``pagefind/``) of a built site."""
    return sum(path.stat().st_size for path in (Path(site) / BUNDLE_DIR).rglob("*") if path.is_file())


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the stdlib's name
        pass


@contextlib.contextmanager
def serve(site: Path) -> Iterator[str]:
    """Serve ``site`` on 127.0.0.1 (a free port) while the block runs; yields the base URL."""
    handler = functools.partial(_QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


@contextlib.contextmanager
def browser() -> Iterator[object]:
    """A fresh headless Chromium context (new profile each time)."""
    from playwright.sync_api import sync_playwright

    executable = chromium_path()
    if executable is None:
        raise RuntimeError("Chromium is not installed (looked for $CHROMIUM and /usr/bin/chromium)")
    with tempfile.TemporaryDirectory(prefix="archive-chromium-") as profile, sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(profile, executable_path=executable, args=list(CHROMIUM_ARGS), headless=True)
        try:
            yield context
        finally:
            context.close()


def search_url(base: str, query: str = "", **filters: str | list[str]) -> str:
    params: list[tuple[str, str]] = [("q", query)] if query else []
    for key, values in filters.items():
        for value in [values] if isinstance(values, str) else values:
            params.append((key, value))
    return f"{base}search.html" + (f"?{urlencode(params)}" if params else "")


def bundle_kind(url: str) -> str:
    """What a file of the bundle is: index, filter or fragment (its folder), wasm, meta, or its name."""
    name = url.split(f"/{BUNDLE_DIR}/", 1)[-1].split("?", 1)[0]
    folder = name.split("/", 1)[0] if "/" in name else ""
    if folder in ("index", "filter", "fragment"):
        return folder
    if name.startswith("wasm."):
        return "wasm"
    return "meta" if name.endswith(".pf_meta") else name


def first_query(site: Path, query: str) -> dict:
    """Open the search page with ``query`` in a fresh browser; what it cost.

    Returns ``bundle_bytes`` (on disk), ``transferred_bytes`` (bodies fetched
    from the bundle by this first query, index loading included),
    ``requests``, ``by_kind`` (requests and bytes of each kind of file:
    ``bundle_kind``), ``results`` (count shown), ``index_ready_ms`` (page
    start to index loaded: Pagefind's WebAssembly and the language's list of
    pages) and ``search_ms`` (query to results shown, once loaded).
    """
    fetched: dict[str, int] = {}
    with serve(site) as base, browser() as context:
        page = context.new_page()

        def note(response) -> None:
            # The body's size as received: a body the page read as a Blob (Pagefind's
            # module) is not kept for response.body(), which then reads as empty.
            if f"/{BUNDLE_DIR}/" in response.url:
                with contextlib.suppress(Exception):
                    size = response.request.sizes()["responseBodySize"]
                    fetched[response.url] = max(size, len(response.body()) if size <= 0 else 0)

        page.on("response", note)
        page.goto(search_url(base, query))
        page.wait_for_selector(SETTLED, timeout=60_000)
        timings = page.evaluate("window.statementSearch.timings")
        results = page.locator(".statement-search-result").count()
        status = page.get_attribute("#statement-search", "data-status")
    return {
        "query": query,
        "status": status,
        "bundle_bytes": bundle_bytes(site),
        "transferred_bytes": sum(fetched.values()),
        "requests": len(fetched),
        "by_kind": {
            kind: [sum(1 for url in fetched if bundle_kind(url) == kind), sum(size for url, size in fetched.items() if bundle_kind(url) == kind)]
            for kind in sorted({bundle_kind(url) for url in fetched})
        },
        "results": results,
        "index_ready_ms": round(timings["indexReady"] - timings["start"], 1),
        "search_ms": round(timings.get("lastSearchMs", float("nan")), 1),
    }


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 2:
        print("usage: python -m benchmarks.search_metrics BUILT_HTML_DIR QUERY", file=sys.stderr)
        return 2
    print(json.dumps(first_query(Path(args[0]), args[1]), indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
