"""Ingest: turn a path, URL, stdin or raw bytes into a `Document`.

Bytes are decoded here, once: a byte-order mark, the HTTP or `<meta>` charset, strict UTF-8,
then charset detection. Binary files (images, PDFs, archives) are refused with a message that
says what they look like, rather than decoded into mojibake.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import string
import sys
from pathlib import Path
from typing import Any

from copydesk.errors import InputError
from copydesk.model import Document

MAX_INPUT_BYTES = 50 * 1024 * 1024  # larger inputs are refused, not truncated silently
HTML_SUFFIXES = {".html", ".htm", ".xhtml", ".shtml"}
TEXT_SUFFIXES = {".txt", ".text", ".md", ".markdown"}

# Magic numbers of binary formats people feed us by mistake.
_BINARY_MAGIC = (
    (b"\x89PNG", "a PNG image"), (b"%PDF", "a PDF document"), (b"GIF8", "a GIF image"),
    (b"\xff\xd8\xff", "a JPEG image"), (b"PK\x03\x04", "a ZIP archive (or DOCX/XLSX)"),
    (b"\x1f\x8b", "gzip-compressed data"), (b"BZh", "bzip2-compressed data"),
    (b"\x7fELF", "an executable"), (b"RIFF", "a RIFF media file"), (b"OggS", "an Ogg media file"),
    (b"WARC/", "a WARC crawl file (use `copydesk batch`)"),
)
_META_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]{1,40})""", re.I)
_PRINTABLE_ASCII = string.printable
_HTML_SNIFF = re.compile(r"<(?:!doctype\s+html|html|head|body|article|p|div)[\s>/]", re.I)


def document_id(data: str | bytes) -> str:
    """A stable id for content without one: the first 16 hex digits of its SHA-1."""
    raw = data.encode("utf-8", "surrogatepass") if isinstance(data, str) else data
    return hashlib.sha1(raw).hexdigest()[:16]


def read_source(source: str, *, allow_private_urls: bool = False, timeout: float = 20.0,
                max_bytes: int = MAX_INPUT_BYTES) -> Document:
    """Read a path, `-` (stdin) or an http(s) URL.

    Raises:
        InputError: the source is missing, unreadable, binary, empty or too large.
    """
    if source == "-":
        return document_from_bytes(_read_limited(sys.stdin.buffer, max_bytes, "<stdin>"),
                                   source="<stdin>")
    if re.match(r"(?i)^https?://", source):
        from copydesk.ingest.fetch import fetch_url

        return fetch_url(source, timeout=timeout, max_bytes=max_bytes,
                         allow_private=allow_private_urls)
    return read_path(Path(source), max_bytes=max_bytes)


def read_path(path: Path, *, max_bytes: int = MAX_INPUT_BYTES) -> Document:
    """Read one file; the suffix decides HTML or text, otherwise the content is sniffed."""
    name = str(path)
    if not path.exists():
        raise InputError("no such file", source=name, code="NOT_FOUND")
    if path.is_dir():
        raise InputError("is a folder; `copydesk batch` reads folders", source=name)
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise InputError(f"is {size:,} bytes, over the {max_bytes:,}-byte limit",
                             source=name, code="TOO_LARGE")
        raw = path.read_bytes()
    except OSError as err:
        raise InputError(f"cannot be read ({err.strerror or err})", source=name) from None
    suffix = path.suffix.lower()
    content_type = "html" if suffix in HTML_SUFFIXES else "text" if suffix in TEXT_SUFFIXES else None
    return document_from_bytes(raw, source=name, content_type=content_type)


def document_from_bytes(raw: bytes | str, *, source: str, id: str | None = None,
                        url: str | None = None, content_type: str | None = None,
                        meta: dict[str, Any] | None = None, charset: str | None = None,
                        fetched_at: dt.datetime | None = None) -> Document:
    """Decode and sniff `raw` into a Document.

    Args:
        raw: the page or text, as bytes (decoded here) or str.
        source: where it came from, used in every error message.
        content_type: "html" or "text"; sniffed from the content when None.
        charset: the declared charset (an HTTP header), tried before detection.

    Raises:
        InputError: binary, undecodable or empty content.
    """
    if len(raw) > MAX_INPUT_BYTES:
        raise InputError(f"is {len(raw):,} bytes or characters, over the {MAX_INPUT_BYTES:,} limit",
                         source=source, code="TOO_LARGE")
    text = raw if isinstance(raw, str) else decode_bytes(raw, source=source, declared=charset)
    text = text.replace("\x00", "")
    if not text.strip():
        raise InputError("is empty", source=source, code="EMPTY")
    kind = content_type or ("html" if _HTML_SNIFF.search(text[:4096]) else "text")
    return Document(id=id or document_id(raw), raw=text, content_type=kind, url=url,
                    source=source, fetched_at=fetched_at, meta=dict(meta or {}))


def decode_bytes(raw: bytes, *, source: str, declared: str | None = None) -> str:
    """Decode bytes in any common encoding, refusing binary data."""
    for magic, what in _BINARY_MAGIC:
        if raw.startswith(magic):
            raise InputError(f"looks like {what}, not an article", source=source, code="BINARY")
    for bom, encoding in ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16")):
        if raw.startswith(bom):
            return raw.decode(encoding, errors="replace")
    for encoding in filter(None, (declared, _meta_charset(raw), "utf-8")):
        try:
            return raw.decode(_normalise_encoding(encoding))
        except (UnicodeError, LookupError):  # UnicodeError: codecs such as "undefined" or "idna"
            continue
    return _detect(raw, source)


def _meta_charset(raw: bytes) -> str | None:
    match = _META_CHARSET.search(raw[:8192])
    name = match.group(1).decode("ascii", "ignore") if match else None
    return name if name and _ascii_compatible(name) else None


def _ascii_compatible(encoding: str) -> bool:
    """Whether ASCII reads the same in `encoding`.

    A `<meta>` declaration we could read as ASCII cannot be telling the truth about UTF-16,
    EBCDIC or Python-only codecs such as unicode_escape; browsers ignore such labels too.
    """
    try:
        return _PRINTABLE_ASCII.encode(_normalise_encoding(encoding)) == _PRINTABLE_ASCII.encode("ascii")
    except (UnicodeError, LookupError, TypeError):
        return False


def _normalise_encoding(name: str) -> str:
    # Browsers decode pages labelled Latin-1 as Windows-1252 (the WHATWG encoding standard);
    # doing the same keeps curly quotes and dashes from turning into control characters.
    lowered = name.lower().strip()
    return "cp1252" if lowered in {"iso-8859-1", "iso8859_1", "latin-1", "latin_1", "latin1", "us-ascii", "ascii"} else lowered


def _detect(raw: bytes, source: str) -> str:
    from charset_normalizer import from_bytes

    if raw.count(b"\x00") > len(raw) // 10 and not _looks_utf16(raw):
        raise InputError("looks like binary data, not text", source=source, code="BINARY")
    matches = from_bytes(raw[:200_000])
    best = matches.best()
    if best is None:
        raise InputError("looks like binary data: no text encoding fits it", source=source,
                         code="BINARY")
    return raw.decode(_prefer_windows_1252(best, matches), errors="replace")


def _prefer_windows_1252(best, matches) -> str:
    """Break a detection tie the way browsers do: undeclared Western pages are Windows-1252."""
    tied = (m for m in matches if (m.chaos, m.coherence) == (best.chaos, best.coherence))
    if any("cp1252" in m.could_be_from_charset for m in tied):
        return "cp1252"
    return _normalise_encoding(best.encoding)


def _looks_utf16(raw: bytes) -> bool:
    sample = raw[:2000]
    return sample[1::2].count(0) > len(sample) // 3 or sample[0::2].count(0) > len(sample) // 3


def _read_limited(stream, max_bytes: int, source: str) -> bytes:
    data = stream.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise InputError(f"is over the {max_bytes:,}-byte limit", source=source, code="TOO_LARGE")
    return data
