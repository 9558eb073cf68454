"""The Ray engine gives the same rows as the local engine (Ray started locally, 2 CPUs)."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pytest
from batch_helpers import LIGHT, read_rows, write_jsonl

from copydesk.batch import BatchOptions, run_batch

pytestmark = [pytest.mark.ray, pytest.mark.slow]


@pytest.fixture(scope="module")
def local_ray():
    ray = pytest.importorskip("ray")
    # Ray workers do not inherit sys.path; the light test pipeline lives beside this file.
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False,
             runtime_env={"env_vars": {"PYTHONPATH": os.pathsep.join(sys.path)}})
    yield ray
    ray.shutdown()


def test_ray_and_local_engines_write_the_same_rows(local_ray, tmp_path: Path, mixed_inputs: list[Path]) -> None:
    options = {"inputs": [str(p) for p in mixed_inputs], "workers": 1, "pipeline": LIGHT, "progress": False,
               "shard_size": 3}
    local = run_batch(BatchOptions(output=tmp_path / "local", **options))
    on_ray = run_batch(BatchOptions(output=tmp_path / "ray", engine="ray", **options))
    assert on_ray.complete and on_ray.documents_in == on_ray.rows_out == local.rows_out == 18
    assert read_rows(tmp_path / "ray") == read_rows(tmp_path / "local")
    for key in ("error_codes", "findings", "skipped"):
        assert on_ray.stats[key] == local.stats[key]


def test_ray_engine_resumes_a_job_started_locally(local_ray, tmp_path: Path, mixed_inputs: list[Path]) -> None:
    options = {"inputs": [str(p) for p in mixed_inputs], "workers": 1, "pipeline": LIGHT, "progress": False,
               "shard_size": 3}
    out = tmp_path / "out"
    run_batch(BatchOptions(output=out, **options))
    finished = read_rows(out)
    # As if the local run had died before marking two shards done: their rows must be redone once.
    lost = sorted(out.glob("part-*.done.json"))[1::3]
    lost_rows = sum(json.loads(marker.read_text())["rows"] for marker in lost)
    for marker in lost:
        marker.unlink()
    resumed = run_batch(BatchOptions(output=out, engine="ray", resume=True, **options))
    assert resumed.complete and resumed.stats["this_run"]["documents"] == lost_rows > 0
    assert read_rows(out) == finished


def test_ray_actors_enforce_the_time_limit(local_ray, tmp_path: Path) -> None:
    records = [{"id": "slow", "text": "A page that never ends. SLOW-PAGE"},
               {"id": "fine", "text": "The harbour reopened on Monday after repairs to the sea wall."}]
    path = write_jsonl(tmp_path / "in.jsonl", records)
    result = run_batch(BatchOptions(inputs=[str(path)], output=tmp_path / "out", engine="ray", workers=1,
                                    pipeline=LIGHT, progress=False, timeout=1.0))
    rows = {row["id"]: row for row in read_rows(tmp_path / "out")}
    assert result.complete and rows["fine"]["ok"] and rows["slow"]["error"]["code"] == "TIMEOUT"
