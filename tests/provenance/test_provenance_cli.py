"""`copydesk provenance` on a file, on JSONL, and on bad input."""

from __future__ import annotations

import argparse
import json

import pytest

from copydesk.provenance.cli import register


def _run(argv):
    parser = argparse.ArgumentParser(prog="copydesk")
    register(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(argv)
    return args.handler(args)


def test_scores_a_text_file(fixtures_dir, tmp_path, capsys):
    assert _run(["provenance", str(fixtures_dir / "seed-article.txt")]) == 0
    result = json.loads(capsys.readouterr().out)
    assert 0 <= result["score"] <= 1 and result["threshold"] and result["signals"]


def test_scores_jsonl_lines_to_a_file(tmp_path, seed_text):
    source = tmp_path / "in.jsonl"
    source.write_text(json.dumps({"id": "a", "text": seed_text}) + "\n\n" + json.dumps({"text": "short"}) + "\n")
    out = tmp_path / "out.jsonl"
    assert _run(["provenance", "--jsonl", str(source), "-o", str(out)]) == 0
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    assert [r["id"] for r in rows] == ["a", "3"]
    assert rows[0]["score"] is not None and rows[1]["score"] is None and "too short" in rows[1]["reason"]


def test_missing_file_is_an_input_error(tmp_path):
    from copydesk.errors import InputError

    with pytest.raises(InputError, match="no such file"):
        _run(["provenance", str(tmp_path / "absent.txt")])
