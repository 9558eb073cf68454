"""The batch output folder: sharded rows with completion markers, so a killed run resumes.

Layout of `OUT/`:
    _job.json                          what the run reads and how (checked on --resume)
    part-u00000-c00000.jsonl|.parquet  rows of unit 0, items 0 … shard_size-1, in input order
    part-u00000-c00000.done.json       completion marker: row count and per-shard stats
    _stats.json                        run statistics, rewritten at the end of every run

A shard file is written to a temporary name, synced and renamed; only then is its marker
written. A shard without a marker is incomplete and is deleted and redone on `--resume`, so
after a crash or `kill -9` no document is lost or written twice.
"""

from __future__ import annotations

import json
import os
import re
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import IO, Any

from copydesk.batch.work import Cost
from copydesk.errors import InputError

JOB_FILE = "_job.json"
STATS_FILE = "_stats.json"
MARKER_SUFFIX = ".done.json"
FORMATS = ("jsonl", "parquet")
_SHARD_NAME = re.compile(r"^part-u(\d+)-c(\d+)\.(jsonl|parquet)$")


def shard_stem(unit: int, chunk: int) -> str:
    return f"part-u{unit:05d}-c{chunk:05d}"


class OutputDir:
    """The output folder of one batch job: which shards are done, and writing new ones."""

    def __init__(self, path: Path, *, job: dict[str, Any], resume: bool):
        self.path = path
        self.format = job["format"]
        self.full = job["full"]
        self.shard_size = job["shard_size"]
        self._prepare(job, resume)
        self.done: dict[tuple[int, int], dict[str, Any]] = dict(self._read_markers())

    def _prepare(self, job: dict[str, Any], resume: bool) -> None:
        job_file = self.path / JOB_FILE
        if self.path.exists() and not self.path.is_dir():
            raise InputError("is not a folder; batch output is a folder of shards", source=str(self.path),
                             code="OUTPUT")
        try:
            self.path.mkdir(parents=True, exist_ok=True)
            if job_file.exists():
                previous = json.loads(job_file.read_text(encoding="utf-8"))
                if not resume:
                    raise InputError("already holds batch output; pass --resume to finish that job, "
                                     "or choose a new folder", source=str(self.path), code="OUTPUT_EXISTS")
                if previous != job:
                    changed = sorted(k for k in set(job) | set(previous) if job.get(k) != previous.get(k))
                    raise InputError(f"holds a job with other settings ({', '.join(changed)} differ); "
                                     "--resume needs the same inputs and options", source=str(self.path),
                                     code="RESUME_MISMATCH")
            elif any(self.path.iterdir()):
                raise InputError("is not empty and holds no batch job; choose a new or empty folder",
                                 source=str(self.path), code="OUTPUT_EXISTS")
            _write_atomically(job_file, json.dumps(job, indent=2, sort_keys=True))
            self._remove_incomplete()
        except OSError as err:
            raise InputError(f"cannot be used for output ({err.strerror or err})", source=str(self.path),
                             code="OUTPUT") from None

    def _remove_incomplete(self) -> None:
        for path in self.path.iterdir():
            match = _SHARD_NAME.match(path.name)
            incomplete = match and not path.with_name(path.name.split(".")[0] + MARKER_SUFFIX).exists()
            if incomplete or path.name.endswith(".tmp"):
                path.unlink()

    def _read_markers(self) -> Iterator[tuple[tuple[int, int], dict[str, Any]]]:
        for marker in sorted(self.path.glob("part-*" + MARKER_SUFFIX)):
            data = json.loads(marker.read_text(encoding="utf-8"))
            yield (data["unit"], data["chunk"]), data

    def is_done(self, unit: int, index: int) -> bool:
        return (unit, index // self.shard_size) in self.done

    def write_shard(self, unit: int, chunk: int, rows: list[dict[str, Any]],
                    stats: dict[str, Any]) -> None:
        """Write one complete shard, then its marker."""
        stem = shard_stem(unit, chunk)
        target = self.path / f"{stem}.{self.format}"
        try:
            if self.format == "parquet":
                _write_parquet(target, rows, self.full)
            else:
                _write_jsonl(target, rows)
            marker = {"unit": unit, "chunk": chunk, "rows": len(rows), "file": target.name, **stats}
            _write_atomically(self.path / (stem + MARKER_SUFFIX), json.dumps(marker, sort_keys=True))
        except OSError as err:
            raise self._write_failed(target, err) from None
        self.done[(unit, chunk)] = marker

    def write_stats(self, stats: dict[str, Any]) -> None:
        target = self.path / STATS_FILE
        try:
            _write_atomically(target, json.dumps(stats, indent=2, sort_keys=True))
        except OSError as err:
            raise self._write_failed(target, err) from None

    def _write_failed(self, target: Path, err: OSError) -> InputError:
        """The one-line error for a failed write (a full disk, a lost mount, a read-only folder)."""
        return InputError(f"cannot write {target.name} ({err.strerror or err}); completed shards are kept: "
                          "fix the cause and run the same command with --resume", source=str(self.path),
                          code="OUTPUT")


def shard_files(paths: list[Path]) -> list[Path]:
    """The complete shard files (those with a marker) in batch output folders."""
    files = []
    for folder in paths:
        if not (folder / JOB_FILE).exists():
            raise InputError("is not a copydesk batch output folder (no _job.json)", source=str(folder),
                             code="NOT_BATCH_OUTPUT")
        for marker in sorted(folder.glob("part-*" + MARKER_SUFFIX)):
            files.append(folder / json.loads(marker.read_text(encoding="utf-8"))["file"])
    return files


def _write_jsonl(target: Path, rows: list[dict[str, Any]]) -> None:
    with _replacing(target, "w") as handle:
        for row in rows:
            handle.write(json.dumps(row, ensure_ascii=False) + "\n")


def _write_parquet(target: Path, rows: list[dict[str, Any]], full: bool) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    from copydesk.batch.rows import row_schema

    if full:
        rows = [{**row, "report": json.dumps(row["report"], ensure_ascii=False)
                 if row.get("report") is not None else None} for row in rows]
    table = pa.Table.from_pylist(rows, schema=row_schema(full))
    with _replacing(target, "wb") as handle:
        pq.write_table(table, handle, compression="zstd")


def _write_atomically(target: Path, content: str) -> None:
    with _replacing(target, "w") as handle:
        handle.write(content)


@contextmanager
def _replacing(target: Path, mode: str) -> Iterator[IO]:
    """A handle on a temporary file that replaces `target` once written whole and synced.

    On any failure (a full disk among them) the temporary file is removed at once, giving back
    its space, and `target` is left as it was.
    """
    temporary = target.with_name(target.name + ".tmp")
    try:
        with temporary.open(mode, **({} if "b" in mode else {"encoding": "utf-8"})) as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, target)
    except BaseException:
        with suppress(OSError):  # the original error is the one to report
            temporary.unlink(missing_ok=True)
        raise


class ShardAssembler:
    """Collects rows arriving in any order and writes each shard once it is complete."""

    def __init__(self, output: OutputDir):
        self.output = output
        self.size = output.shard_size
        self._open: dict[tuple[int, int], dict[int, tuple[dict[str, Any], Cost]]] = {}
        self._unit_counts: dict[int, int] = {}

    def add(self, unit: int, index: int, row: dict[str, Any], cost: Cost) -> None:
        key = (unit, index // self.size)
        self._open.setdefault(key, {})[index] = (row, cost)
        self._flush_if_complete(key)

    def end_unit(self, unit: int, count: int) -> None:
        """Record that `unit` holds `count` items, which completes its last shard."""
        self._unit_counts[unit] = count
        for key in [k for k in self._open if k[0] == unit]:
            self._flush_if_complete(key)

    def _expected(self, unit: int, chunk: int) -> int:
        count = self._unit_counts.get(unit)
        if count is None:
            return self.size
        return max(0, min(self.size, count - chunk * self.size))

    def _flush_if_complete(self, key: tuple[int, int]) -> None:
        received = self._open.get(key)
        if not received or len(received) < self._expected(*key):
            return
        ordered = [received[index] for index in sorted(received)]
        rows = [row for row, _ in ordered]
        costs = [cost for _, cost in ordered]
        self.output.write_shard(*key, rows, shard_stats(rows, Cost(sum(c.wall for c in costs), sum(c.cpu for c in costs))))
        del self._open[key]

    @property
    def pending_rows(self) -> int:
        return sum(len(rows) for rows in self._open.values())


def shard_stats(rows: list[dict[str, Any]], cost: Cost) -> dict[str, Any]:
    """Per-shard counts kept in the marker, summed into the run's stats file."""
    findings: Counter = Counter()
    articles_with: Counter = Counter()
    errors: Counter = Counter()
    for row in rows:
        if not row["ok"]:
            errors[row["error"]["code"]] += 1
        for finding in row["findings"]:
            findings[finding["code"]] += finding["count"]
            articles_with[finding["code"]] += 1
    return {"ok": sum(row["ok"] for row in rows), "error_codes": dict(errors), "findings": dict(findings),
            "articles_with": dict(articles_with), "seconds": round(cost.wall, 6), "cpu_seconds": round(cost.cpu, 6),
            "words": sum(row["words"] for row in rows)}
