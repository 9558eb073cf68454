"""Run a batch job: expand the inputs, skip finished shards, drive an engine, write stats."""

from __future__ import annotations

import datetime as dt
import functools
import os
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from copydesk import __version__
from copydesk.batch.inputs import expand_inputs
from copydesk.batch.local import LocalPool, peak_rss_mb
from copydesk.batch.rows import ROW_SCHEMA_ID
from copydesk.batch.shards import FORMATS, OutputDir, ShardAssembler
from copydesk.batch.work import (
    DEFAULT_PIPELINE,
    DEFAULT_TIMEOUT,
    Cost,
    PipelineFactory,
    UnitEnd,
    WorkerSpec,
    pending_work,
    resolve_factory,
)
from copydesk.errors import InputError

ENGINES = ("local", "ray")
DEFAULT_SHARD_SIZE = 1000


def available_cpus() -> int:
    """CPUs this process may run on (a container's limit, not the host's count where it shows)."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


@dataclass
class BatchOptions:
    """Everything `copydesk batch` can be told. See `docs/batch.md`."""

    inputs: list[str]
    output: Path
    format: str = "jsonl"
    workers: int = field(default_factory=available_cpus)
    engine: str = "local"
    resume: bool = False
    limit: int | None = None
    timeout: float | None = DEFAULT_TIMEOUT
    full: bool = False
    shard_size: int = DEFAULT_SHARD_SIZE
    pipeline: PipelineFactory = DEFAULT_PIPELINE
    progress: bool = True

    def validate(self) -> None:
        if self.format not in FORMATS:
            raise InputError(f"unknown format; choose one of {', '.join(FORMATS)}", source=self.format)
        if self.engine not in ENGINES:
            raise InputError(f"unknown engine; choose one of {', '.join(ENGINES)}", source=self.engine)
        for name in ("workers", "shard_size"):
            if getattr(self, name) < 1:
                raise InputError("must be at least 1", source=f"--{name.replace('_', '-')}")
        if self.limit is not None and self.limit < 0:
            raise InputError("must not be negative", source="--limit")


@dataclass
class BatchResult:
    """What a finished (or interrupted) run reports."""

    documents_in: int
    rows_out: int
    ok: int
    output: Path
    stats: dict[str, Any]

    @property
    def complete(self) -> bool:
        return self.stats["complete"]


def run_batch(options: BatchOptions) -> BatchResult:
    """Analyse every input document into one row each, resumably.

    Raises:
        InputError: an input or the output folder cannot be used.
        KeyboardInterrupt: after the stats are written; completed shards are kept.
    """
    options.validate()
    resolve_factory(options.pipeline)  # a wrong pipeline fails here, before any worker starts
    started, started_at = time.perf_counter(), dt.datetime.now(dt.UTC)
    units, skipped = expand_inputs(options.inputs)
    output = OutputDir(options.output, job=_job(options, units), resume=options.resume)
    indexed_units = list(enumerate(units))
    spec = WorkerSpec(pipeline=options.pipeline, full=options.full, timeout=options.timeout)
    assembler = ShardAssembler(output)
    tally = _Tally()
    progress = _progress(options.progress)
    engine_stats: dict[str, Any] = {}

    def on_row(unit: int, index: int, row: dict[str, Any], cost: Cost) -> None:
        assembler.add(unit, index, row, cost)
        tally.processed += 1
        tally.failed += not row["ok"]
        progress.update(tally.task, advance=1, errors=tally.failed)

    def on_unit_end(end: UnitEnd) -> None:
        assembler.end_unit(end.unit, end.count)
        tally.documents_in += end.count

    interrupted = False
    with progress:
        tally.task = progress.add_task("documents", total=None, errors=0)
        try:
            if options.engine == "ray":
                from copydesk.batch.ray_engine import run_ray

                engine_stats = run_ray(indexed_units, done=set(output.done), shard_size=options.shard_size,
                                       limit=options.limit, spec=spec, workers=options.workers,
                                       on_row=on_row, on_unit_end=on_unit_end, skipped=skipped,
                                       show_progress=options.progress)
            else:
                pool = LocalPool(spec, options.workers)
                try:
                    pool.run(pending_work(indexed_units, done=set(output.done), shard_size=options.shard_size,
                                          skipped=skipped, limit=options.limit, max_bytes=spec.max_bytes),
                             on_row, on_unit_end)
                finally:
                    engine_stats = _pool_stats(pool)
        except KeyboardInterrupt:
            interrupted = True
    stats = _stats(options, output, tally, skipped, engine_stats, started, started_at, interrupted)
    output.write_stats(stats)
    result = BatchResult(stats["documents_in"], stats["rows_out"], stats["ok"], options.output, stats)
    if interrupted:
        raise KeyboardInterrupt
    return result


@dataclass
class _Tally:
    documents_in: int = 0
    processed: int = 0
    failed: int = 0
    task: Any = None


def _job(options: BatchOptions, units: list) -> dict[str, Any]:
    """What must not change between a run and its --resume."""
    inputs = [[unit.kind, unit.label, len(unit.paths), sum(path.stat().st_size for path in unit.paths)]
              for unit in units]
    return {"schema": ROW_SCHEMA_ID, "inputs": inputs, "format": options.format, "full": options.full,
            "shard_size": options.shard_size, "limit": options.limit, "pipeline": pipeline_label(options.pipeline)}


def pipeline_label(factory: PipelineFactory) -> str:
    """A stable name for a pipeline factory: "module:function", with the arguments of a partial."""
    if isinstance(factory, str):
        return factory
    if isinstance(factory, functools.partial):
        arguments = [repr(a) for a in factory.args] + [f"{k}={v!s}" for k, v in sorted(factory.keywords.items())]
        return f"{pipeline_label(factory.func)}({', '.join(arguments)})"
    return f"{factory.__module__}:{getattr(factory, '__qualname__', type(factory).__name__)}"


def _pool_stats(pool: LocalPool) -> dict[str, Any]:
    counters = pool.counters
    return {"peak_worker_rss_mb": round(counters.peak_worker_rss_mb, 1), "workers_started": counters.workers_started,
            "workers_killed_on_timeout": counters.workers_killed, "workers_died": counters.workers_died,
            "documents_retried": counters.retries}


def _stats(options: BatchOptions, output: OutputDir, tally: _Tally, skipped: Counter,
           engine_stats: dict[str, Any], started: float, started_at: dt.datetime,
           interrupted: bool) -> dict[str, Any]:
    """The stats file: totals over every completed shard, plus this run's throughput."""
    totals: dict[str, Counter] = {key: Counter() for key in ("findings", "articles_with", "error_codes")}
    rows_out = ok = words = 0
    seconds = cpu_seconds = 0.0
    for marker in output.done.values():
        rows_out += marker["rows"]
        ok += marker["ok"]
        words += marker["words"]
        seconds += marker["seconds"]
        cpu_seconds += marker["cpu_seconds"]
        for key, counter in totals.items():
            counter.update(marker[key])
    wall = time.perf_counter() - started
    complete = not interrupted and rows_out == tally.documents_in
    return {
        "copydesk": __version__, "engine": options.engine, "workers": options.workers,
        "started_at": started_at.isoformat(timespec="seconds"),
        "finished_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "complete": complete, "interrupted": interrupted,
        "documents_in": tally.documents_in if not interrupted else None,
        "rows_out": rows_out, "ok": ok, "errors": rows_out - ok, "words": words,
        "skipped": dict(skipped), "error_codes": dict(totals["error_codes"].most_common()),
        "findings": dict(totals["findings"].most_common()),
        "articles_with_finding": dict(totals["articles_with"].most_common()),
        "this_run": {"documents": tally.processed, "wall_seconds": round(wall, 3),
                     "documents_per_second": round(tally.processed / wall, 3) if wall else None},
        "seconds_per_document": round(seconds / rows_out, 6) if rows_out else None,
        "cpu_seconds_per_document": round(cpu_seconds / rows_out, 6) if rows_out else None,
        "peak_rss_mb": {"parent": round(peak_rss_mb(), 1),
                        "worker": round(engine_stats.get("peak_worker_rss_mb", 0.0), 1)},
        "engine_details": engine_stats,
    }


def _progress(enabled: bool):
    from rich.console import Console
    from rich.progress import (
        Progress,
        ProgressColumn,
        SpinnerColumn,
        TextColumn,
        TimeElapsedColumn,
    )
    from rich.text import Text

    class _Rate(ProgressColumn):
        def render(self, task):  # documents per second over this run
            speed = task.completed / task.elapsed if task.elapsed else 0.0
            return Text(f"{speed:,.1f} docs/s")

    return Progress(SpinnerColumn(), TextColumn("{task.completed:,} {task.description}"),
                    _Rate(), TextColumn("[red]{task.fields[errors]} errors"), TimeElapsedColumn(),
                    console=Console(file=sys.stderr), disable=not enabled, transient=False)

