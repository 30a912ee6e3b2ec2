"""How fast the statement form's signatory picker answers a keystroke, with a large registry.

Not a test: a measurement, kept in ``benchmarks/results/``. The form is written for a registry of
N organisations (the archive's own, then generated ones, as the corpus generator makes them) and
opened in Chromium with the CMS's local proxy; a query is typed one key at a time, and for each
key the time from its keydown to the next frame after the widget rendered its answer is taken.
The same is measured for the CMS's own ``select`` widget given the same options, for comparison
(its relation widget, which reads every registry entry as a file of a collection, is not an option
for a registry kept in one file).

    .venv/bin/python benchmarks/form_picker.py --organisations 2000
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.corpus import make_organisations, read_registry, registry_yaml  # noqa: E402
from benchmarks.search_metrics import browser, serve  # noqa: E402
from solidarity_archive.core import registry as registry_module  # noqa: E402
from solidarity_archive.html.cms import write_form  # noqa: E402

QUERIES = ("comité de solidaridad", "cispes", "red de mujeres", "sister cities")
BUDGET_MS = 200

#: Installed in the page: for each key, the time from its keydown to the next frame after the
#: widget handled its input (React renders a typed key's update at once, within the event).
MEASURE = """
() => {
  window.__latencies = [];
  let started = null;
  document.addEventListener('keydown', () => { started = performance.now(); }, true);
  document.addEventListener('input', () => {
    if (started === null) return;
    const t0 = started; started = null;
    requestAnimationFrame(() => setTimeout(() => window.__latencies.push(performance.now() - t0), 0));
  });
}
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait(url: str, data: bytes | None = None, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            urllib.request.urlopen(urllib.request.Request(url, data=data, headers={"Content-Type": "application/json"}), timeout=5)
            return
        except Exception:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.3)


def measure(tab, url: str, widget: str) -> list[float]:
    tab.goto(url)
    login = tab.get_by_role("button", name="Login")
    login.or_(tab.get_by_role("link", name="Statements")).first.wait_for()
    if login.count():
        login.click()
    tab.goto(url + "#/collections/statements/new")
    if widget == "archive":
        box = tab.locator(".archive-signatories input")
        box.wait_for()
        box.focus()
        tab.evaluate(MEASURE)
    else:
        label = tab.locator("label", has_text="Signatories").first
        label.wait_for()
        box = tab.locator("#" + label.get_attribute("for"))
        box.focus()
        tab.evaluate(MEASURE)
    latencies: list[float] = []
    for query in QUERIES:
        tab.evaluate("window.__latencies = []")
        for key in query:
            tab.keyboard.type(key)
            time.sleep(0.25)  # one key at a time: each answer is measured alone
        latencies += tab.evaluate("window.__latencies")
        for _ in query:
            tab.keyboard.press("Backspace")
        time.sleep(0.3)
    return latencies


def summary(latencies: list[float]) -> dict[str, float]:
    ordered = sorted(latencies)
    return {
        "keys": len(ordered),
        "median_ms": round(statistics.median(ordered), 1),
        "p95_ms": round(ordered[int(0.95 * (len(ordered) - 1))], 1),
        "max_ms": round(ordered[-1], 1),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--organisations", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--output", type=Path, default=ROOT / "benchmarks" / "results")
    args = parser.parse_args()
    bundle = ROOT / "node_modules" / "decap-cms" / "dist"
    proxy_script = ROOT / "node_modules" / "decap-server" / "dist" / "index.js"
    if not (bundle / "decap-cms.js").is_file() or not proxy_script.is_file():
        print("The form's packages are not installed: run 'make node-tools'.", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="form-picker-") as tmp:
        archive = Path(tmp, "archive")
        shutil.copytree(ROOT / "statements", archive / "statements")
        (archive / "source").mkdir()
        organisations = make_organisations(random.Random(args.seed), read_registry(ROOT / "source" / "signatories.yaml"), args.organisations)
        registry_file = archive / "source" / "signatories.yaml"
        registry_file.write_text(registry_yaml(organisations), encoding="utf-8")
        registry, problems = registry_module.load(registry_file, "source/signatories.yaml")
        assert not problems and len(registry.signatories) == args.organisations, problems[:3]
        port = _free_port()
        site = Path(tmp, "site")
        for widget in ("archive", "select"):
            write_form(site / widget, registry, proxy_port=port, bundle=bundle, signatories_widget=None if widget == "archive" else "select")
        env = dict(os.environ, BIND_HOST="127.0.0.1", PORT=str(port), MODE="fs", GIT_REPO_DIRECTORY=str(archive), LOG_LEVEL="warn")
        proxy = subprocess.Popen(["node", str(proxy_script)], env=env, cwd=archive, start_new_session=True)
        results: dict[str, object] = {}
        try:
            _wait(f"http://127.0.0.1:{port}/api/v1", b'{"action":"info"}')
            with serve(site) as base, browser() as context:
                for widget in ("archive", "select"):
                    tab = context.new_page()
                    latencies = measure(tab, f"{base}{widget}/", widget)
                    tab.close()
                    results[widget] = {**summary(latencies), "latencies_ms": [round(x, 1) for x in latencies]}
                    print(f"{widget:8} {args.organisations} organisations: " + ", ".join(f"{k} {v}" for k, v in summary(latencies).items()))
        finally:
            os.killpg(proxy.pid, signal.SIGTERM)
            proxy.wait(timeout=10)
    chromium = subprocess.run(["chromium", "--version"], capture_output=True, text=True).stdout.strip()
    record = {
        "benchmark": "form-picker",
        "date": dt.date.today().isoformat(),
        "organisations": args.organisations,
        "queries": list(QUERIES),
        "budget_ms": BUDGET_MS,
        "browser": chromium,
        "results": results,
        "within_budget": {name: value["max_ms"] < BUDGET_MS for name, value in results.items()},  # type: ignore[index]
    }
    args.output.mkdir(parents=True, exist_ok=True)
    out = args.output / f"{record['date']}-form-picker-{args.organisations}.json"
    out.write_text(json.dumps(record, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"written {out.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
