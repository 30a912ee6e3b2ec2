"""ASCII slugs for file names, page names and anchors (pure)."""

from __future__ import annotations

import re
import unicodedata


def ascii_slug(text: str) -> str:
    """``'San José, 2014–2016'`` → ``'san-jose-2014-2016'``.

    Accents are dropped from their letters; any other character, dashes included, separates words.
    """
    letters = "".join(ch for ch in unicodedata.normalize("NFKD", text.lower()) if not unicodedata.combining(ch))
    return re.sub(r"[^a-z0-9]+", "-", letters).strip("-")
