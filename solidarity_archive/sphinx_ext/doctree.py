"""Small questions about docutils trees, shared by the transforms."""

from __future__ import annotations

from docutils import nodes


def inside(node: nodes.Node, stop: nodes.Element, kinds: tuple[type, ...]) -> bool:
    """Whether an ancestor of ``node`` below ``stop`` is one of ``kinds``."""
    parent = node.parent
    while parent is not None and parent is not stop:
        if isinstance(parent, kinds):
            return True
        parent = parent.parent
    return False
