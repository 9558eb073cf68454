"""JSON Lines, read the same way by `copydesk batch` and `copydesk provenance --jsonl`.

Line by line, never more than one capped line in memory; each line is decoded as UTF-8
explicitly (JSON Lines is UTF-8, and `json.loads` on bytes would guess UTF-16 from a stray
FF FE), and each bad line becomes an `InputError` with a stable code, never the end of the file.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any, NamedTuple

from copydesk.errors import InputError


class JsonlLine(NamedTuple):
    """One line: its number, its name in messages ("file:line"), and what it holds."""

    number: int
    source: str
    record: dict[str, Any] | InputError | None  # an InputError for a bad line, None for a blank one


def jsonl_records(path: Path, max_bytes: int) -> Iterator[JsonlLine]:
    """Every line of `path` as a `JsonlLine`, read as it is needed.

    A `.gz` file is decompressed as it is read.

    Raises:
        OSError, EOFError, zlib.error: the file cannot be opened or read to its end.
    """
    opener = gzip.open if path.name.lower().endswith(".gz") else open
    with opener(path, "rb") as handle:
        for number, line in enumerate(capped_lines(handle, max_bytes), start=1):
            source = f"{path}:{number}"
            yield JsonlLine(number, source, parse_line(line, source, max_bytes) if line.strip() else None)


def capped_lines(handle: Any, max_bytes: int) -> Iterator[bytes]:
    """Lines cut at `max_bytes + 1` bytes; the rest of a longer line is skipped, never held in memory."""
    while line := handle.readline(max_bytes + 1):
        if len(line) > max_bytes and not line.endswith(b"\n"):
            while (rest := handle.readline(1 << 20)) and not rest.endswith(b"\n"):
                pass
        yield line


def parse_line(line: bytes, source: str, max_bytes: int) -> dict[str, Any] | InputError:
    """One line as a JSON object, or the error that says why it is not one (codes TOO_LARGE, BAD_JSON)."""
    if len(line) > max_bytes:
        return InputError(f"the line is over the {max_bytes:,}-byte limit", source=source, code="TOO_LARGE")
    try:
        text = line.decode("utf-8-sig")  # a byte-order mark (Notepad writes one) is dropped
    except UnicodeDecodeError as err:
        return InputError(f"is not valid UTF-8 (byte {line[err.start]:#04x} at position {err.start}); "
                          "JSON Lines files must be UTF-8", source=source, code="BAD_JSON")
    try:
        record = json.loads(text)
    except ValueError as err:
        return InputError(f"is not valid JSON ({err})", source=source, code="BAD_JSON")
    if not isinstance(record, dict):
        return InputError("is not a JSON object", source=source, code="BAD_JSON")
    return record


def reading_stopped(path: Path, documents: int, err: Exception) -> InputError:
    """The error for a file that broke off after `documents` lines (a truncated .gz, a read error)."""
    return InputError(f"reading stopped after {counted(documents, 'document')} ({err})", source=str(path),
                      code="TRUNCATED_INPUT")


def counted(number: int, noun: str) -> str:
    """"1 document", "2 documents": a count with its noun in the right number."""
    return f"{number:,} {noun}{'' if number == 1 else 's'}"
