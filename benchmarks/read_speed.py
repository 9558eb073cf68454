"""Speed of the reading stage against plain spaCy en_core_web_sm, same text, same run, one core.

    python benchmarks/read_speed.py [--rounds N]

Writes benchmarks/results/read_speed.json and read_speed.md. Text: the 56 real articles in
tests/data/articles-dev.jsonl plus the seed article. Both contenders load first (not timed), then
alternate for N rounds; each figure is the best round (least disturbed by other processes).
- baseline: `spacy.load("en_core_web_sm")` with every default component (tok2vec, tagger,
  parser, attribute_ruler, lemmatizer, ner), `nlp.pipe` over the texts;
- stage: `ReadStage.read` on each text with its article date: spaCy NER + sentencizer, every
  rule layer and KB resolution. Its first round runs with cold KB caches and is reported apart
  ("cold"); later rounds see names already looked up, as a long batch run would.
"""

import os

for variable in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[variable] = "1"  # one core, before numpy loads

import argparse  # noqa: E402
import datetime as dt  # noqa: E402
import json  # noqa: E402
import platform  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

import spacy  # noqa: E402

from copydesk.kb import load_kb  # noqa: E402
from copydesk.read import ReadStage  # noqa: E402
from copydesk.read.nlp import MODEL_PACKAGE  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
ARTICLES = ROOT / "tests" / "data" / "articles-dev.jsonl"
SEED = ROOT / "tests" / "fixtures" / "seed-article.txt"
RESULTS = ROOT / "benchmarks" / "results"


def load_texts() -> list[tuple[str, dt.date | None]]:
    texts = [(SEED.read_text(encoding="utf-8"), None)]
    for line in ARTICLES.read_text(encoding="utf-8").splitlines():
        article = json.loads(line)
        texts.append((article["text"], dt.date.fromisoformat(article["date"])))
    return texts


def time_baseline(nlp, texts: list[tuple[str, dt.date | None]]) -> float:
    started = time.perf_counter()
    for _ in nlp.pipe(text for text, _ in texts):
        pass
    return time.perf_counter() - started


def time_stage(stage: ReadStage, texts: list[tuple[str, dt.date | None]]) -> float:
    started = time.perf_counter()
    for text, date in texts:
        stage.read(text, date=date)
    return time.perf_counter() - started


def run(rounds: int) -> dict:
    texts = load_texts()
    words = sum(len(text.split()) for text, _ in texts)
    baseline_nlp = spacy.load(MODEL_PACKAGE)
    stage = ReadStage(kb=load_kb())
    stage.load()
    time_baseline(baseline_nlp, texts[:2])  # warm both models' first-call set-up
    stage.read("Sen. Warm Up said.")
    cold = time_stage(stage, texts)
    baseline_times, stage_times = [], [cold]
    for _ in range(rounds):
        baseline_times.append(time_baseline(baseline_nlp, texts))
        stage_times.append(time_stage(stage, texts))
    baseline_wps = words / min(baseline_times)
    stage_wps = words / min(stage_times)
    return {
        "texts": len(texts), "words": words, "rounds": rounds,
        "baseline": {"pipeline": baseline_nlp.pipe_names, "words_per_s": round(baseline_wps),
                     "seconds": [round(t, 3) for t in baseline_times]},
        "stage": {"pipeline": stage.pipe_names(), "words_per_s": round(stage_wps),
                  "cold_words_per_s": round(words / cold), "seconds": [round(t, 3) for t in stage_times]},
        "speedup": round(stage_wps / baseline_wps, 2),
        "cold_speedup": round((words / cold) / baseline_wps, 2),
        "target_met": stage_wps >= baseline_wps,
        "machine": {"python": platform.python_version(), "processor": platform.processor() or platform.machine(),
                    "threads": os.environ["OMP_NUM_THREADS"]},
        "versions": {"spacy": spacy.__version__, **stage.versions()},
    }


def write(figures: dict) -> None:
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "read_speed.json").write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    base, stage = figures["baseline"], figures["stage"]
    lines = [
        "# Reading stage speed (benchmarks/read_speed.py)",
        "",
        f"{figures['texts']} texts, {figures['words']} words, best of {figures['rounds']} rounds, one thread.",
        "",
        "| contender | pipeline | words/s |",
        "|---|---|---|",
        f"| plain en_core_web_sm (baseline) | {', '.join(base['pipeline'])} | {base['words_per_s']} |",
        f"| copydesk read stage (all rules + KB) | {', '.join(stage['pipeline'])} + rules + KB | {stage['words_per_s']} |",
        f"| copydesk read stage, first pass (cold KB caches) | same | {stage['cold_words_per_s']} |",
        "",
        f"Speed-up {figures['speedup']}× (cold {figures['cold_speedup']}×); target ≥ 1.0×: "
        f"{'met' if figures['target_met'] else 'NOT met'}.",
        "",
    ]
    (RESULTS / "read_speed.md").write_text("\n".join(lines), encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3, help="timed rounds per contender (default 3)")
    figures = run(parser.parse_args().rounds)
    write(figures)
    print(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
