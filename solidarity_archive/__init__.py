"""The statements archive: a Sphinx extension and its command-line tool.

``setup()`` only registers: ``solidarity_archive.pipeline`` says what the build does and when.
"""

from __future__ import annotations

__version__ = "0.1.0"


def setup(app):
    from solidarity_archive import pipeline

    pipeline.setup(app)
    return {"version": __version__, "env_version": 4, "parallel_read_safe": True, "parallel_write_safe": True}
