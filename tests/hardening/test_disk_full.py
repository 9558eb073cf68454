"""A full disk under batch output: one clear error naming the output, a non-zero exit, and a
folder that `--resume` finishes with every input exactly once.

Three ways to fill the disk:
- a simulated one (always runs): `Path.open` for files under the output folder returns a
  writer that raises ENOSPC once a byte budget is spent, swept over every stage of a job;
- a real tmpfs of 256 KiB mounted inside the test (needs root; skipped with the reason otherwise),
  grown with `remount` before the resume;
- the kernel's /dev/full as the output.
"""

from __future__ import annotations

import errno
import json
import os
import pathlib
import subprocess
import sys
from pathlib import Path
from typing import Self

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "batch"))  # the batch tests' light pipeline
from batch_helpers import LIGHT, cli_env, random_story, read_rows, write_jsonl

from copydesk.batch.inputs import Item, read_error
from copydesk.batch.rows import error_row
from copydesk.batch.shards import OutputDir, ShardAssembler
from copydesk.batch.work import Cost
from copydesk.cli import main
from copydesk.errors import InputError

SHARD_SIZE = 4
NO_SPACE = os.strerror(errno.ENOSPC)  # "No space left on device"


class FillingDisk:
    """Files opened for writing under `folder` share `budget` bytes; past it, writes raise ENOSPC.

    Like a real full disk, the write that crosses the limit stores what fits and then fails.
    """

    def __init__(self, folder: Path, budget: int):
        self.folder, self.budget, self.used = folder.resolve(), budget, 0
        self._real_open = pathlib.Path.open

    def install(self, monkeypatch: pytest.MonkeyPatch) -> FillingDisk:
        disk = self

        def open_on_disk(path: Path, mode: str = "r", *args, **kwargs):
            handle = disk._real_open(path, mode, *args, **kwargs)
            writing = any(flag in mode for flag in "wax+")
            return _FillingFile(handle, disk) if writing and disk.folder in path.resolve().parents else handle

        monkeypatch.setattr(pathlib.Path, "open", open_on_disk)
        return self


class _FillingFile:
    """A file handle that spends its disk's budget on every write."""

    def __init__(self, handle, disk: FillingDisk):
        self._handle, self._disk = handle, disk

    def write(self, data):
        room = max(0, self._disk.budget - self._disk.used)
        size = len(data.encode("utf-8") if isinstance(data, str) else data)
        if size > room:
            self._handle.write(data[:room])  # characters, not bytes, for text: close enough to "what fits"
            self._disk.used = self._disk.budget
            raise OSError(errno.ENOSPC, NO_SPACE, self._handle.name)
        self._disk.used += size
        return self._handle.write(data)

    def __getattr__(self, name):
        return getattr(self._handle, name)

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc_info) -> None:
        self._handle.close()


# ---------------------------------------------------------------- the output folder alone (fast)


def rows_for(count: int) -> list[dict]:
    """Rows as the batch writes them (error rows: the schema is the same for analysed ones)."""
    rows = []
    for n in range(count):
        item = Item(unit=0, index=n, id=f"doc-{n:03d}", source=f"corpus.jsonl:{n + 1}",
                    url=f"https://news.example.org/{n}")
        rows.append(error_row(item, read_error(" ".join(random_story(n, 1)), item.source)))
    return rows


def write_job(out: Path, rows: list[dict], output_format: str, *, resume: bool) -> None:
    """What `run_batch` does with its rows: skip the finished shards, assemble and write the rest."""
    job = {"format": output_format, "full": False, "shard_size": SHARD_SIZE, "inputs": [["jsonl", "corpus", 1]]}
    output = OutputDir(out, job=job, resume=resume)
    assembler = ShardAssembler(output)
    for index, row in enumerate(rows):
        if not output.is_done(0, index):
            assembler.add(0, index, row, Cost(0.0, 0.0))
    assembler.end_unit(0, len(rows))


def bytes_written_by_a_whole_job(tmp_path: Path, rows: list[dict], output_format: str,
                                 monkeypatch: pytest.MonkeyPatch) -> int:
    out = tmp_path / f"measure-{output_format}"
    with monkeypatch.context() as patch:
        disk = FillingDisk(out, sys.maxsize).install(patch)
        write_job(out, rows, output_format, resume=False)
    return disk.used


@pytest.mark.parametrize("output_format", ["jsonl", "parquet"])
def test_a_disk_filling_at_any_point_gives_one_error_and_resume_writes_each_row_once(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, output_format: str) -> None:
    rows = rows_for(22)  # 5 full shards and a short last one
    expected = [row["id"] for row in rows]
    total = bytes_written_by_a_whole_job(tmp_path, rows, output_format, monkeypatch)
    # The job file, inside the first shard, between shards and markers, up to the last byte.
    budgets = sorted({0, 1, 100, *(total * step // 16 for step in range(1, 16)), total - 1})
    for budget in budgets:
        out = tmp_path / f"out-{output_format}-{budget}"
        with monkeypatch.context() as patch:
            FillingDisk(out, budget).install(patch)
            with pytest.raises(InputError) as failure:
                write_job(out, rows, output_format, resume=False)
        message = str(failure.value)
        assert failure.value.code == "OUTPUT", message
        assert message.startswith(f"{out}: ") and NO_SPACE in message, message
        assert not list(out.glob("*.tmp")), f"budget {budget}: a partial temporary file was left behind"
        write_job(out, rows, output_format, resume=True)  # space is back
        assert [row["id"] for row in read_rows(out)] == expected, f"budget {budget} of {total}"


def test_a_failed_stats_write_names_the_file_and_keeps_the_shards(tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "out"
    rows = rows_for(8)
    write_job(out, rows, "jsonl", resume=False)
    output = OutputDir(out, job=json.loads((out / "_job.json").read_text()), resume=True)
    FillingDisk(out, 0).install(monkeypatch)
    with pytest.raises(InputError) as failure:
        output.write_stats({"complete": True})
    assert "_stats.json" in str(failure.value) and NO_SPACE in str(failure.value)
    assert len(read_rows(out)) == len(rows)


# ---------------------------------------------------------------- the whole command, simulated


def corpus_of(path: Path, documents: int, paragraphs: int = 6) -> Path:
    """JSONL articles of hardly compressible prose, about 1 KB of text per paragraph."""
    return write_jsonl(path, [{"id": f"doc-{n:03d}", "text": "\n\n".join(random_story(n, paragraphs))}
                              for n in range(documents)])


def batch_arguments(corpus: Path, out: Path, *extra: str) -> list[str]:
    return ["batch", str(corpus), "-o", str(out), "--workers", "1", "--shard-size", str(SHARD_SIZE),
            "--pipeline", LIGHT, "--no-progress", *extra]


def only_line(stderr: str) -> str:
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert len(lines) == 1, stderr
    return lines[0]


def test_batch_command_on_a_filling_disk_exits_2_with_one_line_and_resume_finishes(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture) -> None:
    corpus = corpus_of(tmp_path / "corpus.jsonl", 24)
    out = tmp_path / "out"
    with monkeypatch.context() as patch:
        FillingDisk(out, corpus.stat().st_size // 2).install(patch)  # rows carry the text: half of it fits
        code = main(batch_arguments(corpus, out))
    line = only_line(capsys.readouterr().err)
    assert code == 2
    assert line.startswith(f"copydesk: error: {out}: cannot write part-") and NO_SPACE in line, line
    assert "--resume" in line and "Traceback" not in line
    finished_before = len(list(out.glob("*.done.json")))
    assert 0 < finished_before < 24 // SHARD_SIZE, "the disk should fill mid-run"
    assert main(batch_arguments(corpus, out, "--resume")) == 0
    assert sorted(row["id"] for row in read_rows(out)) == [f"doc-{n:03d}" for n in range(24)]


# ---------------------------------------------------------------- /dev/full


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="this system has no /dev/full")
def test_dev_full_as_batch_output_is_refused_in_one_line(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    corpus = corpus_of(tmp_path / "corpus.jsonl", 2)
    assert main(batch_arguments(corpus, Path("/dev/full"))) == 2
    line = only_line(capsys.readouterr().err)
    assert line == "copydesk: error: /dev/full: is not a folder; batch output is a folder of shards"


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="this system has no /dev/full")
def test_shards_written_to_dev_full_fail_with_the_kernels_error_and_resume_finishes(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture) -> None:
    """Every shard file is opened on /dev/full (the job file is not): the real ENOSPC, from the kernel."""
    corpus = corpus_of(tmp_path / "corpus.jsonl", 8)
    out = tmp_path / "out"
    real_open = pathlib.Path.open

    def shards_on_dev_full(path: Path, mode: str = "r", *args, **kwargs):
        if "w" in mode and path.name.startswith("part-"):
            return real_open(Path("/dev/full"), mode, *args, **kwargs)
        return real_open(path, mode, *args, **kwargs)

    with monkeypatch.context() as patch:
        patch.setattr(pathlib.Path, "open", shards_on_dev_full)
        assert main(batch_arguments(corpus, out)) == 2
    line = only_line(capsys.readouterr().err)
    assert f"{out}: cannot write part-u00000-c00000.jsonl ({NO_SPACE})" in line, line
    assert main(batch_arguments(corpus, out, "--resume")) == 0
    assert sorted(row["id"] for row in read_rows(out)) == [f"doc-{n:03d}" for n in range(8)]


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="this system has no /dev/full")
def test_standard_output_on_dev_full_is_one_clear_error_not_an_internal_one(tmp_path: Path) -> None:
    out = tmp_path / "out"
    write_job(out, rows_for(8), "jsonl", resume=False)
    with Path("/dev/full").open("w") as full:
        result = subprocess.run([sys.executable, "-m", "copydesk.cli", "sites", str(out), "--min-articles", "1"],
                                check=False, stdout=full, stderr=subprocess.PIPE, text=True, env=cli_env(), timeout=120)
    assert result.returncode == 2
    assert only_line(result.stderr) == f"copydesk: error: standard output: cannot write ({NO_SPACE})"


# ---------------------------------------------------------------- a real full filesystem


@pytest.fixture
def tiny_tmpfs(tmp_path: Path):
    """A 256 KiB tmpfs mounted for this test; yields (mount point, grow()) and unmounts after."""
    mount_point = tmp_path / "disk"
    mount_point.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", str(mount_point)],
                             check=False, capture_output=True, text=True)
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here (needs root and mount rights): {mounted.stderr.strip()}")

    def grow() -> None:
        subprocess.run(["mount", "-o", "remount,size=16m", str(mount_point)], check=True)

    try:
        yield mount_point, grow
    finally:
        subprocess.run(["umount", "-l", str(mount_point)], check=False)


@pytest.mark.slow
@pytest.mark.parametrize("output_format", ["jsonl", "parquet"])
def test_a_real_filesystem_filling_up_mid_run_then_resume_after_it_grows(tiny_tmpfs, tmp_path: Path,
                                                                         output_format: str) -> None:
    mount_point, grow = tiny_tmpfs
    documents = 160  # about 6 KB of text each: ~1 MB of JSONL rows, ~3x the disk even as zstd Parquet
    corpus = corpus_of(tmp_path / "corpus.jsonl", documents)
    out = mount_point / "out"
    command = [sys.executable, "-m", "copydesk.cli", *batch_arguments(corpus, out, "--format", output_format)]
    command[command.index("--workers") + 1] = "2"
    failed = subprocess.run(command, check=False, env=cli_env(), capture_output=True, text=True, timeout=300)
    assert failed.returncode == 2, failed.stderr
    line = only_line(failed.stderr)
    assert line.startswith(f"copydesk: error: {out}: cannot write ") and f"({NO_SPACE})" in line, line
    assert list(out.glob("*.done.json")), "some shards should have fitted before the disk filled"
    assert not list(out.glob("*.tmp"))
    grow()
    finished = subprocess.run([*command, "--resume"], check=False, env=cli_env(), capture_output=True, text=True, timeout=300)
    assert finished.returncode == 0, finished.stderr
    assert sorted(row["id"] for row in read_rows(out)) == [f"doc-{n:03d}" for n in range(documents)]
