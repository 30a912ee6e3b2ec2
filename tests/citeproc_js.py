"""citeproc-js (npm ``citeproc``, the engine of Zotero and Mendeley) on CSL-JSON items, through Node.js.

``render`` gives each item's bibliography entry as HTML, with the same CSL style
file and the same CSL locale file citeproc-py renders the cite box with.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from paths import REPO, TESTS

from solidarity_archive.formats import citation

SCRIPT = TESTS / "citeproc_js.js"
MODULE = REPO / "node_modules" / "citeproc"


def citeproc_js_required() -> pytest.MarkDecorator:
    """Skipped where Node.js or the npm tools are missing, said so; under CI, which installs both, it fails."""
    if shutil.which("node") is None:
        missing = "Node.js (apt-get install nodejs npm)"
    elif not MODULE.is_dir():
        missing = "npm's citeproc (run 'make node-tools')"
    else:
        missing = None
    if missing and os.environ.get("CI"):
        pytest.fail(f"CI must run the citeproc-js tests, but {missing} is missing", pytrace=False)
    return pytest.mark.skipif(missing is not None, reason=f"citeproc-js tests need {missing}")


def render(items: list[dict], style: citation.CitationStyle, locale: str = citation.CSL_LOCALE) -> dict[str, str]:
    """``{item id: bibliography entry as HTML}`` from citeproc-js, in ``locale`` (a CSL locale).

    The style is given as the cite box renders with it in that locale (``citation.style_xml``).
    """
    request = {
        "style": citation.style_xml(style.csl, locale),
        "locales": str(Path(citation.locale_file()).parent),
        "lang": locale,
        "items": items,
    }
    result = subprocess.run(["node", str(SCRIPT)], input=json.dumps(request), capture_output=True, text=True, check=False, cwd=REPO)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def normalised(html: str) -> str:
    """HTML as parsed: entities decoded, the citeproc-js entry's ``div`` removed, markup kept."""
    soup = BeautifulSoup(html, "html.parser")
    entry = soup.find("div", class_="csl-entry")
    return (entry or soup).decode_contents().strip()
