"""Batch inputs: folders, globs, JSONL and WARC files, streamed as `Item`s in a fixed order.

Arguments expand into *units*: each JSONL or WARC file is a unit, and the loose HTML/text files
one argument names (a folder, a glob, a file) form one unit. Items are numbered within their
unit, so `(unit, index)` names a document stably across runs; that is what resume keys on.
Nothing is parsed here beyond framing: bytes are decoded and extracted in the workers.
Every record is accounted for: a document becomes an `Item` (possibly carrying a read
error), anything that is not a document (WARC request/metadata records, blank JSONL lines,
files of other types in a folder) is counted in `skipped` with the reason.
"""

from __future__ import annotations

import datetime as dt
import glob
import zlib
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from copydesk.errors import InputError
from copydesk.ingest import (
    HTML_SUFFIXES,
    MAX_INPUT_BYTES,
    TEXT_SUFFIXES,
    URL_WITH_SCHEME,
    special_file_kind,
)
from copydesk.ingest.jsonl import jsonl_records, reading_stopped

WARC_SUFFIXES = (".warc", ".warc.gz", ".arc", ".arc.gz")
JSONL_SUFFIXES = (".jsonl", ".jsonl.gz", ".ndjson", ".ndjson.gz")
HTML_CONTENT_TYPES = ("text/html", "application/xhtml+xml")
# WARC record types that carry a fetched page; the others (warcinfo, request, metadata,
# revisit, conversion) describe the crawl and are counted, not analysed.
DOCUMENT_RECORD_TYPES = ("response", "resource")


@dataclass(slots=True)
class Item:
    """One input document, as framed by its reader, ready to ship to a worker."""

    unit: int
    index: int
    id: str
    source: str  # names the input in every message: "crawl.warc.gz@1234", "a.jsonl:17", a path
    raw: bytes | str | None = None
    url: str | None = None
    content_type: str | None = None  # "html", "text", or None to sniff
    charset: str | None = None  # declared by HTTP headers
    meta: dict[str, Any] = field(default_factory=dict)
    error: dict[str, str] | None = None  # set when the reader could not frame the document


@dataclass(frozen=True, slots=True)
class Unit:
    """A stream of documents: one JSONL or WARC file, or the loose files of one argument."""

    kind: str  # "jsonl", "warc" or "files"
    label: str
    paths: tuple[Path, ...]


def expand_inputs(arguments: list[str]) -> tuple[list[Unit], Counter]:
    """Turn command-line inputs into units, in a deterministic order.

    Returns:
        The units, and counts of files skipped in folders (by reason).
    Raises:
        InputError: an argument names nothing that exists.
    """
    units: list[Unit] = []
    skipped: Counter = Counter()
    for argument in arguments:
        paths = _paths_of(argument)
        loose: list[Path] = []
        for path in paths:
            kind = container_kind(path)
            if kind:
                units.append(Unit(kind, str(path), (path,)))
            elif _is_document_file(path) or argument == str(path):
                loose.append(path)  # a file named explicitly is always read (and sniffed)
            else:
                skipped[f"file type {path.suffix or '(none)'} in a folder"] += 1
        if loose:
            units.append(Unit("files", argument, tuple(loose)))
    return units, skipped


def _paths_of(argument: str) -> list[Path]:
    path = Path(argument)
    if path.is_dir():
        return sorted(p for p in path.rglob("*") if p.is_file())
    if path.is_file():
        return [path]
    if path.exists():  # a pipe or a device: it cannot be read again on --resume
        raise InputError(f"is {special_file_kind(path.stat().st_mode)}, not a regular file; batch reads "
                         "files, folders and globs", source=argument, code="NOT_A_FILE")
    if URL_WITH_SCHEME.match(argument):
        raise InputError("is a URL; batch reads local files (save pages as a WARC or JSONL file first)",
                         source=argument, code="NOT_FOUND")
    if glob.has_magic(argument):
        matches = sorted(Path(p) for p in glob.glob(argument, recursive=True))
        files = [p for p in matches if p.is_file()]
        files += [f for d in matches if d.is_dir() for f in sorted(d.rglob("*")) if f.is_file()]
        if files:
            return files
        raise InputError("matches no files", source=argument, code="NOT_FOUND")
    raise InputError("no such file or folder", source=argument, code="NOT_FOUND")


def container_kind(path: Path) -> str | None:
    """"warc" or "jsonl" when the file holds many documents, else None."""
    name = path.name.lower()
    if name.endswith(WARC_SUFFIXES):
        return "warc"
    if name.endswith(JSONL_SUFFIXES):
        return "jsonl"
    return None


def _is_document_file(path: Path) -> bool:
    suffix = path.suffix.lower()
    return suffix in HTML_SUFFIXES or suffix in TEXT_SUFFIXES


def read_unit(unit_index: int, unit: Unit, skipped: Counter, *,
              max_bytes: int = MAX_INPUT_BYTES) -> Iterator[Item]:
    """Stream the items of one unit; non-documents are counted in `skipped`."""
    if unit.kind == "warc":
        yield from _read_warc(unit_index, unit.paths[0], skipped, max_bytes)
    elif unit.kind == "jsonl":
        yield from _read_jsonl(unit_index, unit.paths[0], skipped, max_bytes)
    else:
        for index, path in enumerate(unit.paths):
            yield _read_file(unit_index, index, path, max_bytes)


def _read_file(unit: int, index: int, path: Path, max_bytes: int) -> Item:
    item = Item(unit, index, id=str(path), source=str(path))
    suffix = path.suffix.lower()
    item.content_type = "html" if suffix in HTML_SUFFIXES else "text" if suffix in TEXT_SUFFIXES else None
    try:
        with path.open("rb") as handle:
            raw = handle.read(max_bytes + 1)
    except OSError as err:
        item.error = read_error(f"cannot be read ({err.strerror or err})", str(path))
        return item
    if len(raw) > max_bytes:
        item.error = read_error(f"is over the {max_bytes:,}-byte limit", str(path), "TOO_LARGE")
    else:
        item.raw = raw
    return item


def read_error(message: str, source: str, code: str = "BAD_INPUT") -> dict[str, str]:
    """The `error` of a row, in the same shape as `CopydeskError.to_dict()`."""
    return InputError(message, source=source, code=code).to_dict()


def _read_jsonl(unit: int, path: Path, skipped: Counter, max_bytes: int) -> Iterator[Item]:
    index = 0
    try:
        for _, source, record in jsonl_records(path, max_bytes):
            if record is None:
                skipped["blank JSONL line"] += 1
                continue
            yield _jsonl_item(unit, index, source, record)
            index += 1
    except (OSError, EOFError, zlib.error) as err:
        # A truncated .gz or unreadable file: one row says where reading stopped.
        yield Item(unit, index, id=f"{path}:end", source=str(path),
                   error=reading_stopped(path, index, err).to_dict())


def _jsonl_item(unit: int, index: int, source: str, record: dict[str, Any] | InputError) -> Item:
    item = Item(unit, index, id=source, source=source)
    if isinstance(record, InputError):
        item.error = record.to_dict()
        return item
    if record.get("id") not in (None, ""):
        item.id = str(record["id"])
    item.url = record.get("url") if isinstance(record.get("url"), str) else None
    for key, kind in (("html", "html"), ("text", "text")):
        if isinstance(record.get(key), str):
            item.raw, item.content_type = record[key], kind
            break
    else:
        item.error = read_error("has no string field 'html' or 'text'", source, "MISSING_FIELD")
        return item
    for key in ("date", "title"):
        if record.get(key) is not None:
            item.meta[key] = str(record[key])
    return item


def _read_warc(unit: int, path: Path, skipped: Counter, max_bytes: int) -> Iterator[Item]:
    """WARC records as items. The last document is held back until the end of the file is
    checked, so a record cut off mid-way becomes an error row, never a row with half a page."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    held: Item | None = None
    index, offset = 0, 0
    try:
        with path.open("rb") as handle:
            records = ArchiveIterator(handle, arc2warc=True)
            for record in records:
                offset = records.offset  # where this record starts (get_record_offset() would consume it)
                if held:
                    yield held
                    held = None
                if record.rec_type in DOCUMENT_RECORD_TYPES:
                    held = _warc_item(unit, index, f"{path}@{offset}", record, max_bytes)
                    index += 1
                elif _cut_off(record):
                    yield _damaged(unit, index, path, offset, f"its last record ({record.rec_type}) is cut off")
                    return
                else:
                    skipped[f"WARC {record.rec_type} record"] += 1
        last_whole, rest_whole = _gzip_members_whole(path, offset) if _gzipped(path) else (True, True)
        if held and not last_whole:
            held.raw, held.error = None, read_error("the record is cut off at the end of the file",
                                                    held.source, "TRUNCATED_INPUT")
        if held:
            yield held
        if not rest_whole or (not held and not last_whole):
            # warcio ends quietly when the file stops inside a gzip member's header or trailer.
            yield _damaged(unit, index, path, offset, "the file ends inside a gzip member")
    except (ArchiveLoadFailed, OSError, EOFError, zlib.error, ValueError, AttributeError, TypeError) as err:
        # warcio raises all of these on damaged input (AttributeError/TypeError when a header
        # it needs was cut off); each ends the file with one row that says where.
        if held:
            yield held
        yield _damaged(unit, index, path, offset, f"{type(err).__name__}: {err}")


def _gzipped(path: Path) -> bool:
    with path.open("rb") as handle:
        return handle.read(2) == b"\x1f\x8b"


def _cut_off(record: Any) -> bool:
    """Read a non-document record to its end; True when the file ends before it does."""
    while record.raw_stream.read(65536):
        pass
    return getattr(record.raw_stream, "limit", 0) > 0


def _gzip_members_whole(path: Path, offset: int) -> tuple[bool, bool]:
    """Whether the gzip member at `offset` (the last record) is whole, and all members after it."""
    decompressor = zlib.decompressobj(wbits=31)
    members, fed = 0, False
    with path.open("rb") as handle:
        handle.seek(offset)
        while chunk := handle.read(1 << 20):
            pending = chunk
            while pending:
                fed = True
                decompressor.decompress(pending, 1 << 20)  # output is only checked, never kept
                pending = decompressor.unconsumed_tail
                if decompressor.eof:
                    members += 1
                    pending = decompressor.unused_data
                    decompressor = zlib.decompressobj(wbits=31)
                    fed = False
    if members == 0:
        return not fed, True
    return True, not fed


def _damaged(unit: int, index: int, path: Path, offset: int, reason: str) -> Item:
    source = f"{path}@{offset}"
    return Item(unit, index, id=f"{source}:end", source=source,
                error=read_error(f"the crawl file is damaged; reading stopped after {index} documents ({reason})",
                                 source, "TRUNCATED_INPUT"))


def _warc_item(unit: int, index: int, source: str, record: Any, max_bytes: int) -> Item:
    headers = record.rec_headers
    item = Item(unit, index, id=headers.get_header("WARC-Record-ID") or source, source=source,
                url=headers.get_header("WARC-Target-URI"))
    fetched = _warc_date(headers.get_header("WARC-Date"))
    if fetched:
        item.meta["fetched_at"] = fetched.isoformat()
    http = record.http_headers
    status = http.get_statuscode() if http is not None else None
    mime = (http.get_header("Content-Type") if http is not None else None) or \
        headers.get_header("Content-Type") or ""
    if status and not status.startswith("2"):
        item.error = read_error(f"is an HTTP {status} response, not a page", source, "HTTP_STATUS")
        return item
    media_type, _, parameters = mime.partition(";")
    media_type = media_type.strip().lower()
    if media_type in HTML_CONTENT_TYPES:
        item.content_type = "html"
    elif media_type == "text/plain":
        item.content_type = "text"
    elif media_type and not media_type.startswith("application/http"):
        item.error = read_error(f"is a {media_type} record, not an HTML page", source, "NOT_HTML")
        return item
    item.charset = _charset(parameters)
    try:
        payload = record.content_stream().read(max_bytes + 1)
    except (OSError, EOFError, zlib.error) as err:  # a broken Content-Encoding or cut record
        item.error = read_error(f"the record's content cannot be read ({err})", source, "BAD_RECORD")
        return item
    if len(payload) > max_bytes:
        item.error = read_error(f"is over the {max_bytes:,}-byte limit", source, "TOO_LARGE")
    elif getattr(record.raw_stream, "limit", 0) > 0:
        # warcio stops quietly at the end of a cut-off gzip member; the record's own length tells.
        item.error = read_error(f"the record is cut off ({record.raw_stream.limit:,} of {record.length:,} "
                                "bytes missing)", source, "TRUNCATED_INPUT")
    else:
        item.raw = payload
    return item


def _charset(parameters: str) -> str | None:
    for parameter in parameters.split(";"):
        key, _, value = parameter.partition("=")
        if key.strip().lower() == "charset" and value.strip():
            return value.strip().strip("\"'")
    return None


def _warc_date(value: str | None) -> dt.datetime | None:
    if not value:
        return None
    try:
        return dt.datetime.fromisoformat(value)  # accepts the "Z" of WARC-Date
    except ValueError:
        return None
