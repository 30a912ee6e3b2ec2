"""The pipeline: one module says what the build does and when (``solidarity_archive/pipeline.py``).

No other module connects to an event, states a priority or registers a
transform; the pipeline connects one handler per event (a second one only
where it says which listener of Sphinx or the theme it orders against); every
step names a function that exists; ``describe()``, which the documentation
shows, covers every step.
"""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

import pytest

from solidarity_archive import pipeline
from solidarity_archive.pipeline import DEFAULT, HANDLERS, STATEMENT_IDS, TRANSFORMS, Listener

PACKAGE = Path(pipeline.__file__).resolve().parent

#: The events with a second handler, and its priority: each orders steps around a listener of Sphinx or the theme
#: (``archive-pages-written``'s only handler, around a host's listener: ``make preview``'s).
SECOND_HANDLERS = {
    ("archive-pages-written", 600),
    ("config-inited", 850),
    ("doctree-read", 400),
    ("doctree-read", 600),
    ("html-page-context", 600),
    ("build-finished", 900),
}

#: Calls only the pipeline makes: connecting, adding events, registering transforms.
PIPELINE_ONLY = {"connect", "add_event", "add_transform", "add_post_transform"}


def ordering_found(source: str, filename: str = "<probe>") -> list[str]:
    """Where a module's source connects to an event, adds one, registers a transform or states a priority."""
    found = []
    for node in ast.walk(ast.parse(source, filename)):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            name = node.func.attr
            event = node.args[0] if node.args else None
            if name in {"add_event", "add_transform", "add_post_transform"}:
                found.append(f"{filename}:{node.lineno}: {name}")
            elif name == "connect" and (
                any(k.arg == "priority" for k in node.keywords)
                or (isinstance(event, ast.Constant) and isinstance(event.value, str))
                or (isinstance(node.func.value, ast.Name) and node.func.value.id == "app")
                or (isinstance(node.func.value, ast.Attribute) and node.func.value.attr == "app")
            ):
                what = event.value if isinstance(event, ast.Constant) else ast.unparse(event) if event else "?"
                found.append(f"{filename}:{node.lineno}: connect({what})")
        elif isinstance(node, (ast.Assign, ast.AnnAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for target in targets:
                name = target.id if isinstance(target, ast.Name) else target.attr if isinstance(target, ast.Attribute) else ""
                if name == "default_priority":
                    found.append(f"{filename}:{node.lineno}: default_priority")
    return found


#: A host of the build that listens to an event the pipeline emits for hosts, and orders none of the archive's
#: steps: the preview's builder reloads the open pages when the pipeline says the pages are written, takes the
#: pages written after that before the build's state ends (``build-finished``, before the archive's last steps),
#: and sets how many processes read a build's pages (its own ``-j``, as a host's option) once the pages to read are known.
HOST_LISTENERS = {"html/preview_builder.py": {"connect(PAGES_WRITTEN)", "connect(build-finished)", "connect(env-before-read-docs)", "connect(env-updated)"}}


def test_no_module_but_the_pipeline_orders_the_build():
    modules = sorted(path for path in PACKAGE.rglob("*.py") if path.name != "pipeline.py" or path.parent != PACKAGE)
    assert len(modules) > 50  # the scan sees the whole package
    found = [
        hit
        for path in modules
        for hit in ordering_found(path.read_text(encoding="utf-8"), str(path.relative_to(PACKAGE)))
        if hit.split(": ", 1)[1] not in HOST_LISTENERS.get(str(path.relative_to(PACKAGE)), set())
    ]
    assert not found, "only solidarity_archive/pipeline.py connects, adds events, registers transforms and states priorities:\n" + "\n".join(found)


def test_the_scan_sees_each_way_of_ordering():
    # The check would be worthless if a connect went unseen: each of these is found.
    probe = "\n".join(
        [
            "def setup(app):",
            "    app.connect('build-finished', write, priority=900)",  # 2: a priority
            "    app.connect('doctree-resolved', fill)",  # 3: an event the pipeline handles
            "    app.connect(EVENT, source)",  # 4: any event, on app
            "    self.app.connect(name, handler)",  # 5: on an app held elsewhere
            "    sphinx.connect('env-updated', derive)",  # 6: any receiver, an event by name
            "    app.add_transform(Numbers)",  # 7
            "    app.add_post_transform(Links)",  # 8
            "    app.add_event('archive-thing')",  # 9
            "class Numbers:",
            "    default_priority = 210",  # 11
            "socket.connect(address)",  # not Sphinx: left alone
        ]
    )
    assert sorted((hit.split(":")[1] for hit in ordering_found(probe)), key=int) == ["2", "3", "4", "5", "6", "7", "8", "9", "11"]


class RecordingApp:
    def __init__(self):
        self.connected: list[tuple[str, int, object]] = []

    def connect(self, event, listener, priority=DEFAULT):
        self.connected.append((event, priority, listener))


def test_one_handler_per_event_and_the_second_ones_say_why():
    app = RecordingApp()
    pipeline.connect(app)
    by_event: dict[str, list[int]] = {}
    for event, priority, listener in app.connected:
        assert isinstance(listener, Listener)
        by_event.setdefault(event, []).append(priority)
    for event, priorities in by_event.items():
        assert len(priorities) == len(set(priorities)), event
        assert len(priorities) <= 2, event
    assert {(h.event, h.priority) for h in HANDLERS if h.priority != DEFAULT} == SECOND_HANDLERS
    for handler in HANDLERS:
        if handler.priority != DEFAULT:
            assert (handler.event, handler.priority) in SECOND_HANDLERS
            assert handler.order, f"{handler.event} at {handler.priority}: which listener does it order against?"
        assert handler.steps, handler.sequence
    assert len(app.connected) == len(HANDLERS)


def test_a_build_has_the_pipelines_listeners_and_no_other_of_the_archive(make_app, rootdir, tmp_path):
    import shutil

    srcdir = tmp_path / "basic"
    shutil.copytree(rootdir / "test-basic", srcdir)
    app = make_app("html", srcdir=srcdir)
    archive = [
        (event, listener.priority)
        for event, listeners in app.events.listeners.items()
        for listener in listeners
        if getattr(listener.handler, "__module__", "").startswith("solidarity_archive")
    ]
    assert sorted(archive) == sorted((h.event, h.priority) for h in HANDLERS)
    # The transforms are registered with the pipeline's priorities, each once.
    registered = app.registry.get_transforms() + app.registry.get_post_transforms()
    for transform in TRANSFORMS:
        assert registered.count(transform.cls) == 1
        assert transform.cls.default_priority == transform.priority


def every_step():
    return [step for handler in HANDLERS for step in handler.steps] + list(STATEMENT_IDS)


@pytest.mark.parametrize("step", every_step(), ids=lambda step: step.name)
def test_every_step_names_a_function_that_exists(step):
    module_name, _, function_name = step.path.rpartition(".")
    module = importlib.import_module(module_name)
    assert getattr(module, function_name) is step.function
    assert step.summary, f"{step.path} has no docstring for the documentation"
    assert step.name == step.name.strip() and len(step.name) <= 60


def test_step_names_are_unique_in_each_event():
    for event, steps in pipeline.describe():
        names = [name for name, _path, _summary in steps]
        assert len(names) == len(set(names)), event


def test_describe_covers_every_step_in_the_order_of_the_build():
    described = pipeline.describe()
    events = [event for event, _steps in described]
    assert len(events) == len(set(events))
    assert events[:3] == ["config-inited", "builder-inited", "env-get-outdated"]
    assert events[-2:] == ["build-finished", "archive-collect-statement-ids"]
    listed = [(name, path) for _event, steps in described for name, path, _summary in steps]
    assert listed == [(step.name, step.path) for step in every_step()]
    for _event, steps in described:
        for name, path, summary in steps:
            assert isinstance(name, str) and isinstance(path, str) and isinstance(summary, str)
            assert "\n" not in summary


def test_the_transforms_priorities_are_the_pipelines():
    priorities = [transform.priority for transform in TRANSFORMS]
    assert priorities == sorted(priorities)
    assert len(set(priorities)) == len(priorities)  # no tie left to the order of registration
    assert all(transform.order or transform.priority for transform in TRANSFORMS)


def test_a_step_that_fails_is_named():
    def broken(app):
        raise ValueError("no")

    handler = pipeline.Handler("builder-inited", "PROBE")
    pipeline.PROBE = (pipeline.Step("probe the failure", broken),)
    try:
        with pytest.raises(ValueError) as raised:
            Listener(handler)(object())
    finally:
        del pipeline.PROBE
    assert "in the archive's step 'probe the failure'" in "\n".join(raised.value.__notes__)


def test_results_are_combined_as_sphinx_combines_listeners():
    calls = []

    def pages_now(app):
        calls.append("now")
        return [("a", {}, "page.html")]

    def pages_later(app):
        calls.append("later")
        yield "b", {}, "page.html"

    pipeline.PROBE = (pipeline.Step("now", pages_now), pipeline.Step("later", pages_later))
    try:
        result = Listener(pipeline.Handler("html-collect-pages", "PROBE"))(object())
        # As Sphinx calls listeners: a plain function has run, a generator has not yet.
        assert calls == ["now"]
        assert [page for page, _context, _template in result] == ["a", "b"]
        pipeline.PROBE = (
            pipeline.Step("none", lambda app, *args: None),
            pipeline.Step("template", lambda app, *args: "other.html"),
            pipeline.Step("never", lambda app, *args: calls.append("never")),
        )
        assert Listener(pipeline.Handler("html-page-context", "PROBE"))(object(), "page", "page.html", {}, None) == "other.html"
        assert "never" not in calls
        pipeline.PROBE = (
            pipeline.Step("one", lambda app, env: ["x"]),
            pipeline.Step("none", lambda app, env: []),
            pipeline.Step("two", lambda app, env: ["y", "z"]),
        )
        assert Listener(pipeline.Handler("env-updated", "PROBE"))(object(), None) == ["x", "y", "z"]
    finally:
        del pipeline.PROBE
