"""The Ray engine: the same reading and the same pipeline over Ray Data.

Plan: one dataset row per group of units (one unit per group, or all units in one group when
`--limit` needs input order); `flat_map` streams each group's documents (reading runs on the
cluster, in parallel across files); `map_batches` runs an actor pool whose actors build the
pipeline once; the driver iterates the results and writes the same shards, markers and
stats as the local engine, so output, resume and `copydesk sites` work the same way.

`ray.init()` connects to `RAY_ADDRESS` when it is set (a cluster: input files must be readable
at the same path on every node, and copydesk installed there) and starts Ray locally otherwise.
"""

from __future__ import annotations

import json
import os
import pickle
from collections import Counter
from collections.abc import Callable
from typing import Any

from copydesk.batch.inputs import Unit
from copydesk.batch.local import peak_rss_mb
from copydesk.batch.rows import analyse_item
from copydesk.batch.work import Cost, UnitEnd, WorkerSpec, measured, pending_work
from copydesk.errors import CopydeskError

BATCH_SIZE = 8  # documents per actor call: small, so a slow page does not hold many rows back
READ_CPUS = 0.5  # reading is light next to analysis; leave the CPUs to the actors


def _read_group(group: dict[str, Any]) -> Any:
    """Stream one group's work as rows of `kind`, `unit`, `index`, `payload` (pickled)."""
    spec = json.loads(group["spec"])
    units = [(index, Unit(kind, label, tuple(map(_path, paths)))) for index, kind, label, paths in spec["units"]]
    skipped: Counter = Counter()
    done = {tuple(key) for key in spec["done"]}
    for entry in pending_work(units, done=done, shard_size=spec["shard_size"], skipped=skipped,
                              limit=spec["limit"], max_bytes=spec["max_bytes"]):
        if isinstance(entry, UnitEnd):
            yield {"kind": "end", "unit": entry.unit, "index": entry.count, "payload": b""}
        else:
            yield {"kind": "item", "unit": entry.unit, "index": entry.index, "payload": pickle.dumps(entry)}
    yield {"kind": "skipped", "unit": -1, "index": 0, "payload": json.dumps(skipped).encode()}


def _path(value: str):
    from pathlib import Path

    return Path(value)


class RayAnalyser:
    """A Ray Data actor: builds the pipeline once, then analyses batches of items."""

    def __init__(self, spec: WorkerSpec):
        self.spec = spec
        self.pipeline = spec.build_pipeline()

    def __call__(self, batch: dict[str, Any]) -> dict[str, list]:
        results = []
        for kind, payload in zip(batch["kind"], batch["payload"]):
            if kind != "item":
                results.append(bytes(payload))
                continue
            item = pickle.loads(payload)
            row, cost = measured(analyse_item, item, self.pipeline, full=self.spec.full, timeout=self.spec.timeout)
            results.append(pickle.dumps((row, cost, peak_rss_mb())))
        return {"kind": list(batch["kind"]), "unit": list(batch["unit"]), "index": list(batch["index"]),
                "payload": results}


def run_ray(units: list[tuple[int, Unit]], *, done: set[tuple[int, int]], shard_size: int,
            limit: int | None, spec: WorkerSpec, workers: int,
            on_row: Callable[[int, int, dict[str, Any], Cost], None],
            on_unit_end: Callable[[UnitEnd], None], skipped: Counter,
            show_progress: bool = False) -> dict[str, Any]:
    """Run the job on Ray; rows and unit ends are reported as they arrive.

    Returns:
        Engine counters for the stats file (peak worker RSS, Ray address).
    """
    try:
        import ray
    except ImportError:
        raise CopydeskError("the Ray engine needs Ray: pip install 'copydesk[ray]'",
                            source="--engine ray", code="MISSING_EXTRA") from None
    if not units:
        return {"peak_worker_rss_mb": 0.0, "ray_address": None}
    if show_progress:  # ours shows documents/s and errors; Ray Data's would interleave with it
        ray.data.DataContext.get_current().enable_progress_bars = False
    if not ray.is_initialized():
        local = not os.environ.get("RAY_ADDRESS")
        ray.init(**({"num_cpus": workers + 1} if local else {}), log_to_driver=False)
    groups = [units] if limit is not None else [[unit] for unit in units]
    rows = [{"spec": json.dumps({
        "units": [(index, unit.kind, unit.label, [str(p) for p in unit.paths]) for index, unit in group],
        "done": sorted(done), "shard_size": shard_size, "limit": limit, "max_bytes": spec.max_bytes,
    })} for group in groups]
    dataset = (ray.data.from_items(rows, override_num_blocks=max(1, len(rows)))
               .flat_map(_read_group, num_cpus=READ_CPUS)
               .map_batches(RayAnalyser, fn_constructor_args=(spec,), batch_size=BATCH_SIZE,
                            concurrency=workers, num_cpus=1, batch_format="numpy"))
    peak_rss = 0.0
    for record in dataset.iter_rows():
        kind, unit, index, payload = record["kind"], int(record["unit"]), int(record["index"]), record["payload"]
        if kind == "item":
            row, cost, rss = pickle.loads(payload)
            peak_rss = max(peak_rss, rss)
            on_row(unit, index, row, cost)
        elif kind == "end":
            on_unit_end(UnitEnd(unit, index))
        else:
            skipped.update(json.loads(payload))
    return {"peak_worker_rss_mb": peak_rss,
            "ray_address": os.environ.get("RAY_ADDRESS") or "local"}
