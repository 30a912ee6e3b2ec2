"""Each build speaks its own language, whatever a build before it in the same process spoke."""

from __future__ import annotations

import shutil

import pytest
from bs4 import BeautifulSoup
from paths import ROOTS

PAGE = "statements/2016/2016-01-19-first.html"


def description(outdir) -> str:
    soup = BeautifulSoup((outdir / PAGE).read_text(encoding="utf-8"), "html.parser")
    return soup.find("meta", attrs={"name": "description"})["content"]


@pytest.mark.parametrize(("first", "second", "expected"), [("es", "en", "Press release by"), ("en", "es", "Comunicado de prensa de")])
def test_a_second_build_in_another_language_speaks_its_own(make_app, tmp_path, first, second, expected):
    apps = []
    for language in (first, second):
        src = tmp_path / language
        shutil.copytree(ROOTS / "test-basic", src)
        app = make_app("html", srcdir=src, confoverrides={"language": language})
        app.build()
        apps.append(app)
    assert description(apps[1].outdir).startswith(expected)
    # and the first build's pages are in its own language
    assert not description(apps[0].outdir).startswith(expected)
