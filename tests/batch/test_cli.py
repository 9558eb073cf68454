"""`copydesk batch` on the command line: the summary line, exit codes, clear errors."""

from __future__ import annotations

from pathlib import Path

from batch_helpers import LIGHT, read_rows

from copydesk.cli import main


def test_batch_command_prints_rows_out_equals_documents_in(tmp_path: Path, jsonl_input: Path, capsys) -> None:
    out = tmp_path / "out"
    code = main(["batch", str(jsonl_input), "-o", str(out), "--workers", "1", "--pipeline", LIGHT, "--no-progress"])
    err = capsys.readouterr().err
    assert code == 0
    assert "6 documents in, 6 rows out (2 analysed, 4 error rows); skipped (not documents): 1 blank JSONL line" in err
    assert len(read_rows(out)) == 6


def test_batch_command_errors_name_the_input(tmp_path: Path, capsys) -> None:
    missing = tmp_path / "nowhere.warc.gz"
    assert main(["batch", str(missing), "-o", str(tmp_path / "out")]) == 2
    assert f"{missing}: no such file or folder" in capsys.readouterr().err
    (tmp_path / "a.txt").write_text("A brief about the harbour.")
    assert main(["batch", str(tmp_path / "a.txt"), "-o", str(tmp_path / "out2"), "--pipeline", "nope:nothing",
                 "--no-progress"]) == 2
    assert "nope:nothing: cannot load the pipeline" in capsys.readouterr().err
