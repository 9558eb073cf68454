"""`copydesk provenance --jsonl`: bad lines become error rows (as in `copydesk batch`), the rest are scored."""

from __future__ import annotations

import argparse
import gzip
import json

import pytest

from copydesk.errors import InputError
from copydesk.provenance.cli import register

SHORT = "A short note."  # the detector declines it quickly, with a reason


def _run(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="copydesk")
    register(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(argv)
    return args.handler(args)


def _rows(capsys) -> tuple[list[dict], str]:
    captured = capsys.readouterr()
    return [json.loads(line) for line in captured.out.splitlines()], captured.err


def test_every_line_gets_a_row_and_bad_ones_say_why(tmp_path, capsys):
    source = tmp_path / "mixed.jsonl"
    source.write_bytes(b"".join([
        json.dumps({"id": "a", "text": SHORT}).encode() + b"\n",
        b"{not json\n",
        b"\n",
        b'\xff\xfe{"text": "x"}\n',
        b'{"id": 7}\n',
        b"[1, 2]\n",
        json.dumps({"text": SHORT}).encode() + b"\n",
    ]))
    assert _run(["provenance", "--jsonl", str(source)]) == 0
    rows, err = _rows(capsys)
    assert [(row["id"], row["source"], row["ok"]) for row in rows] == [
        ("a", f"{source}:1", True), ("2", f"{source}:2", False), ("4", f"{source}:4", False),
        ("7", f"{source}:5", False), ("6", f"{source}:6", False), ("7", f"{source}:7", True)]
    errors = [row["error"] for row in rows if not row["ok"]]
    assert [error["code"] for error in errors] == ["BAD_JSON", "BAD_JSON", "MISSING_FIELD", "BAD_JSON"]
    assert errors[1]["message"] == (f"{source}:4: is not valid UTF-8 (byte 0xff at position 0); "
                                    "JSON Lines files must be UTF-8")
    assert errors[2]["message"] == f'{source}:5: has no string field "text"'
    assert rows[0]["reason"] and rows[0]["score"] is None
    assert err.strip() == "6 lines in, 6 rows out (2 scored, 4 error rows); skipped: blank line (1)"


def test_a_line_over_the_cap_is_an_error_row_and_reading_goes_on(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr("copydesk.provenance.cli.MAX_INPUT_BYTES", 100)
    source = tmp_path / "long.jsonl"
    source.write_text(json.dumps({"text": "word " * 200}) + "\n" + json.dumps({"text": SHORT}) + "\n")
    assert _run(["provenance", "--jsonl", str(source)]) == 0
    rows, err = _rows(capsys)
    assert rows[0]["error"] == {"code": "TOO_LARGE", "message": f"{source}:1: the line is over the 100-byte limit"}
    assert (rows[1]["source"], rows[1]["ok"]) == (f"{source}:2", True)
    assert "2 lines in, 2 rows out (1 scored, 1 error row)" in err


def test_a_truncated_gzip_file_ends_with_a_row_saying_where(tmp_path, capsys):
    source = tmp_path / "cut.jsonl.gz"
    data = gzip.compress("".join(json.dumps({"text": f"{SHORT} {n}"}) + "\n" for n in range(200)).encode())
    source.write_bytes(data[: len(data) // 2])
    assert _run(["provenance", "--jsonl", str(source)]) == 0
    rows, _ = _rows(capsys)
    last = rows[-1]
    assert all(row["ok"] for row in rows[:-1]) and len(rows) > 1
    assert last["error"]["code"] == "TRUNCATED_INPUT"
    assert last["error"]["message"].startswith(f"{source}: reading stopped after {len(rows) - 1} documents")


def test_one_bad_line_reads_in_the_singular(tmp_path, capsys):
    source = tmp_path / "one.jsonl"
    source.write_text("{oops\n")
    assert _run(["provenance", "--jsonl", str(source)]) == 0
    assert _rows(capsys)[1].strip() == "1 line in, 1 row out (0 scored, 1 error row)"


@pytest.mark.parametrize("make", ["missing", "folder"])
def test_a_file_that_cannot_be_read_at_all_is_refused_before_any_output(tmp_path, make):
    source = tmp_path / "in.jsonl"
    if make == "folder":
        source.mkdir()
    out = tmp_path / "out.jsonl"
    with pytest.raises(InputError, match="no such file" if make == "missing" else "is a folder") as caught:
        _run(["provenance", "--jsonl", str(source), "-o", str(out)])
    assert str(source) in str(caught.value) and not out.exists()
