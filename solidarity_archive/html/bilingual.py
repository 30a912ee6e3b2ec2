"""One site in several interface languages, each page at one address.

``make html-bilingual`` builds the archive once per language of
``archive_interfaces`` (Sphinx's ``language`` set to it): the first, the
default, at the site's root, where a one-language site has its pages
(``statements/2016/<id>.html``), and every other one in a folder named after
its language (``es/statements/2016/<id>.html``). Every page carries a switcher
to the same page in the other interfaces (the same sources give the same
pages).

A page is cited, shared and found at one address: the root's. The other
interfaces' pages name it as theirs (canonical link, citation metadata, cite
box, Open Graph; see ``sphinx_ext.urls``), so a site that goes from one
interface to two keeps every address, and only the root has the site's
sitemap and its 404 page (the one a host such as GitHub Pages serves).

The default interface's build also keeps the addresses of the earlier
layout, which had it in a folder of its own (``en/…``), as redirects to the
root's pages. Then ``python -m solidarity_archive.html.bilingual`` checks
that every interface was built where the site expects it.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
from pathlib import Path

from markupsafe import Markup
from sphinx.errors import ConfigError

from solidarity_archive.core.languages import autonym
from solidarity_archive.core.settings import SettingError
from solidarity_archive.formats.web import moved_page_html
from solidarity_archive.html.assets import fragment
from solidarity_archive.sphinx_ext.builders import is_website
from solidarity_archive.sphinx_ext.config import archive_settings, read_settings
from solidarity_archive.sphinx_ext.i18n import _, interface_language
from solidarity_archive.sphinx_ext.urls import folder_of, interface_folder, public_url


def check_interface(app, config) -> None:
    """``config-inited``: the interface being built is one of ``archive_interfaces``."""
    try:
        interfaces = read_settings(config).interfaces
    except SettingError:
        return  # the settings check (config-inited, later) stops the build, naming the setting
    language = interface_language(config)
    if interfaces and language not in interfaces:
        raise ConfigError(f"conf.py: language = {language!r} is not one of archive_interfaces {list(interfaces)}")


def twin_uri(target_uri: str, current: str, language: str, interfaces) -> str:
    """From a page of the ``current`` interface (``statements/2016/x.html``) to the same page in ``language``."""
    up = target_uri.count("/") + folder_of(current, interfaces).count("/")
    return "../" * up + folder_of(language, interfaces) + target_uri


def switcher_html(target_uri: str, current: str, interfaces) -> Markup:
    """The links to the same page in every interface (``fragments/interface-switcher.html``)."""
    links = [(language, autonym(language), None if language == current else twin_uri(target_uri, current, language, interfaces)) for language in interfaces]
    return fragment("interface-switcher.html", links=links)


def add_switcher(app, pagename, templatename, context, doctree) -> None:
    """``html-page-context``: the switcher, shown above each page's article (layout.html)."""
    interfaces = read_settings(app.config).interfaces
    if not interfaces or not is_website(app.builder):
        return
    context["archive_interface_switcher"] = switcher_html(app.builder.get_target_uri(pagename), interface_language(app.config), interfaces)


# -- the earlier layout's addresses -------------------------------------------------------


def root_pages(site: Path, interfaces) -> list[str]:
    """The HTML pages of the default interface, as paths from the site's root (``statements/2016/x.html``).

    The other interfaces' folders, the folder of the earlier layout and Sphinx's
    own (``_static``, ``_sources``…) hold none of its pages; nor is the 404 page one.
    """
    skipped = set(interfaces)
    pages = []
    for folder, dirs, files in os.walk(site):
        relative = Path(folder).relative_to(site)
        dirs[:] = sorted(d for d in dirs if not d.startswith("_") and not (relative == Path(".") and d in skipped))
        pages += [(relative / name).as_posix() for name in sorted(files) if name.endswith(".html")]
    return [page for page in pages if page != "404.html"]


def write_old_addresses(app, exception) -> None:
    """``build-finished``, in the default interface of a bilingual build: the earlier layout's addresses.

    That layout had the default interface in a folder of its own (``en/<page>``);
    each of its pages is now a redirect to ``<page>``, at the root. The folder is
    this step's own: what an earlier build left in it goes first.
    """
    if exception is not None or not is_website(app.builder):
        return
    interfaces = read_settings(app.config).interfaces
    if not interfaces or interface_folder(app.config):
        return
    site = Path(app.outdir)
    folder = site / interfaces[0]
    shutil.rmtree(folder, ignore_errors=True)
    titles = {app.builder.get_target_uri(doc): app.env.titles[doc].astext() for doc in app.env.found_docs if doc in app.env.titles}
    language = interface_language(app.config)
    for page in root_pages(site, interfaces):
        target = "../" * (page.count("/") + 1) + page
        canonical = public_url(app.config, page) if archive_settings(app.config).base_url else target
        path = folder / page
        path.parent.mkdir(parents=True, exist_ok=True)
        title = titles.get(page) or page
        text = moved_page_html(
            page_title=title, link_text=title, message=_("This page is now at {link}."), target=target, canonical=canonical, language=language
        )
        path.write_text(text, encoding="utf-8", newline="\n")


# -- after the builds -----------------------------------------------------------------------


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m solidarity_archive.html.bilingual",
        description="check that a site was built once per interface language: the first at its root, the others in folders named after them",
    )
    parser.add_argument("site", type=Path, help="the site: the first interface built at its root, every other one in <site>/<language>/")
    parser.add_argument("languages", nargs="+", help="the interface languages, the default first")
    args = parser.parse_args(argv)
    where = {language: args.site / folder_of(language, args.languages) / "index.html" for language in args.languages}
    missing = [f"{language} (no {path})" for language, path in where.items() if not path.is_file()]
    if missing:
        print(f"no built interface for {', '.join(missing)}", file=sys.stderr)
        return 1
    others = ", ".join(f"{language} in {language}/" for language in args.languages[1:])
    print(f"{args.site}: {args.languages[0]} at the root" + (f", {others}" if others else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
