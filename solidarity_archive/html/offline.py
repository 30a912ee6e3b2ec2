"""The website as one download for reading offline: ``make offline``.

``make offline`` builds the website with the Sphinx tag ``offline``; then the
``{offline-download}`` directive (on the open-data page) links to
``data/<name>-website.zip`` and, at the end of the build, that zip is written:
every file of the built site, in a fixed order and with fixed dates, so the
same site gives the same zip. Unzipped and opened from disk, its search works
(``search.py``: the search from disk). Without the tag, no zip and no link.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from docutils import nodes
from sphinx.util import logging

from solidarity_archive.core.text import ascii_slug
from solidarity_archive.sphinx_ext.builders import is_website
from solidarity_archive.sphinx_ext.i18n import lazy
from solidarity_archive.sphinx_ext.placeholders import offline_download

logger = logging.getLogger(__name__)

TAG = "offline"
FOLDER = "data"
#: Every reader-facing string of the download, in one place.
STRINGS = {
    "lead": lazy("The whole website can also be downloaded as one ZIP file, to read offline: "),
    "link": lazy("the website for reading offline (ZIP)"),
    "after": lazy(
        ". Unzip it anywhere (a laptop, a USB stick) and open its index.html in a browser: every page, the downloads and the search work without a connection."
    ),
}
#: The date every file in the zip carries, so that the same site gives the same zip.
FIXED_DATE = (2000, 1, 1, 0, 0, 0)


def zip_name(config) -> str:
    return f"{FOLDER}/{ascii_slug(config.project, 'archive')}-website.zip"


def wanted(app) -> bool:
    return is_website(app.builder) and app.tags.has(TAG)


def fill_download(app, doctree: nodes.document, docname: str) -> None:
    """``doctree-resolved``: the offline copy's download link, where the website has one."""
    for node in list(doctree.findall(offline_download)):
        if not wanted(app):
            node.replace_self([])
            continue
        target = app.builder.get_target_uri(docname)
        depth = target.count("/")
        line = nodes.paragraph("", str(STRINGS["lead"]), classes=["offline-download"])
        line += nodes.reference("", str(STRINGS["link"]), refuri="../" * depth + zip_name(app.config))
        line += nodes.Text(str(STRINGS["after"]))
        node.replace_self(line)


def write_zip(site: Path, name: str) -> int:
    """Every file of ``site`` (but the zip itself) into ``site/name``; the number of files."""
    target = site / name
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_suffix(".zip.part")
    files = sorted(p for p in site.rglob("*") if p.is_file() and p not in (target, partial) and p.name != ".buildinfo")
    with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for path in files:
            info = zipfile.ZipInfo(path.relative_to(site).as_posix(), date_time=FIXED_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, path.read_bytes())
    partial.replace(target)
    return len(files)


def build_zip(app, exception) -> None:
    """``build-finished``, after the search index and the nothing-lost check: the zip."""
    if exception is not None or not wanted(app):
        return
    count = write_zip(Path(app.outdir), zip_name(app.config))
    logger.info(f"offline copy: {count} files in {zip_name(app.config)}")


def setup(app):
    return {"parallel_read_safe": True, "parallel_write_safe": True}
