"""Archival integrity: the ledger of published ids, moved and withdrawn statements, corrections, originals."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
import subprocess
import zipfile
from pathlib import Path

import bibtexparser
import pytest
import rispy
from archive_copy import archive_cli
from bs4 import BeautifulSoup
from epub_checks import run_epubcheck
from paths import ROOTS
from sphinx.util.console import strip_colors
from sphinx.util.inventory import InventoryFile

from solidarity_archive.core import ledger
from solidarity_archive.core.model import Place, Signatory, Statement
from solidarity_archive.core.registry import Registry
from solidarity_archive.core.validation import read_statement
from solidarity_archive.myst import parse_statement_text

ROOT = ROOTS / "test-archival"
Y = "statements/2016"
NEW = f"{Y}/2016-01-20-new-name"
CORRECTED = f"{Y}/2016-02-01-corrected"
WITHDRAWN = f"{Y}/2016-03-01-withdrawn"
ORIGINAL = f"{Y}/2016-04-01-with-original"
TODAY = dt.date(2026, 1, 1)


def warnings_of(app) -> list[str]:
    return [line for line in strip_colors(app.warning.getvalue()).splitlines() if "WARNING" in line]


def soup(app, docname: str) -> BeautifulSoup:
    return BeautifulSoup(Path(app.outdir, docname + ".html").read_text(encoding="utf-8"), "html.parser")


def copy_root(tmp_path: Path) -> Path:
    root = tmp_path / "archive"
    shutil.copytree(ROOT, root)
    return root


def flip_a_byte(path: Path) -> None:
    data = bytearray(path.read_bytes())
    data[20] ^= 0x01
    path.write_bytes(bytes(data))


# -- the frontmatter fields (pure) ------------------------------------------------------

HEAD = "---\ntitle: T\ndate: 2016-01-19\nplace: San Salvador, El Salvador\nsignatories: [cispes]\nlanguage: en\n"


def problems_of(extra: str, name: str = "2016-01-19-t") -> list[str]:
    registry = Registry({"cispes": Signatory("cispes", "CISPES", "United States")})
    text = HEAD + extra + "---\n\nText.\n"
    result = read_statement(text.encode(), path=f"{Y}/{name}.md", docname=f"{Y}/{name}", registry=registry, today=TODAY, markdown=parse_statement_text)
    return [str(p) for p in result.problems]


def test_valid_archival_fields_make_a_record():
    registry = Registry({"cispes": Signatory("cispes", "CISPES", "United States")})
    text = HEAD + (
        "former_ids: [2016-01-18-old]\n"
        "corrections:\n  - date: 2016-03-03\n    change: A typo in the title was corrected.\n"
        "withdrawn:\n  date: 2017-01-01\n  reason: At the signatory's request.\n"
        f"source:\n  file: t.pdf\n  sha256: {'a' * 64}\n"
        "---\n\nText.\n"
    )
    result = read_statement(
        text.encode(), path=f"{Y}/2016-01-19-t.md", docname=f"{Y}/2016-01-19-t", registry=registry, today=TODAY, markdown=parse_statement_text
    )
    assert result.problems == []
    statement = result.statement
    assert statement.former_ids == ("2016-01-18-old",)
    assert statement.modified == dt.date(2016, 3, 3)
    assert statement.withdrawn.reason == "At the signatory's request."
    assert statement.original.file == "t.pdf" and statement.original.sha256 == "a" * 64
    assert result.field_lines["source"] == 14


@pytest.mark.parametrize(
    ("extra", "expected"),
    [
        (
            "corrections:\n  - date: 2016-01-01\n    change: Fixed.\n",
            "statements/2016/2016-01-19-t.md:8: corrections[1].date '2016-01-01' is before the statement's date 2016-01-19; expected a date on or after it [statement.corrections]",
        ),
        (
            "corrections:\n  - date: 2027-01-01\n    change: Fixed.\n",
            "statements/2016/2016-01-19-t.md:8: corrections[1].date '2027-01-01' is in the future (today is 2026-01-01); expected a date no later than today [statement.corrections]",
        ),
        (
            "corrections:\n  - date: 2016-03-03\n",
            "statements/2016/2016-01-19-t.md:8: corrections[1] needs change (a date as YYYY-MM-DD, and what changed, in one sentence) [statement.corrections]",
        ),
        (
            "withdrawn:\n  date: 2015-01-01\n  reason: Asked.\n",
            "statements/2016/2016-01-19-t.md:7: withdrawn.date '2015-01-01' is before the statement's date 2016-01-19; expected a date on or after it [statement.withdrawn]",
        ),
        (
            "former_ids: [2016-01-19-t]\n",
            "statements/2016/2016-01-19-t.md:7: former_ids lists '2016-01-19-t', the statement's own id: a redirect to itself would loop; remove it [statement.former-ids]",
        ),
        (
            "former_ids: [Old Name.md]\n",
            "statements/2016/2016-01-19-t.md:7: former id 'Old Name.md' is not a statement id; expected YYYY-MM-DD-short-slug, the old file name without .md [statement.former-ids]",
        ),
        (
            "source:\n  file: ../../secret.pdf\n  sha256: " + "a" * 64 + "\n",
            "statements/2016/2016-01-19-t.md:8: source.file '../../secret.pdf' must be a path relative to the statement's folder, inside the archive (no '..', no absolute path) [statement.original]",
        ),
        (
            "source:\n  file: t.docx\n  sha256: " + "a" * 64 + "\n",
            "statements/2016/2016-01-19-t.md:8: source.file 't.docx' is not a kind of file the archive keeps; expected one of .pdf, .png, .jpg, .jpeg, .txt, .eml [statement.original]",
        ),
        (
            "source:\n  file: t.pdf\n",
            "statements/2016/2016-01-19-t.md:8: source.file is given without source.sha256; an original needs both (sha256sum FILE prints the checksum) [statement.original]",
        ),
        (
            "source:\n  file: t.pdf\n  sha256: ABC\n",
            "statements/2016/2016-01-19-t.md:9: source.sha256 'ABC' is not a SHA-256 checksum; expected 64 lowercase hexadecimal digits [statement.original]",
        ),
    ],
)
def test_archival_fields_are_checked_with_their_line(extra, expected):
    assert problems_of(extra) == [expected]


def _statement(sid: str, former: tuple[str, ...] = ()) -> Statement:
    return Statement(sid, f"{Y}/{sid}", "T", dt.date(2016, 1, 1), Place("A", "B"), ("cispes",), "en", former_ids=former)


def test_former_id_conflicts_are_located():
    claims = [
        ledger.Claim(_statement("2016-01-01-a", ("2016-01-01-old",)), "a.md", 7),
        ledger.Claim(_statement("2016-01-01-b", ("2016-01-01-old", "2016-01-01-c")), "b.md", 8),
        ledger.Claim(_statement("2016-01-01-c", ("2016-01-01-b",)), "c.md", 9),
    ]
    messages = [str(p) for p in ledger.former_id_problems(claims, {"2016-01-01-a", "2016-01-01-b", "2016-01-01-c"})]
    assert messages == [
        "b.md:8: former id '2016-01-01-old' is also claimed by '2016-01-01-a' (a.md:7); an old address can redirect to one statement only [statement.former-ids]",
        "b.md:8: former id '2016-01-01-c' redirects here, and this statement's id '2016-01-01-b' is a former id of '2016-01-01-c': a redirect loop; keep the former id on one of them only [statement.former-ids]",
        "c.md:9: former id '2016-01-01-b' redirects here, and this statement's id '2016-01-01-c' is a former id of '2016-01-01-b': a redirect loop; keep the former id on one of them only [statement.former-ids]",
    ]
    live = [str(p) for p in ledger.former_id_problems([claims[0]], {"2016-01-01-a", "2016-01-01-old"})]
    assert live == [
        "a.md:7: former id '2016-01-01-old' is the id of a statement still in the archive; a former id must be one no statement has now (remove it, or rename that statement) [statement.former-ids]"
    ]


def test_ledger_is_parsed_strictly():
    parsed = ledger.parse_ledger("# c\n2016-01-01-a\n2016-01-01-a\nnot an id\n", "statements/published.txt")
    assert list(parsed.ids) == ["2016-01-01-a"]
    assert [str(p) for p in parsed.problems] == [
        "statements/published.txt:3: '2016-01-01-a' is listed twice (first on line 2) [statement.ledger]",
        "statements/published.txt:4: 'not an id' is not a statement id; expected one id a line, YYYY-MM-DD-short-slug [statement.ledger]",
    ]


# -- make check ---------------------------------------------------------------------------


def test_check_passes_and_reports_fixity(tmp_path):
    root = copy_root(tmp_path)
    result = archive_cli("check", "--fixity", cwd=root)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "ok         2016-04-01-with-original: 2016-04-01-with-original.pdf (142 bytes)" in result.stdout
    assert "1 of 1 original(s) match their recorded SHA-256." in result.stdout
    # Not a git checkout: it says what it could not compare.
    assert "not compared with the last commit: the archive is not a git checkout" in result.stderr


def test_renaming_a_published_statement_without_former_ids_fails_check(tmp_path):
    root = copy_root(tmp_path)
    renamed = root / f"{NEW}.md"
    text = renamed.read_text(encoding="utf-8").replace("former_ids:\n  - 2016-01-19-old-name\n", "")
    renamed.write_text(text, encoding="utf-8")
    result = archive_cli("check", cwd=root)
    assert result.returncode == 1
    assert (
        "statements/published.txt:2: published id '2016-01-19-old-name' has no statement and no redirect: its address would break. "
        "If the file was renamed, add 'former_ids: [2016-01-19-old-name]' to the renamed statement; "
        "if it was taken down, keep the file and add 'withdrawn:' with a date and a reason [statement.ledger]"
    ) in result.stdout


def test_update_ledger_adds_unlisted_ids(tmp_path):
    root = copy_root(tmp_path)
    before = (root / "statements/published.txt").read_text()
    assert "2016-01-20-new-name" not in before
    result = archive_cli("check", "--update-ledger", cwd=root)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "added 1 id: 2016-01-20-new-name" in result.stderr
    ids = [line for line in (root / "statements/published.txt").read_text().splitlines() if not line.startswith("#")]
    assert ids == sorted(ids) and "2016-01-20-new-name" in ids and "2016-01-19-old-name" in ids


def test_a_flipped_byte_in_the_original_fails_check(tmp_path):
    root = copy_root(tmp_path)
    flip_a_byte(root / f"{ORIGINAL}.pdf")
    result = archive_cli("check", "--fixity", cwd=root)
    assert result.returncode == 1
    line = next(line for line in result.stdout.splitlines() if "[statement.original]" in line)
    assert line.startswith(f"{ORIGINAL}.md:8: fixity: {ORIGINAL}.pdf has SHA-256 ")
    assert "changed    2016-04-01-with-original" in result.stdout


def test_missing_original_fails_check(tmp_path):
    root = copy_root(tmp_path)
    (root / f"{ORIGINAL}.pdf").unlink()
    result = archive_cli("check", cwd=root)
    assert result.returncode == 1
    assert f"{ORIGINAL}.md:8: source.file '2016-04-01-with-original.pdf': the original {ORIGINAL}.pdf is missing" in result.stdout


def _git(root: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True)


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git to compare with the last commit")
def test_a_changed_title_needs_a_correction_entry(tmp_path):
    root = copy_root(tmp_path)
    _git(root, "init", "-q")
    _git(root, "add", ".")
    _git(root, "-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-q", "-m", "seed")
    path = root / f"{NEW}.md"
    path.write_text(path.read_text().replace("title: A renamed statement", "title: A retitled statement"))
    result = archive_cli("check", cwd=root)
    assert result.returncode == 1
    assert (
        f"{NEW}.md:2: title of a published statement changed (title was 'A renamed statement', now 'A retitled statement') "
        "without a correction entry; add one under 'corrections:' (date, and what changed in one sentence) [statement.corrections]"
    ) in result.stdout
    path.write_text(path.read_text().replace("former_ids:", "corrections:\n  - date: 2016-05-01\n    change: The title was misread.\nformer_ids:"))
    result = archive_cli("check", cwd=root)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "not compared" not in result.stderr


# -- the build ----------------------------------------------------------------------------


@pytest.mark.sphinx("html", testroot="archival")
def test_moved_withdrawn_corrected_and_original_on_the_website(app):
    app.build()
    assert warnings_of(app) == []
    out = Path(app.outdir)

    # Moved: the old address sends the reader on; the old id resolves.
    old = BeautifulSoup((out / f"{Y}/2016-01-19-old-name.html").read_text(encoding="utf-8"), "html.parser")
    assert old.select_one('link[rel="canonical"]')["href"] == "https://archive.example.org/statements/2016/2016-01-20-new-name.html"
    assert old.select_one('meta[http-equiv="refresh"]')["content"] == "0; url=2016-01-20-new-name.html"
    assert old.select_one("main a")["href"] == "2016-01-20-new-name.html"
    inventory = InventoryFile.loads((out / "objects.inv").read_bytes(), uri="https://archive.example.org/").data["statement:statement"]
    assert inventory["2016-01-19-old-name"].uri == "https://archive.example.org/statements/2016/2016-01-20-new-name.html"
    assert inventory["2016-01-20-new-name"].uri == inventory["2016-01-19-old-name"].uri
    role = soup(app, "source/index").select_one("a .statement-ref").parent
    assert role["href"] == "../statements/2016/2016-01-20-new-name.html"
    sitemap = (out / "sitemap.xml").read_text(encoding="utf-8")
    assert "2016-01-20-new-name.html" in sitemap and "old-name" not in sitemap

    # Withdrawn: a tombstone at the address, out of listings, feeds and search.
    tomb = soup(app, WITHDRAWN)
    assert tomb.select_one("h1").get_text().startswith("A withdrawn statement")
    assert "withdrawn on 2 May 2016: The signatory asked" in tomb.select_one(".statement-withdrawn").get_text()
    assert tomb.select_one(".statement-text") is None and "no longer published" in tomb.get_text()
    assert tomb.select_one(".cite-box") is not None
    assert tomb.select_one("[data-pagefind-body]") is None
    listing = soup(app, f"{Y}/index").select(".statement-list a")
    assert "A withdrawn statement" not in [a.get_text() for a in listing] and "A corrected statement" in [a.get_text() for a in listing]
    feed = (out / "feeds/atom.xml").read_text(encoding="utf-8")
    assert "withdrawn" not in feed
    assert "2016-03-01-withdrawn" not in json.dumps(sorted(p.name for p in (out / "pagefind").rglob("*")))

    # Corrected: on the page, in JSON-LD, in the feed and in the downloads.
    page = soup(app, CORRECTED)
    assert page.select_one(".statement-correction").get_text() == "Corrected on 3 March 2016: The second signatory, left out in transcription, was added."
    data = json.loads(page.select_one('script[type="application/ld+json"]').string)
    assert data["dateModified"] == "2016-03-03" and data["datePublished"] == "2016-02-01"
    entry = BeautifulSoup(feed, "xml").find("id", string="https://archive.example.org/statements/2016/2016-02-01-corrected.html").parent
    assert entry.find("updated").string == "2016-03-03T00:00:00+00:00" and entry.find("published").string == "2016-02-01T00:00:00+00:00"
    note = "Corrected on 2016-03-03: The second signatory, left out in transcription, was added."
    assert json.loads((out / "downloads/2016-02-01-corrected.json").read_text())[0]["note"] == note
    (record,) = rispy.loads((out / "downloads/2016-02-01-corrected.ris").read_text())
    assert note in record["notes"]
    (bib,) = bibtexparser.parse_string((out / "downloads/2016-02-01-corrected.bib").read_text()).entries
    assert note in bib["note"]

    # Original: copied and linked with its kind and size.
    link = soup(app, ORIGINAL).select_one("a.statement-original")
    assert link.get_text() == "Original document (PDF, 142 bytes)"
    assert link["href"] == "../../originals/2016-04-01-with-original/2016-04-01-with-original.pdf"
    copied = out / "originals/2016-04-01-with-original/2016-04-01-with-original.pdf"
    assert copied.read_bytes() == (Path(app.srcdir) / f"{ORIGINAL}.pdf").read_bytes()


@pytest.mark.sphinx("html", testroot="archival")
def test_a_flipped_byte_in_the_original_fails_the_build(app):
    flip_a_byte(Path(app.srcdir) / f"{ORIGINAL}.pdf")
    app.build()
    (warning,) = warnings_of(app)
    assert f"{ORIGINAL}.md:8: WARNING: fixity: {ORIGINAL}.pdf has SHA-256 " in warning
    assert warning.endswith("[statement.original]")
    assert not (Path(app.outdir) / "originals/2016-04-01-with-original/2016-04-01-with-original.pdf").exists()


@pytest.mark.sphinx("html", testroot="archival")
def test_renamed_statement_without_former_ids_fails_the_build(app):
    path = Path(app.srcdir) / f"{NEW}.md"
    path.write_text(path.read_text().replace("former_ids:\n  - 2016-01-19-old-name\n", ""))
    app.build()
    messages = [w for w in warnings_of(app) if "statement.ledger" in w]
    # The old id no longer resolves either: the home page's reference to it is reported.
    assert any("2016-01-19-old-name" in w and "statement.ledger" not in w for w in warnings_of(app))
    assert len(messages) == 1 and "published.txt:2: WARNING: published id '2016-01-19-old-name' has no statement and no redirect" in messages[0]


@pytest.mark.sphinx("html", testroot="archival")
def test_former_id_of_a_live_statement_is_a_located_error(app):
    path = Path(app.srcdir) / f"{CORRECTED}.md"
    path.write_text(path.read_text().replace("language: en\n", "language: en\nformer_ids: [2016-04-01-with-original]\n"))
    app.build()
    assert any(
        f"{CORRECTED}.md:9: WARNING: former id '2016-04-01-with-original' is the id of a statement still in the archive" in w
        and w.endswith("[statement.former-ids]")
        for w in warnings_of(app)
    )
    # Never written over the live page.
    assert "with its original" in (Path(app.outdir) / f"{ORIGINAL}.html").read_text()


@pytest.mark.sphinx("epub", testroot="archival", confoverrides={"epub_basename": "archive"})
@pytest.mark.slow
def test_the_epub_links_the_original_online_and_keeps_the_tombstone(app):
    app.build()
    assert warnings_of(app) == []
    with zipfile.ZipFile(Path(app.outdir, "archive.epub")) as book:
        names = book.namelist()
        page = BeautifulSoup(book.read(f"{ORIGINAL}.xhtml"), "html.parser")
        assert f"{WITHDRAWN}.xhtml" in names
    assert not any(name.endswith(".pdf") for name in names)
    link = page.select_one("a.statement-original")
    assert link["href"] == "https://archive.example.org/originals/2016-04-01-with-original/2016-04-01-with-original.pdf"
    assert link.get_text() == "Original document (PDF, 142 bytes), kept in the online archive"
    report = run_epubcheck(Path(app.outdir, "archive.epub"))
    assert "No errors or warnings detected" in report, report


@pytest.mark.slow
def test_parallel_build_writes_the_same_pages(make_app, tmp_path):
    built = []
    for jobs in (1, 2):
        srcdir = tmp_path / f"j{jobs}"
        shutil.copytree(ROOT, srcdir)
        app = make_app("html", srcdir=srcdir, parallel=jobs)
        app.build()
        assert warnings_of(app) == []
        built.append({str(p.relative_to(app.outdir)): p.read_bytes() for p in sorted(Path(app.outdir).rglob("*.html"))})
        app.cleanup()
    serial, parallel = built
    assert serial.keys() == parallel.keys() and f"{Y}/2016-01-19-old-name.html" in serial
    assert [name for name in serial if serial[name] != parallel[name]] == []


# -- new and import record the original and the id ------------------------------------------

NEW_FLAGS = ("--title", "Un pronunciamiento", "--date", "2016-06-01", "--place", "San Salvador, El Salvador", "--signatory", "cispes", "--language", "es")


def test_new_with_an_original_records_its_checksum_and_the_ledger_the_id(tmp_path):
    root = copy_root(tmp_path)
    text = tmp_path / "text.md"
    text.write_text("El texto.\n", encoding="utf-8")
    result = archive_cli("new", *NEW_FLAGS, "--text", str(text), "--original", str(ROOT / f"{ORIGINAL}.pdf"), cwd=root)
    assert result.returncode == 0, result.stderr
    kept = root / f"{Y}/2016-06-01-un-pronunciamiento.pdf"
    assert kept.read_bytes() == (ROOT / f"{ORIGINAL}.pdf").read_bytes()
    written = (root / f"{Y}/2016-06-01-un-pronunciamiento.md").read_text(encoding="utf-8")
    sha = hashlib.sha256(kept.read_bytes()).hexdigest()
    assert f'source:\n  file: "2016-06-01-un-pronunciamiento.pdf"\n  sha256: {sha}\n' in written
    assert "2016-06-01-un-pronunciamiento\n" in (root / "statements/published.txt").read_text()
    assert "added 2016-06-01-un-pronunciamiento to statements/published.txt" in result.stderr
    checked = archive_cli("check", "--fixity", cwd=root)
    assert "ok         2016-06-01-un-pronunciamiento: 2016-06-01-un-pronunciamiento.pdf (142 bytes)" in checked.stdout


def test_new_refuses_an_original_of_another_kind(tmp_path):
    root = copy_root(tmp_path)
    text = tmp_path / "text.md"
    text.write_text("El texto.\n", encoding="utf-8")
    fake = tmp_path / "scan.pdf"
    fake.write_bytes(b"not a pdf at all")
    result = archive_cli("new", *NEW_FLAGS, "--text", str(text), "--original", str(fake), cwd=root)
    assert result.returncode == 1
    assert "--original: scan.pdf does not start as a PDF file does; expected a real PDF; nothing was written." in result.stderr
    assert not (root / f"{Y}/2016-06-01-un-pronunciamiento.md").exists()


def test_import_keeps_a_text_release_as_its_original(tmp_path):
    root = copy_root(tmp_path)
    release = tmp_path / "release.txt"
    release.write_text(
        "PRESS RELEASE\n\nA Statement on Water\n\nWe, the Committee in Solidarity with the People of El Salvador (CISPES), "
        "demand water for all.\n\nSan Salvador, El Salvador\nJune 2, 2016\n",
        encoding="utf-8",
    )
    result = archive_cli("import", str(release), "--signatory", "cispes", "--slug", "water", cwd=root)
    assert result.returncode == 0, result.stderr
    kept = root / f"{Y}/2016-06-02-water.txt"
    assert kept.read_bytes() == release.read_bytes()
    assert hashlib.sha256(release.read_bytes()).hexdigest() in (root / f"{Y}/2016-06-02-water.md").read_text()
    assert "2016-06-02-water\n" in (root / "statements/published.txt").read_text()
    assert archive_cli("check", cwd=root).returncode == 0


@pytest.mark.sphinx("html", testroot="archival")
def test_tombstones_count_as_present_for_nothing_lost(app):
    def lose_the_tombstone(app, exception):
        Path(app.outdir, f"{WITHDRAWN}.html").unlink()

    app.connect("build-finished", lose_the_tombstone, priority=850)
    app.build()
    lost = [w for w in warnings_of(app) if "nothing lost" in w]
    assert lost == ["WARNING: nothing lost: 1 statement(s) on disk are missing from the HTML pages: 2016-03-01-withdrawn [statement.lost]"]


def test_fixity_is_checked_on_every_build_not_only_when_the_statement_changes(make_app, tmp_path):
    srcdir = copy_root(tmp_path)
    first = make_app("html", srcdir=srcdir)
    first.build()
    assert warnings_of(first) == []
    first.cleanup()
    pdf = srcdir / f"{ORIGINAL}.pdf"
    before = pdf.stat()
    flip_a_byte(pdf)
    # Bit rot keeps the file's time: Sphinx sees nothing to re-read, the fixity check still runs.
    os.utime(pdf, ns=(before.st_atime_ns, before.st_mtime_ns))
    second = make_app("html", srcdir=srcdir)
    second.build()
    assert "0 added, 0 changed, 0 removed" in strip_colors(second.status.getvalue())
    assert [w for w in warnings_of(second) if "fixity:" in w and w.endswith("[statement.original]")]


def test_the_old_id_resolves_through_intersphinx(make_app, tmp_path):
    archive = make_app("html", srcdir=copy_root(tmp_path))
    archive.build()
    assert warnings_of(archive) == []
    archive.cleanup()
    citing_src = tmp_path / "citing"
    shutil.copytree(ROOT.parent / "test-citing", citing_src)
    index = citing_src / "source/index.md"
    index.write_text(index.read_text().replace("2016-01-19-seed", "2016-01-19-old-name"))
    citing = make_app("html", srcdir=citing_src, confoverrides={"intersphinx_mapping": {"archive": (str(archive.outdir), None)}})
    citing.build()
    assert warnings_of(citing) == []
    link = BeautifulSoup((Path(citing.outdir) / "source/index.html").read_text(encoding="utf-8"), "html.parser").select_one("a.reference.external")
    assert Path(link["href"]) == Path(archive.outdir) / f"{NEW}.html"


def test_an_original_reached_through_a_symlink_outside_the_archive_is_refused(tmp_path):
    from solidarity_archive.core.originals import check_original

    root = copy_root(tmp_path)
    outside = tmp_path / "elsewhere.pdf"
    shutil.copy(root / f"{ORIGINAL}.pdf", outside)
    (root / f"{ORIGINAL}.pdf").unlink()
    (root / f"{ORIGINAL}.pdf").symlink_to(outside)
    text = (root / f"{ORIGINAL}.md").read_bytes()
    registry = Registry({"cispes": Signatory("cispes", "CISPES", "United States")})
    statement = read_statement(text, path=f"{ORIGINAL}.md", docname=ORIGINAL, registry=registry, today=TODAY, markdown=parse_statement_text).statement
    result = check_original(root, f"{ORIGINAL}.md", statement, 8)
    assert result.status == "outside"
    assert (
        str(result.problem)
        == f"{ORIGINAL}.md:8: source.file '2016-04-01-with-original.pdf' leads outside the archive's folder; keep the original inside it, next to the statement [statement.original]"
    )


@pytest.mark.sphinx("html", testroot="archival")
def test_the_build_refuses_and_never_copies_an_original_outside_the_archive(app, tmp_path):
    pdf = Path(app.srcdir) / f"{ORIGINAL}.pdf"
    outside = tmp_path / "elsewhere.pdf"
    shutil.copy(pdf, outside)
    pdf.unlink()
    pdf.symlink_to(outside)
    app.build()
    assert any("leads outside the archive's folder" in w and f"{ORIGINAL}.md:8" in w for w in warnings_of(app))
    assert not (Path(app.outdir) / "originals").exists()


def test_renaming_with_former_ids_between_two_builds_turns_the_old_page_into_a_redirect(make_app, tmp_path):
    srcdir = copy_root(tmp_path)
    first = make_app("html", srcdir=srcdir)
    first.build()
    assert warnings_of(first) == []
    first.cleanup()
    old, new = srcdir / f"{CORRECTED}.md", srcdir / f"{Y}/2016-02-01-corrected-statement.md"
    new.write_text(old.read_text().replace("language: en\n", "language: en\nformer_ids: [2016-02-01-corrected]\n"))
    old.unlink()
    second = make_app("html", srcdir=srcdir)
    second.build()
    assert warnings_of(second) == []  # the ledger's id is a former id; nothing lost
    page = BeautifulSoup((Path(second.outdir) / f"{CORRECTED}.html").read_text(encoding="utf-8"), "html.parser")
    assert page.select_one('meta[http-equiv="refresh"]')["content"] == "0; url=2016-02-01-corrected-statement.html"
    assert page.select_one("section.statement") is None
    assert not (Path(second.outdir) / "downloads/2016-02-01-corrected.bib").exists()
