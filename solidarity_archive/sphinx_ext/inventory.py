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
import re
import zlib
from collections.abc import Iterator
from pathlib import Path

from solidarity_archive.sphinx_ext.build_state import build_state
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
    labels = [entry for entry in archive.get_objects() if entry[2] == LABEL]
    for domain in env.domains.sorted():
        objects = list(domain.get_objects())
        if domain is archive:
            objects = [entry for entry in objects if entry[2] != LABEL]
        if domain.name == "std":
            objects += labels
        yield domain.name, sorted(objects)


def inventory_lines(env, builder) -> Iterator[str]:
    """The inventory's entries, one line each, as Sphinx writes them (before compression)."""
    for domain_name, objects in inventory_objects(env):
        for fullname, dispname, objtype, docname, anchor, prio in objects:
            if anchor.endswith(fullname):
                anchor = anchor.removesuffix(fullname) + "$"
            uri = builder.get_target_uri(docname)
            if anchor:
                uri += "#" + anchor
            if dispname == fullname:
                dispname = "-"
            yield f"{fullname} {domain_name}:{objtype} {prio} {uri} {dispname}\n"


def write_inventory(filename: Path, env, builder) -> None:
    """Write ``objects.inv`` as Sphinx does, the archive's labels among the standard labels.

    Compressed and written only when its entries changed since the build that
    wrote it (``kept_outputs``): an edit that adds no label, removes none and
    renames none leaves it as it is.
    """
    header = (
        "# Sphinx inventory version 2\n"
        f"# Project: {_escape(env.config.project)}\n"
        f"# Version: {_escape(env.config.version)}\n"
        "# The remainder of this file is compressed using zlib.\n"
    )
    lines = list(inventory_lines(env, builder))
    entries = hashlib.sha256("".join(lines).encode()).hexdigest()
    kept = kept_outputs(builder)
    relative = Path(filename).relative_to(builder.outdir).as_posix()
    inputs = digest(header, entries)
    state = build_state(env)
    state.inventory_statements = {line.split(" ", 1)[0] for line in lines if line.split(" ", 2)[1] == STATEMENT_TYPE}
    if kept.unchanged(relative, inputs):
        state.inventory_kept = True
        return
    state.inventory_kept = False
    with open(filename, "wb") as f:
        f.write(header.encode())
        compressor = zlib.compressobj(9)
        for line in lines:
            f.write(compressor.compress(line.encode()))
        f.write(compressor.flush())
    kept.record(relative, inputs)
