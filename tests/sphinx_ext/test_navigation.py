"""Navigation grouped by year: a statement page carries its own year only."""

import re

import pytest
from bs4 import BeautifulSoup

from solidarity_archive.sphinx_ext.build_state import build_state


def soup_of(app, page):
    return BeautifulSoup((app.outdir / page).read_text(encoding="utf-8"), "html.parser")


@pytest.mark.sphinx("html", testroot="navigation")
def test_sidebar_shows_the_years_and_marks_the_pages_own(app):
    """The sidebar lists years, not statements, so a page does not grow with the archive."""
    app.build()
    assert app.warning.getvalue() == ""
    sidebar = soup_of(app, "statements/2016/2016-01-19-first.html").select_one(".bd-sidebar-primary nav")
    titles = [a.get_text(strip=True) for a in sidebar.select("a")]
    assert "2015" in titles and "2016" in titles
    assert not {"A first statement", "A later statement", "An earlier statement"} & set(titles)
    assert [a.get_text(strip=True) for a in sidebar.select("li.current > a")] == ["2016"]


@pytest.mark.sphinx("html", testroot="navigation")
def test_year_page_lists_its_statements_in_order(app):
    app.build()
    items = soup_of(app, "statements/2016/index.html").select("ul.statement-list li")
    assert [li.a.get_text() for li in items] == ["A first statement", "A later statement"]


@pytest.mark.sphinx("html", testroot="navigation")
def test_home_lists_newest_first_and_years(app):
    app.build()
    home = soup_of(app, "source/index.html")
    assert [li.a.get_text() for li in home.select("ul.statement-list li")] == [
        "A later statement",
        "A first statement",
        "An earlier statement",
    ]


@pytest.mark.sphinx("html", testroot="navigation")
def test_spanish_statement_page_is_marked_spanish(app):
    app.build()
    assert soup_of(app, "statements/2015/2015-06-01-earlier.html").html["lang"] == "es"
    assert soup_of(app, "statements/2016/2016-03-02-later.html").html["lang"] == "en"


def docnames_after(status: str, phase: str) -> set[str]:
    """Documents named on ``phase`` progress lines ("reading sources", "writing output")."""
    return set(re.findall(rf"{phase}\.\.\. \[\s*\d+%\] (\S+)", re.sub(r"\x1b\[[0-9;]*m", "", status)))


@pytest.mark.sphinx("html", testroot="navigation", freshenv=True)
def test_editing_a_statement_rewrites_listings_without_rereading_them(app):
    app.build()
    path = app.srcdir / "statements/2016/2016-03-02-later.md"
    path.write_text(path.read_text().replace("title: A later statement", "title: A renamed statement"))
    app.status.truncate(0)
    app.status.seek(0)
    app.build()
    status = app.status.getvalue()
    assert docnames_after(status, "reading sources") == {"statements/2016/2016-03-02-later"}
    assert {"source/index", "statements/2016/index", "source/signatories"} <= docnames_after(status, "writing output")
    home = soup_of(app, "source/index.html")
    assert home.select("ul.statement-list li")[0].a.get_text() == "A renamed statement"


@pytest.mark.sphinx("html", testroot="navigation")
def test_statement_role_links_with_title_and_date(app):
    app.build()
    links = soup_of(app, "source/index.html").select("p a.reference.internal")
    by_text = {a.get_text(): a["href"] for a in links}
    assert by_text["A first statement (19 January 2016)"] == "../statements/2016/2016-01-19-first.html"
    assert by_text["the later one"] == "../statements/2016/2016-03-02-later.html"


def count_sidebar_renders(app) -> list[int]:
    """How many times each build drew the sidebar's table of contents (each variant once), noted at its end."""
    drawn: list[int] = []
    # Before the pipeline drops the build's state (its last build-finished handler, at 900).
    app.connect("build-finished", lambda app, exception: drawn.append(build_state(app.env).sidebars_drawn), priority=800)
    return drawn


@pytest.mark.sphinx("html", testroot="navigation", freshenv=True)
def test_the_sidebar_is_drawn_once_per_variant_not_once_per_page(app):
    written: set[str] = set()
    app.connect("html-page-context", lambda app, page, template, context, doctree: written.add(page))
    renders = count_sidebar_renders(app)
    app.build()
    assert app.warning.getvalue() == ""
    drawn = renders[-1]
    # Two statements of 2016 share one sidebar; pages without a doctree (search, genindex) too.
    assert 0 < drawn < len(written)
    year = app.srcdir / "statements" / "2016"
    model = (year / "2016-01-19-first.md").read_text(encoding="utf-8")
    for day in range(20, 30):
        (year / f"2016-01-{day}-more.md").write_text(model.replace("2016-01-19", f"2016-01-{day}"), encoding="utf-8")
    app.build(force_all=True)
    assert app.warning.getvalue() == ""
    # Ten more statements in a year, not one more drawing: the cost per page does not grow with the archive.
    assert renders[-1] == drawn


@pytest.mark.sphinx("html", testroot="navigation")
def test_each_sidebar_variant_marks_its_own_page(app):
    app.build()
    year_page = soup_of(app, "statements/2016/index.html").select_one(".bd-sidebar-primary nav")
    statement = soup_of(app, "statements/2016/2016-03-02-later.html").select_one(".bd-sidebar-primary nav")
    assert [a.get_text(strip=True) for a in year_page.select("a.current")] == ["2016"]
    assert not statement.select("a.current")
    assert [a.get_text(strip=True) for a in statement.select("li.current > a")] == ["2016"]


@pytest.mark.sphinx("html", testroot="archival", freshenv=True)
@pytest.mark.parametrize("language", ["en", "es"])
def test_a_sidebar_that_lists_the_statements_marks_each_page_its_own(make_app, app_params, language):
    """A project whose theme options do not collapse the navigation lists each year's statements in the sidebar,
    the page's own marked current: the sidebar drawn for one page is not reused for another it lists (it was, and
    a page showed another statement as the current one, differently at -j 1 and -j 2)."""
    args, kwargs = app_params
    app = make_app(*args, **{**kwargs, "confoverrides": {"language": language}})
    app.build()
    pages = sorted(path for path in (app.outdir / "statements" / "2016").glob("2016-*.html"))
    checked = 0
    for page in pages:
        sidebar = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").select_one(".bd-sidebar-primary nav")
        if sidebar is None:  # a renamed statement's former address: a redirect
            continue
        current = [a.get("href") for a in sidebar.select("li.toctree-l2.current > a")]
        listed = [a.get("href") for a in sidebar.select("li.toctree-l2 > a")]
        if len(listed) > 1:
            assert current == ["#"], page.name
            assert page.name not in listed, page.name
            checked += 1
    assert checked >= 3


def sidebar_of(app, page: str) -> str:
    return str(soup_of(app, page).select_one(".bd-sidebar-primary nav"))


@pytest.mark.sphinx("html", testroot="navigation", freshenv=True)
@pytest.mark.parametrize("language", ["en", "es"])
def test_an_edit_of_a_text_draws_no_sidebar_and_a_changed_table_of_contents_draws_them_again(make_app, app_params, language):
    """The sidebars drawn are kept for the next build: an edit of a statement's text reuses them (drawing one
    resolves the whole table of contents, whose size grows with the archive); a new title or a new year draws
    them again, and the pages show it (the application kept from one build to the next, as make preview keeps it)."""
    args, kwargs = app_params
    app = make_app(*args, **{**kwargs, "confoverrides": {"language": language}})
    renders = count_sidebar_renders(app)
    app.build()
    assert app.warning.getvalue() == ""
    assert renders[-1] > 0
    statement = "statements/2016/2016-03-02-later.html"
    before = sidebar_of(app, statement)
    source = app.srcdir / "statements/2016/2016-03-02-later.md"
    source.write_text(source.read_text(encoding="utf-8").replace("A later text.", "Un texto posterior, corregido."), encoding="utf-8")
    app.build()
    assert app.warning.getvalue() == ""
    assert "corregido" in (app.outdir / statement).read_text(encoding="utf-8")
    assert renders[-1] == 0
    assert sidebar_of(app, statement) == before
    # A year's title is in every sidebar: drawn again, and shown.
    year = app.srcdir / "statements/2016/index.md"
    year.write_text(year.read_text(encoding="utf-8").replace("# 2016", "# 2016, the year"), encoding="utf-8")
    app.build()
    assert app.warning.getvalue() == ""
    assert renders[-1] > 0
    assert "2016, the year" in sidebar_of(app, "statements/2016/index.html")
    # A new year, as well: in the sidebar of the pages written.
    (app.srcdir / "statements/2017").mkdir()
    (app.srcdir / "statements/2017/index.md").write_text("# 2017\n\n```{statement-year}\n```\n", encoding="utf-8")
    (app.srcdir / "statements/2017/2017-02-01-new.md").write_text(
        source.read_text(encoding="utf-8").replace("2016-03-02", "2017-02-01").replace("A later statement", "A new statement"),
        encoding="utf-8",
    )
    app.build()
    assert app.warning.getvalue() == ""
    assert renders[-1] > 0
    for page in ("statements/2017/2017-02-01-new.html", "statements/2016/index.html"):
        years = [a.get_text(strip=True) for a in soup_of(app, page).select(".bd-sidebar-primary nav a")]
        assert years[-3:] == ["2015", "2016, the year", "2017"], (page, years)


@pytest.mark.sphinx("html", testroot="archival", freshenv=True)
def test_a_sidebar_that_lists_the_statements_is_written_again_on_every_page_with_a_new_title(app):
    """A project whose theme options do not collapse the navigation lists the statements in every page's sidebar:
    a statement's new title is written on every page, not only on those the build read or listed it on."""
    app.build()
    source = app.srcdir / "statements/2016/2016-02-01-corrected.md"
    source.write_text(source.read_text(encoding="utf-8").replace("title: A corrected statement", "title: Una declaración corregida"), encoding="utf-8")
    app.build()
    assert app.warning.getvalue() == ""
    pages = [path for path in app.outdir.rglob("*.html") if "_static" not in path.parts]
    sidebars = [nav for nav in (BeautifulSoup(p.read_text(encoding="utf-8"), "html.parser").select_one(".bd-sidebar-primary nav") for p in pages) if nav]
    assert len(sidebars) > 5
    for nav in sidebars:
        text = nav.get_text(" ", strip=True)
        assert "Una declaración corregida" in text and "A corrected statement" not in text
