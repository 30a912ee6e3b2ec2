"""Translated code blocks on the hand-written pages (``gettext_additional_targets = ["literal-block"]``).

Sphinx translates a code block by parsing ``::`` followed by the indented translation as
reStructuredText; MyST reads that as a paragraph "::", and the page would show "::" instead of the
block. So the blocks are translated here, first, as they are written in the catalog: the
translation replaces the block's text and keeps its language and highlighting, and Sphinx's own
translation then leaves the block alone (it is marked translated). Statements are never translated
this way: they have no catalog.
"""

from __future__ import annotations

from docutils import nodes
from sphinx.locale import init as init_locale
from sphinx.transforms import SphinxTransform
from sphinx.util.i18n import docname_to_domain
from sphinx.util.nodes import LITERAL_TYPE_NODES, extract_messages


class TranslateLiteralBlocks(SphinxTransform):
    def apply(self, **kwargs) -> None:
        if "literal-block" not in self.config.gettext_additional_targets or not self.config.language:
            return
        domain = docname_to_domain(self.env.current_document.docname, self.config.gettext_compact)
        folders = [self.env.srcdir / folder for folder in self.config.locale_dirs]
        catalog, found = init_locale(folders, self.config.language, domain)
        if not found:
            return
        for node, message in extract_messages(self.document):
            if not isinstance(node, LITERAL_TYPE_NODES) or not isinstance(node, nodes.literal_block):
                continue
            translation = catalog.gettext(message)
            if not translation.strip() or translation == message:
                continue
            node.children = [nodes.Text(translation)]
            node.rawsource = translation
            node["translated"] = True
