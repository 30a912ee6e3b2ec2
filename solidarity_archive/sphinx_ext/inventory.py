"""``objects.inv``: Sphinx's inventory, with the archive's labels as standard labels.

A statement's page and its numbered paragraphs are labels (``<id>``,
``<id>-p4``) that the archive's own domain keeps (``domain.StatementDomain``,
object type ``label``), so that Sphinx's standard domain stays Sphinx's own
and its per-document clearing does not grow with the archive. Another
project, with only ``sphinx.ext.intersphinx``, cites them with
``:external+archive:ref:`<id>-p4```, which looks for ``std:label`` entries:
so they are written as ``std:label``, among the standard domain's own entries,
in the order Sphinx writes them. Everything else is written as Sphinx's
``InventoryFile.dump`` writes it (inventory version 2).
"""

from __future__ import annotations

import hashlib
import os
import re
import zlib
from collections.abc import Iterator
from pathlib import Path

from solidarity_archive.sphinx_ext.build_state import build_state, on_thread
from solidarity_archive.sphinx_ext.domain import get_domain
from solidarity_archive.sphinx_ext.kept_outputs import digest, kept_outputs

#: The object type of the archive's domain that is written as the standard domain's.
LABEL = "label"
#: A statement's entry in the inventory (the nothing-lost check counts them).
STATEMENT_TYPE = "statement:statement"


def _escape(text: str) -> str:
    return re.sub("\\s+", " ", text)


def inventory_objects(env) -> Iterator[tuple[str, list[tuple[str, str, str, str, str, int]]]]:
    """Each domain's name and its objects, sorted, as the inventory lists them."""
    archive = get_domain(env)
    # The archive's objects are asked for once: its labels go to the standard domain, the rest stay its own.
    own: list[tuple[str, str, str, str, str, int]] = []
    labels: list[tuple[str, str, str, str, str, int]] = []
    for entry in archive.get_objects():
        (labels if entry[2] == LABEL else own).append(entry)
    for domain in env.domains.sorted():
        objects = own if domain is archive else list(domain.get_objects())
        if domain.name == "std":
            objects += labels
        yield domain.name, sorted(objects)


def inventory_lines(env, builder, statements: set[str] | None = None) -> Iterator[str]:
    """The inventory's entries, one line each, as Sphinx writes them (before compression).

    ``statements``, when given, gets the name of every statement entry written (the nothing-lost check counts them).
    """
    uris: dict[str, str] = {}  # docname -> its address: one call to the builder per document, not per entry
    for domain_name, objects in inventory_objects(env):
        for fullname, dispname, objtype, docname, anchor, prio in objects:
            if anchor.endswith(fullname):
                anchor = anchor.removesuffix(fullname) + "$"
            uri = uris.get(docname)
            if uri is None:
                uri = uris[docname] = builder.get_target_uri(docname)
            if anchor:
                uri += "#" + anchor
            if dispname == fullname:
                dispname = "-"
            line = f"{fullname} {domain_name}:{objtype} {prio} {uri} {dispname}\n"
            if statements is not None and f"{domain_name}:{objtype}" == STATEMENT_TYPE:
                statements.add(fullname)
            yield line


def write_inventory(filename: Path, env, builder) -> None:
    """Write ``objects.inv`` as Sphinx does, the archive's labels among the standard labels.

    Compressed and written only when its entries changed since the build that
    wrote it (``kept_outputs``): an edit that adds no label, removes none and
    renames none leaves it as it is. The statements it lists are taken from
    the entries written (``BuildState.inventory_statements``), for the
    nothing-lost check.

    The entries are compressed on a thread of their own (zlib lets go of
    Python's lock while it compresses), while the build goes on;
    ``finish_inventory`` waits for it, at ``build-finished``, before the
    nothing-lost check. The bytes are those ``InventoryFile.dump`` writes:
    zlib's output does not depend on how its input is cut.
    """
    header = (
        "# Sphinx inventory version 2\n"
        f"# Project: {_escape(env.config.project)}\n"
        f"# Version: {_escape(env.config.version)}\n"
        "# The remainder of this file is compressed using zlib.\n"
    )
    statements: set[str] = set()
    body = "".join(inventory_lines(env, builder, statements)).encode()
    kept = kept_outputs(builder)
    relative = Path(filename).relative_to(builder.outdir).as_posix()
    inputs = digest(header, hashlib.sha256(body).hexdigest())
    state = build_state(env)
    state.inventory_statements = statements
    state.inventory_kept = kept.unchanged(relative, inputs)
    if state.inventory_kept:
        return
    state.inventory_written = (on_thread("inventory", _write, Path(filename), header.encode(), body), relative, inputs)


def _write(filename: Path, header: bytes, body: bytes) -> None:
    compressor = zlib.compressobj(9)
    temporary = filename.with_name(filename.name + ".tmp")
    temporary.write_bytes(header + compressor.compress(body) + compressor.flush())
    os.replace(temporary, filename)


def finish_inventory(app, exception) -> None:
    """``build-finished``: wait for ``objects.inv`` to be written (see ``write_inventory``), and note what it was written from."""
    state = build_state(app.env)
    pending = state.inventory_written
    if pending is None:
        return
    state.inventory_written = None
    future, relative, inputs = pending
    if exception is not None:
        # The build failed already: the file is left complete or not at all, and not noted as written.
        future.exception()
        return
    future.result()  # an error writing it fails the build
    kept_outputs(app).record(relative, inputs)
