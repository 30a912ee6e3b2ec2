"""Public addresses: one helper makes each, whichever builder runs."""

from types import SimpleNamespace

from solidarity_archive.core.settings import OPTIONS
from solidarity_archive.sphinx_ext.urls import (
    folder_of,
    interface_url,
    online_url,
    page_url,
    public_url,
    website_path,
)


def config(base="https://a.org/archive/", suffix=None):
    """A configuration as Sphinx gives it: every archive option at its default but the base URL."""
    settings = {option.name: option.default for option in OPTIONS}
    return SimpleNamespace(**{**settings, "archive_base_url": base, "html_file_suffix": suffix})


def test_public_url_joins_the_base_and_a_path_once():
    assert public_url(config(), "downloads/x.bib") == "https://a.org/archive/downloads/x.bib"
    assert public_url(config("https://a.org/archive"), "downloads/x.bib") == "https://a.org/archive/downloads/x.bib"
    assert public_url(config(""), "downloads/x.bib") == "downloads/x.bib"


def test_a_left_out_statement_links_to_its_website_page_not_to_an_epub_page():
    assert public_url(config(), website_path(config(), "statements/2016/x")) == "https://a.org/archive/statements/2016/x.html"
    assert website_path(config(suffix=".htm"), "statements/2016/x") == "statements/2016/x.htm"


def test_online_addresses_need_a_base_url():
    assert online_url(config(""), "downloads/x.bib") is None
    assert online_url(config(), "downloads/x.bib") == "https://a.org/archive/downloads/x.bib"


def builder(name):
    return SimpleNamespace(name=name, get_target_uri=lambda docname: docname + (".xhtml" if name == "epub" else ".html"))


def test_a_page_url_is_the_website_builders_address():
    app = SimpleNamespace(config=config(), builder=builder("html"))
    assert page_url(app, "statements/2016/x") == "https://a.org/archive/statements/2016/x.html"
    assert page_url(SimpleNamespace(config=config(), builder=builder("epub")), "statements/2016/x") is None
    assert page_url(SimpleNamespace(config=config(""), builder=builder("html")), "statements/2016/x") is None


def interface(language, interfaces):
    return SimpleNamespace(**{**vars(config()), "language": language, "archive_interfaces": interfaces})


def test_a_page_has_the_roots_address_in_every_interface_and_only_an_interfaces_files_its_folder():
    assert [folder_of(language, ["en", "es"]) for language in ("en", "es")] == ["", "es/"]
    assert folder_of("es", ["es", "en"]) == "" and folder_of("en", []) == ""
    spanish = interface("es", ["en", "es"])
    assert public_url(spanish, "statements/2016/x.html") == "https://a.org/archive/statements/2016/x.html"
    assert page_url(SimpleNamespace(config=spanish, builder=builder("html")), "statements/2016/x") == "https://a.org/archive/statements/2016/x.html"
    assert interface_url(spanish, "feeds/atom.xml") == "https://a.org/archive/es/feeds/atom.xml"
    assert interface_url(interface("en", ["en", "es"]), "feeds/atom.xml") == "https://a.org/archive/feeds/atom.xml"
    assert interface_url(config(), "feeds/atom.xml") == "https://a.org/archive/feeds/atom.xml"
