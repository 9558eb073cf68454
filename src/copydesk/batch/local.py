"""The local engine: a pool of worker processes, each loading the pipeline once.

The parent reads the inputs and hands one item at a time to each idle worker, so it always
knows which document a worker holds. That makes three things possible that a plain
`ProcessPoolExecutor` cannot do:
- a per-document time limit that also stops a stall inside C code: the worker's own alarm
  turns a slow document into a TIMEOUT row; if the worker does not answer within the grace
  period after that, the parent kills it, writes the TIMEOUT row and starts a new worker;
- a worker that dies (killed, out of memory, a crash in an extension) costs nothing: its
  document is retried once on a fresh worker, and a second death gives a WORKER_CRASHED row;
- Ctrl-C stops cleanly: workers ignore SIGINT, the parent stops them and keeps every
  completed shard for `--resume`.
"""

from __future__ import annotations

import multiprocessing
import os
import resource
import signal
import sys
import time
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from typing import Any

from copydesk.batch.inputs import Item, read_error
from copydesk.batch.rows import analyse_item, error_row
from copydesk.batch.work import Cost, UnitEnd, WorkerSpec, measured
from copydesk.errors import PipelineError

MAX_ATTEMPTS = 2  # a document whose worker dies twice gets an error row
# One worker per CPU: numerical libraries must not start a thread pool each (as Ray does too).
THREAD_LIMITS = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")


def timeout_grace(timeout: float) -> float:
    """How long past its own alarm a worker may take before it is killed."""
    return max(2.0, timeout * 0.5)


def worker_main(connection: Connection, spec: WorkerSpec) -> None:
    """A worker process: build the pipeline once, then analyse items until told to stop."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent decides what Ctrl-C means
    for variable in THREAD_LIMITS:  # before numpy is first imported (by the pipeline)
        os.environ.setdefault(variable, "1")
    try:
        pipeline = spec.build_pipeline()
    except Exception as err:  # reported by the parent as one clear error, not a traceback per worker
        connection.send(("failed", f"{type(err).__name__}: {err}"))
        return
    connection.send(("ready", os.getpid()))
    while True:
        try:
            item = connection.recv()
        except EOFError:
            return
        if item is None:
            return
        row, cost = measured(analyse_item, item, pipeline, full=spec.full, timeout=spec.timeout)
        connection.send(("row", item.unit, item.index, row, cost, peak_rss_mb()))


def peak_rss_mb() -> float:
    """This process's own peak resident memory in MB.

    Linux's VmHWM, because `ru_maxrss` survives exec: a spawned worker would report its
    parent's peak. Elsewhere `ru_maxrss` (KB on Linux, bytes on macOS) is the fallback.
    """
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


@dataclass
class _Slot:
    process: Any
    connection: Connection
    ready: bool = False
    item: Item | None = None
    sent_at: float = 0.0


@dataclass
class PoolCounters:
    workers_started: int = 0
    workers_killed: int = 0
    workers_died: int = 0
    retries: int = 0
    peak_worker_rss_mb: float = 0.0
    attempts: dict[tuple[int, int], int] = field(default_factory=dict)


RowSink = Callable[[int, int, dict[str, Any], Cost], None]


class LocalPool:
    """Runs a stream of items over `workers` processes and reports each row to `on_row`."""

    def __init__(self, spec: WorkerSpec, workers: int):
        self.spec = spec
        self.workers = max(1, workers)
        self.context = multiprocessing.get_context("spawn")
        self.slots: list[_Slot] = []
        self.counters = PoolCounters()
        self.hard_limit = spec.timeout + timeout_grace(spec.timeout) if spec.timeout else None

    def run(self, stream: Iterator[Item | UnitEnd], on_row: RowSink,
            on_unit_end: Callable[[UnitEnd], None]) -> None:
        """Process every item of `stream`; returns when all rows are in."""
        retry: deque[Item] = deque()
        exhausted = False
        self.slots = [self._start_worker() for _ in range(self.workers)]
        try:
            while True:
                for slot in self.slots:
                    if slot.ready and slot.item is None:
                        item = retry.popleft() if retry else None
                        if item is None and not exhausted:
                            item = self._next_item(stream, on_unit_end)
                            exhausted = item is None
                        if item is not None:
                            self._send(slot, item)
                if exhausted and not retry and not any(slot.item for slot in self.slots):
                    return
                self._collect(on_row, retry)
        finally:
            self._stop_all()

    @staticmethod
    def _next_item(stream: Iterator[Item | UnitEnd], on_unit_end) -> Item | None:
        for entry in stream:
            if isinstance(entry, UnitEnd):
                on_unit_end(entry)
                continue
            return entry
        return None

    def _start_worker(self) -> _Slot:
        parent_end, child_end = self.context.Pipe()
        process = self.context.Process(target=worker_main, args=(child_end, self.spec), daemon=True)
        process.start()
        child_end.close()
        self.counters.workers_started += 1
        return _Slot(process, parent_end)

    def _send(self, slot: _Slot, item: Item) -> None:
        slot.item, slot.sent_at = item, time.monotonic()
        try:
            slot.connection.send(item)
        except OSError:
            pass  # the worker just died; its sentinel fires next and the item is retried

    def _collect(self, on_row: RowSink, retry: deque[Item]) -> None:
        """Wait for a message, a dead worker or a deadline, and act on it."""
        waitables = {slot.connection: slot for slot in self.slots}
        waitables.update({slot.process.sentinel: slot for slot in self.slots})
        for ready in wait(list(waitables), timeout=self._wait_time()):
            slot = waitables[ready]
            if slot not in self.slots:
                continue  # replaced earlier in this round
            if ready is slot.connection and slot.connection.poll():
                try:
                    self._receive(slot, slot.connection.recv(), on_row)
                    continue
                except (EOFError, OSError):
                    pass
            if not slot.process.is_alive() or ready is slot.process.sentinel:
                self._replace_dead(slot, on_row, retry)
        self._enforce_deadlines(on_row)

    def _receive(self, slot: _Slot, message: tuple, on_row: RowSink) -> None:
        if message[0] == "ready":
            slot.ready = True
            return
        if message[0] == "failed":
            raise PipelineError(f"a batch worker could not load the pipeline: {message[1]}", code="WORKER_START")
        _, unit, index, row, cost, rss = message
        self.counters.peak_worker_rss_mb = max(self.counters.peak_worker_rss_mb, rss)
        slot.item = None
        on_row(unit, index, row, cost)

    def _wait_time(self) -> float:
        if not self.hard_limit:
            return 1.0
        busy = [slot.sent_at for slot in self.slots if slot.item is not None]
        if not busy:
            return 1.0
        return max(0.01, min(1.0, min(busy) + self.hard_limit - time.monotonic()))

    def _replace_dead(self, slot: _Slot, on_row: RowSink, retry: deque[Item]) -> None:
        slot.process.join(timeout=1)
        if not slot.ready and slot.item is None and slot.process.exitcode not in (0, None):
            self._stop_all()
            raise PipelineError(f"a batch worker failed while loading the pipeline (exit code "
                                f"{slot.process.exitcode}); see the messages above", code="WORKER_START")
        self.counters.workers_died += 1
        item = slot.item
        self._swap(slot)
        if item is None:
            return
        key = (item.unit, item.index)
        self.counters.attempts[key] = self.counters.attempts.get(key, 1) + 1
        if self.counters.attempts[key] <= MAX_ATTEMPTS:
            self.counters.retries += 1
            retry.append(item)
        else:
            error = read_error(f"crashed its worker process {MAX_ATTEMPTS} times "
                               f"(exit code {slot.process.exitcode})", item.source, "WORKER_CRASHED")
            on_row(item.unit, item.index, error_row(item, error), Cost(0.0, 0.0))

    def _enforce_deadlines(self, on_row: RowSink) -> None:
        if not self.hard_limit:
            return
        now = time.monotonic()
        for slot in list(self.slots):
            if slot.item is not None and now - slot.sent_at > self.hard_limit:
                item = slot.item
                slot.process.kill()
                slot.process.join(timeout=5)
                self.counters.workers_killed += 1
                self._swap(slot)
                error = read_error(f"took longer than the {self.spec.timeout:g} s limit per document "
                                   "and its worker was stopped", item.source, "TIMEOUT")
                on_row(item.unit, item.index, error_row(item, error), Cost(now - slot.sent_at, 0.0))

    def _swap(self, slot: _Slot) -> None:
        slot.connection.close()
        self.slots[self.slots.index(slot)] = self._start_worker()

    def _stop_all(self) -> None:
        for slot in self.slots:
            try:
                if slot.process.is_alive() and slot.item is None and slot.ready:
                    slot.connection.send(None)
            except OSError:
                pass
        deadline = time.monotonic() + 2
        for slot in self.slots:
            slot.process.join(timeout=max(0.0, deadline - time.monotonic()))
            if slot.process.is_alive():
                slot.process.kill()
                slot.process.join(timeout=5)
            slot.connection.close()
        self.slots = []
