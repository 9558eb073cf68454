"""`copydesk batch` on the command line: the summary line, exit codes, clear errors."""

from __future__ import annotations

from pathlib import Path

import pytest
from batch_helpers import LIGHT, read_rows, write_jsonl

from copydesk.cli import main


def test_batch_command_prints_rows_out_equals_documents_in(tmp_path: Path, jsonl_input: Path, capsys) -> None:
    out = tmp_path / "out"
    code = main(["batch", str(jsonl_input), "-o", str(out), "--workers", "1", "--pipeline", LIGHT, "--no-progress"])
    err = capsys.readouterr().err
    assert code == 0
    assert "6 documents in, 6 rows out (2 analysed, 4 error rows); skipped (not documents): blank JSONL line (1)" in err
    assert len(read_rows(out)) == 6


def test_batch_command_errors_name_the_input(tmp_path: Path, capsys) -> None:
    missing = tmp_path / "nowhere.warc.gz"
    assert main(["batch", str(missing), "-o", str(tmp_path / "out")]) == 2
    assert f"{missing}: no such file or folder" in capsys.readouterr().err
    (tmp_path / "a.txt").write_text("A brief about the harbour.")
    assert main(["batch", str(tmp_path / "a.txt"), "-o", str(tmp_path / "out2"), "--pipeline", "nope:nothing",
                 "--no-progress"]) == 2
    assert "nope:nothing: cannot load the pipeline" in capsys.readouterr().err


def test_summary_counts_take_the_singular_for_one(tmp_path: Path, capsys) -> None:
    source = write_jsonl(tmp_path / "one.jsonl", ["{not json"])
    assert main(["batch", str(source), "-o", str(tmp_path / "out"), "--workers", "1", "--pipeline", LIGHT,
                 "--no-progress"]) == 0
    assert "1 document in, 1 row out (0 analysed, 1 error row); " in capsys.readouterr().err


def test_a_repeated_id_is_warned_about_once(tmp_path: Path, capsys) -> None:
    source = write_jsonl(tmp_path / "ids.jsonl", [{"id": "a", "text": "A brief about the harbour."}] * 3)
    assert main(["batch", str(source), "-o", str(tmp_path / "out"), "--workers", "1", "--pipeline", LIGHT,
                 "--no-progress"]) == 0
    err = capsys.readouterr().err
    assert err.count("warning:") == 1
    assert f"{source}:2: the id 'a' was already used by an earlier document" in err
    assert [row["source"] for row in read_rows(tmp_path / "out")] == [f"{source}:{n}" for n in (1, 2, 3)]


@pytest.mark.parametrize(("argument", "message"), [
    ("/dev/zero", "/dev/zero: is a character device, not a regular file"),
    ("ftp://example.com/a.warc", "ftp://example.com/a.warc: is a URL; batch reads local files"),
])
def test_devices_and_urls_are_refused_by_what_they_are(tmp_path: Path, capsys, argument: str, message: str) -> None:
    assert main(["batch", argument, "-o", str(tmp_path / "out"), "--no-progress"]) == 2
    err = capsys.readouterr().err
    assert message in err and "no such file" not in err
