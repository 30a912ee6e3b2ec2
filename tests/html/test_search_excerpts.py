"""Search excerpts read as the statement does: no space inside brackets where an anchor sits."""

from __future__ import annotations

import gzip
import json
import re

from browser import browser, browser_required, serve

from benchmarks.search_metrics import SETTLED, search_url
from solidarity_archive.html.search import FRAGMENT_SIGNATURE, quiet_empty_anchors

SEED = "statements/2016/2016-01-19-us-organizations-demand-justice.html"
#: A space just inside a bracket, as an anchor read as a word break gives.
STRAY_SPACE = re.compile(r"[(\[“] | [)\]”]")


def indexed_text(site) -> dict[str, str]:
    """Pagefind's own text of each indexed page, from which it cuts the excerpts."""
    texts = {}
    for fragment in (site / "pagefind" / "fragment").glob("*.pf_fragment"):
        data = json.loads(gzip.decompress(fragment.read_bytes()).removeprefix(FRAGMENT_SIGNATURE))
        texts[data["url"]] = data["content"]
    return texts


def test_indexed_text_has_no_stray_space_at_a_term_mention(archive_html):
    page = archive_html / SEED
    # The seed names CARSI a second time, after its linked first mention: an anchor, no link.
    assert re.search(r'\(<span class="target" id="[^"]+" data-pagefind-ignore></span>CARSI\)', page.read_text(encoding="utf-8"))
    [text] = [content for url, content in indexed_text(archive_html).items() if url.endswith(SEED)]
    assert "Central America (CARSI) have aggravated" in text
    assert STRAY_SPACE.findall(text) == []


def test_only_empty_anchors_are_passed_over():
    body = '<p>(<span class="target" id="a"></span>CARSI) <span class="target" id="b">kept</span></p>'
    assert quiet_empty_anchors(body) == ('<p>(<span class="target" id="a" data-pagefind-ignore></span>CARSI) <span class="target" id="b">kept</span></p>')


@browser_required()
def test_excerpt_in_the_browser_reads_as_the_text(archive_html):
    with serve(archive_html) as base, browser() as context:
        page = context.new_page()
        page.goto(search_url(base, "CARSI"))
        page.wait_for_selector(SETTLED)
        excerpt = page.inner_text(".statement-search-excerpt")
    assert "(CARSI)" in excerpt
    assert STRAY_SPACE.findall(excerpt) == []
