"""Two machines build the same site: the process locale changes nothing in the pages.

``sphinx-build`` calls ``setlocale(LC_ALL, "")``, so anything formatted with
the process locale (``strftime`` month names, for one) would differ between a
machine set to Spanish and one set to C.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from archive_copy import REPO, sphinx_build

pytestmark = pytest.mark.slow  # builds the real archive twice, under two locales

SPANISH = "es_ES.UTF-8"


def locale_available(name: str) -> bool:
    probe = f"import locale; locale.setlocale(locale.LC_ALL, {name!r})"
    return subprocess.run([sys.executable, "-c", probe], capture_output=True, check=False).returncode == 0


def pages(root: Path) -> dict[str, bytes]:
    """Every page and file of the site but the search bundle, which Pagefind writes anew each run."""
    return {
        path.relative_to(root).as_posix(): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file() and "pagefind" not in path.relative_to(root).parts
    }


def test_the_pages_do_not_depend_on_the_machines_locale(tmp_path):
    if not locale_available(SPANISH):
        message = f"the {SPANISH} locale is not installed (Debian: locales, then locale-gen {SPANISH})"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    built = {}
    for name in (SPANISH, "C.UTF-8"):
        env = {**os.environ, "LC_ALL": name, "LANG": name}
        out = tmp_path / name
        result = sphinx_build(REPO, "html", out, env=env)
        assert result.returncode == 0, result.stderr
        built[name] = pages(out / "html")
    spanish, plain = built[SPANISH], built["C.UTF-8"]
    assert spanish.keys() == plain.keys()
    differ = sorted(name for name in spanish if spanish[name] != plain[name])
    assert not differ, f"pages that differ between {SPANISH} and C.UTF-8: {differ[:10]}"
    # The dates are the interface's, in English, whatever the machine says.
    page = spanish["statements/2016/2016-01-19-us-organizations-demand-justice.html"].decode("utf-8")
    assert "19 January 2016" in page and "enero" not in page
