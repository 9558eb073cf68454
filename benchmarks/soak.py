"""Soak run: the web app under steady load, then a batch of thousands of documents; memory over time.

    python benchmarks/soak.py [--seconds 180] [--documents 2000] [--workers 2]

Loopback only, bounded in time and count. Part 1 starts `copydesk serve` on 127.0.0.1 (a free
port), runs 2 client threads posting the seed text and a few variants to POST /v1/check for
`--seconds`, and samples the server's RSS every 5 s. Memory counts as flat when the last sample is
at most 1.2 x the sample taken 30 s in. Part 2 builds `--documents` JSONL documents from
tests/data/articles-dev.jsonl (deterministic variants), runs `copydesk batch --workers N` on them
with the full pipeline and samples the workers' RSS every 5 s.
Writes benchmarks/results/soak.json and soak.md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil

sys.path.insert(0, str(Path(__file__).parent))
from memory import tree_rss_mb
from serve import free_port, percentile, post, start_server  # noqa: E402  (the serve benchmark's helpers)

ROOT = Path(__file__).parents[1]
RESULTS = ROOT / "benchmarks" / "results"
SEED = ROOT / "tests" / "fixtures" / "seed-article.txt"
DEV_ARTICLES = ROOT / "tests" / "data" / "articles-dev.jsonl"
SAMPLE_EVERY_S = 5.0
SETTLE_S = 30.0
FLAT_RATIO = 1.2
CLIENTS = 2


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=180.0, help="web load duration (default 180)")
    parser.add_argument("--documents", type=int, default=2000, help="batch documents (default 2000)")
    parser.add_argument("--workers", type=int, default=2, help="batch workers (default 2)")
    args = parser.parse_args()
    results = {
        "benchmark": "soak",
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform()},
        "web": soak_web(args.seconds),
        "batch": soak_batch(args.documents, args.workers),
        "load_average_after": [round(x, 2) for x in os.getloadavg()],
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "soak.json").write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    (RESULTS / "soak.md").write_text(markdown(results), encoding="utf-8")
    print(markdown(results))


class RssSampler(threading.Thread):
    """Samples the summed RSS (MB) of a process tree every few seconds, with the time of each sample."""

    def __init__(self, pid: int, include_parent: bool = True) -> None:
        super().__init__(daemon=True)
        self.process = psutil.Process(pid)
        self.include_parent = include_parent
        self.samples: list[tuple[float, float]] = []
        self.started = time.perf_counter()
        self.stopping = threading.Event()

    def tree_rss_mb(self) -> float:
        return tree_rss_mb(self.process, self.include_parent)

    def run(self) -> None:
        while not self.stopping.is_set():
            try:
                rss = self.tree_rss_mb()
            except psutil.Error:
                return
            if rss:  # nothing to count before the batch has started its workers
                self.samples.append((round(time.perf_counter() - self.started, 1), rss))
            self.stopping.wait(SAMPLE_EVERY_S)

    def summary(self) -> dict:
        """First, settled (after 30 s), last and max RSS, whether it stayed flat, and all samples."""
        if not self.samples:
            return {"samples": []}
        values = [rss for _, rss in self.samples]
        settled = next((rss for t, rss in self.samples if t >= SETTLE_S), values[0])
        return {"first_mb": values[0], "after_30s_mb": settled, "last_mb": values[-1], "max_mb": max(values),
                "flat": values[-1] <= FLAT_RATIO * settled, "samples": self.samples}


def request_bodies() -> list[bytes]:
    """The seed text and a few variants (a date, an extra paragraph, HTML, a cut-down text)."""
    seed = SEED.read_text(encoding="utf-8")
    paragraphs = seed.split("\n\n")
    bodies = [
        {"text": seed, "date": "2022-10-25"},
        {"text": seed},
        {"text": seed + "\n\nThe council will meet again on Thursday to vote on the budget.", "date": "2022-10-25"},
        {"html": "<html><body><article>" + "".join(f"<p>{p}</p>" for p in paragraphs) + "</article></body></html>"},
        {"text": "\n\n".join(paragraphs[: max(1, len(paragraphs) // 2)]), "date": "2021-01-01"},
    ]
    return [json.dumps(body).encode() for body in bodies]


def soak_web(seconds: float) -> dict:
    """Steady load on `copydesk serve` for `seconds`; requests, errors, latency, RSS over time."""
    port = free_port()
    server, startup_s = start_server(port, [])
    bodies = request_bodies()
    latencies: list[float] = []
    statuses: dict[int, int] = {}
    lock = threading.Lock()
    try:
        sampler = RssSampler(server.pid)
        sampler.start()
        deadline = time.perf_counter() + seconds

        def client(offset: int) -> None:
            sent = offset
            while time.perf_counter() < deadline:
                started = time.perf_counter()
                try:
                    status = post(port, bodies[sent % len(bodies)])
                except OSError:
                    status = 0
                sent += 1
                with lock:
                    statuses[status] = statuses.get(status, 0) + 1
                    if status == 200:
                        latencies.append(time.perf_counter() - started)

        threads = [threading.Thread(target=client, args=(n,)) for n in range(CLIENTS)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        sampler.stopping.set()
        sampler.join()
    finally:
        server.terminate()
        server.wait(timeout=30)
    total = sum(statuses.values())
    errors = total - statuses.get(200, 0)
    ordered = sorted(latencies)
    return {"seconds": seconds, "clients": CLIENTS, "startup_s": round(startup_s, 2), "variants": len(bodies),
            "requests": total, "errors": {str(k): v for k, v in statuses.items() if k != 200},
            "error_rate": round(errors / total, 4) if total else None,
            "requests_per_s": round(total / seconds, 2),
            "p50_s": round(percentile(ordered, 50), 4), "p95_s": round(percentile(ordered, 95), 4),
            "rss": sampler.summary()}


def build_batch_input(path: Path, documents: int) -> int:
    """Write `documents` JSONL lines, deterministic variants of the dev articles; returns the count."""
    articles = [json.loads(line) for line in DEV_ARTICLES.read_text(encoding="utf-8").splitlines() if line.strip()]
    with path.open("w", encoding="utf-8") as handle:
        for n in range(documents):
            article = articles[n % len(articles)]
            round_no = n // len(articles)
            paragraphs = article["text"].split("\n\n")
            # Rotate and trim paragraphs per round so documents differ but stay real prose.
            shift = round_no % len(paragraphs)
            varied = paragraphs[shift:] + paragraphs[:shift]
            if round_no % 3 == 1 and len(varied) > 2:
                varied = varied[:-1]
            record = {"id": f"soak-{n:05d}", "url": f"{article['url']}?v={round_no}",
                      "text": "\n\n".join(varied), "title": article.get("title")}
            if article.get("date"):
                record["date"] = article["date"]
            handle.write(json.dumps(record) + "\n")
    return documents


def soak_batch(documents: int, workers: int) -> dict:
    """`copydesk batch --workers N` on generated JSONL; docs/s, rows in == out, errors, worker RSS."""
    with tempfile.TemporaryDirectory(prefix="copydesk-soak-") as scratch:
        corpus = Path(scratch) / "soak.jsonl"
        build_batch_input(corpus, documents)
        out = Path(scratch) / "out"
        command = [sys.executable, "-m", "copydesk.cli", "batch", str(corpus), "-o", str(out),
                   "--workers", str(workers), "--no-progress"]
        started = time.perf_counter()
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        sampler = RssSampler(process.pid, include_parent=False)
        sampler.start()
        _, stderr = process.communicate()
        wall = time.perf_counter() - started
        sampler.stopping.set()
        sampler.join()
        rows = [json.loads(line) for shard in sorted(out.glob("part-*.jsonl"))
                for line in shard.read_text(encoding="utf-8").splitlines()]
        stats = json.loads((out / "_stats.json").read_text(encoding="utf-8"))
    ids = [row["id"] for row in rows]
    return {"documents": documents, "workers": workers, "exit_code": process.returncode,
            "summary_line": last_line(stderr).split(" Rows and stats in")[0],  # the scratch folder is gone
            "wall_s": round(wall, 1), "docs_per_s_wall": round(documents / wall, 2),
            "docs_per_s_this_run": stats.get("this_run", {}).get("documents_per_second"),
            "rows_out": len(rows), "rows_in_equals_out": len(rows) == documents,
            "unique_ids": len(set(ids)), "error_rows": sum(1 for row in rows if not row["ok"]),
            "error_codes": stats.get("error_codes"), "peak_rss_mb_from_stats": stats.get("peak_rss_mb"),
            "worker_rss": sampler.summary()}


def last_line(text: str) -> str:
    """The last non-blank line of `text`, or ""."""
    lines = [line for line in text.splitlines() if line.strip()]
    return lines[-1] if lines else ""


def markdown(results: dict) -> str:
    """A short report of both parts."""
    web, batch = results["web"], results["batch"]
    web_rss, batch_rss = web["rss"], batch["worker_rss"]
    return "\n".join([
        "# Soak run",
        "",
        f"Machine: {results['machine']['cpus']} CPUs, Python {results['machine']['python']}. "
        "Loopback only. `python benchmarks/soak.py` regenerates this file.",
        "",
        f"## Web: `copydesk serve`, {web['clients']} clients, {web['seconds']:g} s, {web['variants']} request variants",
        "",
        "| requests | error rate | req/s | p50 | p95 | RSS first | after 30 s | last | max | flat (last ≤ 1.2 × after 30 s) |",
        "|---|---|---|---|---|---|---|---|---|---|",
        f"| {web['requests']} | {web['error_rate']} | {web['requests_per_s']} | {web['p50_s']} s | {web['p95_s']} s "
        f"| {web_rss.get('first_mb')} MB | {web_rss.get('after_30s_mb')} MB | {web_rss.get('last_mb')} MB "
        f"| {web_rss.get('max_mb')} MB | {web_rss.get('flat')} |",
        "",
        f"Errors by status: {web['errors'] or 'none'}.",
        "",
        f"## Batch: {batch['documents']} JSONL documents, `--workers {batch['workers']}`, full pipeline",
        "",
        "| exit | docs/s (wall, incl. start-up) | rows in = out | unique ids | error rows | worker RSS first | after 30 s | last | max | flat |",
        "|---|---|---|---|---|---|---|---|---|---|",
        f"| {batch['exit_code']} | {batch['docs_per_s_wall']} | {batch['rows_in_equals_out']} | {batch['unique_ids']} "
        f"| {batch['error_rows']} | {batch_rss.get('first_mb')} MB | {batch_rss.get('after_30s_mb')} MB "
        f"| {batch_rss.get('last_mb')} MB | {batch_rss.get('max_mb')} MB | {batch_rss.get('flat')} |",
        "",
        f"`{batch['summary_line']}`",
        "",
        f"RSS is sampled every {SAMPLE_EVERY_S:g} s (web: the server process tree; batch: the workers, summed); "
        "every sample is in soak.json.",
        "",
    ])


if __name__ == "__main__":
    main()
