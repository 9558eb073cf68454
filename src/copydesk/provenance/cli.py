"""`copydesk provenance`: score one article, or every text of a JSONL file."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

from copydesk.errors import InputError
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
        lines = (json.dumps({"id": key, **_as_dict(judged(text), text)}) for key, text in _jsonl_texts(args.jsonl))
        _write(lines, args.output)
    else:
        text = _read_article_text(args.source)
        _write([json.dumps(_as_dict(judged(text), text), indent=2)], args.output)
    return EXIT_OK


def _read_article_text(source: str) -> str:
    """The article text of a file, URL or stdin, through copydesk's own ingest and extraction."""
    from copydesk.extract import extract
    from copydesk.ingest import read_source

    return extract(read_source(source)).text


def _jsonl_texts(path: Path) -> Iterator[tuple[str, str]]:
    """(id, text) per line; the id is the line's "id" or its line number."""
    try:
        lines = path.read_text(encoding="utf-8").split("\n")  # not splitlines: JSON may hold U+2028
    except (OSError, UnicodeDecodeError) as err:
        raise InputError(f"cannot be read ({getattr(err, 'strerror', None) or err})", source=str(path)) from None
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        where = f"{path}:{number}"
        try:
            row = json.loads(line)
        except json.JSONDecodeError as err:
            raise InputError(f"is not valid JSON ({err.msg})", source=where) from None
        if not isinstance(row, dict) or not isinstance(row.get("text"), str):
            raise InputError('needs a JSON object with a string "text"', source=where)
        yield str(row.get("id", number)), row["text"]


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
