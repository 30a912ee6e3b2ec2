"""The maintainers' documentation (docs/): it builds strictly, and its generated parts say what the code says.

The design page renders ``solidarity_archive.pipeline.describe()``; its directive is tested here
against a stand-in module of the same contract, so the table's shape is tested whatever the
pipeline holds. The whole site is built as ``make docs`` builds it (``-W --keep-going -n``).
"""

from __future__ import annotations

import contextlib
import importlib.util
import re
import subprocess
import sys
import types
from io import StringIO
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from sphinx.testing.util import SphinxTestApp

#: The repository, wherever in tests/ this file sits.
REPO = next(folder for folder in Path(__file__).resolve().parents if (folder / "pyproject.toml").is_file())
DOCS = REPO / "docs"
EXTENSIONS = DOCS / "_ext"

#: A pipeline of the contract's shape: events in build order, each with (step, "module.function", summary).
STAND_IN = [
    (
        "config-inited",
        [("check the settings", "solidarity_archive.sphinx_ext.config.check_settings", "``config-inited``: the settings of ``conf.py``, checked once.")],
    ),
    ("env-updated", []),
    (
        "build-finished",
        [
            ("write redirects", "solidarity_archive.sphinx_ext.archival.write_redirects", "A page at each former id's address."),
            ("build the search index", "solidarity_archive.html.search.build_index", "Pagefind over the statement pages."),
            ("check nothing is lost", "solidarity_archive.sphinx_ext.integrity.check_nothing_lost", "Every statement in every output."),
        ],
    ),
]


def stand_in_pipeline() -> types.ModuleType:
    module = types.ModuleType("solidarity_archive.pipeline")
    module.describe = lambda: [(event, list(steps)) for event, steps in STAND_IN]
    return module


def build(srcdir: Path, outdir: Path) -> tuple[Path, str]:
    """Build a small project to HTML in this process, nitpicky; returns the output folder and the warnings."""
    app = SphinxTestApp("html", srcdir=srcdir, builddir=outdir, freshenv=True, confoverrides={"nitpicky": True}, status=StringIO(), warning=StringIO())
    try:
        app.build()
    finally:
        app.cleanup()
    return outdir / "html", strip_colours(app.warning.getvalue())


def strip_colours(text: str) -> str:
    return re.sub(r"\x1b\[[0-9;]*m", "", text)


def build_docs(outdir: Path, stand_in: bool) -> subprocess.CompletedProcess:
    """``docs/`` built as ``make docs`` builds it (strict, nitpicky), in a process of its own;
    with ``stand_in``, the pipeline module is the stand-in of :data:`STAND_IN`."""
    arguments = ["-b", "html", str(DOCS), str(outdir), "-d", str(outdir.parent / "doctrees"), "-W", "--keep-going", "-n", "-q"]
    prelude = ""
    if stand_in:
        prelude = (
            "import sys, types\n"
            "module = types.ModuleType('solidarity_archive.pipeline')\n"
            f"module.describe = lambda: {STAND_IN!r}\n"
            "import solidarity_archive\n"
            "sys.modules['solidarity_archive.pipeline'] = module\n"
        )
    code = prelude + f"import sys\nfrom sphinx.cmd.build import main\nsys.exit(main({arguments!r}))\n"
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False, cwd=REPO)


def small_project(tmp_path: Path, body: str) -> Path:
    src = tmp_path / "src"
    src.mkdir()
    (src / "conf.py").write_text(
        f"import sys\nsys.path.insert(0, {str(EXTENSIONS)!r})\nextensions = ['myst_parser', 'pipeline_table', 'archive_tables']\n"
        "source_suffix = {'.md': 'markdown'}\nsmartquotes = False\n",
        encoding="utf-8",
    )
    (src / "index.md").write_text(body, encoding="utf-8")
    return src


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def test_the_pipeline_directive_renders_each_event_and_its_steps_in_order(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "solidarity_archive.pipeline", stand_in_pipeline())
    src = small_project(tmp_path, "# Design\n\n```{archive-pipeline}\n```\n")
    html, warnings = build(src, tmp_path / "out")
    assert warnings == ""
    page = soup(html / "index.html")
    sections = page.select("section[id^=event-]")
    assert [s["id"] for s in sections] == ["event-config-inited", "event-env-updated", "event-build-finished"]
    assert [s.find(["h2", "h3"]).find("code").get_text() for s in sections] == ["config-inited", "env-updated", "build-finished"]
    for section, (event, steps) in zip(sections, STAND_IN, strict=True):
        rows = []
        for row in section.select("tbody tr"):
            number, step, said = row.find_all("td")
            rows.append([number.get_text(strip=True), step.get_text(" ", strip=True), " ".join(said.get_text().split())])
        # a docstring's ``literal`` parts are code, shown without the backquotes
        assert rows == [[str(n), f"{name} {dotted}", summary.replace("``", "")] for n, (name, dotted, summary) in enumerate(steps, start=1)], event
    assert [code.get_text() for code in sections[0].select("td p code")][1:] == ["config-inited", "conf.py"]
    assert "No step" in sections[1].get_text()


def test_the_pipeline_directive_warns_when_the_module_cannot_describe_it(tmp_path, monkeypatch):
    broken = types.ModuleType("solidarity_archive.pipeline")  # no describe()
    monkeypatch.setitem(sys.modules, "solidarity_archive.pipeline", broken)
    src = small_project(tmp_path, "# Design\n\n```{archive-pipeline}\n```\n")
    _, warnings = build(src, tmp_path / "out")
    assert "cannot describe the pipeline from solidarity_archive.pipeline" in warnings
    assert "index.md" in warnings


def test_the_layers_come_from_the_layer_test_and_every_layer_is_described(tmp_path):
    sys.path.insert(0, str(EXTENSIONS))
    try:
        from pipeline_table import layer_rules
    finally:
        sys.path.remove(str(EXTENSIONS))
    allowed, pure = layer_rules()
    assert {"core", "formats", "sphinx_ext", "html", "epub", "cli"} <= set(allowed)
    assert pure == {"core", "formats"}
    described = "\n".join(f"{layer}: what {layer} holds" for layer in sorted(allowed) if layer != "epub")
    src = small_project(tmp_path, f"# Layers\n\n```{{archive-layers}}\n{described}\nnowhere: a layer the test does not know\n```\n")
    html, warnings = build(src, tmp_path / "out")
    assert "the layer epub/ is in the layer test but not described here" in warnings
    assert "the layer nowhere/ is described here but the layer test does not know it" in warnings
    rows = {row.find("td").get_text(strip=True): row.find_all("td")[2].get_text(" ", strip=True) for row in soup(html / "index.html").select("tbody tr")}
    for layer in allowed:
        if layer == "epub":
            continue
        shown = set(re.findall(r"(\w+)/", rows[f"{layer}/"]))
        assert shown == allowed[layer] - {layer}, layer
    assert "pure" in rows["core/"] and "pure" not in rows["sphinx_ext/"]


def test_the_reference_shows_every_command_and_option_help_shows(tmp_path):
    from solidarity_archive.cli import main

    src = small_project(
        tmp_path, "# Commands\n\n```{archive-commands}\n```\n\n# Settings\n\n```{archive-settings}\n```\n\n# Fields\n\n```{archive-fields}\n```\n"
    )
    html, warnings = build(src, tmp_path / "out")
    assert warnings == ""
    text = soup(html / "index.html").get_text(" ")
    commands = [name.rstrip("_") for name in main.COMMANDS]
    main.set_language("en")
    parser = main.build_parser()
    for command in commands:
        assert f"solidarity-archive {command}" in text
        shown = StringIO()
        with contextlib.redirect_stdout(shown), pytest.raises(SystemExit):
            parser.parse_args([command, "--help"])
        for option in set(re.findall(r"(?<![\w-])--[a-z][a-z-]+", shown.getvalue())) - {"--help"}:
            assert option in text, (command, option)
    assert "signatory rename" in text and "signatory merge" in text

    from solidarity_archive.core import settings, validation

    for option in settings.OPTIONS:
        assert option.name in text and option.help in text
    for field in validation.FIELDS:
        assert field in text


def test_make_help_is_the_make_targets_table():
    sys.path.insert(0, str(EXTENSIONS))
    try:
        from archive_tables import make_targets
    finally:
        sys.path.remove(str(EXTENSIONS))
    targets = dict(make_targets(REPO / "Makefile"))
    said = subprocess.run(["make", "-s", "-C", str(REPO), "help"], capture_output=True, text=True, check=True).stdout
    for command, meaning in targets.items():
        assert command in said
        assert meaning.split()[0] in said
    assert {"make html", "make test", "make docs", "make check"} <= set(targets)
    assert "$(" not in " ".join(targets.values())


@pytest.mark.slow
def test_the_documentation_builds_strictly_with_a_stand_in_pipeline(tmp_path):
    """Every page, strict and nitpicky; the pipeline's steps are the stand-in's (the real ones: below)."""
    out = tmp_path / "docs"
    result = build_docs(out, stand_in=True)
    assert result.returncode == 0, result.stderr
    assert strip_colours(result.stderr) == ""
    for page in (
        "index",
        "design",
        "performance",
        "testing",
        "contributing",
        "changelog",
        "reference/commands",
        "reference/settings",
        "reference/frontmatter",
        "reference/refusals",
    ):
        assert (out / f"{page}.html").is_file(), page
    events = soup(out / "design.html").select("section[id^=event-]")
    assert [s["id"] for s in events] == [f"event-{event}" for event, _ in STAND_IN]


@pytest.mark.slow
def test_make_docs_builds_the_documentation_strictly(tmp_path):
    """As ``make docs`` builds it, with the real pipeline module."""
    if importlib.util.find_spec("solidarity_archive.pipeline") is None:
        pytest.skip("solidarity_archive.pipeline is not in this checkout yet: the design page renders it")
    out = tmp_path / "docs"
    result = build_docs(out, stand_in=False)
    assert result.returncode == 0, result.stderr
    assert strip_colours(result.stderr) == ""
    import solidarity_archive.pipeline as pipeline

    events = soup(out / "design.html").select("section[id^=event-]")
    assert [s["id"] for s in events] == [f"event-{event}" for event, _ in pipeline.describe()]
