"""The archive's benchmark: the archive against a plain Sphinx build of the same statements.

    python benchmarks/bench.py --statements 1000        (what ``make bench N=1000`` runs)

Generates N statements (``corpus.py``) into a temporary folder, as two projects:
the archive (its conf.py and pages, with the generated statements and registry)
and a plain Sphinx + MyST + sphinx-book-theme project of the same files (title
heading only, grouped by year, collapsed navigation, the same theme options).
Builds are alternated so that a shared, noisy machine affects both alike;
compare the ratios. Prints a table and writes JSON with the machine and versions.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import hashlib
import json
import os
import platform
import runpy
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from importlib import metadata
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(REPO))

from benchmarks import corpus as corpus_module  # noqa: E402

SPHINXOPTS = ["-W", "--keep-going", "-n", "-q"]
# Copied from the repository into the archive project; everything else is generated.
SKIP_TOP_LEVEL = {"statements", "_build", ".venv", ".git", "tests", "benchmarks", "solidarity_archive", "__pycache__", ".pytest_cache", ".ci"}
PAGE_1500_WORDS = (1400, 1600)

COUNTER_EXTENSION = '''"""Benchmark only: counts the documents a build re-reads and re-writes."""
import json, os


def setup(app):
    counts = {"read": [], "written": []}

    def before_read(app, env, docnames):
        counts["read"] = sorted(docnames)

    def page(app, pagename, templatename, context, doctree):
        if doctree is not None:
            counts["written"].append(pagename)

    def write_doc(app, doctree, docname):
        if app.builder.format != "html":
            counts["written"].append(docname)

    def finished(app, exception):
        target = os.environ.get("BENCH_COUNTS")
        if target:
            with open(target, "w", encoding="utf-8") as handle:
                json.dump(counts, handle)

    app.connect("env-before-read-docs", before_read)
    app.connect("html-page-context", page)
    app.connect("build-finished", finished)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
'''

CONF_COUNTER = """
# -- Benchmark: count re-read and re-written documents ---------------------------
import os as _os, sys as _sys
_sys.path.insert(0, _os.path.dirname(_os.path.abspath(__file__)))
extensions = [*extensions, "bench_counter"]
"""

START = time.monotonic()


def progress(message: str) -> None:
    elapsed = int(time.monotonic() - START)
    print(f"[{elapsed // 60:02d}:{elapsed % 60:02d}] {message}", flush=True)


# -- Projects ------------------------------------------------------------------


def year_index_template() -> str:
    """The archive's own year page, with ``{year}`` in place of its year."""
    for path in sorted((REPO / "statements").glob("*/index.md")):
        return path.read_text(encoding="utf-8").replace(path.parent.name, "{year}")
    return "# {year}\n\n```{{statement-year}}\n```\n"


def make_archive_project(root: Path, corpus) -> None:
    root.mkdir(parents=True)
    for entry in REPO.iterdir():
        if entry.name in SKIP_TOP_LEVEL or entry.name.endswith(".egg-info"):
            continue
        if entry.is_dir():
            shutil.copytree(entry, root / entry.name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(entry, root / entry.name)
    (root / "source" / "signatories.yaml").write_text(corpus.registry_yaml(), encoding="utf-8")
    corpus_module.write(corpus, root)
    template = year_index_template()
    for year in corpus.years():
        (root / "statements" / str(year) / "index.md").write_text(template.replace("{year}", str(year)).replace("{{", "{").replace("}}", "}"), encoding="utf-8")
    add_counter(root)


def add_counter(root: Path) -> None:
    (root / "bench_counter.py").write_text(COUNTER_EXTENSION, encoding="utf-8")
    with (root / "conf.py").open("a", encoding="utf-8") as handle:
        handle.write(CONF_COUNTER)


def plain_statement(statement) -> str:
    return f"# {statement.title}\n\n{statement.body}"


def make_plain_project(root: Path, corpus, archive_conf: dict) -> None:
    """Plain Sphinx + MyST + book theme: the same files, grouped by year."""
    root.mkdir(parents=True)
    same = {
        k: archive_conf[k]
        for k in (
            "html_theme",
            "html_theme_options",
            "html_copy_source",
            "html_show_sourcelink",
            "html_last_updated_fmt",
            "myst_enable_extensions",
            "myst_heading_anchors",
            "language",
            "html_title",
        )
        if k in archive_conf
    }
    lines = [
        'project = "Plain archive"',
        'extensions = ["myst_parser"]',
        'root_doc = "index"',
        'exclude_patterns = ["_build"]',
        'source_suffix = {".md": "markdown"}',
    ]
    lines += [f"{key} = {value!r}" for key, value in same.items()]
    (root / "conf.py").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (root / "index.md").write_text(
        "# Plain archive\n\n```{toctree}\n:glob:\n:maxdepth: 1\n:caption: Statements by year\n\nstatements/*/index\n```\n", encoding="utf-8"
    )
    for statement in corpus.statements:
        path = root / statement.path
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(plain_statement(statement), encoding="utf-8")
    for year in corpus.years():
        (root / "statements" / str(year) / "index.md").write_text(f"# {year}\n\n```{{toctree}}\n:glob:\n:maxdepth: 1\n\n*\n```\n", encoding="utf-8")
    add_counter(root)


# -- Running builds ------------------------------------------------------------


def sphinx_build() -> str:
    candidate = Path(sys.executable).with_name("sphinx-build")
    return str(candidate) if candidate.exists() else "sphinx-build"


def run_measured(command: list[str], cwd: Path, env: dict | None = None) -> dict:
    """Run a command; wall time, peak RSS of the process tree's largest process, exit code."""
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    stdout, stderr = "", ""
    # wait4 gives this child's own rusage (its peak includes its waited-for workers).
    out_chunks, err_chunks = [], []
    import threading

    def drain(stream, chunks):
        chunks.append(stream.read())

    threads = [threading.Thread(target=drain, args=(process.stdout, out_chunks)), threading.Thread(target=drain, args=(process.stderr, err_chunks))]
    for thread in threads:
        thread.start()
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - started
    for thread in threads:
        thread.join()
    process.returncode = os.waitstatus_to_exitcode(status)
    stdout, stderr = "".join(out_chunks), "".join(err_chunks)
    return {"seconds": round(elapsed, 2), "peak_rss_mb": round(usage.ru_maxrss / 1024, 1), "rc": process.returncode, "stdout": stdout, "stderr": stderr}


def empty_user_cache(outdir: Path) -> str:
    """An empty folder for the user's cache (``XDG_CACHE_HOME``): each build and preview measured as on a machine
    that never built the archive (Pagefind's files compressed by Zopfli, not taken from the cache)."""
    folder = outdir.parent / f"user-cache-{outdir.name}"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    return str(folder)


def build(project: Path, builder: str, outdir: Path, jobs: int, label: str, extra: tuple[str, ...] = ()) -> dict:
    counts_file = outdir.parent / f".counts-{outdir.name}.json"
    counts_file.unlink(missing_ok=True)
    env = {**os.environ, "BENCH_COUNTS": str(counts_file), "XDG_CACHE_HOME": empty_user_cache(outdir)}
    command = [
        sphinx_build(),
        "-b",
        builder,
        str(project),
        str(outdir),
        "-d",
        str(outdir.parent / f"doctrees-{outdir.name}"),
        "-j",
        str(jobs),
        *SPHINXOPTS,
        *extra,
    ]
    result = run_measured(command, project, env)
    warnings = [line for line in result.pop("stderr").splitlines() if "WARNING" in line or "ERROR" in line]
    result.pop("stdout")
    result["warnings"] = len(warnings)
    if warnings:
        result["first_warnings"] = warnings[:5]
    if counts_file.exists() and jobs == 1:  # html-page-context runs in workers at -j2
        counts = json.loads(counts_file.read_text(encoding="utf-8"))
        result["reread"] = len(counts["read"])
        result["rewritten"] = len(counts["written"])
        result["rewritten_docs"] = sorted(counts["written"])[:60]
    status = "ok" if result["rc"] == 0 else f"exit {result['rc']}, {len(warnings)} warnings"
    extra = f", re-read {result.get('reread')}, re-written {result.get('rewritten')}" if "reread" in result else ""
    progress(f"  {label}: {result['seconds']:.1f} s, peak {result['peak_rss_mb']:.0f} MB ({status}{extra})")
    for line in warnings[:3]:
        progress(f"    {line[:200]}")
    return result


# -- Measurements --------------------------------------------------------------


def tree_size(root: Path) -> int:
    return sum(p.stat().st_size for p in root.rglob("*") if p.is_file())


def file_digests(root: Path) -> dict[str, str]:
    return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(root.rglob("*")) if p.is_file() and p.name != ".buildinfo"}


#: Pagefind writes a different bundle on every run, even of the same pages: compared apart.
SEARCH_BUNDLE = "pagefind/"


def compare_trees(first: Path, second: Path) -> dict:
    a, b = file_digests(first), file_digests(second)
    differing = sorted(k for k in a.keys() | b.keys() if a.get(k) != b.get(k))
    pages = [k for k in differing if not k.startswith(SEARCH_BUNDLE)]
    return {
        "files": len(a),
        "differing": len(pages),
        "examples": pages[:10],
        "search_bundle_differing": len(differing) - len(pages),
    }


def page_sizes(html: Path, corpus) -> dict:
    sizes = {}
    for statement in corpus.statements:
        page = html / "statements" / str(statement.year) / f"{statement.id}.html"
        if page.exists():
            sizes[statement.id] = page.stat().st_size
    words = {s.id: s.words for s in corpus.statements}
    near_1500 = [size for sid, size in sizes.items() if PAGE_1500_WORDS[0] <= words[sid] <= PAGE_1500_WORDS[1]]
    values = list(sizes.values()) or [0]
    return {
        "pages": len(sizes),
        "median_kb": round(statistics.median(values) / 1024, 1),
        "max_kb": round(max(values) / 1024, 1),
        "words_1500_median_kb": round(statistics.median(near_1500) / 1024, 1) if near_1500 else None,
        "words_1500_max_kb": round(max(near_1500) / 1024, 1) if near_1500 else None,
        "total_output_mb": round(tree_size(html) / 1024 / 1024, 1),
        "searchindex_kb": round((html / "searchindex.js").stat().st_size / 1024, 1) if (html / "searchindex.js").exists() else None,
    }


#: The archive's pages whose lists grow with it, by kind: each kind's largest page is reported.
PAGE_KINDS = {
    "home": ["source/index.html"],
    "year": ["statements/*/index.html"],
    "glossary": ["source/glossary.html"],
    "signatory": ["signatory/*.html"],
    "place": ["place/*.html"],
    "country": ["country/*.html"],
    "signatories overview": ["source/signatories.html"],
    "places overview": ["source/places.html"],
    "search": ["search.html"],
    "general index": ["genindex.html", "genindex-*.html"],
}


def largest_pages(html: Path) -> dict:
    """The largest page of each kind in PAGE_KINDS: its size in KB and its path."""
    found = {}
    for kind, patterns in PAGE_KINDS.items():
        pages = [page for pattern in patterns for page in html.glob(pattern) if page.is_file()]
        if pages:
            page = max(pages, key=lambda p: p.stat().st_size)
            found[kind] = {"kb": round(page.stat().st_size / 1024, 1), "page": page.relative_to(html).as_posix(), "pages": len(pages)}
    return found


def search_bundle(html: Path, query: str) -> dict:
    """Pagefind's bundle, and the bytes a first query for ``query`` downloads.

    The bytes are measured in headless Chromium by the archive's own
    ``search_metrics`` when it is there (with playwright and Chromium);
    otherwise they are bounded from the files on disk: Pagefind's script (its
    compressed copy, which the page loads), the entry file, every WASM and
    metadata file, the largest index chunk and the ten largest fragments (a
    page of results).
    """
    bundle = html / "pagefind"
    if not bundle.is_dir():
        return {"available": False}
    files = [p for p in bundle.rglob("*") if p.is_file()]
    found = {"available": True, "bundle_kb": round(sum(p.stat().st_size for p in files) / 1024, 1), "query": query}
    # The search's data for a copy of the site opened from disk (loaded only there).
    offline = [p for p in (html / "search-offline").rglob("*") if p.is_file()]
    found["offline_mb"] = round(sum(p.stat().st_size for p in offline) / 1e6, 1) if offline else None
    try:
        from benchmarks import search_metrics

        measured = search_metrics.first_query(html, query)
        found.update(
            first_query_kb=round(measured["transferred_bytes"] / 1024, 1),
            first_query_requests=measured["requests"],
            first_query_by_kind=measured["by_kind"],
            first_query_results=measured["results"],
            first_query_status=measured["status"],
            first_query_index_ms=measured["index_ready_ms"],
            first_query_search_ms=measured["search_ms"],
            method="measured in Chromium",
        )
        return found
    except Exception as error:  # no playwright, no Chromium, or no search page: estimate instead
        found["measure_error"] = f"{type(error).__name__}: {error}"[:300]
    script = "pagefind.js.gz" if (bundle / "pagefind.js.gz").is_file() else "pagefind.js"  # the page loads the compressed copy
    fixed = [p for p in files if p.name in (script, "pagefind-entry.json") or p.suffix == ".pf_meta" or p.name.startswith("wasm.")]
    chunks = sorted((p.stat().st_size for p in files if p.suffix == ".pf_index"), reverse=True)
    fragments = sorted((p.stat().st_size for p in files if p.suffix == ".pf_fragment"), reverse=True)
    estimate = sum(p.stat().st_size for p in fixed) + (chunks[0] if chunks else 0) + sum(fragments[:10])
    found.update(first_query_kb=round(estimate / 1024, 1), index_chunks=len(chunks), method="upper bound from files on disk")
    return found


def search_relevance(html: Path, corpus) -> dict:
    """Precision at 3 of queries derived from the generated archive (``relevance.generated_queries``),
    run in one headless Chromium through the archive's search page, served; or why it could not run."""
    from benchmarks import relevance

    queries = relevance.generated_queries(corpus)
    try:
        report = relevance.measure_relevance(html, queries, all_interfaces=True)
    except Exception as error:  # no playwright, no Chromium, or no search page
        return {"available": False, "queries": len(queries), "measure_error": f"{type(error).__name__}: {error}"[:300]}
    found = {"available": True, **report.as_dict()}
    found["below_1"] = [run["query"] for run in found["runs"] if run["p_at_3"] < 1]
    return found


def machine() -> dict:
    info = {"cores": os.cpu_count(), "platform": platform.platform(), "python": platform.python_version()}
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                info["cpu"] = line.split(":", 1)[1].strip()
                break
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                info["memory_gb"] = round(int(line.split()[1]) / 1024 / 1024, 1)
        info["load_average"] = os.getloadavg()
    except OSError:
        pass
    return info


def versions() -> dict:
    found = {}
    for name in ("sphinx", "myst-parser", "sphinx-book-theme", "docutils", "pydata-sphinx-theme", "pagefind", "solidarity-archive"):
        with contextlib.suppress(metadata.PackageNotFoundError):
            found[name] = metadata.version(name)
    if os.environ.get("BENCH_COMMIT"):  # a run from an exported copy of a commit
        found["commit"] = os.environ["BENCH_COMMIT"]
        return found
    try:
        found["commit"] = subprocess.run(["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"], capture_output=True, text=True, check=True).stdout.strip()
        dirty = subprocess.run(
            ["git", "-C", str(REPO), "status", "--porcelain", "--", "solidarity_archive", "conf.py", "source"], capture_output=True, text=True
        ).stdout.strip()
        found["commit"] += "+changes" if dirty else ""
    except (OSError, subprocess.CalledProcessError):
        pass
    return found


# -- Incremental scenarios -----------------------------------------------------


def edit_body(project: Path, statement, plain: bool) -> None:
    path = project / statement.path
    extra = "\n\nThis paragraph was added after publication to test an incremental rebuild.\n"
    path.write_text(path.read_text(encoding="utf-8") + extra, encoding="utf-8")


#: How many times ``preview_latency`` saves the statement (its results are the medians).
PREVIEW_SAVES = 5


def preview_latency(project: Path, statement, outdir: Path, jobs: int = 2, saves: int = PREVIEW_SAVES) -> dict:
    """``make preview`` as a writer uses it: the preview (``cli/preview.py``) builds and serves the project, and
    Chromium shows the statement's page; the statement is saved with a new paragraph. Measured from the save:
    until the page open in Chromium shows the paragraph (the preview reloads it as soon as the pages are
    written), and until the build's end (the downloads and the search updated). The search from disk's data is
    checked for the new words. The statement is saved ``saves`` times, each save waiting for the build before
    it; the results are the medians, and every save's times are kept."""
    import socket
    import threading

    from benchmarks.search_metrics import browser

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    command = [
        sys.executable,
        "-m",
        "solidarity_archive.cli.preview",
        str(project),
        str(outdir),
        "-d",
        str(outdir.parent / f"doctrees-{outdir.name}"),
        "--port",
        str(port),
        "-j",
        str(jobs),
        *[option for option in SPHINXOPTS if option != "-q"],
    ]
    process = subprocess.Popen(
        command,
        cwd=project,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1", "LANGUAGE": "en", "XDG_CACHE_HOME": empty_user_cache(outdir)},
    )
    ended: list[float] = []  # when each build ended ("Rebuilt in …")
    lines: list[str] = []

    def read() -> None:
        for line in process.stdout:
            lines.append(line)
            if line.startswith(("Rebuilt in", "The build failed")):
                ended.append(time.perf_counter())

    threading.Thread(target=read, daemon=True).start()

    def wait_for(count: int, timeout: float) -> bool:
        deadline = time.perf_counter() + timeout
        while len(ended) < count and time.perf_counter() < deadline and process.poll() is None:
            time.sleep(0.02)
        return len(ended) >= count

    try:
        if not wait_for(1, 3600):
            return {"error": "the first build did not finish", "output": "".join(lines[-10:])[-1500:]}
        deadline = time.perf_counter() + 60
        while not any(line.startswith("Watching") for line in lines) and time.perf_counter() < deadline:
            time.sleep(0.05)
        page = f"http://127.0.0.1:{port}/statements/{statement.year}/{statement.id}.html"
        path = project / statement.path
        shown_each: list[float] = []
        finished_each: list[float] = []
        searchable = True
        with browser() as context:
            tab = context.new_page()
            tab.goto(page)
            tab.wait_for_load_state("load")
            for save in range(saves):
                time.sleep(1)  # the watcher and the page's socket are up
                token = f"previewcheck{int(time.time())}n{save}"
                saved = time.perf_counter()
                path.write_text(path.read_text(encoding="utf-8") + f"\n\nThis paragraph, {token}, was saved during a live preview.\n", encoding="utf-8")
                try:
                    tab.wait_for_function("text => document.body !== null && document.body.innerText.includes(text)", arg=token, timeout=300_000)
                except Exception as error:  # playwright's TimeoutError
                    return {"error": f"the page did not show the saved paragraph: {error}", "output": "".join(lines[-15:])[-2500:]}
                shown_each.append(time.perf_counter() - saved)
                if not wait_for(2 + save, 600):
                    return {"error": "no rebuild after the save", "output": "".join(lines[-10:])[-1500:]}
                finished_each.append(ended[1 + save] - saved)
                searchable = searchable and any(token in f.read_text(encoding="utf-8") for f in (outdir / "search-offline").glob("*.js"))
                progress(
                    f"  save {save + 1}: to the page showing it {shown_each[-1]:.2f} s; to the build's end (downloads and search) {finished_each[-1]:.2f} s"
                )
        shown, finished = statistics.median(shown_each), statistics.median(finished_each)
        progress(f"  medians of {saves} saves: to the page showing it {shown:.2f} s; to the build's end {finished:.2f} s (search holds each: {searchable})")
        return {
            "seconds": round(shown, 2),
            "build_seconds": round(finished, 2),
            "seconds_each": [round(x, 2) for x in shown_each],
            "build_seconds_each": [round(x, 2) for x in finished_each],
            "page_updated": True,
            "search_updated": searchable,
            "jobs": jobs,
        }
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()


#: How many of the profile's items the results keep, by cumulative time.
PROFILE_ITEMS = 15


def profile_edit(project: Path, statement, outdir: Path) -> dict:
    """One more edit of ``statement``'s text, rebuilt at -j1 under cProfile: the whole time profiled and the
    items that took longest (cumulative), overall and in the archive's package."""
    import io
    import pstats

    edit_body(project, statement, False)
    profile = outdir.parent / "edit.prof"
    command = [sys.executable, "-m", "cProfile", "-o", str(profile), sphinx_build(), "-b", "html", str(project), str(outdir)]
    result = run_measured([*command, "-d", str(outdir.parent / f"doctrees-{outdir.name}"), "-j", "1", *SPHINXOPTS], project)
    if result["rc"] != 0 or not profile.exists():
        return {"error": f"exit {result['rc']}", "output": result["stderr"][-1500:]}
    stats = pstats.Stats(str(profile), stream=io.StringIO())

    def top(keep) -> list[dict]:
        rows = [(func, row[3]) for func, row in stats.stats.items() if keep(func)]  # type: ignore[attr-defined]  # pstats keeps them there
        rows.sort(key=lambda item: -item[1])
        return [{"function": f"{Path(file).name}:{line}({name})", "cumulative_s": round(seconds, 3)} for (file, line, name), seconds in rows[:PROFILE_ITEMS]]

    found = {
        "seconds_profiled": round(stats.total_tt, 2),  # type: ignore[attr-defined]
        "seconds_wall": result["seconds"],
        "top": top(lambda func: True),
        # The archive's own steps: not the pipeline's handlers around them, imports or setup.
        "archive_top": top(lambda func: "solidarity_archive" in func[0] and func[2] not in {"<module>", "__call__", "setup", "<genexpr>", "<listcomp>"}),
    }
    progress(f"  edit under cProfile: {found['seconds_profiled']} s profiled; the archive's longest:")
    for item in found["archive_top"][:8]:
        progress(f"    {item['cumulative_s']:6.2f} s  {item['function']}")
    return found


def add_statement(project: Path, statement, plain: bool) -> None:
    path = project / statement.path
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(plain_statement(statement) if plain else statement.text, encoding="utf-8")


def rename_signatory(project: Path, organisation) -> None:
    registry = project / "source" / "signatories.yaml"
    text = registry.read_text(encoding="utf-8")
    old = f'  name: "{organisation.name}"'
    assert old in text, f"{organisation.id} not found in the generated registry"
    registry.write_text(text.replace(old, f'  name: "{organisation.name} (renamed)"', 1), encoding="utf-8")


# -- Main ----------------------------------------------------------------------


#: Up to this many statements, every full build and edit is measured in two rounds (``--rounds``): a single
#: pair of builds moved by up to 20% with the machine's speed during a run, across a target of 1.00×.
ROUNDS_UP_TO = 2000


def round_orders(first: tuple[str, ...], rounds: int) -> list[tuple[str, ...]]:
    """The order of the projects in each round: ``first``, then reversed, and so on (A B, B A: a change of the
    machine's speed during the run weighs on both alike)."""
    return [first if number % 2 == 0 else first[::-1] for number in range(rounds)]


def add_round(into: dict, key: str, measured: dict) -> None:
    """``measured``, one round's build, added to ``into[key]``: the first round's figures (counts, warnings), with
    ``rounds`` (every round's seconds), ``seconds`` their mean, the largest peak and the first failure."""
    kept = into.setdefault(key, {**measured, "rounds": []})
    kept["rounds"].append(measured["seconds"])
    kept["seconds"] = round(statistics.fmean(kept["rounds"]), 2)
    kept["peak_rss_mb"] = max(kept["peak_rss_mb"], measured["peak_rss_mb"])
    if kept["rc"] == 0 and measured["rc"] != 0:
        kept["rc"] = measured["rc"]
        kept["first_warnings"] = measured.get("first_warnings", [])
    kept["warnings"] = max(kept.get("warnings", 0), measured.get("warnings", 0))


def ratio(a, b):
    return round(a / b, 2) if a and b else None


def run(args) -> dict:
    glossary = REPO / "source" / "glossary.md"
    progress(f"Generating {args.statements} statements (seed {args.seed})")
    corpus = corpus_module.generate(
        args.statements, args.seed, glossary=glossary, registry=REPO / "source" / "signatories.yaml", registry_size=args.signatories
    )
    workdir = Path(args.workdir) if args.workdir else Path(tempfile.mkdtemp(prefix="archive-bench-"))
    if args.workdir and workdir.exists():
        shutil.rmtree(workdir)
    archive, plain = workdir / "archive", workdir / "plain"
    archive_conf = runpy.run_path(str(REPO / "conf.py"))
    make_archive_project(archive, corpus)
    make_plain_project(plain, corpus, archive_conf)
    words = [s.words for s in corpus.statements]
    progress(
        f"Projects in {workdir}: {len(corpus.statements)} statements, {len(corpus.years())} years, {len(corpus.organisations)} organisations, {len(getattr(corpus, 'terms', []))} glossary terms, {sum(1 for s in corpus.statements if s.language == 'es')} in Spanish, {min(words)}–{max(words)} words"
    )

    results: dict = {
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "statements": args.statements,
        "seed": args.seed,
        "machine": machine(),
        "versions": versions(),
        "corpus": {
            "years": len(corpus.years()),
            "organisations": len(corpus.organisations),
            "spanish": sum(1 for s in corpus.statements if s.language == "es"),
            "words_min": min(words),
            "words_median": statistics.median(words),
            "words_max": max(words),
        },
        "full": {},
        "incremental": {},
    }
    projects = {name: path for name, path in (("archive", archive), ("plain", plain)) if name in args.projects}
    rounds = args.rounds if args.rounds is not None else (2 if args.statements <= ROUNDS_UP_TO else 1)
    results["rounds"] = rounds
    jobs_list = [1, 2] if not args.only_j2 else [2]
    for jobs in jobs_list:
        progress(f"Full HTML builds at -j{jobs} (alternating)" + (f", {rounds} rounds" if rounds > 1 else ""))
        first = ("archive", "plain") if jobs == 1 else ("plain", "archive")
        for number, order in enumerate(round_orders(first, rounds), 1):
            for name in [n for n in order if n in projects]:
                # Every round a build from scratch; the first round's output is the one looked at below.
                outdir = workdir / f"{name}-build" / (f"html-j{jobs}" if number == 1 else f"html-j{jobs}-round{number}")
                label = f"{name} -j{jobs}" + (f", round {number}" if rounds > 1 else "")
                measured = build(projects[name], "html", outdir, jobs, label)
                add_round(results["full"], f"{name}_j{jobs}", measured)
                if number > 1 and not args.keep:
                    shutil.rmtree(outdir.parent / f"doctrees-{outdir.name}", ignore_errors=True)
                    shutil.rmtree(outdir, ignore_errors=True)

    full = results["full"]
    both = len(projects) == 2
    for jobs in jobs_list if both else ():
        full[f"ratio_j{jobs}"] = ratio(full[f"archive_j{jobs}"]["seconds"], full[f"plain_j{jobs}"]["seconds"])
    if 1 in jobs_list and both:
        full["speedup_archive"] = ratio(full["archive_j1"]["seconds"], full["archive_j2"]["seconds"])
        full["speedup_plain"] = ratio(full["plain_j1"]["seconds"], full["plain_j2"]["seconds"])
        progress("Comparing -j1 and -j2 output")
        results["j1_vs_j2"] = {name: compare_trees(workdir / f"{name}-build" / "html-j1", workdir / f"{name}-build" / "html-j2") for name in projects}

    base = "j1" if 1 in jobs_list else "j2"
    results["pages"] = {name: page_sizes(workdir / f"{name}-build" / f"html-{base}", corpus) for name in projects}
    if "archive" in projects:
        results["largest_pages"] = largest_pages(workdir / "archive-build" / f"html-{base}")
    if "archive" in projects:
        progress("Search bundle and a first query")
        results["search"] = search_bundle(workdir / "archive-build" / f"html-{base}", args.query)
    if results.get("search", {}).get("available"):
        progress(
            f"  {results['search']['bundle_kb']} KB bundle, first query for '{args.query}': {results['search']['first_query_kb']} KB ({results['search']['method']})"
        )
    elif "archive" in projects:
        progress("  no Pagefind bundle in the archive's output")
    if results.get("search", {}).get("available"):
        progress("Search relevance: precision at 3 of queries derived from the generated statements")
        results["relevance"] = search_relevance(workdir / "archive-build" / f"html-{base}", corpus)
        relevance = results["relevance"]
        if relevance["available"]:
            progress(f"  mean P@3 {relevance['mean_p_at_3']:.3f} over {relevance['queries']} queries; below 1: {', '.join(relevance['below_1']) or 'none'}")
        else:
            progress(f"  not measured: {relevance['measure_error']}")

    if not args.skip_incremental and both:
        middle = sorted(corpus.statements, key=lambda s: s.id)[len(corpus.statements) // 2]
        extra = corpus_module.extra_statement(corpus, args.seed)
        counts: dict[str, int] = {}
        for statement in corpus.statements:
            for line in statement.text.split("---", 2)[1].splitlines():
                if line.startswith("  - "):
                    counts[line[4:]] = counts.get(line[4:], 0) + 1
        ranked = sorted(corpus.organisations, key=lambda o: -counts.get(o.id, 0))
        renamed = ranked[len(ranked) // 4]  # a mid-sized signer, not the largest
        scenarios = [
            ("edit_body", f"edit one statement's body ({middle.id})", lambda p, is_plain: edit_body(p, middle, is_plain)),
            ("add_statement", f"add one statement ({extra.id})", lambda p, is_plain: add_statement(p, extra, is_plain)),
            ("rename_signatory", f"rename one signatory ({renamed.id}, on {counts.get(renamed.id, 0)} statements)", None),
        ]
        # Added in the second round: another statement, not the corpus's nor the first one added.
        more = corpus_module.extra_statement(corpus, args.seed + 1)
        assert more.id != extra.id, "the second statement added is the first one again"
        inc = results["incremental"]
        for key, label, change in scenarios:
            progress(f"Incremental: {label}" + (f", {rounds} rounds" if rounds > 1 and change else ""))
            inc[key] = {"what": label}
            if change is None:  # renaming a signatory: the archive's only, once
                rename_signatory(archive, renamed)
                inc[key]["archive"] = build(archive, "html", workdir / "archive-build" / f"html-{base}", int(base[1]), f"archive {key}")
                inc[key]["plain"] = None
                continue
            for number, order in enumerate(round_orders(("archive", "plain"), rounds), 1):
                for name in order:
                    if key == "add_statement" and number > 1:
                        add_statement(projects[name], more, name == "plain")
                    else:
                        change(projects[name], name == "plain")
                    label = f"{name} {key}" + (f", round {number}" if rounds > 1 else "")
                    add_round(inc[key], name, build(projects[name], "html", workdir / f"{name}-build" / f"html-{base}", int(base[1]), label))
            inc[key]["ratio"] = ratio(inc[key]["archive"]["seconds"], inc[key]["plain"]["seconds"])

    if args.profile_edit and "archive" in projects:
        progress("An edit of one statement's text, under cProfile")
        profiled = sorted(corpus.statements, key=lambda s: s.id)[len(corpus.statements) // 2]
        results["edit_profile"] = profile_edit(archive, profiled, workdir / "archive-build" / f"html-{base}")

    if "archive" in projects and not args.skip_preview:
        # The preview's first build is a full build in a folder of its own, as ``make preview``'s is.
        progress("make preview: from saving a statement to the rebuilt page")
        previewed = sorted(corpus.statements, key=lambda s: s.id)[len(corpus.statements) // 3]
        results["preview"] = preview_latency(archive, previewed, workdir / "archive-build" / "preview")

    if not args.skip_epub and "archive" in projects:
        progress("ePub build of the archive")
        results["epub"] = build(archive, "epub", workdir / "archive-build" / "epub", 2, "archive epub")

    if "archive" in projects and not args.skip_bilingual:
        # make html-bilingual: the website once per interface language.
        progress("Both interfaces (make html-bilingual)")
        runs = [
            build(
                archive,
                "html",
                workdir / "archive-build" / f"bilingual-{language}",
                2,
                f"archive, {language} interface",
                ("-D", f"language={language}", "-D", "archive_interfaces=en,es"),
            )
            for language in ("en", "es")
        ]
        results["bilingual"] = {"seconds": sum(run["seconds"] for run in runs), "rc": max(run["rc"] for run in runs)}

    progress("solidarity-archive check")
    check = run_measured([str(Path(sys.executable).with_name("solidarity-archive")), "check", "--root", str(archive)], archive)
    results["check"] = {
        "seconds": check["seconds"],
        "rc": check["rc"],
        "peak_rss_mb": check["peak_rss_mb"],
        "output": (check["stdout"] + check["stderr"]).strip().splitlines()[-1:],
    }
    progress(f"  check: {check['seconds']:.2f} s (exit {check['rc']})")

    builds = [v for v in results["full"].values() if isinstance(v, dict)] + [
        v for s in results["incremental"].values() for v in s.values() if isinstance(v, dict)
    ]
    results["peak_rss_mb"] = {
        name: max((b["peak_rss_mb"] for k, b in results["full"].items() if isinstance(b, dict) and k.startswith(name)), default=None) for name in projects
    }
    results["all_builds_clean"] = all(b.get("rc") == 0 for b in builds)
    results["machine"]["load_average_end"] = os.getloadavg()
    if not args.keep:
        shutil.rmtree(workdir, ignore_errors=True)
    else:
        results["workdir"] = str(workdir)
    return results


def fmt(value, unit="", digits=1):
    if value is None:
        return "n/a"
    if isinstance(value, float):
        return f"{value:.{digits}f}{unit}"
    return f"{value}{unit}"


def table(results: dict) -> str:
    full, pages, inc = results["full"], results["pages"], results["incremental"]
    rows = [("measure", "archive", "plain", "archive ÷ plain")]
    archive_pages, plain_pages = pages.get("archive", {}), pages.get("plain", {})

    def add(label, a, p, r=None):
        rows.append((label, a, p, r if r is not None else ""))

    def seconds(key):
        return fmt(full[key]["seconds"], " s") if key in full else "n/a"

    def sizes(found, median, largest):
        return f"{fmt(found.get(median))} / {fmt(found.get(largest))} KB" if found else "n/a"

    rounds = results.get("rounds", 1)
    means = f" (means of {rounds} rounds)" if rounds > 1 else ""
    for jobs in (1, 2):
        if f"archive_j{jobs}" in full or f"plain_j{jobs}" in full:
            add(f"full HTML build -j{jobs}{means}", seconds(f"archive_j{jobs}"), seconds(f"plain_j{jobs}"), fmt(full.get(f"ratio_j{jobs}"), "×", 2))
    if "speedup_archive" in full:
        add("-j2 speed-up over -j1", fmt(full["speedup_archive"], "×", 2), fmt(full["speedup_plain"], "×", 2))
        same = results["j1_vs_j2"]

        def identical(name: str) -> str:
            verdict = "yes" if not same[name]["differing"] else f"no ({same[name]['differing']} files differ)"
            bundle = same[name].get("search_bundle_differing")
            return verdict + (f"; search bundle: {bundle} files differ" if bundle else "")

        add("-j1 and -j2 output identical (pages)", identical("archive"), identical("plain"))
    for key in ("edit_body", "add_statement", "rename_signatory"):
        if key not in inc:
            continue
        a, p = inc[key]["archive"], inc[key].get("plain")
        describe = lambda b: f"{b['seconds']:.1f} s, {b.get('reread', '?')} read, {b.get('rewritten', '?')} written"  # noqa: E731
        label = f"incremental: {key.replace('_', ' ')}" + (means if p else "")
        add(label, describe(a), describe(p) if p else "n/a", fmt(inc[key].get("ratio"), "×", 2))
    peak = results["peak_rss_mb"]
    add("peak memory (largest process)", fmt(peak.get("archive"), " MB", 0), fmt(peak.get("plain"), " MB", 0))
    add("statement page, median / max", sizes(archive_pages, "median_kb", "max_kb"), sizes(plain_pages, "median_kb", "max_kb"))
    add(
        "statement page, 1,400–1,600 words (median / max)",
        sizes(archive_pages, "words_1500_median_kb", "words_1500_max_kb"),
        sizes(plain_pages, "words_1500_median_kb", "words_1500_max_kb"),
    )
    add(
        "total HTML output",
        fmt(archive_pages.get("total_output_mb"), " MB"),
        fmt(plain_pages.get("total_output_mb"), " MB"),
        fmt(ratio(archive_pages.get("total_output_mb"), plain_pages.get("total_output_mb")), "×", 2),
    )
    add("Sphinx searchindex.js", fmt(archive_pages.get("searchindex_kb"), " KB"), fmt(plain_pages.get("searchindex_kb"), " KB"))
    search = results.get("search", {})
    if search.get("available"):
        bound = "" if search["method"].startswith("measured") else " (upper bound)"
        add(f"search bundle / first query '{search['query']}'{bound}", f"{search['bundle_kb']} KB / {search['first_query_kb']} KB", "n/a")
        if "first_query_search_ms" in search:
            add("first query: index loaded / results shown after", f"{search['first_query_index_ms']} ms / {search['first_query_search_ms']} ms", "n/a")
        if search.get("offline_mb") is not None:
            add("search from disk's data", f"{search['offline_mb']} MB", "n/a")
    else:
        add("search bundle / first query", "n/a (no pagefind output)", "n/a")
    relevance = results.get("relevance")
    if relevance:
        shown = (
            f"{relevance['mean_p_at_3']:.3f} ({len(relevance['below_1'])} of {relevance['queries']} below 1)"
            if relevance["available"]
            else f"n/a ({relevance['measure_error'][:60]})"
        )
        add(f"search relevance, mean P@3 over {relevance['queries']} queries", shown, "n/a")
    for kind, page in results.get("largest_pages", {}).items():
        add(f"largest {kind} page", f"{page['kb']} KB ({page['page']})", "n/a")
    if "preview" in results:
        preview = results["preview"]
        shown = f"{preview['seconds']} s / {preview.get('build_seconds')} s" if "seconds" in preview else f"n/a ({preview.get('error')})"
        if "seconds" in preview and not (preview["page_updated"] and preview["search_updated"]):
            shown += " (page or search not updated)"
        add("make preview: save to the page showing it / to the search updated", shown, "n/a")
    if "edit_profile" in results and "top" in results["edit_profile"]:
        profiled = results["edit_profile"]
        longest = ", ".join(f"{item['function']} {item['cumulative_s']} s" for item in profiled["archive_top"][:3])
        add("edit under cProfile (-j1): profiled time; the archive's longest", f"{profiled['seconds_profiled']} s; {longest}", "n/a")
    if "epub" in results:
        add("ePub build (-j2)", fmt(results["epub"]["seconds"], " s"), "n/a")
    if "bilingual" in results:
        add(
            "both interfaces, en + es (make html-bilingual, -j2)",
            fmt(results["bilingual"]["seconds"], " s") + ("" if results["bilingual"]["rc"] == 0 else f" (exit {results['bilingual']['rc']})"),
            "n/a",
        )
    add(
        "solidarity-archive check (make check)",
        fmt(results["check"]["seconds"], " s", 2) + ("" if results["check"]["rc"] == 0 else f" (exit {results['check']['rc']})"),
        "n/a",
    )
    widths = [max(len(str(row[i])) for row in rows) for i in range(4)]
    lines = ["| " + " | ".join(str(c).ljust(w) for c, w in zip(row, widths, strict=False)) + " |" for row in rows]
    lines.insert(1, "|" + "|".join("-" * (w + 2) for w in widths) + "|")
    return "\n".join(lines)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--statements", "-N", type=int, default=1000, help="how many statements to generate (default 1000)")
    parser.add_argument("--seed", type=int, default=1, help="corpus seed (default 1)")
    parser.add_argument(
        "--signatories",
        type=int,
        default=corpus_module.REGISTRY_SIZE,
        help=f"organisations in the registry (default {corpus_module.REGISTRY_SIZE}); more also makes ~2%% of statements open letters with 100–250 signatories",
    )
    parser.add_argument("--workdir", help="build here instead of a temporary folder (it is emptied first)")
    parser.add_argument("--keep", action="store_true", help="keep the generated projects and builds")
    parser.add_argument("--json", help="where to write the results (default _build/bench/<date>-N<n>.json)")
    parser.add_argument("--query", default="water", help="the first search query to measure (default: water)")
    parser.add_argument(
        "--projects", nargs="+", choices=("archive", "plain"), default=["archive", "plain"], help="which projects to build (default both; ratios need both)"
    )
    parser.add_argument("--only-j2", action="store_true", help="full builds at -j2 only (for large N)")
    parser.add_argument(
        "--rounds",
        type=int,
        help=f"measure each full build, edit and addition this many times, alternating the projects' order, and report the means (default 2 up to {ROUNDS_UP_TO:,} statements, else 1)",
    )
    parser.add_argument("--skip-incremental", action="store_true", help="skip the incremental rebuilds")
    parser.add_argument("--skip-epub", action="store_true", help="skip the ePub build")
    parser.add_argument("--skip-bilingual", action="store_true", help="skip the two builds of make html-bilingual")
    parser.add_argument("--skip-preview", action="store_true", help="skip the make preview measurement (save to rebuilt page)")
    parser.add_argument(
        "--profile-edit", action="store_true", help="after the full builds, profile one more edit of a statement's text (cProfile, -j1) and keep its top items"
    )
    args = parser.parse_args(argv)
    if args.rounds is not None and args.rounds < 1:
        parser.error("--rounds: one round at least")
    results = run(args)
    rendered = table(results)
    results["table"] = rendered
    target = Path(args.json) if args.json else REPO / "_build" / "bench" / f"{dt.date.today().isoformat()}-N{args.statements}.json"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(results, indent=2, ensure_ascii=False, default=str) + "\n", encoding="utf-8")
    m, v = results["machine"], results["versions"]
    print()
    print(
        f"N = {args.statements}, {m.get('cores')} cores, {m.get('memory_gb')} GB, {m.get('cpu', '?')}, load {m.get('load_average', ('?',))[0]:.2f}→{m['load_average_end'][0]:.2f}; "
        + ", ".join(f"{k} {val}" for k, val in v.items())
    )
    print(rendered)
    print(f"\nJSON: {target}")
    return 0 if results["all_builds_clean"] else 1


if __name__ == "__main__":
    sys.exit(main())
