"""Benchmark the web app: POST /v1/check with the seed article at 1, 4 and 16 concurrent clients,
then a stress phase at 64 and 128.

    python benchmarks/serve.py [--seconds S] [--levels 1,4,16] [--workers N]
                               [--stress 64,128] [--stress-seconds S]

Starts `copydesk serve` as a separate process on a loopback port (the real CLI, pipeline loaded
at start-up), then for each level of concurrency runs that many client threads for a bounded
time, each posting the seed text and waiting for the report. Measures requests per second,
p50/p95/p99 latency and errors per level, and the server's resident memory (after start-up,
and the peak sampled during the runs).
Baseline in the same run: `analyse()` on the seed in this process, without HTTP, so the cost
of the web layer and of queueing is visible.
Stress phase, on the same server: that many clients, each opening a new connection per request
as independent clients would, for a bounded time. The server admits 32 checks at once and
answers the rest 429 with Retry-After (uvicorn answers 503 past its connection limit): that is
load shedding, counted apart from errors, and a shed client waits as told before trying again.
Errors (any other status, or a failed connection) must be zero. A prober asks GET /v1/health
every 0.5 s meanwhile, to show that the server itself stays responsive. Server RSS at the start
and end of each stress level.
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
from collections import Counter
from pathlib import Path

# memory is a sibling module: benchmarks/ is on the path when a benchmark runs as a script.
import psutil
from memory import tree_rss_mb

ROOT = Path(__file__).parents[1]
RESULTS = ROOT / "benchmarks" / "results"
SEED = ROOT / "tests" / "fixtures" / "seed-article.txt"
TARGET_P95_AT_4 = 1.0
STARTUP_TIMEOUT = 180.0
SHED = (429, 503)  # load shedding: the server's admission limit, uvicorn's connection limit
PROBE_EVERY_S = 0.5


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=15.0, help="run time per concurrency level")
    parser.add_argument("--levels", default="1,4,16", help="concurrent clients, comma-separated")
    parser.add_argument("--workers", type=int, default=None, help="server check threads (default: serve's)")
    parser.add_argument("--stress", default="64,128", help="stress levels, concurrent clients ('' for none)")
    parser.add_argument("--stress-seconds", type=float, default=20.0, help="run time per stress level")
    args = parser.parse_args()
    levels = [int(level) for level in args.levels.split(",")]
    stress = [int(level) for level in args.stress.split(",") if level]
    body = json.dumps({"text": SEED.read_text(encoding="utf-8"), "date": "2022-10-25"}).encode()

    load_before = os.getloadavg()
    baseline = in_process_baseline()
    options = ["--workers", str(args.workers)] if args.workers else []
    setups = {f"copydesk serve {' '.join(options)}".strip(): options}
    results = {
        "benchmark": "serve",
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform()},
        "request": {"body_bytes": len(body), "seconds_per_level": args.seconds,
                    "seconds_per_stress_level": args.stress_seconds},
        "baseline_in_process": baseline,
        "setups": {name: measure_server(options, body, levels, args.seconds, stress, args.stress_seconds)
                   for name, options in setups.items()},
        "target": {"p95_at_4_clients_s": TARGET_P95_AT_4},
        # Other work on the machine competes for the same cores; numbers are only comparable at low load.
        "load_average": {"before": [round(x, 2) for x in load_before],
                         "after": [round(x, 2) for x in os.getloadavg()]},
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "serve.json").write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    (RESULTS / "serve.md").write_text(markdown(results), encoding="utf-8")
    print(markdown(results))


def measure_server(options: list[str], body: bytes, levels: list[int], seconds: float,
                   stress: list[int], stress_seconds: float) -> dict:
    """Start `copydesk serve` with `options`, run every level and then every stress level against it, stop it."""
    port = free_port()
    server, startup_s = start_server(port, options)
    try:
        memory = MemorySampler(server.pid)
        idle_rss = memory.rss_mb()
        memory.start()
        for _ in range(3):  # warm-up: first-request costs are not the steady state
            post(port, body)
        runs = [run_level(port, body, clients, seconds) for clients in levels]
        stressed = [run_stress(port, body, clients, stress_seconds, memory) for clients in stress]
        memory.stop()
        stages = json.loads(get(port, "/v1/health"))["stages"]
    finally:
        server.terminate()
        server.wait(timeout=30)
    return {"startup_s": round(startup_s, 2), "rss_idle_mb": idle_rss, "rss_peak_mb": memory.peak_mb,
            "stages": stages, "levels": runs, "stress": stressed,
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
    return send_check(port, body, connection)[0]


def send_check(port: int, body: bytes, connection: http.client.HTTPConnection | None = None) -> tuple[int, str | None]:
    """POST one check (on a kept-alive connection when given); the HTTP status and any Retry-After."""
    own = connection is None
    connection = connection or http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    try:
        connection.request("POST", "/v1/check", body=body, headers={"Content-Type": "application/json"})
        response = connection.getresponse()
        response.read()
        return response.status, response.getheader("Retry-After")
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


def run_stress(port: int, body: bytes, clients: int, seconds: float, memory: MemorySampler) -> dict:
    """`clients` threads, a new connection per request, shed ones waiting as told; outcomes and latency."""
    outcomes: Counter = Counter()
    latencies: list[float] = []
    lock = threading.Lock()
    rss_start = memory.rss_mb()
    deadline = time.perf_counter() + seconds

    def client() -> None:
        while time.perf_counter() < deadline:
            started = time.perf_counter()
            try:
                status, retry_after = send_check(port, body)
            except (OSError, http.client.HTTPException):
                status, retry_after = 0, None
            elapsed = time.perf_counter() - started
            with lock:
                outcomes[status] += 1
                if status == 200:
                    latencies.append(elapsed)
            if status in SHED:
                time.sleep(min(float(retry_after or 1), max(0.0, deadline - time.perf_counter())))

    prober = HealthProber(port)
    started = time.perf_counter()
    threads = [threading.Thread(target=client) for _ in range(clients)]
    prober.start()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - started
    prober.stop()
    ordered, probes = sorted(latencies), sorted(prober.latencies)
    requests = sum(outcomes.values())
    errors = {str(status): n for status, n in outcomes.items() if status != 200 and status not in SHED}
    return {
        "clients": clients, "wall_s": round(wall, 2), "requests": requests, "requests_ok": len(latencies),
        "shed": {str(status): outcomes[status] for status in SHED},
        "errors": errors, "error_rate": round(sum(errors.values()) / requests, 4) if requests else None,
        "ok_per_s": round(len(latencies) / wall, 2),
        "p50_s": round(percentile(ordered, 50), 4), "p95_s": round(percentile(ordered, 95), 4),
        "p99_s": round(percentile(ordered, 99), 4), "max_s": round(ordered[-1], 4) if ordered else None,
        "health_probes": {"count": len(probes), "failed": prober.failed,
                          "p50_s": round(percentile(probes, 50), 4), "max_s": round(probes[-1], 4) if probes else None},
        "rss_start_mb": rss_start, "rss_end_mb": memory.rss_mb(),
    }


class Periodic:
    """Calls `tick()` every `every_s` seconds in a daemon thread, from `start()` until `stop()`."""

    def __init__(self, every_s: float):
        self.every_s = every_s
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        while not self._stop.wait(self.every_s):
            self.tick()

    def tick(self) -> None:
        raise NotImplementedError


class HealthProber(Periodic):
    """GET /v1/health every half second on its own connection: is the server itself still quick?"""

    def __init__(self, port: int):
        super().__init__(PROBE_EVERY_S)
        self.port, self.latencies, self.failed = port, [], 0

    def tick(self) -> None:
        started = time.perf_counter()
        try:
            json.loads(get(self.port, "/v1/health"))
            self.latencies.append(time.perf_counter() - started)
        except (OSError, http.client.HTTPException, ValueError):
            self.failed += 1


def percentile(ordered: list[float], pct: float) -> float:
    """Nearest-rank percentile of sorted values (NaN when there are none)."""
    if not ordered:
        return float("nan")
    rank = max(1, -(-len(ordered) * pct // 100))
    return ordered[int(rank) - 1]


class MemorySampler(Periodic):
    """Samples the server's resident memory (with its children) every 0.2 s; keeps the peak."""

    def __init__(self, pid: int):
        super().__init__(0.2)
        self.process = psutil.Process(pid)
        self.peak_mb = 0.0

    def rss_mb(self) -> float:
        return tree_rss_mb(self.process)

    def tick(self) -> None:
        self.peak_mb = max(self.peak_mb, self.rss_mb())


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
    stress = stress_markdown(results)
    return (
        "# Web app: POST /v1/check with the seed article\n\n"
        f"`python benchmarks/serve.py` on {results['machine']['cpus']} CPUs, Python "
        f"{results['machine']['python']}; `copydesk serve` in its own process on loopback, clients in "
        f"this process, {results['request']['seconds_per_level']:g} s per level, body "
        f"{results['request']['body_bytes']:,} bytes; stages: {', '.join(first['stages'])}.\n\n"
        "| server | clients | requests | requests/s | p50 s | p95 s | p99 s | errors |\n"
        "|---|---|---|---|---|---|---|---|\n" + "\n".join(rows) + "\n\n"
        f"Baseline, `analyse()` in-process without HTTP: median {base['median_s']:.3f} s "
        f"(max {base['max_s']:.3f} s over {base['runs']} runs).\n\n" + "\n".join(memory) + "\n\n" + stress +
        f"Load average (1/5/15 min) before: {results['load_average']['before']}, after: "
        f"{results['load_average']['after']} — other work on the machine competes for its "
        f"{results['machine']['cpus']} cores, and the figures are only comparable at low load.\n"
    )


def stress_markdown(results: dict) -> str:
    """The stress table and what its columns mean (empty when no stress level ran)."""
    rows = [f"| {r['clients']} | {r['requests']} | {r['requests_ok']} | {r['shed']['429']} | {r['shed']['503']} "
            f"| {sum(r['errors'].values())} | {r['ok_per_s']} | {r['p50_s']:.3f} | {r['p95_s']:.3f} | {r['p99_s']:.3f} "
            f"| {r['health_probes']['p50_s']:.3f} / {r['health_probes']['max_s']:.3f} ({r['health_probes']['failed']} failed) "
            f"| {r['rss_start_mb']} → {r['rss_end_mb']} |"
            for setup in results["setups"].values() for r in setup["stress"]]
    if not rows:
        return ""
    return (
        f"## Stress: many concurrent clients, {results['request']['seconds_per_stress_level']:g} s per level\n\n"
        "Each client opens a new connection per request. Shed = load shedding, not errors: 429 BUSY when "
        "32 checks are already admitted (the client waits the Retry-After of 5 s, as told), 503 from uvicorn "
        "past its 256-connection limit. Errors = any other status or a failed connection. Latency "
        "percentiles are of the answered (200) requests and include the wait in the admission queue; the "
        "health probe is GET /v1/health every 0.5 s during the level.\n\n"
        "| clients | requests | ok | shed 429 | shed 503 | errors | ok/s | p50 s | p95 s | p99 s "
        "| health p50 / max s | server RSS start → end MB |\n"
        "|---|---|---|---|---|---|---|---|---|---|---|---|\n" + "\n".join(rows) + "\n\n"
    )


if __name__ == "__main__":
    main()
