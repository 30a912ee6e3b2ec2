"""One citable item per statement: the CSL-JSON item every citation output is rendered from.

The cite box, the downloads and the head tags all start from ``statement_item``.
"""

from __future__ import annotations

from solidarity_archive.core.model import Statement
from solidarity_archive.formats import citation
from solidarity_archive.sphinx_ext.domain import get_domain
from solidarity_archive.sphinx_ext.urls import page_url


def statement_item(app, statement: Statement) -> dict:
    domain = get_domain(app.env)
    authors = [citation.csl_author(domain.signatory(sid), sid) for sid in statement.signatories]
    return citation.csl_item(statement, authors=authors, url=page_url(app, statement.docname), archive=app.config.archive_title)
