"""Provenance benchmark: copydesk's shipped detector against ZipPy on the dev split.

One command: `python benchmarks/provenance.py` (needs the `bench` extra for ZipPy).
Writes benchmarks/results/provenance.json and provenance.md.

Both detectors score the same texts: the dev texts copydesk agrees to judge (>= 80 words,
English). Reported per detector: AUROC (machine = positive), share of machine texts caught
at the score where 1 % and 5 % of human texts are flagged, overall, per generator and per
domain, and documents per second on one core (single process, one thread).
"""

from __future__ import annotations

import json
import os
import platform
import sys
import time
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")

import numpy as np

from copydesk.extract import extract
from copydesk.ingest import read_source
from copydesk.provenance import DETECTOR_NAME, load_detector, score
from copydesk.provenance.detector import Detector, refusal_reason

ROOT = Path(__file__).resolve().parent.parent
DEV = ROOT / "data/mgt/dev.jsonl"
SEED = ROOT / "tests/fixtures/seed-article.txt"
RESULTS = ROOT / "benchmarks/results"
FPRS = (0.01, 0.05)
TARGETS = {"auroc": 0.92, "auroc_margin_over_zippy": 0.05, "recall_at_1pct_fpr": 0.40, "docs_per_second": 50}


def auroc(labels: np.ndarray, scores: np.ndarray) -> float:
    """Mann-Whitney AUROC, ties counted half."""
    order = np.argsort(scores, kind="mergesort")
    ranks = np.empty(len(scores))
    sorted_scores = scores[order]
    i = 0
    while i < len(scores):
        j = i
        while j + 1 < len(scores) and sorted_scores[j + 1] == sorted_scores[i]:
            j += 1
        ranks[order[i : j + 1]] = (i + j) / 2 + 1
        i = j + 1
    positives = labels.sum()
    negatives = len(labels) - positives
    return float((ranks[labels == 1].sum() - positives * (positives + 1) / 2) / (positives * negatives))


def recall_at_fpr(labels: np.ndarray, scores: np.ndarray, fpr: float) -> float:
    """Share of machine texts scoring above the point where `fpr` of human texts do."""
    human = np.sort(scores[labels == 0])[::-1]
    allowed = int(np.floor(fpr * len(human)))
    cut = human[allowed]
    return float((scores[labels == 1] > cut).mean())


def metrics(labels: np.ndarray, scores: np.ndarray) -> dict:
    result = {"n_human": int((labels == 0).sum()), "n_machine": int(labels.sum())}
    if result["n_human"] and result["n_machine"]:
        result["auroc"] = round(auroc(labels, scores), 4)
        for fpr in FPRS:
            result[f"recall_at_{int(fpr * 100)}pct_fpr"] = round(recall_at_fpr(labels, scores, fpr), 4)
    return result


def breakdown(rows: list[dict], scores: np.ndarray) -> dict:
    """Overall, per generator (against all human texts) and per domain (its own human texts)."""
    labels = np.array([row["label"] == "machine" for row in rows], dtype=int)
    human = labels == 0
    out = {"overall": metrics(labels, scores), "per_generator": {}, "per_domain": {}}
    for generator in sorted({row["generator"] for row in rows} - {"human"}):
        chosen = human | np.array([row["generator"] == generator for row in rows])
        out["per_generator"][generator] = metrics(labels[chosen], scores[chosen])
    for domain in sorted({row["domain"] for row in rows}):
        chosen = np.array([row["domain"] == domain for row in rows])
        out["per_domain"][domain] = metrics(labels[chosen], scores[chosen])
    return out


def timed(function, texts: list[str]) -> tuple[np.ndarray, dict]:
    """Scores, and documents per second of wall-clock time and of this process's CPU time.

    The CPU figure is the one-core speed on a busy machine; the wall figure includes waiting.
    """
    wall, cpu = time.perf_counter(), time.process_time()
    scores = np.array([function(text) for text in texts], dtype=float)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    return scores, {"docs_per_second": round(len(texts) / cpu, 1), "docs_per_second_wall": round(len(texts) / wall, 1)}


def zippy_scorer():
    """ZipPy's default (LZMA, shipped prelude); its machine-ness is minus its 'Human' margin."""
    from zippy.zippy import Zippy

    detector = Zippy()

    def machine_score(text: str) -> float:
        label, margin = detector.run_on_text_chunked(text)
        return margin if label == "AI" else -margin

    return machine_score


def copydesk_scorer():
    """The full public call, signals and sentence spans included, as a user pays for it."""
    load_detector()
    return lambda text: score(text).score


def model_footprint() -> dict:
    """Seconds to load the shipped model from disk (imports done) and its size in bytes."""
    folder = ROOT / "src/copydesk/data/provenance"
    start = time.perf_counter()
    Detector.load()
    return {"load_seconds": round(time.perf_counter() - start, 3),
            "bytes": sum(path.stat().st_size for path in folder.iterdir() if path.is_file())}


def main() -> None:
    rows_all = [json.loads(line) for line in DEV.read_text(encoding="utf-8").splitlines() if line.strip()]
    footprint = model_footprint()
    detector = load_detector()
    rows = [row for row in rows_all if not refusal_reason(row["text"], detector.zipf)]
    texts = [row["text"] for row in rows]
    results = {"data": f"{DEV.relative_to(ROOT)}: {len(rows)} of {len(rows_all)} texts (copydesk refuses "
                       f"{len(rows_all) - len(rows)}: under 80 words or not English)",
               "machine": platform.platform(), "python": sys.version.split()[0],
               "load_average_at_start": round(os.getloadavg()[0], 2), "cpus": os.cpu_count(), "detectors": {}}
    for name, scorer in (("copydesk", copydesk_scorer()), ("zippy", zippy_scorer())):
        scores, speed = timed(scorer, texts)
        results["detectors"][name] = {**speed, **breakdown(rows, scores)}
    results["detectors"]["copydesk"]["name"] = DETECTOR_NAME
    results["detectors"]["copydesk"]["model"] = footprint
    results["detectors"]["zippy"]["name"] = "thinkst-zippy 0.1.3 (LZMA, default prelude)"
    results["calibration"] = detector.calibration
    seed = score(extract(read_source(str(SEED))).text)  # the article body, as `copydesk provenance` scores it
    results["seed_article"] = {"score": seed.score, "label": seed.label, "threshold": seed.threshold,
                               "top_signals": [s.name for s in seed.signals]}
    results["targets"] = targets_met(results)
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "provenance.json").write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    (RESULTS / "provenance.md").write_text(markdown(results), encoding="utf-8")
    print(markdown(results))


def targets_met(results: dict) -> dict:
    ours, zippy = results["detectors"]["copydesk"], results["detectors"]["zippy"]
    margin = ours["overall"]["auroc"] - zippy["overall"]["auroc"]
    return {
        "auroc >= 0.92": ours["overall"]["auroc"] >= TARGETS["auroc"],
        "auroc margin over zippy >= 0.05": round(margin, 4) >= TARGETS["auroc_margin_over_zippy"],
        "recall at 1% FPR >= 0.40": ours["overall"]["recall_at_1pct_fpr"] >= TARGETS["recall_at_1pct_fpr"],
        "docs/s >= 50": ours["docs_per_second"] >= TARGETS["docs_per_second"],
    }


def markdown(results: dict) -> str:
    lines = ["# Provenance benchmark", "", f"Data: {results['data']}.", "",
             "| detector | AUROC | caught @1% FPR | caught @5% FPR | docs/s (CPU) | docs/s (wall) |",
             "|---|---|---|---|---|---|"]
    for name, block in results["detectors"].items():
        o = block["overall"]
        lines.append(f"| {name} | {o['auroc']:.3f} | {o['recall_at_1pct_fpr']:.3f} | "
                     f"{o['recall_at_5pct_fpr']:.3f} | {block['docs_per_second']:.0f} | "
                     f"{block['docs_per_second_wall']:.0f} |")
    for part in ("per_generator", "per_domain"):
        lines += ["", f"## {part.replace('_', ' ')} (AUROC copydesk / ZipPy; caught @1% FPR copydesk / ZipPy)", "",
                  "| | n machine | AUROC | @1% FPR |", "|---|---|---|---|"]
        ours, zippy = results["detectors"]["copydesk"][part], results["detectors"]["zippy"][part]
        for key in ours:
            a, b = ours[key], zippy[key]
            lines.append(f"| {key} | {a['n_machine']} | {a.get('auroc', float('nan')):.3f} / "
                         f"{b.get('auroc', float('nan')):.3f} | {a.get('recall_at_1pct_fpr', float('nan')):.3f} / "
                         f"{b.get('recall_at_1pct_fpr', float('nan')):.3f} |")
    c = results["calibration"]
    seed = results["seed_article"]
    model = results["detectors"]["copydesk"]["model"]
    lines += ["", f"copydesk model: {model['bytes'] / 1e6:.1f} MB on disk, loads in {model['load_seconds']:.2f} s.",
              "", (f"One process, one thread; load average {results['load_average_at_start']} on "
                   f"{results['cpus']} CPUs at the start (docs/s of CPU time is the one-core speed)."),
              "", f"Threshold {c['threshold']} (FPR {c['fpr']} on {c['basis']}); set on the same dev split.",
              (f"Seed article (extracted body, as the CLI scores it): score {seed['score']}, "
               f"label {seed['label']}."), "", "Targets: "
              + ", ".join(f"{k}: {'met' if v else 'MISSED'}" for k, v in results["targets"].items()), ""]
    return "\n".join(lines)


if __name__ == "__main__":
    main()
