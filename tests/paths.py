"""Where the tests find things, named once: test files import these instead of working out paths from
their own place (the test files live in one folder per layer, the helpers and data here)."""

from __future__ import annotations

from pathlib import Path

TESTS = Path(__file__).resolve().parent
REPO = TESTS.parent
ROOTS = TESTS / "roots"  # one tiny Sphinx project per scenario (sphinx.testing's rootdir)
DATA = TESTS / "data"  # press releases, the CSL-JSON schema, the staff guide's files
