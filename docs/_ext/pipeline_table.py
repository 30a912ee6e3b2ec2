"""The design page's generated parts: the build's pipeline and the package's layers.

- ``archive-pipeline`` renders ``solidarity_archive.pipeline.describe()``: for each Sphinx event
  the archive handles, in build order, the steps its one handler calls, in order, each as
  (step name, ``module.function``, the first paragraph of the function's docstring). One section per
  event, one table of steps each. The page thus shows what the pipeline module runs, and cannot
  drift from it.
- ``archive-layers`` renders the package's layers: which layers each may import, read from the
  layer test's ``ALLOWED`` table (the test that enforces them), with the one-line description of
  each layer written in the directive's content as ``folder: what it holds``. A layer the test
  knows and the page does not describe, or the reverse, is a warning, so the strict build fails.
"""

from __future__ import annotations

import ast
import importlib
import importlib.util

from archive_tables import REPO, table, text_paragraph
from docutils import nodes
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

logger = logging.getLogger(__name__)

#: The module whose ``describe()`` the pipeline directive renders.
PIPELINE_MODULE = "solidarity_archive.pipeline"


def pipeline_description(module_name: str = PIPELINE_MODULE) -> list[tuple[str, list[tuple[str, str, str]]]]:
    module = importlib.import_module(module_name)
    return list(module.describe())


def event_section(event: str, steps: list[tuple[str, str, str]], number: int) -> nodes.section:
    section = nodes.section()
    section["ids"].append(nodes.make_id(f"event-{event}"))
    section["names"].append(nodes.fully_normalize_name(f"event {event}"))
    title = nodes.title()
    title += nodes.Text(f"{number}. ")
    title += nodes.literal(event, event)
    section += title
    if not steps:
        section += text_paragraph("No step: the handler is registered for this event and does nothing of its own.")
        return section
    rows = []
    for index, (name, dotted, summary) in enumerate(steps, start=1):
        step = nodes.container()
        step += text_paragraph(name)
        step += text_paragraph(dotted, literal=True)
        rows.append([str(index), step, docstring_line(summary or "")])
    section += table(["", "step and function", "what it does"], rows, widths=[1, 8, 10], classes=("archive-pipeline",))
    return section


def docstring_line(text: str) -> nodes.paragraph:
    """A docstring's first paragraph: its ````literal```` parts (reST's code markup) as code, the rest as text."""
    paragraph = nodes.paragraph()
    for index, part in enumerate(text.split("``")):
        if part:
            paragraph += nodes.literal(part, part) if index % 2 else nodes.Text(part)
    return paragraph


class PipelineDirective(SphinxDirective):
    """The pipeline's order: one section per event, in build order, a table of its steps."""

    has_content = False
    option_spec = {"module": str}

    def run(self) -> list[nodes.Node]:
        module_name = self.options.get("module", PIPELINE_MODULE)
        try:
            described = pipeline_description(module_name)
        except Exception as error:  # the page says what is missing, and the strict build fails
            logger.warning(
                "cannot describe the pipeline from %s: %s", module_name, error, location=self.get_location(), type="archive-docs", subtype="pipeline"
            )
            return [text_paragraph(f"The pipeline could not be read from {module_name}.")]
        try:
            spec = importlib.util.find_spec(module_name)
            if spec and spec.origin:
                self.env.note_dependency(spec.origin)
        except (ImportError, ValueError):
            pass
        return [event_section(event, list(steps), number) for number, (event, steps) in enumerate(described, start=1)]


def layer_rules() -> tuple[dict[str, set[str]], set[str]]:
    """The layer test's ``ALLOWED`` (each layer and the layers it may import) and ``PURE``, read without importing tests."""
    candidates = sorted((REPO / "tests").rglob("test_layers.py"))
    if not candidates:
        raise LookupError("no tests/**/test_layers.py")
    tree = ast.parse(candidates[0].read_text(encoding="utf-8"))
    values: dict[str, object] = {}
    for node in tree.body:
        if isinstance(node, (ast.Assign, ast.AnnAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for target in targets:
                if isinstance(target, ast.Name) and target.id in {"ALLOWED", "PURE"} and node.value is not None:
                    values[target.id] = ast.literal_eval(node.value)
    return values["ALLOWED"], set(values.get("PURE", set()))  # type: ignore[return-value]


class LayersDirective(SphinxDirective):
    """The package's layers and what each may import: the descriptions from the content, the rules from the layer test."""

    has_content = True

    def run(self) -> list[nodes.Node]:
        try:
            allowed, pure = layer_rules()
        except (LookupError, KeyError, SyntaxError, ValueError) as error:
            logger.warning("cannot read the layers from the layer test: %s", error, location=self.get_location(), type="archive-docs", subtype="layers")
            return []
        for path in sorted((REPO / "tests").rglob("test_layers.py"))[:1]:
            self.env.note_dependency(str(path))
        described: dict[str, str] = {}
        for line in self.content:
            if line.strip():
                folder, _, words = line.partition(":")
                described[folder.strip().strip("/`")] = words.strip()
        for layer in sorted(set(allowed) - set(described)):
            logger.warning(
                "the layer %s/ is in the layer test but not described here", layer, location=self.get_location(), type="archive-docs", subtype="layers"
            )
        for layer in sorted(set(described) - set(allowed)):
            logger.warning(
                "the layer %s/ is described here but the layer test does not know it",
                layer,
                location=self.get_location(),
                type="archive-docs",
                subtype="layers",
            )
        rows = []
        for layer in [name for name in described if name in allowed]:
            below = sorted(allowed[layer] - {layer})
            may = nodes.paragraph()
            if below:
                for index, other in enumerate(below):
                    if index:
                        may += nodes.Text(", ")
                    may += nodes.literal(f"{other}/", f"{other}/")
            else:
                may += nodes.Text("no other layer")
            if layer in pure:
                may += nodes.Text("; pure: no Sphinx, no docutils, not even inside a function")
            rows.append([text_paragraph(f"{layer}/", literal=True), described[layer], may])
        return [table(["folder", "what it holds", "may import (of the package)"], rows, widths=[2, 8, 4])]


def setup(app):
    app.add_directive("archive-pipeline", PipelineDirective)
    app.add_directive("archive-layers", LayersDirective)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
