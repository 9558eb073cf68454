"""`copydesk provenance`: score one article, or every text of a JSONL file.

A JSONL file is read like `copydesk batch` reads one: line by line, each line capped and
decoded as UTF-8, and a bad line becomes an error row (`{"id", "source", "ok": false,
"error": {code, message}}`, codes BAD_JSON, MISSING_FIELD, TOO_LARGE, TRUNCATED_INPUT), never
the end of the run. A summary goes to stderr; the exit status is 0 once every line has a row.
"""

from __future__ import annotations

import argparse
import json
import sys
import zlib
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path

from copydesk.errors import InputError
from copydesk.ingest import MAX_INPUT_BYTES
from copydesk.ingest.jsonl import counted, jsonl_records, reading_stopped
from copydesk.model import ProvenanceResult

EXIT_OK = 0


def register(subparsers) -> None:
    command = subparsers.add_parser(
        "provenance", help="how likely a text is machine-generated (calibrated score, offline)",
        description="Score how likely an article is machine-generated, with the threshold, its "
                    "false-positive rate and the signals and sentences behind it. See docs/provenance.md.")
    inputs = command.add_mutually_exclusive_group(required=True)
    inputs.add_argument("source", nargs="?", help="an .html/.txt file, an http(s) URL, or - for stdin")
    inputs.add_argument("--jsonl", type=Path, metavar="FILE",
                        help="score the 'text' of every line of FILE; writes one JSON line each")
    command.add_argument("-o", "--output", type=Path, metavar="OUT", help="write to OUT instead of stdout")
    lm = command.add_argument_group("optional zero-shot scorers (extra `lm`; local weights only)")
    lm.add_argument("--lm", metavar="PATH", help="a local Hugging Face causal LM folder: adds Fast-DetectGPT")
    lm.add_argument("--lm-observer", metavar="PATH", help="Binoculars observer model folder")
    lm.add_argument("--lm-performer", metavar="PATH", help="Binoculars performer model folder")
    command.set_defaults(handler=run_provenance)


def run_provenance(args: argparse.Namespace) -> int:
    from copydesk.provenance import score

    zero_shot = None
    if args.lm or args.lm_observer or args.lm_performer:
        from copydesk.provenance.lm import ZeroShotScorers

        zero_shot = ZeroShotScorers(args.lm, args.lm_observer, args.lm_performer)

    def judged(text: str) -> ProvenanceResult:
        result = score(text)
        if zero_shot and result.score is not None:
            result = replace(result, signals=result.signals + zero_shot.signals(text))
        return result

    if args.jsonl:
        _check_jsonl_path(args.jsonl)
        tally: Counter = Counter()
        _write(_jsonl_rows(args.jsonl, judged, tally), args.output)
        print(_jsonl_summary(tally), file=sys.stderr)
    else:
        text = _read_article_text(args.source)
        _write([json.dumps(_as_dict(judged(text), text), indent=2)], args.output)
    return EXIT_OK


def _read_article_text(source: str) -> str:
    """The article text of a file, URL or stdin, through copydesk's own ingest and extraction."""
    from copydesk.extract import extract
    from copydesk.ingest import read_source

    return extract(read_source(source)).text


def _check_jsonl_path(path: Path) -> None:
    """Refuse a missing file or a folder before any output is written."""
    if not path.exists():
        raise InputError("no such file", source=str(path), code="NOT_FOUND")
    if path.is_dir():
        raise InputError("is a folder, not a JSONL file", source=str(path))


def _jsonl_rows(path: Path, judged: Callable[[str], ProvenanceResult], tally: Counter) -> Iterator[str]:
    """One JSON row per non-blank line: its score, or the error that says why it has none.

    The id is the line's "id", else its line number. `tally` counts lines, scored and blank.
    """
    try:
        for number, source, record in jsonl_records(path, MAX_INPUT_BYTES):
            if record is None:
                tally["blank"] += 1
                continue
            tally["lines"] += 1
            if isinstance(record, InputError):
                yield _error_row(str(number), source, record)
            elif not isinstance(record.get("text"), str):
                yield _error_row(str(record.get("id", number)), source, InputError(
                    'has no string field "text"', source=source, code="MISSING_FIELD"))
            else:
                tally["scored"] += 1
                text = record["text"]
                yield json.dumps({"id": str(record.get("id", number)), "source": source, "ok": True,
                                  **_as_dict(judged(text), text)})
    except (OSError, EOFError, zlib.error) as err:  # a truncated .gz, a read error: say where it stopped
        tally["lines"] += 1
        yield _error_row(f"{path}:end", str(path), reading_stopped(path, tally["lines"] - 1, err))


def _jsonl_summary(tally: Counter) -> str:
    """The closing line on stderr, worded like `copydesk batch`'s."""
    blank = f"; skipped: blank line ({tally['blank']:,})" if tally["blank"] else ""
    return (f"{counted(tally['lines'], 'line')} in, {counted(tally['lines'], 'row')} out "
            f"({tally['scored']:,} scored, {counted(tally['lines'] - tally['scored'], 'error row')}){blank}")


def _error_row(key: str, source: str, error: InputError) -> str:
    """The row of a line that could not be scored, shaped like `copydesk batch`'s error rows."""
    return json.dumps({"id": key, "source": source, "ok": False, "error": error.to_dict()})


def _as_dict(result: ProvenanceResult, text: str) -> dict:
    from copydesk.report.json_report import provenance_to_dict

    return provenance_to_dict(result, text)


def _write(lines, path: Path | None) -> None:
    """Write lines to `path` or stdout, failing with a clear message."""
    if path is None:
        for line in lines:
            sys.stdout.write(line + "\n")
        return
    try:
        with open(path, "w", encoding="utf-8") as handle:
            for line in lines:
                handle.write(line + "\n")
    except OSError as err:
        raise InputError(f"cannot be written ({err.strerror or err})", source=str(path)) from None
