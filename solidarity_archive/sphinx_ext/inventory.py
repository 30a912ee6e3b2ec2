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

import re
import zlib
from collections.abc import Iterator
from pathlib import Path

from solidarity_archive.sphinx_ext.domain import get_domain

#: The object type of the archive's domain that is written as the standard domain's.
LABEL = "label"


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


def write_inventory(filename: Path, env, builder) -> None:
    """Write ``objects.inv`` as Sphinx does, the archive's labels among the standard labels."""
    with open(filename, "wb") as f:
        f.write(
            (
                "# Sphinx inventory version 2\n"
                f"# Project: {_escape(env.config.project)}\n"
                f"# Version: {_escape(env.config.version)}\n"
                "# The remainder of this file is compressed using zlib.\n"
            ).encode()
        )
        compressor = zlib.compressobj(9)
        for domain_name, objects in inventory_objects(env):
            for fullname, dispname, objtype, docname, anchor, prio in objects:
                if anchor.endswith(fullname):
                    anchor = anchor.removesuffix(fullname) + "$"
                uri = builder.get_target_uri(docname)
                if anchor:
                    uri += "#" + anchor
                if dispname == fullname:
                    dispname = "-"
                entry = f"{fullname} {domain_name}:{objtype} {prio} {uri} {dispname}\n"
                f.write(compressor.compress(entry.encode()))
        f.write(compressor.flush())
