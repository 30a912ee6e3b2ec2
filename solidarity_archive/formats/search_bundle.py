"""A language's search index in Pagefind's bundle format, merged from the pages of several Pagefind runs.

Pagefind indexes a folder of pages in one run and writes a bundle; it has no
way to add, change or remove one page of a bundle (its issue 71). Yet what it
keeps of a page does not depend on the other pages of the run: the page's
words, stemmed, with their positions and weights; its fragment (text,
metadata, filters, anchors); its word count; its sort values. A page's
numbers in the index (its place among the pages) and the files' names are
the bundle's. So a page is indexed once, by a run of Pagefind over the pages
that changed, and every build writes the language's index from all of its
pages (``write_language``): one index, ranked as Pagefind ranks one index
(its score counts the pages of the index that hold a word, so an index in
parts would rank otherwise), and the same whatever runs its pages came from.

Written against Pagefind ``FORMAT_VERSION`` (see ``read_run`` and
``write_language``, the only two places that know the format; a test reads a
real run of the pinned Pagefind back and compares a merged index with it):

- ``pagefind.<hash>.pf_meta``: ``[version, pages, chunks, filters, sorts, meta fields]``:
  each page ``[fragment hash, word count]``; each chunk ``[from, to, hash]``;
  each filter ``[name, hash]``; each sort ``[name, page numbers in order]`` (read from a
  run; the archive's index writes none, but ``ORDER_FILE``);
  the names of the metadata fields whose words are indexed;
- ``index/<hash>.pf_index``: ``[[word, pages, variants], …]`` sorted by word, each
  page ``[page number, locations, metadata locations]``, page numbers as the
  difference from the previous one; each variant (the word as written, with
  its accents) ``[word, pages]``; the metadata locations name a field with
  ``-(field + 1)``, a number of the meta's list of fields;
- ``filter/<hash>.pf_filter``: ``[name, [[value, page numbers], …]]``;
- every file gzip-compressed with ``SIGNATURE`` before its CBOR (JSON for a fragment).
"""

from __future__ import annotations

import functools
import gzip
import hashlib
import json
import math
import zlib
from array import array
from bisect import bisect_left
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

import cbor2

from solidarity_archive.core.atomic import write_atomically
from solidarity_archive.core.user_folders import user_folder

#: The Pagefind version whose bundle format this module reads and writes.
FORMAT_VERSION = "1.5.2"
#: Pagefind's marker at the start of every decompressed file of its bundle.
SIGNATURE = b"pagefind_dcd"
#: Pagefind's file that lists the bundle's languages and their indexes.
ENTRY_FILE = "pagefind-entry.json"
#: Pagefind's script, and the compressed copy of it the search page loads.
SCRIPT = "pagefind.js"
SCRIPT_COMPRESSED = "pagefind.js.gz"
#: Locations (and pages) per index chunk, at most (a word with more has a chunk of its own).
CHUNK_SIZE = 20_000
#: A word with this many locations and pages or more has a chunk of its own.
COMMON_WORD = CHUNK_SIZE // 4
#: Hex digits of a fragment's digest in its name (more when another fragment's has them), without
#: the language Pagefind puts before them (both languages' fragments share a folder, and a name is
#: one no other fragment has): the index's list of pages names every fragment, and a first query
#: loads that list (2 KB less for the English index of 10,000 statements than with ``en_``).
FRAGMENT_NAME = 5
#: How the index files are compressed: 6 writes them in a third of the time of
#: Pagefind's 9, within half a percent of its size.
COMPRESSION = 6
#: Each language's sort orders, beside its meta file and named after it (``.format(meta=<meta hash>)``):
#: ``{sort name: [fragment name, …]}``, the pages in the order Pagefind's sort would give them
#: (ascending), as JSON, and gzip-compressed beside it (``.gz``, no Pagefind signature: the page decompresses
#: it; a browser without ``DecompressionStream`` loads the JSON). The meta file holds no sort: a sort's page
#: numbers (6,503 at 10,000 statements, 14.6 KB compressed) would be loaded by every first query, and only a
#: search by date needs them. The search page orders such a search's results by this list
#: (``static/search.js``, ``byDate``).
ORDER_FILE = "archive-order.{meta}.json"

#: One page's postings: (word, variant or "", locations, metadata locations), as
#: Pagefind wrote them: a metadata location's field is a number of its run's fields.
Posting = tuple[str, str, tuple, tuple]


class BundleError(ValueError):
    """A run's bundle is not in the format this module was written against."""


@dataclass(frozen=True)
class IndexedPage:
    """What Pagefind keeps of one page, whatever run it came from."""

    url: str
    fragment: bytes  # the fragment file as Pagefind wrote it (compressed)
    record: dict  # that fragment, read
    word_count: int
    postings: tuple[Posting, ...]
    sort: tuple[tuple[str, str], ...]  # the page's sort values by name
    fields: tuple[str, ...]  # the metadata fields of the run's index


def unpack(data: bytes) -> bytes:
    """A bundle file's contents, without its compression and signature."""
    raw = gzip.decompress(data)
    if not raw.startswith(SIGNATURE):
        raise BundleError("a search bundle file without Pagefind's signature")
    return raw[len(SIGNATURE) :]


def pack(raw: bytes, level: int = COMPRESSION) -> bytes:
    return gzip.compress(SIGNATURE + raw, compresslevel=level, mtime=0)


def smallest_gzip(data: bytes, iterations: int = 1) -> bytes:
    """``data`` gzip-compressed by Zopfli: the same format as ``gzip.compress``, any inflater reads it, 4–13%
    smaller and some hundred times slower. For the files every first query loads: a language's meta file,
    Pagefind's WebAssembly and script (``common_files``)."""
    import zopfli.gzip  # here: only the files a first query loads are compressed by it

    return zopfli.gzip.compress(data, numiterations=iterations)


def _pages(entries: list, start: int = 0) -> Iterable[tuple[int, list]]:
    """A word's pages with their page numbers, which Pagefind writes as differences."""
    number = start
    for entry in entries:
        number += entry[0]
        yield number, entry


def read_run(output: Path, language: str, sort_values: Callable[[dict], dict[str, str]]) -> list[IndexedPage]:
    """The pages of one language in the bundle a Pagefind run wrote to ``output``.

    ``sort_values`` gives a page's sort values from its fragment: Pagefind
    keeps only their order, and a merged index orders pages of several runs.
    The order the run wrote is checked against them.
    """
    meta = _run_meta(output, language)
    if meta is None:
        return []
    _version, pages, chunks, _filters, sorts, fields = meta
    postings: list[list[Posting]] = [[] for _ in pages]
    fields = tuple(fields)

    for _from, _to, chunk in chunks:
        (words,) = cbor2.loads(unpack((output / "index" / f"{chunk}.pf_index").read_bytes()))
        for word, word_pages, variants in words:
            for number, (_, locations, meta_locations) in _pages(word_pages):
                postings[number].append((word, "", tuple(locations), tuple(meta_locations)))
            for variant, variant_pages in variants:
                for number, (_, locations, meta_locations) in _pages(variant_pages):
                    postings[number].append((word, variant, tuple(locations), tuple(meta_locations)))
    result = []
    for number, (fragment_hash, word_count) in enumerate(pages):
        fragment = (output / "fragment" / f"{fragment_hash}.pf_fragment").read_bytes()
        record = json.loads(unpack(fragment))
        result.append(
            IndexedPage(
                url=record["url"],
                fragment=fragment,
                record=record,
                word_count=word_count,
                postings=tuple(sorted(postings[number])),
                sort=tuple(sorted(sort_values(record).items())),
                fields=fields,
            )
        )
    _check_sorts(sorts, [page.sort for page in result])
    return result


def _run_meta(output: Path, language: str) -> list | None:
    """The meta file of ``language``'s index in a run's bundle (None: the run has no page of it), its version checked."""
    entry = read_entry(output)
    if entry.get("version") != FORMAT_VERSION:
        raise BundleError(f"a search bundle of Pagefind {entry.get('version')}, not {FORMAT_VERSION}")
    found = entry["languages"].get(language)
    if found is None:
        return None
    meta = cbor2.loads(unpack((output / f"pagefind.{found['hash']}.pf_meta").read_bytes()))
    if len(meta) != 6:
        raise BundleError(f"a search index of {len(meta)} parts, not 6")
    return meta


def _check_sorts(sorts: list, page_sorts: list[tuple[tuple[str, str], ...]]) -> None:
    """Pagefind's order of the pages for each sort follows their sort values (a merged index orders them by those)."""
    for name, order in sorts:
        values = [dict(page_sorts[number]).get(name, "") for number in order]
        if len(order) != sum(1 for sort in page_sorts if name in dict(sort)) or values != _sorted_values(values):
            raise BundleError(f"the search index's sort {name!r} does not follow the pages' values")


def common_files(output: Path, kept: dict[str, bytes] | None = None) -> dict[str, bytes]:
    """The files of a run's bundle that are the same in every run: Pagefind's scripts, styles and WebAssembly.

    With them ``SCRIPT_COMPRESSED``, Pagefind's script gzip-compressed as the
    bundle's other files are: the search page loads it (a third of its size)
    where a host sends files as they are. Pagefind's WebAssembly (``wasm.*.pagefind``)
    and that copy are compressed again by Zopfli (``smallest_gzip``): their contents are
    Pagefind's, byte for byte, in 3.2 KB less for each WebAssembly; the WebAssembly of no
    language (``UNKNOWN_WASM``) is kept as Pagefind wrote it (``wasm_for_bundle``). ``kept``: the files an
    earlier call returned, whose compression is taken again where the contents are the same
    (compressing the WebAssembly files takes some seconds).
    """
    return compress_common(common_raw(output), kept)


def common_raw(output: Path) -> dict[str, bytes]:
    """The files of a run's bundle that are the same in every run, as Pagefind wrote them (``common_files``)."""
    return {
        path.relative_to(output).as_posix(): path.read_bytes()
        for path in sorted(output.iterdir())
        if path.is_file() and path.name != ENTRY_FILE and not path.name.endswith(".pf_meta")
    }


#: Pagefind's WebAssembly for the languages it has no stemmer for (an index whose entry names no
#: WebAssembly: statements in Guarani or Nahuat, say). Kept as Pagefind compressed it, and
#: compressed again only in a bundle that has such an index (``wasm_for_bundle``): most archives
#: have none, and Zopfli takes 0.6 s of a processor over it.
UNKNOWN_WASM = "wasm.unknown.pagefind"


def wasm_for_bundle(name: str, data: bytes, wasm_names: Iterable[str | None]) -> bytes:
    """A common file (``common_files``) as the bundle whose indexes name ``wasm_names`` holds it:
    ``UNKNOWN_WASM`` compressed by Zopfli where an index loads it (a name None or "unknown")."""
    if name == UNKNOWN_WASM and any(wasm in (None, "unknown") for wasm in wasm_names):
        return _smallest_common(gzip.decompress(data))
    return data


def compress_common(written: Mapping[str, bytes], kept: dict[str, bytes] | None = None) -> dict[str, bytes]:
    """``common_files`` of the files ``common_raw`` read: the WebAssembly and the script compressed again."""
    kept = kept or {}
    files = dict(written)
    for name, data in files.items():
        if name.startswith("wasm.") and name.endswith(".pagefind") and name != UNKNOWN_WASM:
            raw = gzip.decompress(data)
            before = kept.get(name)
            # Pagefind's own file, kept by a build before this compression: compressed now.
            files[name] = before if before is not None and before != data and gzip.decompress(before) == raw else _smallest_common(raw)
    if SCRIPT in files:
        script = kept.get(SCRIPT_COMPRESSED)
        same = script is not None and kept.get(SCRIPT) == files[SCRIPT] and script != gzip.compress(files[SCRIPT], 9, mtime=0)
        files[SCRIPT_COMPRESSED] = script if same and script is not None else _smallest_common(files[SCRIPT])
    return files


#: Zopfli's iterations over Pagefind's WebAssembly and script.
COMMON_ITERATIONS = 5
#: The folder of the user's cache (``core/user_folders.py``) where they are kept compressed.
COMMON_CACHE = "pagefind-compressed"


@functools.lru_cache(maxsize=8)
def _smallest_common(data: bytes) -> bytes:
    """Pagefind's WebAssembly or script compressed by ``smallest_gzip``, once per process for the same bytes,
    and once per user for the same bytes and Zopfli (``_cached_common``)."""
    return _cached_common(data)


def _cached_common(data: bytes) -> bytes:
    """``smallest_gzip(data)`` as the user's cache holds it, else compressed and put there.

    Compressing them takes seconds that every build with no store of the
    search's indexes would spend (a first build, ``make dossier``, a build into
    a new folder), for files that change only with Pagefind: the cache keeps
    each under its contents' digest, Zopfli's version and its iterations. A
    file there is taken only when it decompresses to ``data``; one that does
    not is made again. A cache that cannot be read or written changes nothing
    but the time.
    """
    from importlib.metadata import version

    name = f"{hashlib.sha256(data).hexdigest()}-zopfli-{version('zopfli')}-{COMMON_ITERATIONS}.gz"
    path = user_folder("cache") / COMMON_CACHE / name
    try:
        kept = path.read_bytes()
        if gzip.decompress(kept) == data:
            return kept
    except (OSError, EOFError, zlib.error):  # absent, unreadable, or not a whole gzip file
        pass
    compressed = smallest_gzip(data, COMMON_ITERATIONS)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(path, compressed)
    except OSError:
        pass
    return compressed


def _number(value: str) -> float | None:
    """A sort value as Pagefind reads a number (an integer or a decimal), else None."""
    try:
        number = float(value.strip() if value == value.strip() else "x")
    except ValueError:
        return None
    return number if math.isfinite(number) else None


def _sorted_values(values: list[str]) -> list[str]:
    """Sort values in Pagefind's order: as numbers when every one is a number, else as text."""
    if all(_number(value) is not None for value in values):
        return sorted(values, key=lambda value: _number(value) or 0.0)
    return sorted(values)


def _name(language: str, data: bytes, taken: set[str], length: int = 7) -> str:
    """A file's name after its contents, as Pagefind names them: longer when the shorter is taken."""
    digest = hashlib.sha256(data).hexdigest()
    while f"{language}_{digest[:length]}" in taken and length < len(digest):
        length += 1
    name = f"{language}_{digest[:length]}"
    taken.add(name)
    return name


def _array(count: int) -> bytes:
    """A CBOR array's head, for ``count`` items written after it."""
    if count < 24:
        return bytes([0x80 + count])
    for head, size in ((0x98, 1), (0x99, 2), (0x9A, 4), (0x9B, 8)):
        if count < 1 << (8 * size):
            return bytes([head]) + count.to_bytes(size, "big")
    raise ValueError(count)


def _prefixes(before: str, after: str) -> tuple[str, str]:
    """The shortest prefixes that tell the last word of a chunk from the first of the next (Pagefind's ``get_prefixes``)."""
    common = 0
    for a, b in zip(after, before, strict=False):
        if a != b:
            break
        common += 1
    return before[: common + 1], after[: common + 1]


#: A page's entry under a word: its number, then its locations and metadata locations, encoded, and how many locations.
_Entry = tuple[int, bytes, int]


def _uint(value: int) -> bytes:
    """A CBOR unsigned integer."""
    if value < 24:
        return bytes([value])
    for head, size in ((0x18, 1), (0x19, 2), (0x1A, 4), (0x1B, 8)):
        if value < 1 << (8 * size):
            return bytes([head]) + value.to_bytes(size, "big")
    raise ValueError(value)


def _text(value: str) -> bytes:
    return cbor2.dumps(value)


#: A word's entries packed in four objects whatever their number, so that keeping an index between
#: builds costs little: their page numbers, their locations' counts, their lengths encoded, and the
#: entries encoded one after the other (each ``[number, locations, metadata locations]``, as Pagefind
#: writes them: its number the difference from the one before).
_Packed = tuple[bytes, bytes, bytes, bytes]


def _head(difference: int) -> int:
    """The length of an encoded entry's start: its array's head and its page number's difference."""
    return 2 if difference < 24 else 3 if difference < 1 << 8 else 4 if difference < 1 << 16 else 6 if difference < 1 << 32 else 10


def _packed(entries: list[_Entry]) -> _Packed:
    numbers, counts, lengths = array("I"), array("I"), array("I")
    parts = []
    previous = 0
    for number, tail, count in entries:
        part = b"\x83" + _uint(number - previous) + tail
        previous = number
        parts.append(part)
        numbers.append(number)
        counts.append(count)
        lengths.append(len(part))
    return numbers.tobytes(), counts.tobytes(), lengths.tobytes(), b"".join(parts)


def _unpacked(packed: _Packed) -> list[_Entry]:
    numbers, counts, lengths = (array("I", part) for part in packed[:3])
    blob = packed[3]
    entries = []
    start = previous = 0
    for number, count, length in zip(numbers, counts, lengths, strict=True):
        entries.append((number, blob[start + _head(number - previous) : start + length], count))
        start += length
        previous = number
    return entries


def _spliced(packed: _Packed, removed: set[int], added: list[_Entry]) -> _Packed:
    """The entries without those of the page numbers ``removed``, with those ``added``: the entries
    between the changes are copied as they are, and only the first after each change is encoded
    again (the difference from its new neighbour). The numbers of the others do not change."""
    numbers, counts, lengths = (array("I", part) for part in packed[:3])
    blob = packed[3]
    drops = sorted(
        place for place, number in ((bisect_left(numbers, number), number) for number in removed) if place < len(numbers) and numbers[place] == number
    )
    inserts = sorted(added)
    out_numbers, out_counts, out_lengths = array("I"), array("I"), array("I")
    parts: list[bytes] = []
    place = insert = drop = 0
    offset = 0  # where entry ``place`` starts in ``blob``
    previous = 0  # the last number written
    while place < len(numbers) or insert < len(inserts):
        if insert < len(inserts) and (place >= len(numbers) or inserts[insert][0] < numbers[place]):
            number, tail, count = inserts[insert]
            insert += 1
            part = b"\x83" + _uint(number - previous) + tail
            out_numbers.append(number)
            out_counts.append(count)
            out_lengths.append(len(part))
            parts.append(part)
            previous = number
            continue
        if drop < len(drops) and drops[drop] == place:
            offset += lengths[place]
            place += 1
            drop += 1
            continue
        # A run of entries kept as they are: up to the next removed one or the next one added.
        end = len(numbers)
        if drop < len(drops):
            end = min(end, drops[drop])
        if insert < len(inserts):
            end = min(end, bisect_left(numbers, inserts[insert][0], place))
        end = max(end, place + 1)  # an entry added under the number of one kept: none (an edited page's entries are removed first)
        size = sum(lengths[place:end])
        before = numbers[place - 1] if place else 0
        if before == previous:
            parts.append(blob[offset : offset + size])
            out_lengths.extend(lengths[place:end])
        else:  # its neighbour changed: its difference too
            first = b"\x83" + _uint(numbers[place] - previous) + blob[offset + _head(numbers[place] - before) : offset + lengths[place]]
            parts.append(first)
            parts.append(blob[offset + lengths[place] : offset + size])
            out_lengths.append(len(first))
            out_lengths.extend(lengths[place + 1 : end])
        out_numbers.extend(numbers[place:end])
        out_counts.extend(counts[place:end])
        previous = numbers[end - 1]
        offset += size
        place = end
    return out_numbers.tobytes(), out_counts.tobytes(), out_lengths.tobytes(), b"".join(parts)


def _listed(packed: _Packed) -> bytes:
    """The packed entries as a CBOR array."""
    return _array(len(packed[0]) // 4) + packed[3]


def _first(pair: tuple) -> int:
    return pair[0]


def _run_entries(entries: list) -> list[_Entry]:
    """A word's entries as a bundle holds them (``[number, locations, metadata locations]``, each number the
    difference from the one before), as ``_packed`` takes them."""
    return [(number, cbor2.dumps((locations, meta_locations))[1:], len(locations)) for number, (_, locations, meta_locations) in _pages(entries)]


def _refield(tail: bytes, fields: dict[int, int]) -> bytes:
    """An entry's locations and metadata locations, its fields renumbered."""
    locations, meta_locations = cbor2.loads(b"\x82" + tail)
    return cbor2.dumps(locations) + cbor2.dumps([fields.get(value, value) for value in meta_locations])


@dataclass
class HeldPage:
    """A page as the index holds it: its fragment, what its meta entry and filters need, and the words it is found under.

    Its record is read from its fragment when asked for (``record``): an
    index kept between builds holds the fragment's few compressed bytes,
    not the record's many strings.
    """

    url: str
    fragment: bytes
    digest: str  # its contents' digest (the start of it names its fragment file: ``LanguageIndex.files``)
    word_count: int
    sort: tuple[tuple[str, str], ...]
    words: tuple[str, ...]
    filters: tuple[tuple[str, tuple[str, ...]], ...]
    meta: tuple[str, ...]  # the names of its metadata

    def record(self) -> dict:
        """Its record as Pagefind keeps it: text, metadata, filters and anchors."""
        return json.loads(unpack(self.fragment))


class LanguageIndex:
    """One language's index, kept between builds and brought up to date a page at a time.

    The pages are numbered in the order of their URLs, so the index is the
    same whatever runs indexed them and in whatever order: after any
    sequence of updates, the files are those of one update with every page.
    Each word's entry is kept encoded; an update encodes again only the
    entries of the words of the pages it changes, and of the words on pages
    whose number it changes (a page added or removed before them). Each
    chunk is compressed again only when its bytes changed.
    """

    def __init__(self, language: str) -> None:
        self.language = language
        self.pages: dict[str, HeldPage] = {}
        self.order: list[str] = []  # the URLs, sorted: a page's number is its place here
        self.fields: tuple[str, ...] = ()
        # Each word's pages, and each of its variants' ("" the word's own), packed (``_packed``).
        self.words: dict[str, dict[str, _Packed]] = {}
        self.entries: dict[str, bytes] = {}  # each word's [word, pages, variants], encoded
        self.sizes: dict[str, int] = {}  # each word's share of a chunk (its pages' locations and pages)
        self.last: dict[str, int] = {}  # each word's highest page number
        self.compressed: dict[str, bytes] = {}  # the index and filter files written last, by their contents' digest
        self.encoded = 0  # word entries encoded by the last update (the test counts them)
        self.fragment_files: dict[str, str] = {}  # each page's fragment file as last written, by URL

    def update(self, removed: Iterable[str], pages: Iterable[IndexedPage]) -> None:
        """Remove the pages of the URLs ``removed``; add or replace the ``pages``."""
        indexed = {page.url: page for page in pages}
        gone = {url for url in removed if url in self.pages} | {url for url in indexed if url in self.pages}
        touched: set[str] = set()
        for url in gone:
            touched.update(self.pages[url].words)
        survivors = [url for url in self.order if url not in gone]
        order = sorted({*survivors, *indexed})
        metadata = [tuple(indexed[url].record.get("meta", {})) if url in indexed else self.pages[url].meta for url in order]
        fields = tuple(sorted({key for keys in metadata for key in keys}))  # the fields Pagefind lists: the pages' metadata
        for page in indexed.values():
            if set(page.fields) - set(fields):
                raise BundleError(f"a page's indexed metadata fields {sorted(page.fields)} are not its metadata {fields}")
        number = {url: place for place, url in enumerate(order)}
        if fields != self.fields:
            touched = set(self.entries)  # every field number may change
        else:
            # Pages keep their order: a page's number changes only after the first place that changed.
            first = next((place for place, (old, new) in enumerate(zip(self.order, order, strict=False)) if old != new), min(len(self.order), len(order)))
            touched.update(word for word, last in self.last.items() if last >= first)
        added: dict[str, dict[str, list[_Entry]]] = {}
        for url, page in indexed.items():
            place = number[url]
            remap = None if page.fields == fields else {-index - 1: -fields.index(field) - 1 for index, field in enumerate(page.fields)}
            for word, variant, locations, meta_locations in page.postings:
                if remap is not None:
                    meta_locations = tuple(remap.get(value, value) for value in meta_locations)
                found = added.setdefault(word, {}).setdefault(variant, [])
                # The locations and the metadata locations: the pair encoded, without its array's head.
                found.append((place, cbor2.dumps((locations, meta_locations))[1:], len(locations)))
        touched.update(added)
        gone_numbers = {place for place, url in enumerate(self.order) if url in gone}
        renumber = None if self.order == order else [number.get(url, -1) for url in self.order]
        fields_remap = None if fields == self.fields else {-index - 1: -fields.index(field) - 1 for index, field in enumerate(self.fields) if field in fields}
        for url in gone:
            del self.pages[url]
        for url, page in indexed.items():
            self.pages[url] = self._held(url, page.fragment, page.record, page.word_count, page.sort, {posting[0] for posting in page.postings})
        self.order, self.fields = order, fields
        self.encoded = 0
        for word in touched:
            before = self._word(word)
            if renumber is None and fields_remap is None:  # page numbers as they were: only the changed pages' entries change
                words = {variant: _spliced(packed, gone_numbers, added.get(word, {}).get(variant, [])) for variant, packed in before.items()}
                for variant, entries in added.get(word, {}).items():
                    if variant not in words:
                        words[variant] = _packed(sorted(entries))
            else:
                kept = {
                    variant: [
                        (place if renumber is None else renumber[place], tail if fields_remap is None else _refield(tail, fields_remap), count)
                        for place, tail, count in _unpacked(packed)
                        if place not in gone_numbers
                    ]
                    for variant, packed in before.items()
                }
                for variant, entries in added.get(word, {}).items():
                    kept.setdefault(variant, []).extend(entries)
                words = {variant: _packed(sorted(entries)) for variant, entries in kept.items()}
            words = {variant: packed for variant, packed in words.items() if packed[0]}
            if not words:
                for store in (self.words, self.entries, self.sizes, self.last):
                    store.pop(word, None)
                continue
            self.words[word] = words
            main = words.get("", (b"", b"", b"", b""))
            variants = sorted((variant, packed) for variant, packed in words.items() if variant)
            self.last[word] = max(array("I", packed[0])[-1] for packed in words.values())
            self.sizes[word] = sum(array("I", main[1])) + len(main[0]) // 4
            self.entries[word] = b"".join(
                [b"\x83", _text(word), _listed(main), _array(len(variants)), *(b"\x82" + _text(variant) + _listed(packed) for variant, packed in variants)]
            )
            self.encoded += 1

    def _held(self, url: str, fragment: bytes, record: dict, word_count: int, sort: tuple, words: Iterable[str]) -> HeldPage:
        contents = hashlib.sha256(unpack(fragment)).hexdigest()
        return HeldPage(
            url,
            fragment,
            contents,
            word_count,
            sort,
            tuple(sorted(words)),
            tuple((name, tuple(values)) for name, values in record.get("filters", {}).items()),
            tuple(record.get("meta", {})),
        )

    def _word(self, word: str) -> dict[str, _Packed]:
        """A word's pages and variants, packed (``_packed``): unpacked from its entry when the index was taken whole
        from a run (``from_run``) and no update has touched the word since."""
        found = self.words.get(word)
        if found is None:
            if word not in self.entries:
                return {}
            _word, pages, variants = cbor2.loads(self.entries[word])
            found = {variant: _packed(_run_entries(entries)) for variant, entries in (("", pages), *variants) if entries}
            self.words[word] = found
        return found

    @classmethod
    def from_run(cls, output: Path, language: str, sort_values: Callable[[dict], dict[str, str]]) -> LanguageIndex | None:
        """The index of ``language`` made from one run's bundle, when that run read every page of it.

        The same index as ``update`` with every page of the run (``read_run``)
        would make, without taking each word's entries apart by page and
        encoding them again: when the run lists the pages' metadata fields in their order, its
        words' entries, numbered again in the order of the pages' URLs, are
        those the index writes: each word is encoded once, whole. A word's
        entries are packed only when an update touches it (``_word``). None
        when the run's fields are not the pages' metadata.
        """
        meta = _run_meta(output, language)
        index = cls(language)
        if meta is None:
            return index
        _version, pages, chunks, _filters, sorts, fields = meta
        records = []
        for fragment_hash, _word_count in pages:
            fragment = (output / "fragment" / f"{fragment_hash}.pf_fragment").read_bytes()
            records.append((fragment, json.loads(unpack(fragment))))
        urls = [record["url"] for _, record in records]
        order = sorted(set(urls))
        if len(order) != len(urls) or tuple(fields) != tuple(sorted({key for _, record in records for key in record.get("meta", {})})):
            return None
        sorts_of = [tuple(sorted(sort_values(record).items())) for _, record in records]
        _check_sorts(sorts, sorts_of)
        # The run numbers its pages in the order it read them; the index, in the order of their URLs.
        place = {url: number for number, url in enumerate(order)}
        renumber = [place[url] for url in urls]
        page_words: list[set[str]] = [set() for _ in pages]

        def renumbered(entries: list, word: str) -> list:
            numbered = []
            number = 0
            for entry in entries:
                number += entry[0]
                numbered.append((renumber[number], entry))
                page_words[renumber[number]].add(word)
            numbered.sort(key=_first)
            previous = 0
            for number, entry in numbered:
                entry[0], previous = number - previous, number
            return [entry for _, entry in numbered]

        for _from, _to, chunk in chunks:
            (words,) = cbor2.loads(unpack((output / "index" / f"{chunk}.pf_index").read_bytes()))
            for word, word_pages, variants in words:
                word_pages = renumbered(word_pages, word)
                variants = sorted([variant, renumbered(variant_pages, word)] for variant, variant_pages in variants)
                index.entries[word] = cbor2.dumps([word, word_pages, variants])
                index.sizes[word] = sum(len(entry[1]) for entry in word_pages) + len(word_pages)
                index.last[word] = max(sum(entry[0] for entry in entries) for entries in (word_pages, *(found for _, found in variants)) if entries)
        index.order, index.fields = order, tuple(fields)
        for (fragment, record), (_hash, word_count), sort, number in zip(records, pages, sorts_of, renumber, strict=True):
            index.pages[record["url"]] = index._held(record["url"], fragment, record, word_count, sort, page_words[number])
        index.encoded = len(index.entries)
        return index

    def files(self, elsewhere: Mapping[str, bytes] | None = None) -> tuple[str, dict[str, bytes]]:
        """The index's files by their path in the bundle, and its meta file's hash.

        ``elsewhere``: the files of the bundle's other indexes, written before this one. A fragment is
        named by the start of its contents' digest (``FRAGMENT_NAME``), without its language, longer
        where another fragment, of this language or another, starts so.
        """
        language = self.language
        elsewhere = elsewhere or {}
        files: dict[str, bytes] = {}
        taken: set[str] = set()
        fragment_names = []
        compressed: dict[str, bytes] = {}
        for url in self.order:  # identical pages share one fragment, as in Pagefind's runs
            page = self.pages[url]
            length = FRAGMENT_NAME
            while any(found.get(f"fragment/{page.digest[:length]}.pf_fragment", page.fragment) != page.fragment for found in (files, elsewhere)):
                length += 1  # another page's, by the start of its digest
            name = page.digest[:length]
            files[f"fragment/{name}.pf_fragment"] = page.fragment
            fragment_names.append(name)
        self.fragment_files = {url: f"{name}.pf_fragment" for url, name in zip(self.order, fragment_names, strict=True)}

        def put(folder: str, raw: bytes) -> str:
            name = _name(language, raw, taken)
            key = hashlib.sha256(raw).hexdigest()
            data = compressed[key] = self.compressed.get(key) or pack(raw)
            files[f"{folder}/{name}.pf_{folder}"] = data
            return name

        chunks: list[list[str]] = []
        chunk: list[str] = []
        size = 0
        # In chunks of at most about CHUNK_SIZE; a common word (from a quarter of that) in a
        # chunk of its own: a query for it loads that word, not its neighbours as well.
        for word in sorted(self.entries):
            share = self.sizes[word]
            if chunk and (size + share > CHUNK_SIZE or share >= COMMON_WORD):
                chunks.append(chunk)
                chunk, size = [], 0
            size += share
            chunk.append(word)
            if share >= COMMON_WORD:
                chunks.append(chunk)
                chunk, size = [], 0
        if chunk:
            chunks.append(chunk)
        bounds = [[words[0], words[-1]] for words in chunks]
        for before, after in zip(bounds, bounds[1:], strict=False):
            before[1], after[0] = _prefixes(before[1], after[0])
        meta_chunks = []
        for (start, end), words in zip(bounds, chunks, strict=True):
            raw = b"\x81" + _array(len(words)) + b"".join(self.entries[word] for word in words)
            meta_chunks.append([start, end, put("index", raw)])

        filters: dict[str, dict[str, list[int]]] = {}
        sorts: dict[str, list[tuple[str, int]]] = {}
        for place, url in enumerate(self.order):
            page = self.pages[url]
            for name, values in page.filters:
                for value in values:
                    filters.setdefault(name, {}).setdefault(value, []).append(place)
            for name, value in page.sort:
                sorts.setdefault(name, []).append((value, place))
        meta_filters = [
            [name, put("filter", cbor2.dumps([name, [[value, found] for value, found in sorted(filters[name].items())]]))] for name in sorted(filters)
        ]
        # Each sort's pages in Pagefind's order (``sort_orders``): not in the meta file, which every first
        # query loads, but in a file of their own, which only a search ordered by a sort key loads.
        orders = {}
        for name in sorted(sorts):
            by_value: dict[str, list[int]] = {}
            for value, place in sorts[name]:
                by_value.setdefault(value, []).append(place)
            orders[name] = [fragment_names[place] for value in _sorted_values(list(by_value)) for place in by_value[value]]

        pages = [[name, self.pages[url].word_count] for name, url in zip(fragment_names, self.order, strict=True)]
        raw = cbor2.dumps([FORMAT_VERSION, pages, meta_chunks, meta_filters, [], list(self.fields)])
        digest = hashlib.sha256(raw).hexdigest()
        meta_hash = f"{language}_{digest[: len(language) + 8]}"
        # Every first query loads it: compressed by Zopfli (0.6 s for the English index of 10,000
        # statements, on a thread that lets the build go on), once for each new list of pages.
        files[f"pagefind.{meta_hash}.pf_meta"] = compressed[digest] = self.compressed.get(digest) or smallest_gzip(SIGNATURE + raw)
        if orders:
            ordered = json.dumps(orders, separators=(",", ":")).encode("utf-8")
            files[ORDER_FILE.format(meta=meta_hash)] = ordered
            files[ORDER_FILE.format(meta=meta_hash) + ".gz"] = gzip.compress(ordered, 9, mtime=0)
        self.compressed = compressed
        return meta_hash, files


def read_entry(output: Path) -> dict:
    """The entry file of a run's bundle."""
    return json.loads((output / ENTRY_FILE).read_text(encoding="utf-8"))


def entry(languages: dict[str, tuple[str, int, str | None]], include_characters: list[str]) -> bytes:
    """The bundle's entry file: each language's meta hash, page count and WebAssembly (as its run named it)."""
    data = {
        "version": FORMAT_VERSION,
        "languages": {language: {"hash": meta_hash, "wasm": wasm, "page_count": count} for language, (meta_hash, count, wasm) in sorted(languages.items())},
        "include_characters": include_characters,
    }
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
