"""The command line speaks the person's language: ``--lang``, else the locale, else English."""

from __future__ import annotations

import pytest

from solidarity_archive.cli.i18n import language_from_environment
from solidarity_archive.cli.main import language_argument


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({"LANG": "es_SV.UTF-8"}, "es"),
        ({"LANG": "es_ES.utf8"}, "es"),
        ({"LANGUAGE": "es:en", "LANG": "en_US.UTF-8"}, "es"),
        ({"LC_ALL": "en_GB.UTF-8", "LANG": "es_SV.UTF-8"}, "en"),
        ({"LC_ALL": "C.UTF-8"}, "en"),
        ({"LANG": "fr_FR.UTF-8"}, "en"),
        ({"LANGUAGE": "fr:es", "LANG": "fr_FR.UTF-8"}, "es"),
        ({"LANGUAGE": "fr", "LANG": "es_SV.UTF-8"}, "es"),
        ({}, "en"),
    ],
)
def test_the_language_comes_from_the_locale(environ, expected):
    assert language_from_environment(environ) == expected


def test_lang_is_read_before_anything_is_printed():
    assert language_argument(["--lang", "es", "check"]) == "es"
    assert language_argument(["--lang=es", "check"]) == "es"
    assert language_argument(["check"]) is None
