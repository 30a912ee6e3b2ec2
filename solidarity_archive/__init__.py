"""The statements archive: a Sphinx extension and its command-line tool.

``setup()`` only registers; each concern lives in its own module.
"""

from __future__ import annotations

__version__ = "0.1.0"


def setup(app):
    from solidarity_archive.sphinx_ext import (
        config,
        domain,
        header,
        i18n,
        kept_problems,
        listings,
        reading,
        statement_parser,
    )

    config.register(app)
    i18n.register(app)
    app.connect("builder-inited", i18n.templates_fall_back)
    app.connect("config-inited", i18n.compile_page_catalogs)
    # Code blocks of the hand-written pages, translated before Sphinx would parse them as reST.
    app.setup_extension("solidarity_archive.sphinx_ext.literal_blocks")
    # After the dossier command's own settings (priority 800), so the kept settings are final.
    app.connect("config-inited", config.check_settings, priority=900)
    app.add_domain(domain.StatementDomain)
    app.add_domain(domain.ArchiveStandardDomain, override=True)
    app.connect("env-before-read-docs", domain.note_read_before)
    app.connect("env-updated", domain.forget_read_before)
    app.add_role("statement", domain.StatementRefRole(warn_dangling=True))

    app.connect("env-get-outdated", reading.load_registry)
    app.connect("env-before-read-docs", reading.remember_statements)
    app.connect("env-get-updated", reading.pages_to_rewrite)
    app.connect("source-read", reading.read_frontmatter)
    statement_parser.register(app)
    kept_problems.register(app)
    app.add_transform(reading.StatementPage)
    header.register(app)
    # After Sphinx's own table of contents (priority 500), which it completes.
    app.connect("doctree-read", reading.statement_sections_in_toc, priority=600)

    app.add_node(listings.statement_listing)
    app.add_node(listings.year_listing)
    app.add_directive("statement-list", listings.StatementListDirective)
    app.add_directive("statement-year", listings.StatementYearDirective)
    app.add_directive("statement-years", listings.YearListDirective)
    app.add_directive("signatory-list", listings.SignatoryListDirective)
    app.connect("doctree-resolved", listings.fill_listings)
    # The other directives whose placeholders the writing phase fills (chart, places, downloads, open data).
    app.setup_extension("solidarity_archive.sphinx_ext.placeholders")

    # First among the page-context handlers: what it puts in <head> comes first.
    app.setup_extension("solidarity_archive.html.head")
    app.setup_extension("solidarity_archive.html.builders")
    app.setup_extension("solidarity_archive.html.bilingual")
    app.setup_extension("solidarity_archive.html.navigation")
    app.setup_extension("solidarity_archive.html.assets")
    app.setup_extension("solidarity_archive.sphinx_ext.integrity")  # first: others add nothing-lost sources
    app.setup_extension("solidarity_archive.sphinx_ext.archival")
    app.setup_extension("solidarity_archive.html.site")
    app.setup_extension("solidarity_archive.html.search")
    app.setup_extension("solidarity_archive.sphinx_ext.paragraphs")
    app.setup_extension("solidarity_archive.html.citebox")
    app.setup_extension("solidarity_archive.sphinx_ext.xref")
    app.setup_extension("solidarity_archive.sphinx_ext.termlinks")
    app.setup_extension("solidarity_archive.sphinx_ext.indexentries")
    app.setup_extension("solidarity_archive.html.facets")
    app.setup_extension("solidarity_archive.html.charts")
    app.setup_extension("solidarity_archive.html.offline")
    app.setup_extension("solidarity_archive.html.cms")
    app.setup_extension("solidarity_archive.sphinx_ext.related")
    app.setup_extension("solidarity_archive.sphinx_ext.translations")
    app.setup_extension("solidarity_archive.epub.builder")
    app.setup_extension("solidarity_archive.sphinx_ext.dossier_build")
    app.setup_extension("solidarity_archive.sphinx_ext.safety")
    app.setup_extension("solidarity_archive.sphinx_ext.archive_files")
    app.setup_extension("solidarity_archive.sphinx_ext.footnotes")

    return {"version": __version__, "env_version": 4, "parallel_read_safe": True, "parallel_write_safe": True}
