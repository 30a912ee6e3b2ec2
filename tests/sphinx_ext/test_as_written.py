"""A statement's text is published as its authors wrote it, the same in both interfaces.

Sphinx's "smart quotes" turn straight quotation marks into the typographic
ones of the *interface's* language: the Spanish interface showed an English
statement's "Plan" as «Plan», the English one a Spanish statement's as “Plan”,
and both turned ``--`` and ``...`` into dashes and ellipses. A reader quoting a
statement, or comparing it with the organisation's own copy, must find the
characters the statement was published with. The archive's own pages (the
hand-written ones) keep Sphinx's typography.
"""

from __future__ import annotations

import shutil

import pytest
from bs4 import BeautifulSoup
from paths import ROOTS

FRONTMATTER = "---\ntitle: {title}\ndate: {date}\nplace: San Salvador, El Salvador\nsignatories:\n  - cispes\nlanguage: {language}\n---\n\n"

STATEMENTS = {
    "es": (
        "2016-03-01-comillas",
        "'Alto al \"Plan\" de la Alianza'",
        "Rechazamos el \"Plan de la Alianza para la Prosperidad\" y la 'ayuda' militar -- otra vez... Lo llamamos «saqueo».",
    ),
    "en": (
        "2016-03-02-quotes",
        "'Stop the \"Plan\" now'",
        "We reject the \"Alliance for Prosperity\" and the CARSI's 'aid' -- again... We don't accept it.",
    ),
}


def title_and_text(html: str) -> tuple[str, str]:
    page = BeautifulSoup(html, "html.parser").select_one("section.statement")
    title = page.find("h1").get_text().rstrip("#").strip()
    for number in page.select(".paragraph-number"):
        number.decompose()
    text = " ".join(p.get_text().strip() for p in page.select(".statement-text p"))
    return title, text.replace("\xa0", " ")


@pytest.fixture
def project(tmp_path):
    srcdir = tmp_path / "archive"
    shutil.copytree(ROOTS / "test-basic", srcdir)
    for language, (stem, title, body) in STATEMENTS.items():
        date = stem[:10]
        (srcdir / "statements" / "2016" / f"{stem}.md").write_text(
            FRONTMATTER.format(title=title, date=date, language=language) + body + "\n", encoding="utf-8"
        )
    index = srcdir / "source" / "index.md"
    index.write_text(index.read_text(encoding="utf-8").replace("# Test archive\n", '# Test archive\n\nThe "archive" -- ours.\n'), encoding="utf-8")
    return srcdir


@pytest.mark.parametrize("interface", ["en", "es"])
def test_statements_keep_their_quotation_marks_in_both_interfaces(make_app, project, interface):
    app = make_app("html", srcdir=project, confoverrides={"language": interface})
    app.build()
    assert app.warning.getvalue() == ""
    for _language, (stem, title, body) in STATEMENTS.items():
        shown_title, shown_text = title_and_text((app.outdir / "statements" / "2016" / f"{stem}.html").read_text(encoding="utf-8"))
        # YAML's single quotes enclose the title; what they enclose is the title as written.
        assert shown_title == title[1:-1]
        assert shown_text == body
    # The archive's hand-written pages keep the typography of the interface's language.
    home = BeautifulSoup((app.outdir / "source" / "index.html").read_text(encoding="utf-8"), "html.parser")
    expected = {"en": "The “archive” – ours.", "es": "The «archive» – ours."}[interface]
    assert expected in home.get_text()


HEADINGS_AND_ITEMS = {
    "es": ("2016-03-03-secciones", "## Sobre el \"Plan\" -- y la 'ayuda'\n\n- Exigimos el fin del \"Plan\"...\n- No a la 'ayuda' militar.\n"),
    "en": ("2016-03-04-sections", "## On the \"Plan\" -- and its 'aid'\n\n- We demand an end to the \"Plan\"...\n- No to the CARSI's 'aid'.\n"),
}


@pytest.mark.parametrize("interface", ["en", "es"])
def test_headings_and_list_items_keep_their_quotation_marks(make_app, tmp_path, interface):
    srcdir = tmp_path / "archive"
    shutil.copytree(ROOTS / "test-basic", srcdir)
    for language, (stem, body) in HEADINGS_AND_ITEMS.items():
        (srcdir / "statements" / "2016" / f"{stem}.md").write_text(
            FRONTMATTER.format(title="T", date=stem[:10], language=language) + "Texto.\n\n" + body, encoding="utf-8"
        )
    app = make_app("html", srcdir=srcdir, confoverrides={"language": interface})
    app.build()
    assert app.warning.getvalue() == ""
    for _language, (stem, body) in HEADINGS_AND_ITEMS.items():
        page = BeautifulSoup((app.outdir / "statements" / "2016" / f"{stem}.html").read_text(encoding="utf-8"), "html.parser")
        text = page.select_one(".statement-text")
        for number in text.select(".paragraph-number, a.headerlink"):
            number.decompose()
        heading, *items = body.splitlines()
        assert text.find("h2").get_text().strip() == heading.removeprefix("## ")
        assert [li.get_text().strip() for li in text.select("li")] == [item.removeprefix("- ") for item in items if item]
