"""Archive-wide rules the build shares with ``check``: paths that are no file, pages two values would share.

- A source that is a named pipe (or a socket, a device) is never opened:
  it is taken out of the build's documents, with a located error, before
  Sphinx reads anything (opening a named pipe waits for ever).
- Places and countries spelled so that they would write the same page are
  refused (``core.pages.same_page_problems``) at ``env-updated``, which
  Sphinx emits on every build, even one that reads nothing (it checks
  consistency only after reading something), so a second build fails as the
  first did.
"""

from __future__ import annotations

from solidarity_archive.core.special_files import not_a_file_message, special_file_kind
from solidarity_archive.sphinx_ext.warning import warn


def _source_path(env, docname: str) -> str:
    return str(env.doc2path(docname, False)).replace("\\", "/")


def leave_out_special_files(app, env, added: set[str], changed: set[str], removed: set[str]) -> list[str]:
    """``env-get-outdated``, first: sources that are not ordinary files are neither read nor published.

    Such a document is taken out of the build's documents; one read in an
    earlier build, when it was a file, is removed as Sphinx removes a deleted
    one (the listings and tables of contents that named it are read again).
    """
    for docname in sorted(added | changed):
        kind = special_file_kind(env.doc2path(docname))
        if kind is None:
            continue
        warn(not_a_file_message(_source_path(env, docname), kind), (docname, 1), "not-a-file")
        added.discard(docname)
        changed.discard(docname)
        env.found_docs.discard(docname)
        if docname in env.all_docs:
            removed.add(docname)
    return []
