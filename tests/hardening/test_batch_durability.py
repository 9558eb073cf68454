"""Batch durability: kill -9 and resume, unwritable output, a gzip bomb in a WARC, JSONL with bad lines."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
import zlib
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "batch"))  # the batch tests' light pipeline
from batch_helpers import LIGHT, cli_env, read_rows, story, write_jsonl  # noqa: E402

from copydesk.batch import BatchOptions, run_batch  # noqa: E402
from copydesk.ingest import MAX_INPUT_BYTES  # noqa: E402

DOCUMENTS, SHARD_SIZE, KILLS = 40, 4, 3
BOMB_BYTES = 1 << 30  # 1 GiB of zeros, about 1 MB compressed
BOMB_RSS_LIMIT_MB = 200 + 3 * MAX_INPUT_BYTES // 2**20  # interpreter + pipeline, plus a few copies of the capped read


def batch_command(inputs: list[Path], out: Path, *extra: str) -> list[str]:
    """The `copydesk batch` command line with the light pipeline."""
    return [sys.executable, "-m", "copydesk.cli", "batch", *map(str, inputs), "-o", str(out), "--workers", "2",
            "--shard-size", str(SHARD_SIZE), "--pipeline", LIGHT, "--no-progress", *extra]


@pytest.mark.slow
def test_kill_9_at_random_points_then_resume_writes_every_document_once(tmp_path: Path) -> None:
    corpus = write_jsonl(tmp_path / "corpus.jsonl", [
        {"id": f"doc-{n:03d}", "text": "\n\n".join(story(n))} for n in range(DOCUMENTS)])
    out = tmp_path / "out"
    rng = random.Random(9)
    env = cli_env(COPYDESK_TEST_DELAY="0.08")
    for kill in range(KILLS):
        resume = ("--resume",) if (out / "_job.json").exists() else ()
        process = subprocess.Popen(batch_command([corpus], out, *resume), env=env, start_new_session=True,
                                   stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        wait_for(lambda: (out / "_job.json").exists(), process)
        time.sleep(rng.uniform(0.0, 1.5))  # a random point after the job has started
        os.killpg(process.pid, signal.SIGKILL)  # the parent and its workers, with no chance to clean up
        process.wait(timeout=30)
        assert process.returncode == -signal.SIGKILL, f"run {kill} finished before the kill"
    finished = subprocess.run(batch_command([corpus], out, "--resume"), env=env, capture_output=True, text=True,
                              timeout=120)
    assert finished.returncode == 0, finished.stderr
    ids = [row["id"] for row in read_rows(out)]
    assert sorted(ids) == [f"doc-{n:03d}" for n in range(DOCUMENTS)]  # each exactly once


def wait_for(condition, process: subprocess.Popen, timeout: float = 60) -> None:
    """Poll `condition` until true; fail if the process exits first or time runs out."""
    deadline = time.monotonic() + timeout
    while not condition():
        assert process.poll() is None, process.communicate()
        assert time.monotonic() < deadline, "the batch did not start"
        time.sleep(0.02)


def test_output_under_a_regular_file_fails_with_one_clear_line(tmp_path: Path) -> None:
    corpus = write_jsonl(tmp_path / "corpus.jsonl", [{"id": "a", "text": "\n\n".join(story(1))}])
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a regular file, so nothing can be created under it, even by root")
    out = blocker / "out"
    result = subprocess.run(batch_command([corpus], out), env=cli_env(), capture_output=True, text=True, timeout=120)
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    assert str(out) in lines[0] or str(blocker) in lines[0], lines[0]


def write_bomb_warc(path: Path, url: str, payload_bytes: int) -> None:
    """A gzipped WARC whose one response record inflates to `payload_bytes` of zeros (streamed, never held)."""
    http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n"
    headers = (f"WARC/1.0\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:uuid:bomb>\r\nWARC-Target-URI: {url}\r\n"
               f"WARC-Date: 2024-01-01T00:00:00Z\r\nContent-Type: application/http; msgtype=response\r\n"
               f"Content-Length: {len(http) + payload_bytes}\r\n\r\n").encode()
    compressor = zlib.compressobj(9, zlib.DEFLATED, 31)  # one gzip member for the whole record
    zeros = bytes(1 << 22)
    with path.open("wb") as handle:
        handle.write(compressor.compress(headers + http))
        for _ in range(payload_bytes // len(zeros)):
            handle.write(compressor.compress(zeros))
        handle.write(compressor.compress(b"\r\n\r\n"))
        handle.write(compressor.flush())


def write_bomb_jsonl(path: Path, line_bytes: int) -> None:
    """A .jsonl.gz whose first line inflates to `line_bytes` (one text field of 'a'), then a good line."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, 31)
    filler = b"a" * (1 << 22)
    with path.open("wb") as handle:
        handle.write(compressor.compress(b'{"id": "bomb", "text": "'))
        for _ in range(line_bytes // len(filler)):
            handle.write(compressor.compress(filler))
        good = json.dumps({"id": "after-bomb", "text": "\n\n".join(story(1))})
        handle.write(compressor.compress(b'"}\n' + good.encode() + b"\n"))
        handle.write(compressor.flush())


def run_with_peak_rss(command: list[str]) -> tuple[int, float, str]:
    """Run `command` from a fresh interpreter; its exit code, its peak RSS in MB (with children), stderr."""
    # RUSAGE_CHILDREN of that interpreter covers only the batch and its workers, not earlier tests.
    probe = ("import resource, subprocess, sys; code = subprocess.call(sys.argv[1:]); "
             "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, code)")
    result = subprocess.run([sys.executable, "-c", probe, *command], env=cli_env(),
                            capture_output=True, text=True, timeout=300)
    peak_kb, code = map(int, result.stdout.split())
    return code, peak_kb / 1024, result.stderr


@pytest.mark.slow
def test_a_gzip_bomb_line_in_jsonl_gives_an_error_row_in_bounded_memory(tmp_path: Path) -> None:
    corpus = tmp_path / "bomb.jsonl.gz"
    write_bomb_jsonl(corpus, BOMB_BYTES)
    code, peak_mb, stderr = run_with_peak_rss(batch_command([corpus], tmp_path / "out"))
    assert code == 0, stderr
    assert peak_mb < BOMB_RSS_LIMIT_MB, f"peak RSS {peak_mb:.0f} MB"
    rows = read_rows(tmp_path / "out")
    assert [row["ok"] for row in rows] == [False, True]
    assert rows[0]["error"]["code"] == "TOO_LARGE" and rows[1]["id"] == "after-bomb"


@pytest.mark.slow
def test_a_gzip_bomb_in_a_warc_gives_an_error_row_in_bounded_memory(tmp_path: Path) -> None:
    crawl = tmp_path / "bomb.warc.gz"
    write_bomb_warc(crawl, "https://bomb.example.com/", BOMB_BYTES)
    assert crawl.stat().st_size < 5 * 2**20
    out = tmp_path / "out"
    code, peak_mb, stderr = run_with_peak_rss(batch_command([crawl], out))
    assert code == 0, stderr
    assert peak_mb < BOMB_RSS_LIMIT_MB, f"peak RSS {peak_mb:.0f} MB"
    rows = read_rows(out)
    assert len(rows) == 1
    assert rows[0]["ok"] is False and rows[0]["error"]["code"] == "TOO_LARGE", rows[0]
    assert len(json.dumps(rows[0])) < 10_000


def test_jsonl_bad_lines_give_one_error_row_each_and_good_lines_are_analysed(tmp_path: Path) -> None:
    good = [{"id": f"good-{n}", "text": "\n\n".join(story(n))} for n in range(3)]
    bad = [
        "{not json",
        '{"id": "trailing", "text": "x",}',
        "\x00\x01binary",
        {"id": "no-body", "url": "https://news.example.org/x"},
        {"id": "text-number", "text": 12345},
        {"id": "html-list", "html": ["<p>a</p>"]},
        {"id": "text-null", "text": None},
        {"id": "date-list", "text": "A short text about the harbour.", "date": [2024, 1, 1]},
        '"just a string"',
        "42",
    ]
    lines = [good[0], *bad[:6], good[1], *bad[6:], good[2]]
    corpus = write_jsonl(tmp_path / "mixed.jsonl", lines)
    result = run_batch(BatchOptions(inputs=[str(corpus)], output=tmp_path / "out", workers=1, pipeline=LIGHT,
                                    progress=False))
    rows = read_rows(tmp_path / "out")
    assert result.documents_in == result.rows_out == len(lines) == len(rows)
    analysed = {row["id"] for row in rows if row["ok"]}
    assert {record["id"] for record in good} <= analysed
    errors = [row for row in rows if not row["ok"]]
    assert len(errors) == len(bad), [row["id"] for row in rows if row["ok"]]
    for row in errors:
        assert row["error"]["code"] and str(corpus.name) in row["error"]["message"], row


def test_a_jsonl_line_over_the_limit_is_one_error_and_the_next_line_still_reads(tmp_path: Path) -> None:
    from collections import Counter

    from copydesk.batch.inputs import Unit, read_unit

    long_line = json.dumps({"id": "long", "text": "a" * 5000})
    corpus = write_jsonl(tmp_path / "long.jsonl", [long_line, {"id": "next", "text": "A short brief."}])
    items = list(read_unit(0, Unit("jsonl", "long.jsonl", (corpus,)), Counter(), max_bytes=1000))
    assert [(item.error or {}).get("code") for item in items] == ["TOO_LARGE", None]
    assert items[1].id == "next" and items[0].source.endswith("long.jsonl:1")
