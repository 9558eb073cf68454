"""What both engines share: the worker's recipe and the stream of work still to do."""

from __future__ import annotations

import sys
import time
from collections import Counter
from collections.abc import Callable, Collection, Iterator
from dataclasses import dataclass
from importlib import import_module
from typing import NamedTuple, TypeVar

from copydesk.batch.inputs import Item, Unit, read_unit
from copydesk.errors import CopydeskError, InputError
from copydesk.ingest import MAX_INPUT_BYTES
from copydesk.pipeline import Pipeline

DEFAULT_PIPELINE = "copydesk.pipeline:default_pipeline"
DEFAULT_TIMEOUT = 60.0
ID_CHECK_LIMIT = 100_000  # ids remembered to spot a repeat: bounded, so memory stays flat on a crawl

PipelineFactory = str | Callable[[], Pipeline]
T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class WorkerSpec:
    """How a worker builds its pipeline and analyses items. Picklable, sent to each worker.

    `pipeline` is a zero-argument callable returning a `Pipeline`, or "module:function".
    """

    pipeline: PipelineFactory = DEFAULT_PIPELINE
    full: bool = False
    timeout: float | None = DEFAULT_TIMEOUT
    max_bytes: int = MAX_INPUT_BYTES

    def build_pipeline(self) -> Pipeline:
        """Build the pipeline, load its heavy resources and warm it up (once per worker process).

        The warm-up analyses a small page so that lazy imports (extraction, parsers) happen
        here and not inside the first document's time limit.
        """
        pipeline = resolve_factory(self.pipeline)()
        pipeline.load()
        _warm_up(pipeline)
        return pipeline


_WARM_UP_PAGE = ("<html><head><title>Warm-up</title></head><body><article>"
                 + "<p>The city council met on Tuesday and approved the new budget for parks and libraries.</p>" * 3
                 + "</article></body></html>")


def _warm_up(pipeline: Pipeline) -> None:
    from copydesk.ingest import document_from_bytes
    from copydesk.pipeline import analyse

    try:
        analyse(document_from_bytes(_WARM_UP_PAGE, source="<warm-up>", content_type="html"), pipeline=pipeline)
    except CopydeskError:
        pass  # a pipeline that rejects the warm-up page still works; it is only warmer


def resolve_factory(factory: PipelineFactory) -> Callable[[], Pipeline]:
    """Import "module:function" (or return a callable unchanged)."""
    if callable(factory):
        return factory
    module_name, _, attribute = factory.partition(":")
    try:
        return getattr(import_module(module_name), attribute)
    except (ImportError, AttributeError, ValueError) as err:
        raise InputError(f"cannot load the pipeline ({err}); give it as module:function",
                         source=factory, code="BAD_PIPELINE") from None


class Cost(NamedTuple):
    """What one document cost its worker: wall-clock and CPU seconds (robust to a busy machine)."""

    wall: float
    cpu: float


def measured(function: Callable[..., T], *args, **kwargs) -> tuple[T, Cost]:
    """Call `function` and return its result with what it cost."""
    wall, cpu = time.perf_counter(), time.process_time()
    result = function(*args, **kwargs)
    return result, Cost(time.perf_counter() - wall, time.process_time() - cpu)


@dataclass(frozen=True, slots=True)
class UnitEnd:
    """Marks the end of a unit in the work stream: it held `count` documents."""

    unit: int
    count: int


def pending_work(units: list[tuple[int, Unit]], *, done: Collection[tuple[int, int]],
                 shard_size: int, skipped: Counter, limit: int | None = None,
                 max_bytes: int = MAX_INPUT_BYTES) -> Iterator[Item | UnitEnd]:
    """Items of `units` whose shard is not done yet, each unit closed by a `UnitEnd`.

    With `limit`, stop after that many documents in input order (done ones included), so a
    resumed run stops at the same document.
    """
    remaining = limit
    repeats = RepeatedIds()
    for unit_index, unit in units:
        count = 0
        if remaining is not None and remaining <= 0:
            yield UnitEnd(unit_index, 0)
            continue
        for item in read_unit(unit_index, unit, skipped, max_bytes=max_bytes):
            count += 1
            repeats.check(item)
            if (unit_index, item.index // shard_size) not in done:
                yield item
            if remaining is not None:
                remaining -= 1
                if remaining <= 0:
                    break
        yield UnitEnd(unit_index, count)


class RepeatedIds:
    """Warns once on stderr when a document's id repeats among the first `limit` documents.

    Ids are not required to be unique (`source` is each row's key), but a repeat usually means a
    file was read twice or ids were reused, which the user wants to hear. Only the ids' hashes
    are kept, and only `limit` of them; a hash collision (about 1 in 10^9 at the limit) would
    give a needless warning, never a wrong row.
    """

    def __init__(self, limit: int = ID_CHECK_LIMIT):
        self.limit = limit
        self.seen: set[int] = set()
        self.warned = False

    def check(self, item: Item) -> None:
        if self.warned or len(self.seen) >= self.limit:
            return
        key = hash(item.id)
        if key not in self.seen:
            self.seen.add(key)
            return
        self.warned = True
        print(f"copydesk: warning: {item.source}: the id {item.id[:80]!r} was already used by an earlier "
              "document; ids are not checked for uniqueness, each row's `source` is its unique key "
              "(warned once)", file=sys.stderr)
