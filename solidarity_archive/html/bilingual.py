"""One site in several interface languages: ``/en/…``, ``/es/…``, each page linking its twins.

``make html-bilingual`` builds the archive once per language of
``archive_interfaces`` (Sphinx's ``language`` set to it), each into its own
folder of one site, then writes the site's root page, which opens the
interface in the browser's language and offers plain links to each.

In such a build every page carries a language switcher that leads to the
same page in the other interfaces (the same sources give the same pages), and
the public address of each interface is the archive's followed by its
language, so canonical links and citations name the interface's own pages.
"""

from __future__ import annotations

import argparse
import html
import json
import posixpath
import re
import sys
from pathlib import Path

from markupsafe import Markup
from sphinx.errors import ConfigError

from solidarity_archive.core.languages import autonym
from solidarity_archive.core.settings import SettingError
from solidarity_archive.sphinx_ext.builders import is_website
from solidarity_archive.sphinx_ext.config import read_settings
from solidarity_archive.sphinx_ext.i18n import _, interface_language


def interface_base_url(app, config) -> None:
    """``config-inited``, before the canonical address is set: each interface's pages live under its language."""
    try:
        interfaces = read_settings(config).interfaces
    except SettingError:
        return  # the settings check (config-inited, later) stops the build, naming the setting
    if not interfaces:
        return
    language = interface_language(config)
    if language not in interfaces:
        raise ConfigError(f"conf.py: language = {language!r} is not one of archive_interfaces {list(interfaces)}")
    if config.archive_base_url:
        config.archive_base_url = config.archive_base_url.rstrip("/") + f"/{language}/"


def twin_uri(target_uri: str, language: str) -> str:
    """From a page of one interface (``statements/2016/x.html``) to the same page in ``language``."""
    depth = target_uri.count("/")
    return "../" * (depth + 1) + posixpath.join(language, target_uri)


def switcher_html(target_uri: str, current: str, interfaces) -> Markup:
    links = []
    for language in interfaces:
        name = autonym(language)
        if language == current:
            links.append(Markup('<span class="interface-current" lang="{0}" aria-current="true">{1}</span>').format(language, name))
        else:
            links.append(Markup('<a class="interface-link" href="{0}" hreflang="{1}" lang="{1}">{2}</a>').format(twin_uri(target_uri, language), language, name))
    return Markup('<nav class="interface-switcher d-print-none" aria-label="{}">{}</nav>').format(
        _("Interface language"), Markup(" · ").join(links)
    )


def add_switcher(app, pagename, templatename, context, doctree) -> None:
    """``html-page-context``: the switcher, shown above each page's article (layout.html)."""
    interfaces = read_settings(app.config).interfaces
    if not interfaces or not is_website(app.builder):
        return
    context["archive_interface_switcher"] = switcher_html(app.builder.get_target_uri(pagename), interface_language(app.config), interfaces)


# -- the site's root page -------------------------------------------------------------


def root_page(title: str, interfaces) -> str:
    """The root ``index.html``: the browser's preferred interface, else the first, with a link to each."""
    items = "\n".join(
        f'    <li><a href="{html.escape(language)}/index.html" hreflang="{html.escape(language)}" lang="{html.escape(language)}">{html.escape(autonym(language))}</a></li>'
        for language in interfaces
    )
    alternates = "\n".join(
        f'  <link rel="alternate" hreflang="{html.escape(language)}" href="{html.escape(language)}/index.html" />' for language in interfaces
    )
    script = (
        "(function () {\n"
        f"  var offered = {json.dumps(list(interfaces))};\n"
        "  var wanted = (navigator.languages || [navigator.language || \"\"]).map(function (tag) { return String(tag).toLowerCase().split(\"-\")[0]; });\n"
        "  var chosen = wanted.filter(function (tag) { return offered.indexOf(tag) !== -1; })[0] || offered[0];\n"
        "  location.replace(chosen + \"/index.html\");\n"
        "})();"
    )
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{html.escape(interfaces[0])}">\n<head>\n  <meta charset="utf-8" />\n'
        '  <meta name="viewport" content="width=device-width, initial-scale=1" />\n'
        f"  <title>{html.escape(title)}</title>\n{alternates}\n  <script>\n{script}\n  </script>\n</head>\n<body>\n"
        f"  <h1>{html.escape(title)}</h1>\n  <ul>\n{items}\n  </ul>\n</body>\n</html>\n"
    )


def write_root(site: Path, interfaces) -> Path:
    """Write ``site/index.html``, titled like the first interface's home page."""
    first = (site / interfaces[0] / "index.html").read_text(encoding="utf-8")
    found = re.search(r"<title>(.*?)</title>", first, re.S)
    title = html.unescape(found.group(1)).strip() if found else "Archive"
    target = site / "index.html"
    target.write_text(root_page(title, interfaces), encoding="utf-8")
    return target


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m solidarity_archive.html.bilingual", description="write the root page of a site built once per interface language")
    parser.add_argument("site", type=Path, help="the folder holding one built website per language")
    parser.add_argument("languages", nargs="+", help="the interface languages, the default first")
    args = parser.parse_args(argv)
    missing = [language for language in args.languages if not (args.site / language / "index.html").is_file()]
    if missing:
        print(f"no built interface for {', '.join(missing)} in {args.site}", file=sys.stderr)
        return 1
    print(f"wrote {write_root(args.site, args.languages)}")
    return 0


def setup(app):
    app.connect("config-inited", interface_base_url, priority=450)
    app.connect("html-page-context", add_switcher)
    return {"parallel_read_safe": True, "parallel_write_safe": True}


if __name__ == "__main__":
    sys.exit(main())
