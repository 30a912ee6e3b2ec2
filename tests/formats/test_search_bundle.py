"""A language's index written from the pages of several Pagefind runs is the index of one run over them all.

Real runs of the pinned Pagefind over small pages in English and Spanish:
accented words (which Pagefind keeps as variants of the folded word),
metadata fields (one that only some pages have), filters, a sort key and
numbered paragraphs. What a bundle holds is read back with ``read_run``
and compared page by page with what Pagefind wrote.
"""

from __future__ import annotations

import gzip
import json
import shutil
from pathlib import Path

import cbor2
import pytest

from solidarity_archive.formats import search_bundle
from solidarity_archive.formats.search_bundle import IndexedPage, LanguageIndex, read_run
from solidarity_archive.html.search import run_pagefind, sort_values

ENGLISH = [
    ("2016/2016-01-19-seed", "Solidarity with the people of El Salvador", "Water is a human right. CARSI funds the police.", None),
    ("2017/2017-03-02-mining", "No to metal mining in Cabañas", "The communities of Cabañas defend their water and their land.", None),
    ("2018/2018-05-01-workers", "Workers' rights in Central America", "Workers in Centroamérica organise against the state of exception.", "2"),
    ("2019/2019-06-05-delegation", "A delegation reports on mining", "The delegation met water defenders in Santa Marta.", None),
    ("2020/2020-09-15-independence", "Independence day", "Two hundred years: the people of Central America are not free yet.", None),
]
SPANISH = [
    ("2014/2014-11-20-morazan", "Solidaridad con Morazán", "El agua es un derecho humano. Morazán exige justicia.", None),
    ("2015/2015-03-24-romero", "Monseñor Romero, presente", "La memoria de Monseñor Romero acompaña a las comunidades de Centroamérica.", "3"),
    ("2021/2021-02-28-elecciones", "Elecciones sin garantías", "Las elecciones de 2021 se celebraron bajo un régimen de excepción.", None),
    ("2022/2022-03-27-excepcion", "No al régimen de excepción", "El régimen de excepción detiene a miles de personas sin garantías.", None),
]


def write_page(site: Path, relative: str, lang: str, title: str, text: str, version: str | None) -> str:
    isodate = relative.split("/")[1][:10]
    version_meta = f'<span data-pagefind-meta="version">{version}</span>' if version else ""
    path = site / "statements" / f"{relative}.html"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        f'<!DOCTYPE html><html lang="{lang}"><head><title>{title}</title></head><body>'
        f'<div data-pagefind-body><div hidden data-pagefind-ignore><span data-pagefind-meta="title">{title}</span>'
        f'<span data-pagefind-meta="isodate">{isodate}</span><span data-pagefind-sort="date">{isodate}</span>'
        f'<span data-pagefind-filter="year">{isodate[:4]}</span><span data-pagefind-filter="language">{lang}</span>{version_meta}</div>'
        f'<section class="statement"><h1>{title}</h1><div class="statement-text"><p id="p1">{text}</p><p id="p2">{title}. {text}</p></div></section></div></body></html>',
        encoding="utf-8",
    )
    return f"/statements/{relative}.html"


def run(site: Path, urls: list[str], work: Path, language: str) -> list[IndexedPage]:
    """A Pagefind run over the pages of ``urls`` only."""
    folder, output = work / "pages", work / "bundle"
    shutil.rmtree(work, ignore_errors=True)
    for url in urls:
        target = folder / url.lstrip("/")
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(site / url.lstrip("/"), target)
    work.mkdir(parents=True, exist_ok=True)
    run_pagefind(folder, output)
    return read_run(output, language, sort_values)


def by_url(pages: list[IndexedPage]) -> dict[str, tuple]:
    """What Pagefind keeps of each page, its metadata locations by field name."""
    return {
        page.url: (
            tuple(
                (word, variant, locations, tuple(page.fields[-value - 1] if value < 0 else value for value in meta))
                for word, variant, locations, meta in page.postings
            ),
            page.word_count,
            page.fragment,
            page.sort,
        )
        for page in pages
    }


def written(index: LanguageIndex, like: Path, folder: Path) -> Path:
    """The index's files as a bundle in ``folder``, with a run's scripts and entry file."""
    meta_hash, files = index.files()
    shutil.rmtree(folder, ignore_errors=True)
    for path, data in {**search_bundle.common_files(like), **files}.items():
        (folder / path).parent.mkdir(parents=True, exist_ok=True)
        (folder / path).write_bytes(data)
    entry = search_bundle.read_entry(like)
    wasm = entry["languages"][index.language]["wasm"]
    (folder / search_bundle.ENTRY_FILE).write_bytes(search_bundle.entry({index.language: (meta_hash, len(index.order), wasm)}, entry["include_characters"]))
    return folder


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> tuple[Path, dict[str, list[str]]]:
    root = tmp_path_factory.mktemp("site")
    urls = {
        "en": [write_page(root, relative, "en", title, text, version) for relative, title, text, version in ENGLISH],
        "es": [write_page(root, relative, "es", title, text, version) for relative, title, text, version in SPANISH],
    }
    return root, urls


@pytest.mark.parametrize("language", ["en", "es"])
def test_an_index_written_from_a_run_holds_what_the_run_wrote(site, tmp_path, language):
    root, urls = site
    pages = run(root, urls[language], tmp_path / "all", language)
    assert len(pages) == len(urls[language])
    assert any(variant for page in pages for _, variant, _, _ in page.postings), "an accented word is a variant of its folded word"
    assert {"title", "isodate"} <= {field for page in pages for field in page.fields}
    index = LanguageIndex(language)
    index.update([], pages)
    back = read_run(written(index, tmp_path / "all" / "bundle", tmp_path / "mine"), language, sort_values)
    assert by_url(back) == by_url(pages)
    # The sort and the filters as Pagefind wrote them, page numbers aside.
    assert [page.url for page in sorted(back, key=lambda page: page.sort)] == sorted(urls[language], key=lambda url: url.split("/")[-1])


def urls_in_sort_order(bundle: Path, language: str) -> list[str]:
    """The URLs of a run's pages in the order of its sort by date, as Pagefind wrote it in its meta file."""
    meta_hash = search_bundle.read_entry(bundle)["languages"][language]["hash"]
    _version, pages, _chunks, _filters, sorts, _fields = cbor2.loads(search_bundle.unpack((bundle / f"pagefind.{meta_hash}.pf_meta").read_bytes()))
    (name, order), *others = sorts
    assert name == "date" and not others
    return [read_fragment_url(bundle, pages[number][0]) for number in order]


def read_fragment_url(bundle: Path, name: str) -> str:
    return json.loads(search_bundle.unpack((bundle / "fragment" / f"{name}.pf_fragment").read_bytes()))["url"]


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_date_order_is_pagefinds_sort_in_a_file_of_its_own(site, tmp_path, language):
    """The meta file every first query loads holds no sort; the order of Pagefind's sort by date is in
    ``ORDER_FILE``, named after the meta file, by the pages' fragment names (what a result names)."""
    root, urls = site
    # Two statements of one day: Pagefind orders them by their page numbers (the order of the URLs).
    same_day = write_page(root, "2016/2016-01-19-another", language, "Another", "Water and land.", None)
    try:
        pages = run(root, [*urls[language], same_day], tmp_path / "all", language)
        index = LanguageIndex(language)
        index.update([], pages)
        mine = written(index, tmp_path / "all" / "bundle", tmp_path / "mine")
        meta_hash = search_bundle.read_entry(mine)["languages"][language]["hash"]
        _version, _pages, _chunks, _filters, sorts, _fields = cbor2.loads(search_bundle.unpack((mine / f"pagefind.{meta_hash}.pf_meta").read_bytes()))
        assert sorts == []
        orders = json.loads(gzip.decompress((mine / (search_bundle.ORDER_FILE.format(meta=meta_hash) + ".gz")).read_bytes()))
        assert json.loads((mine / search_bundle.ORDER_FILE.format(meta=meta_hash)).read_bytes()) == orders
        assert list(orders) == ["date"]
        assert [read_fragment_url(mine, name) for name in orders["date"]] == urls_in_sort_order(tmp_path / "all" / "bundle", language)
    finally:
        (root / same_day.lstrip("/")).unlink()


@pytest.mark.parametrize("language", ["en", "es"])
def test_pages_read_in_several_runs_make_the_index_of_one_run(site, tmp_path, language):
    root, urls = site
    whole = LanguageIndex(language)
    whole.update([], run(root, urls[language], tmp_path / "all", language))
    # The page with a version (the field only some pages have) in a run of its own.
    versioned = [url for url, (*_, version) in zip(urls[language], ENGLISH if language == "en" else SPANISH, strict=True) if version]
    others = [url for url in urls[language] if url not in versioned]
    parts = LanguageIndex(language)
    parts.update([], run(root, others[:2], tmp_path / "one", language))
    parts.update([], run(root, versioned, tmp_path / "two", language))
    parts.update([], run(root, others[2:], tmp_path / "three", language))
    assert parts.files() == whole.files()


def test_any_sequence_of_updates_ends_as_one_run_over_the_final_pages(site, tmp_path):
    root, urls = site
    english = urls["en"]
    index = LanguageIndex("en")
    index.update([], run(root, english, tmp_path / "all", "en"))
    first_files = dict(index.files()[1])
    # Removed: the first (every later page is numbered again) and the one with a version (a field goes).
    index.update([english[0], english[2]], [])
    assert index.fields == tuple(sorted(["isodate", "title"]))
    without = LanguageIndex("en")
    without.update([], run(root, [english[1], english[3], english[4]], tmp_path / "without", "en"))
    assert index.files() == without.files()
    # Added back; then one page's text edited and read again on its own.
    index.update([], run(root, [english[0], english[2]], tmp_path / "back", "en"))
    assert index.files()[1] == first_files
    # Removed and added again with the same fields: the pages after it are numbered again.
    index.update([english[1]], [])
    assert index.fields == without.fields + ("version",)
    fewer = LanguageIndex("en")
    fewer.update([], run(root, [url for url in english if url != english[1]], tmp_path / "fewer", "en"))
    assert index.files() == fewer.files()
    index.update([], run(root, [english[1]], tmp_path / "again", "en"))
    assert index.files()[1] == first_files
    edited = root / english[3].lstrip("/")
    edited.write_text(edited.read_text(encoding="utf-8").replace("Santa Marta", "Santa Marta and Chalatenango"), encoding="utf-8")
    try:
        index.update([], run(root, [english[3]], tmp_path / "edit", "en"))
        edit_words = {word for page in run(root, [english[3]], tmp_path / "edit", "en") for word, *_ in page.postings}
        # An edit that changes no page's number encodes the words of that page only.
        assert 0 < index.encoded <= len(edit_words) + len(index.pages[english[3]].words)
        assert index.encoded < len(index.entries)
        fresh = LanguageIndex("en")
        fresh.update([], run(root, english, tmp_path / "fresh", "en"))
        assert index.files() == fresh.files()
        assert any(word.startswith("chalatenang") for word in index.entries)
    finally:
        edited.write_text(edited.read_text(encoding="utf-8").replace("Santa Marta and Chalatenango", "Santa Marta"), encoding="utf-8")


@pytest.mark.parametrize("language", ["en", "es"])
def test_a_common_word_has_a_chunk_of_its_own_and_fragments_short_names(site, tmp_path, monkeypatch, language):
    """A query for a common word loads that word's chunk, not its neighbours' too; the list of
    pages (which a first query loads) names each fragment by a few digits of its digest."""
    root, urls = site
    pages = run(root, urls[language], tmp_path / "all", language)
    index = LanguageIndex(language)
    index.update([], pages)
    # Chunks this small make the few pages' words "common".
    monkeypatch.setattr(search_bundle, "CHUNK_SIZE", 40)
    monkeypatch.setattr(search_bundle, "COMMON_WORD", 10)
    back = read_run(written(index, tmp_path / "all" / "bundle", tmp_path / "mine"), language, sort_values)
    assert by_url(back) == by_url(pages)
    meta_hash, files = index.files()
    meta = cbor2.loads(search_bundle.unpack(files[f"pagefind.{meta_hash}.pf_meta"]))
    chunks = [[entry[0] for entry in cbor2.loads(search_bundle.unpack(files[f"index/{name}.pf_index"]))[0]] for _, _, name in meta[2]]
    common = [word for word in index.entries if index.sizes[word] >= 10]
    assert common and all([word] in chunks for word in common)
    assert all(sum(index.sizes[word] for word in chunk) <= 40 for chunk in chunks if len(chunk) > 1)
    assert sorted(word for chunk in chunks for word in chunk) == sorted(index.entries)
    names = [name for name, _ in meta[1]]
    assert all(len(name) == search_bundle.FRAGMENT_NAME for name in names) and len(set(names)) == len(names)


def test_a_bundle_of_another_pagefind_version_is_refused(site, tmp_path):
    root, urls = site
    run(root, urls["es"][:1], tmp_path / "run", "es")
    entry = tmp_path / "run" / "bundle" / search_bundle.ENTRY_FILE
    entry.write_text(entry.read_text(encoding="utf-8").replace(f'"version":"{search_bundle.FORMAT_VERSION}"', '"version":"9.9.9"'), encoding="utf-8")
    with pytest.raises(search_bundle.BundleError, match="9.9.9"):
        read_run(tmp_path / "run" / "bundle", "es", sort_values)


def test_entries_spliced_are_the_entries_packed_again():
    # A word's entries after an edit: removed and added around pages with differences of every
    # size Pagefind writes (under 24, a byte, two bytes, four bytes).
    import random

    from solidarity_archive.formats.search_bundle import _packed, _spliced, _unpacked

    chooser = random.Random(29)
    for _ in range(300):
        numbers = sorted(chooser.sample(range(0, 70_000), chooser.randint(0, 40)) + chooser.sample(range(0, 30), chooser.randint(0, 10)))
        numbers = sorted(set(numbers))
        entries = [(number, bytes(chooser.randrange(256) for _ in range(chooser.randint(2, 6))), chooser.randint(0, 9)) for number in numbers]
        removed = set(chooser.sample(numbers, chooser.randint(0, min(5, len(numbers))))) | {chooser.randrange(70_000)}
        free = sorted(set(range(0, 70_000, 7)) - set(numbers) | (removed & set(numbers)))
        added = [(number, b"\x80\x80", chooser.randint(0, 3)) for number in chooser.sample(free, chooser.randint(0, 4))]
        expected = sorted([entry for entry in entries if entry[0] not in removed] + added)
        spliced = _spliced(_packed(entries), removed, added)
        assert spliced == _packed(expected)
        assert _unpacked(spliced) == expected


@pytest.mark.parametrize("language", ["en", "es"])
def test_an_index_taken_whole_from_a_run_is_the_index_of_its_pages(site, tmp_path, language):
    # A first build: every page of a language in one run, taken whole (its words encoded once, not page by page).
    root, urls = site
    pages = run(root, urls[language], tmp_path / "all", language)
    updated = LanguageIndex(language)
    updated.update([], pages)
    taken = LanguageIndex.from_run(tmp_path / "all" / "bundle", language, sort_values)
    assert taken is not None and taken.files() == updated.files()
    assert taken.order == updated.order and taken.entries == updated.entries and taken.encoded == len(taken.entries)
    assert {url: (page.words, page.digest, page.filters, page.sort) for url, page in taken.pages.items()} == {
        url: (page.words, page.digest, page.filters, page.sort) for url, page in updated.pages.items()
    }
    assert not taken.words, "no word's entries are taken apart until an update touches it"
    # Later builds: a page removed (the pages after it numbered again), then read again on its own.
    first = urls[language][0]
    for index in (taken, updated):
        index.update([first], [])
    assert taken.files() == updated.files()
    for index in (taken, updated):
        index.update([], run(root, [first], tmp_path / "again", language))
    assert taken.files() == updated.files()


def test_a_fragment_is_named_by_its_digest_alone_and_apart_from_the_other_languages(site, tmp_path):
    """The list of pages every first query loads names each fragment by five digits of its digest, without
    the language; a fragment of another language whose digest starts alike makes the name longer."""
    root, urls = site
    index = LanguageIndex("en")
    index.update([], run(root, urls["en"], tmp_path / "all", "en"))
    _, files = index.files()
    names = sorted(path for path in files if path.startswith("fragment/"))
    assert [len(path.removeprefix("fragment/").removesuffix(".pf_fragment")) for path in names] == [search_bundle.FRAGMENT_NAME] * len(urls["en"])
    clash = names[0]
    _, again = index.files({clash: b"another language's fragment"})
    longer = [path for path in again if path.startswith("fragment/") and path not in files]
    assert clash not in again and len(longer) == 1
    assert longer[0].removeprefix("fragment/").startswith(clash.removeprefix("fragment/").removesuffix(".pf_fragment"))
    assert again[longer[0]] == files[clash]


# -- Pagefind's files compressed once per user -------------------------------------------------------


@pytest.fixture
def zopfli_runs(monkeypatch, tmp_path) -> list[bytes]:
    """What Zopfli compresses, with an empty user cache of the test's and no memory of the process's."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    runs: list[bytes] = []
    smallest_gzip = search_bundle.smallest_gzip
    monkeypatch.setattr(search_bundle, "smallest_gzip", lambda data, iterations=1: runs.append(data) or smallest_gzip(data, iterations))
    return runs


def _cached_files(tmp_path) -> list[Path]:
    return sorted((tmp_path / "cache" / "solidarity-archive" / search_bundle.COMMON_CACHE).glob("*.gz"))


def test_pagefinds_files_are_compressed_once_per_user(zopfli_runs, tmp_path):
    wasm = b"\0asm" + bytes(range(256)) * 40
    first = search_bundle._cached_common(wasm)
    again = search_bundle._cached_common(wasm)  # another build, another process: the same cache
    assert zopfli_runs == [wasm]
    assert again == first
    assert gzip.decompress(first) == wasm
    assert len(_cached_files(tmp_path)) == 1
    search_bundle._cached_common(b"other script")
    assert zopfli_runs[1:] == [b"other script"]
    assert len(_cached_files(tmp_path)) == 2


@pytest.mark.parametrize("damage", ["not gzip", "cut short", "other contents"])
def test_a_damaged_file_of_the_cache_is_made_again(zopfli_runs, tmp_path, damage):
    script = "export const pagefind = 'búsqueda';".encode() * 50
    good = search_bundle._cached_common(script)
    [path] = _cached_files(tmp_path)
    path.write_bytes({"not gzip": b"<html>", "cut short": good[: len(good) // 2], "other contents": gzip.compress(b"alert(1)")}[damage])
    assert search_bundle._cached_common(script) == good
    assert path.read_bytes() == good
    assert len(zopfli_runs) == 2


def test_a_cache_that_cannot_be_written_changes_nothing_but_the_time(monkeypatch, tmp_path):
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocked))
    script = b"console.log('pagefind');" * 20
    assert gzip.decompress(search_bundle._cached_common(script)) == script
    assert search_bundle._cached_common(script) == search_bundle.smallest_gzip(script, search_bundle.COMMON_ITERATIONS)
