"""The checkers that archives and governments run on web pages, for the tests.

axe-core (accessibility, WCAG 2.0 to 2.2, A and AA), the Nu Html Checker
(vnu), Ace by DAISY (the accessibility checker of ePub publishers, which runs
axe-core in Chromium over every page of a book and checks its package) and the
sitemaps.org XML Schema come from npm, at the versions
package.json and its lock file pin (``make node-tools``, run by ``make
test``); vnu runs on the Java that epubcheck needs. Where one is missing its
tests are skipped, saying what to install; under CI, which installs them all,
they fail instead.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import subprocess
from collections.abc import Iterable
from pathlib import Path

import pytest
from paths import REPO

NODE_MODULES = REPO / "node_modules"
AXE = NODE_MODULES / "axe-core" / "axe.min.js"
VNU = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
SITEMAP_XSD = NODE_MODULES / "sitemap" / "schema" / "sitemap.xsd"
ACE = NODE_MODULES / "@daisy" / "ace-cli" / "bin" / "ace.js"
#: The success criteria checked: WCAG 2.0, 2.1 and 2.2, levels A and AA.
WCAG_TAGS = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa")
#: Nu Html Checker warnings that are errors for the archive: an empty heading is
#: one a screen reader announces with nothing to say.
VNU_WARNINGS_REFUSED = ("Empty heading.",)
#: Java's options for a check that runs for seconds (vnu, epubcheck): the quick compiler only and the
#: serial collector, which start soonest; the stack the quick compiler's deeper frames need in vnu's
#: parser. vnu took 2 s of processor time for the real archive's pages, against 5–6 s without them,
#: and wrote the same report.
JAVA_SHORT_RUN = ("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xss16m")


def _missing(what: str) -> None:
    """Skip, saying what is missing; under CI, which installs everything, fail."""
    if os.environ.get("CI"):
        pytest.fail(f"CI must run these checks, but {what} is missing", pytrace=False)
    pytest.skip(f"{what} is missing", allow_module_level=True)


def node_tool(path: Path) -> Path:
    """A file of the pinned npm test tools, or skip (fail under CI)."""
    if not path.is_file():
        _missing(f"{path.relative_to(REPO)} (run 'make node-tools', which needs npm)")
    return path


def java() -> str:
    """The java command, or skip (fail under CI)."""
    command = shutil.which("java")
    if command is None:
        _missing("Java (apt-get install default-jre-headless, or epubcheck, which brings it)")
    return command


# -- axe-core -------------------------------------------------------------------


def install_axe(context) -> None:
    """axe-core in every page the browser context opens from now on (no <script> added to the page)."""
    context.add_init_script(script=node_tool(AXE).read_text(encoding="utf-8"))


def axe_check(page) -> dict:
    """axe-core's results for the page as it is now (scripts run, styles applied)."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(content=node_tool(AXE).read_text(encoding="utf-8"))
    return page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
        list(WCAG_TAGS),
    )


def describe_violations(violations: list[dict]) -> list[str]:
    """One line per element at fault: rule, impact, target and its HTML."""
    return [
        f"{violation['id']} ({violation['impact']}): {' '.join(map(str, node['target']))}: {node['html'][:200]}"
        for violation in violations
        for node in violation["nodes"]
    ]


# -- the Nu Html Checker ------------------------------------------------------------


def vnu_messages(files: Iterable[Path]) -> list[dict]:
    """The checker's messages (JSON) on the given HTML files."""
    files = [str(path) for path in files]
    assert files, "no file to check"
    result = subprocess.run(
        [java(), *JAVA_SHORT_RUN, "-jar", str(node_tool(VNU)), "--format", "json", "--exit-zero-always", *files],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stderr)["messages"]


def vnu_problems(messages: list[dict], root: Path) -> list[str]:
    """Errors (and refused warnings), one line each: file, line, message, extract."""
    problems = []
    for message in messages:
        refused = message.get("subType") == "warning" and message["message"] in VNU_WARNINGS_REFUSED
        if message["type"] in ("error", "non-document-error") or refused:
            name = message.get("url", "").removeprefix("file:")
            with contextlib.suppress(ValueError):
                name = Path(name).relative_to(root).as_posix()
            problems.append(f"{name}:{message.get('lastLine', '?')}: {message['message']} [{message.get('extract', '').strip()[:120]}]")
    return problems


# -- Ace by DAISY -----------------------------------------------------------------


def chromium() -> str:
    """The Chromium Ace drives (puppeteer downloads none: ``npm ci --ignore-scripts``), or skip (fail under CI).

    The browser tests' (``$CHROMIUM``: the headless shell where it is installed, ``tests/browser.py``):
    Ace wrote the same report of the archive's book in it as in the whole browser, in two thirds of the time.
    """
    from browser import chromium_path

    command = os.environ.get("PUPPETEER_EXECUTABLE_PATH") or chromium_path()
    if command is None:
        _missing("Chromium (apt-get install chromium), which Ace by DAISY runs on")
    return command


def ace_violations(book: Path, report: Path) -> list[str]:
    """Ace by DAISY's violations in the ePub ``book``, one line each (none when it passes); its report goes to ``report``."""
    node = shutil.which("node")
    if node is None:
        _missing("Node.js, which Ace by DAISY runs on")
    ace = node_tool(ACE)
    environment = {**os.environ, "PUPPETEER_EXECUTABLE_PATH": chromium()}
    result = subprocess.run(
        [node, str(ace), "--silent", "--force", "--outdir", str(report), str(book)],
        capture_output=True,
        text=True,
        check=False,
        env=environment,
    )
    report_file = report / "report.json"
    assert report_file.is_file(), result.stdout + result.stderr
    results = json.loads(report_file.read_text(encoding="utf-8"))
    violations = [
        f"{page['earl:testSubject']['url']}: {test['earl:test']['dct:title']} ({test['earl:test']['earl:impact']}): "
        f"{' '.join(test['earl:result'].get('dct:description', '').split())[:200]} "
        f"{' '.join(test['earl:result'].get('earl:pointer', {}).get('css', []))}"
        for page in results["assertions"]
        for test in page["assertions"]
        if test["earl:result"]["earl:outcome"] == "fail"
    ]
    assert violations or results["earl:result"]["earl:outcome"] == "pass", results["earl:result"]
    return violations
