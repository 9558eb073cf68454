"""Real kills mid-run: a worker, then the whole job. Nothing lost, nothing written twice."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from batch_helpers import LIGHT, cli_env, read_rows, story, write_jsonl

from copydesk.batch import BatchOptions, run_batch

pytestmark = pytest.mark.slow  # each test runs real batch jobs in subprocesses

DOCUMENTS, SHARD_SIZE = 40, 4


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("resume")
    records = [{"id": f"doc-{n:03d}", "url": f"https://site{n % 3}.example.com/{n}",
                "text": "\n\n".join(story(n, "Lorem ipsum." if n % 5 == 0 else ""))} for n in range(DOCUMENTS)]
    return write_jsonl(folder / "corpus.jsonl", records)


@pytest.fixture(scope="module")
def uninterrupted(tmp_path_factory, corpus: Path) -> list[dict]:
    out = tmp_path_factory.mktemp("baseline") / "out"
    run_batch(BatchOptions(inputs=[str(corpus)], output=out, workers=2, shard_size=SHARD_SIZE,
                           pipeline=LIGHT, progress=False))
    return read_rows(out)


def start_cli(corpus: Path, out: Path, *extra: str) -> subprocess.Popen:
    command = [sys.executable, "-m", "copydesk.cli", "batch", str(corpus), "-o", str(out), "--workers", "2",
               "--shard-size", str(SHARD_SIZE), "--pipeline", LIGHT, "--no-progress", *extra]
    return subprocess.Popen(command, env=cli_env(COPYDESK_TEST_DELAY="0.08"), start_new_session=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def wait_for_markers(out: Path, count: int, process: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while len(list(out.glob("part-*.done.json"))) < count:
        assert process.poll() is None, process.communicate()
        assert time.monotonic() < deadline, "the batch made no progress"
        time.sleep(0.02)


def worker_pids(parent: int) -> list[int]:
    """Child processes of `parent` that are multiprocessing workers (from /proc)."""
    pids = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            command = (stat.parent / "cmdline").read_bytes()
        except OSError:
            continue
        if int(fields[1]) == parent and b"spawn_main" in command:
            pids.append(int(stat.parent.name))
    return pids


def test_killing_a_worker_mid_run_loses_no_document(tmp_path: Path, corpus: Path, uninterrupted: list[dict]) -> None:
    out = tmp_path / "out"
    process = start_cli(corpus, out)
    wait_for_markers(out, 2, process)
    victims = worker_pids(process.pid)
    assert victims, "no worker process found"
    os.kill(victims[0], signal.SIGKILL)
    _, stderr = process.communicate(timeout=120)
    assert process.returncode == 0, stderr
    assert f"{DOCUMENTS} documents in, {DOCUMENTS} rows out" in stderr
    stats = json.loads((out / "_stats.json").read_text())
    assert stats["engine_details"]["workers_died"] == 1
    assert read_rows(out) == uninterrupted


def test_resume_after_kill_9_of_the_whole_job(tmp_path: Path, corpus: Path, uninterrupted: list[dict]) -> None:
    out = tmp_path / "out"
    process = start_cli(corpus, out)
    wait_for_markers(out, 3, process)
    os.killpg(process.pid, signal.SIGKILL)  # the parent and its workers, mid-shard
    process.communicate(timeout=30)
    done_before = len(list(out.glob("part-*.done.json")))
    assert 3 <= done_before < DOCUMENTS // SHARD_SIZE
    result = run_batch(BatchOptions(inputs=[str(corpus)], output=out, workers=2, shard_size=SHARD_SIZE,
                                    pipeline=LIGHT, progress=False, resume=True))
    assert result.complete and result.documents_in == result.rows_out == DOCUMENTS
    assert result.stats["this_run"]["documents"] == DOCUMENTS - done_before * SHARD_SIZE
    assert read_rows(out) == uninterrupted
    assert not list(out.glob("*.tmp"))


def test_resume_of_a_finished_job_does_nothing(tmp_path: Path, corpus: Path, uninterrupted: list[dict]) -> None:
    out = tmp_path / "out"
    options = {"inputs": [str(corpus)], "output": out, "workers": 1, "shard_size": SHARD_SIZE, "pipeline": LIGHT,
               "progress": False}
    run_batch(BatchOptions(**options))
    again = run_batch(BatchOptions(**options, resume=True))
    assert again.complete and again.stats["this_run"]["documents"] == 0 and again.rows_out == DOCUMENTS
    assert read_rows(out) == uninterrupted


def test_ctrl_c_stops_cleanly_and_resume_finishes(tmp_path: Path, corpus: Path, uninterrupted: list[dict]) -> None:
    out = tmp_path / "out"
    process = start_cli(corpus, out)
    wait_for_markers(out, 2, process)
    os.killpg(process.pid, signal.SIGINT)  # what a terminal sends the whole foreground group
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == 130 and "--resume" in stderr and "Traceback" not in stderr
    stats = json.loads((out / "_stats.json").read_text())
    assert stats["interrupted"] and not stats["complete"]
    process = start_cli(corpus, out, "--resume")
    _, stderr = process.communicate(timeout=120)
    assert process.returncode == 0 and f"{DOCUMENTS} documents in, {DOCUMENTS} rows out" in stderr
    assert read_rows(out) == uninterrupted
