"""Benchmark the web app: POST /v1/check with the seed article at 1, 4 and 16 concurrent clients.

    python benchmarks/serve.py [--seconds S] [--levels 1,4,16] [--workers N]

Starts `copydesk serve` as a separate process on a loopback port (the real CLI, pipeline loaded
at start-up), then for each level of concurrency runs that many client threads for a bounded
time, each posting the seed text and waiting for the report. Measures requests per second,
p50/p95/p99 latency and errors per level, and the server's resident memory (after start-up,
and the peak sampled during the runs).
Baseline in the same run: `analyse()` on the seed in this process, without HTTP, so the cost
of the web layer and of queueing is visible.
Writes benchmarks/results/serve.json and serve.md. Target: p95 < 1 s at 4 clients.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import platform
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).parents[1]
RESULTS = ROOT / "benchmarks" / "results"
SEED = ROOT / "tests" / "fixtures" / "seed-article.txt"
TARGET_P95_AT_4 = 1.0
STARTUP_TIMEOUT = 180.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=15.0, help="run time per concurrency level")
    parser.add_argument("--levels", default="1,4,16", help="concurrent clients, comma-separated")
    parser.add_argument("--workers", type=int, default=None, help="server check threads (default: serve's)")
    args = parser.parse_args()
    levels = [int(level) for level in args.levels.split(",")]
    body = json.dumps({"text": SEED.read_text(encoding="utf-8"), "date": "2022-10-25"}).encode()

    load_before = os.getloadavg()
    baseline = in_process_baseline()
    options = ["--workers", str(args.workers)] if args.workers else []
    setups = {f"copydesk serve {' '.join(options)}".strip(): options}
    results = {
        "benchmark": "serve",
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform()},
        "request": {"body_bytes": len(body), "seconds_per_level": args.seconds},
        "baseline_in_process": baseline,
        "setups": {name: measure_server(options, body, levels, args.seconds) for name, options in setups.items()},
        "target": {"p95_at_4_clients_s": TARGET_P95_AT_4},
        # Other work on the machine competes for the same cores; numbers are only comparable at low load.
        "load_average": {"before": [round(x, 2) for x in load_before],
                         "after": [round(x, 2) for x in os.getloadavg()]},
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "serve.json").write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    (RESULTS / "serve.md").write_text(markdown(results), encoding="utf-8")
    print(markdown(results))


def measure_server(options: list[str], body: bytes, levels: list[int], seconds: float) -> dict:
    """Start `copydesk serve` with `options`, run every level against it, stop it."""
    port = free_port()
    server, startup_s = start_server(port, options)
    try:
        memory = MemorySampler(server.pid)
        idle_rss = memory.rss_mb()
        memory.start()
        for _ in range(3):  # warm-up: first-request costs are not the steady state
            post(port, body)
        runs = [run_level(port, body, clients, seconds) for clients in levels]
        memory.stop()
        stages = json.loads(get(port, "/v1/health"))["stages"]
    finally:
        server.terminate()
        server.wait(timeout=30)
    return {"startup_s": round(startup_s, 2), "rss_idle_mb": idle_rss, "rss_peak_mb": memory.peak_mb,
            "stages": stages, "levels": runs,
            "p95_at_4_met": next((r["p95_s"] < TARGET_P95_AT_4 for r in runs if r["clients"] == 4), None)}


def in_process_baseline(repeats: int = 20) -> dict:
    """Seconds per `analyse()` of the seed in this process: the pipeline without HTTP."""
    import datetime as dt

    from copydesk.ingest import document_from_bytes
    from copydesk.pipeline import analyse, default_pipeline

    pipeline = default_pipeline()
    pipeline.load()
    text = SEED.read_text(encoding="utf-8")
    analyse(document_from_bytes(text, source="seed", content_type="text"), pipeline=pipeline)
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        analyse(document_from_bytes(text, source="seed", content_type="text"), pipeline=pipeline,
                date=dt.date(2022, 10, 25))
        times.append(time.perf_counter() - started)
    return {"runs": repeats, "median_s": round(statistics.median(times), 4), "max_s": round(max(times), 4)}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_server(port: int, options: list[str]) -> tuple[subprocess.Popen, float]:
    """`copydesk serve` on `port`; returns once /v1/health answers."""
    command = [sys.executable, "-m", "copydesk.cli", "serve", "--host", "127.0.0.1", "--port", str(port), *options]
    started = time.perf_counter()
    server = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    while time.perf_counter() - started < STARTUP_TIMEOUT:
        if server.poll() is not None:
            raise SystemExit(f"copydesk serve exited with status {server.returncode} during start-up")
        try:
            get(port, "/v1/health")
            return server, time.perf_counter() - started
        except OSError:
            time.sleep(0.1)
    server.terminate()
    raise SystemExit(f"copydesk serve did not answer within {STARTUP_TIMEOUT:g} s")


def get(port: int, path: str) -> bytes:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        connection.request("GET", path)
        return connection.getresponse().read()
    finally:
        connection.close()


def post(port: int, body: bytes, connection: http.client.HTTPConnection | None = None) -> int:
    """POST one check (on a kept-alive connection when given); the HTTP status."""
    own = connection is None
    connection = connection or http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    try:
        connection.request("POST", "/v1/check", body=body, headers={"Content-Type": "application/json"})
        response = connection.getresponse()
        response.read()
        return response.status
    finally:
        if own:
            connection.close()


def run_level(port: int, body: bytes, clients: int, seconds: float) -> dict:
    """`clients` threads posting back to back for `seconds`; latency and throughput."""
    latencies: list[float] = []
    statuses: dict[int, int] = {}
    lock = threading.Lock()
    deadline = time.perf_counter() + seconds

    def client() -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        while time.perf_counter() < deadline:
            started = time.perf_counter()
            try:
                status = post(port, body, connection)
            except (OSError, http.client.HTTPException):
                status = 0
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
            elapsed = time.perf_counter() - started
            with lock:
                statuses[status] = statuses.get(status, 0) + 1
                if status == 200:
                    latencies.append(elapsed)
        connection.close()

    started = time.perf_counter()
    threads = [threading.Thread(target=client) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - started
    ordered = sorted(latencies)
    return {
        "clients": clients,
        "requests_ok": len(latencies),
        "errors": {str(k): v for k, v in statuses.items() if k != 200},
        "wall_s": round(wall, 2),
        "requests_per_s": round(len(latencies) / wall, 2),
        "p50_s": round(percentile(ordered, 50), 4),
        "p95_s": round(percentile(ordered, 95), 4),
        "p99_s": round(percentile(ordered, 99), 4),
        "max_s": round(ordered[-1], 4) if ordered else None,
    }


def percentile(ordered: list[float], pct: float) -> float:
    """Nearest-rank percentile of sorted values (NaN when there are none)."""
    if not ordered:
        return float("nan")
    rank = max(1, -(-len(ordered) * pct // 100))
    return ordered[int(rank) - 1]


class MemorySampler:
    """Samples the server's resident memory (with its children) every 0.2 s; keeps the peak."""

    def __init__(self, pid: int):
        self.process = psutil.Process(pid)
        self.peak_mb = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def rss_mb(self) -> float:
        total = 0
        for process in [self.process, *self.process.children(recursive=True)]:
            try:
                total += process.memory_info().rss
            except psutil.NoSuchProcess:  # a worker that ended between listing and reading
                continue
        return round(total / 2**20, 1)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()

    def _sample(self) -> None:
        while not self._stop.is_set():
            self.peak_mb = max(self.peak_mb, self.rss_mb())
            self._stop.wait(0.2)


def markdown(results: dict) -> str:
    base, target = results["baseline_in_process"], results["target"]["p95_at_4_clients_s"]
    first = next(iter(results["setups"].values()))
    rows, memory = [], []
    for name, setup in results["setups"].items():
        rows += [f"| {name} | {r['clients']} | {r['requests_ok']} | {r['requests_per_s']} | {r['p50_s']:.3f} | "
                 f"{r['p95_s']:.3f} | {r['p99_s']:.3f} | {sum(r['errors'].values())} |" for r in setup["levels"]]
        met = setup["p95_at_4_met"]
        memory.append(f"- {name}: {setup['rss_idle_mb']} MB resident after start-up, peak "
                      f"{setup['rss_peak_mb']} MB during the runs; start-up {setup['startup_s']} s; "
                      f"p95 < {target:g} s at 4 clients: "
                      f"{'met' if met else 'NOT met' if met is not None else 'not measured'}.")
    return (
        "# Web app: POST /v1/check with the seed article\n\n"
        f"`python benchmarks/serve.py` on {results['machine']['cpus']} CPUs, Python "
        f"{results['machine']['python']}; `copydesk serve` in its own process on loopback, clients in "
        f"this process, {results['request']['seconds_per_level']:g} s per level, body "
        f"{results['request']['body_bytes']:,} bytes; stages: {', '.join(first['stages'])}.\n\n"
        "| server | clients | requests | requests/s | p50 s | p95 s | p99 s | errors |\n"
        "|---|---|---|---|---|---|---|---|\n" + "\n".join(rows) + "\n\n"
        f"Baseline, `analyse()` in-process without HTTP: median {base['median_s']:.3f} s "
        f"(max {base['max_s']:.3f} s over {base['runs']} runs).\n\n" + "\n".join(memory) + "\n\n"
        f"Load average (1/5/15 min) before: {results['load_average']['before']}, after: "
        f"{results['load_average']['after']} — other work on the machine competes for its "
        f"{results['machine']['cpus']} cores, and the figures are only comparable at low load.\n"
    )


if __name__ == "__main__":
    main()
