"""Ingest: turn a path, URL, stdin or raw bytes into a `Document`.

Bytes are decoded here, once: a byte-order mark, the HTTP or `<meta>` charset, strict UTF-8,
then a guess (Windows-1252 for mostly-ASCII Western text, else charset detection), which is
recorded in `Document.meta["notes"]` so a wrong guess is visible in the report. Binary files
(images, PDFs, archives) are refused with a message that says what they look like, rather than
decoded into mojibake.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import stat
import string
import sys
from pathlib import Path
from typing import Any

from copydesk.errors import BlockedURLError, InputError
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
URL_WITH_SCHEME = re.compile(r"(?i)^[a-z][a-z0-9+.-]*://")
_HTTP_URL = re.compile(r"(?i)^https?://")
_ASCII_BYTES = bytes(range(128))
_NON_ASCII_RUN = re.compile(r"[^\x00-\x7f]+")
# Non-letters Western text writes in Windows-1252; superscripts and the like are left out,
# since Central European text misread as Windows-1252 shows them (Polish "ł" reads as "³").
_WESTERN_PUNCTUATION = frozenset("‘’‚“”„–—…«»‹›°€£¥¢§©®™·•¡¿×\xa0")
# Letters of Windows-1252 that Western news rarely writes but Turkish (ğ ı ş) and Czech or
# Slovak (š ž) text misread as Windows-1252 is full of.
_MISREAD_LETTERS = frozenset("ðýþÐÝÞšžŠŽ")


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
    if URL_WITH_SCHEME.match(source) and not _HTTP_URL.match(source):
        raise BlockedURLError("only http and https URLs can be fetched", source=source)
    if _HTTP_URL.match(source):
        from copydesk.ingest.fetch import fetch_url

        return fetch_url(source, timeout=timeout, max_bytes=max_bytes,
                         allow_private=allow_private_urls)
    return read_path(Path(source), max_bytes=max_bytes)


def read_path(path: Path, *, max_bytes: int = MAX_INPUT_BYTES) -> Document:
    """Read one file; the suffix decides HTML or text, otherwise the content is sniffed.

    A named pipe (`<(curl …)`) or a character device (`/dev/stdin`) is read too, never past
    `max_bytes`: its size is unknown until it is read. Block devices and sockets are refused.
    """
    name = str(path)
    if not path.exists():
        raise InputError("no such file", source=name, code="NOT_FOUND")
    if path.is_dir():
        raise InputError("is a folder; `copydesk batch` reads folders", source=name)
    try:
        info = path.stat()
        kind = special_file_kind(info.st_mode)
        if stat.S_ISBLK(info.st_mode) or stat.S_ISSOCK(info.st_mode):
            raise InputError(f"is {kind}, not a file to read", source=name, code="NOT_A_FILE")
        if info.st_size > max_bytes:  # a pipe or device says 0 here: the bounded read catches it
            raise InputError(f"is {info.st_size:,} bytes, over the {max_bytes:,}-byte limit",
                             source=name, code="TOO_LARGE")
        with path.open("rb") as handle:
            raw = _read_limited(handle, max_bytes, name, what=kind)
    except OSError as err:
        raise InputError(f"cannot be read ({err.strerror or err})", source=name) from None
    suffix = path.suffix.lower()
    content_type = "html" if suffix in HTML_SUFFIXES else "text" if suffix in TEXT_SUFFIXES else None
    return document_from_bytes(raw, source=name, content_type=content_type)


def special_file_kind(mode: int) -> str | None:
    """What a path that is not a regular file is ("a named pipe (FIFO)", …); None for a regular file."""
    for test, kind in ((stat.S_ISFIFO, "a named pipe (FIFO)"), (stat.S_ISCHR, "a character device"),
                       (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket")):
        if test(mode):
            return kind
    return None


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
    text, guessed = (raw, None) if isinstance(raw, str) else _decode(raw, source, charset)
    text = text.replace("\x00", "")
    if not text.strip():
        raise InputError("is empty", source=source, code="EMPTY")
    kind = content_type or ("html" if _HTML_SNIFF.search(text[:4096]) else "text")
    meta = dict(meta or {})
    if guessed:
        meta["notes"] = [*meta.get("notes", ()), f"ingest: the text was decoded as {_label(guessed)}, a "
                         "guess: no charset was declared and it is not valid UTF-8."]
    return Document(id=id or document_id(raw), raw=text, content_type=kind, url=url,
                    source=source, fetched_at=fetched_at, meta=meta)


def decode_bytes(raw: bytes, *, source: str, declared: str | None = None) -> str:
    """Decode bytes in any common encoding, refusing binary data."""
    return _decode(raw, source, declared)[0]


def _decode(raw: bytes, source: str, declared: str | None) -> tuple[str, str | None]:
    """The text, and the encoding when it had to be guessed (None when the bytes said it)."""
    for magic, what in _BINARY_MAGIC:
        if raw.startswith(magic):
            raise InputError(f"looks like {what}, not an article", source=source, code="BINARY")
    for bom, encoding in ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16")):
        if raw.startswith(bom):
            return raw.decode(encoding, errors="replace"), None
    for encoding in filter(None, (declared, _meta_charset(raw), "utf-8")):
        try:
            return raw.decode(_normalise_encoding(encoding)), None
        except (UnicodeError, LookupError):  # UnicodeError: codecs such as "undefined" or "idna"
            continue
    western = _as_western(raw)
    if western is not None:
        return western, "cp1252"
    return _detect(raw, source)


def _label(codec: str) -> str:
    """The name people know an encoding by: Python's cp1252 is the web's windows-1252."""
    return re.sub(r"^cp(125\d)$", r"windows-\1", codec)


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


def _as_western(raw: bytes) -> str | None:
    """`raw` read as Windows-1252 when it looks like Western text, else None.

    Charset detection needs a few hundred bytes: on a short French or German line it picks
    codecs such as cp775 and garbles every accented letter. Western text is mostly (here: at
    least 3/4) ASCII, and its other characters are accented letters or typographic punctuation
    standing alone inside words ("café", "naïve", "“yes”"). Cyrillic, Greek or Hebrew read as
    Windows-1252 give letters too, but in runs as long as words, so runs over 3 characters rule
    it out.
    """
    if b"\x00" in raw or len(raw.translate(None, _ASCII_BYTES)) * 4 > len(raw):
        return None  # NUL bytes: UTF-16 or binary, never Windows-1252 text
    try:
        text = raw.decode("cp1252")
    except UnicodeDecodeError:  # one of the five bytes Windows-1252 leaves undefined
        return None
    for run in _NON_ASCII_RUN.finditer(text):
        if len(run.group()) > 3 or not all(_western_character(c) for c in run.group()):
            return None
    return text


def _western_character(character: str) -> bool:
    return (character.isalpha() and character not in _MISREAD_LETTERS) or character in _WESTERN_PUNCTUATION


def _detect(raw: bytes, source: str) -> tuple[str, str]:
    from charset_normalizer import from_bytes

    if raw.count(b"\x00") > len(raw) // 10 and not _looks_utf16(raw):
        raise InputError("looks like binary data, not text", source=source, code="BINARY")
    matches = from_bytes(raw[:200_000])
    best = matches.best()
    if best is None:
        raise InputError("looks like binary data: no text encoding fits it", source=source,
                         code="BINARY")
    encoding = _prefer_windows_1252(best, matches)
    return raw.decode(encoding, errors="replace"), encoding


def _prefer_windows_1252(best, matches) -> str:
    """Break a detection tie the way browsers do: undeclared Western pages are Windows-1252."""
    tied = (m for m in matches if (m.chaos, m.coherence) == (best.chaos, best.coherence))
    if any("cp1252" in m.could_be_from_charset for m in tied):
        return "cp1252"
    return _normalise_encoding(best.encoding)


def _looks_utf16(raw: bytes) -> bool:
    sample = raw[:2000]
    return sample[1::2].count(0) > len(sample) // 3 or sample[0::2].count(0) > len(sample) // 3


def _read_limited(stream, max_bytes: int, source: str, what: str | None = None) -> bytes:
    """At most `max_bytes`; more is refused. `what` says what the stream is ("a character device")."""
    data = stream.read(max_bytes + 1)
    if len(data) > max_bytes:
        refusal = f"is {what} that gave more than the" if what else "is over the"
        raise InputError(f"{refusal} {max_bytes:,}-byte limit", source=source, code="TOO_LARGE")
    return data
