"""Train the shipped detector from data/mgt (needs the `train` extra: scikit-learn).

Reproducible: fixed seeds, train split for every fitted number, dev split only to choose
the regularisation, fit the Platt calibration and set the threshold.
"""

from __future__ import annotations

import json
import math
import random
import zlib
from collections import Counter
from collections.abc import Sequence
from functools import partial
from pathlib import Path

import numpy as np

from copydesk.errors import InputError
from copydesk.provenance.detector import (
    DETECTOR_NAME,
    MIN_WORDS,
    Detector,
    logistic,
    refusal_reason,
)
from copydesk.provenance.features import (
    LINEAR_SIZES,
    LanguageModels,
    LinearNgramScorer,
    NgramTable,
    extract_grams,
    judged_text,
    linear_grams,
)
from copydesk.provenance.forest import Forest
from copydesk.provenance.ngram_lm import train_lm
from copydesk.provenance.text import normalise, tokens

SEED = 13
FOLDS = 5
NGRAM_KINDS = ("word1", "word2")
MIN_GRAM_COUNT = {"word1": 3, "word2": 3}
MAX_GRAMS = {"word1": 20000, "word2": 30000}
LM_ORDER = 3
LM_MIN_COUNT = 3  # pruning: keeps the three language models near 2 MB gzipped
LINEAR_MAX_GRAMS = 30000
LINEAR_C = {"word": 4.0, "char": 2.0}  # inverse regularisation, chosen on dev
CHAT_GENERATORS = ("gpt-3-davinci", "gpt-3.5-turbo", "gpt-4")
SMOOTHING = 0.5
REFERENCE_BYTES = 32768
# The reference samples ship in the wheel as text, so they hold only text whose terms allow
# redistribution: the human sample comes from SQuAD (Wikipedia, CC BY-SA 4.0) and PubMedQA (MIT),
# not XSum (BBC articles, research use only) nor WritingPrompts (Reddit posts); the machine
# sample, from every domain, is model output only: both samples hold the judged part of each
# text, after the human opening a machine text continues.
HUMAN_REFERENCE_DOMAINS = frozenset({"wikipedia_qa", "biomedical_qa"})
ZIPF_WORDS = 40000
GBM_GRID = ((0.05, 400, 4), (0.05, 800, 3), (0.03, 600, 6))
TARGET_FPR = 0.01


def load_jsonl(path: Path) -> list[dict]:
    """Rows of a labelled MGT file (text, label, generator, domain)."""
    rows = []
    with open(path, encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as err:
                raise InputError(f"line {number} is not JSON ({err.msg})", source=str(path)) from err
            if row.get("label") not in ("human", "machine") or not isinstance(row.get("text"), str):
                raise InputError(f"line {number} needs 'text' and label human|machine", source=str(path))
            row["norm"] = normalise(row["text"])
            row["judged"] = judged_text(row["norm"])
            rows.append(row)
    return rows


def group_key(text: str) -> str:
    """Texts continuing the same source article share their opening words."""
    return " ".join(text.lower().split()[:6])


def zipf_table() -> dict[str, float]:
    """Zipf values of the most frequent English words, from wordfreq."""
    import wordfreq

    frequencies = wordfreq.get_frequency_dict("en")
    top = sorted(frequencies.items(), key=lambda item: -item[1])[:ZIPF_WORDS]
    return {word: round(math.log10(freq * 1e9), 2) for word, freq in top}


def reference_samples(rows: Sequence[dict], rng: random.Random) -> tuple[str, str, set[int]]:
    """Human and machine reference texts (~32 KiB each, see HUMAN_REFERENCE_DOMAINS) and the
    row indices used for them."""
    used: set[int] = set()
    samples = {}
    for label in ("human", "machine"):
        indices = [i for i, row in enumerate(rows) if row["label"] == label
                   and (label == "machine" or row["domain"] in HUMAN_REFERENCE_DOMAINS)]
        rng.shuffle(indices)
        pieces, size = [], 0
        for index in indices:
            if size >= REFERENCE_BYTES:
                break
            pieces.append(rows[index]["judged"])  # what the features describe, as in the texts scored
            size += len(rows[index]["judged"].encode())
            used.add(index)
        samples[label] = " ".join(pieces)
    return samples["human"], samples["machine"], used


def count_grams(rows: Sequence[dict], kind: str) -> dict[str, Counter]:
    """Per-label n-gram counts, each gram counted once per document."""
    counts = {"human": Counter(), "machine": Counter()}
    for row in rows:
        counts[row["label"]].update(set(extract_grams(kind, row["judged"])))
    return counts


def ngram_table(counts: dict[str, Counter], kind: str) -> NgramTable:
    """Smoothed log-ratio table, keeping the most frequent grams."""
    human, machine = counts["human"], counts["machine"]
    total = human + machine
    # Ties broken by the gram itself: set and Counter order follow Python's per-process string
    # hashing, and the cut at MAX_GRAMS must not depend on it.
    frequent = sorted((gram for gram, count in total.items() if count >= MIN_GRAM_COUNT[kind]),
                      key=lambda gram: (-total[gram], gram))
    kept = frequent[: MAX_GRAMS[kind]]
    human_total = sum(human.values()) + SMOOTHING * len(kept)
    machine_total = sum(machine.values()) + SMOOTHING * len(kept)
    ratios = {
        gram: round(
            math.log((machine[gram] + SMOOTHING) / machine_total)
            - math.log((human[gram] + SMOOTHING) / human_total),
            3,
        )
        for gram in kept
    }
    return NgramTable(kind, ratios)


def language_models(rows: Sequence[dict]) -> LanguageModels:
    """Word-trigram models of the human, the machine and the chat-model texts (judged parts)."""
    chosen = {
        "human": [row for row in rows if row["label"] == "human"],
        "machine": [row for row in rows if row["label"] == "machine"],
        "chat": [row for row in rows if row.get("generator") in CHAT_GENERATORS],
    }
    for name, part in chosen.items():
        if not part:
            raise InputError(f"the training data has no {name} texts (chat: {', '.join(CHAT_GENERATORS)})")
    return LanguageModels(**{
        name: train_lm((tokens(row["judged"]) for row in part), LM_ORDER, LM_MIN_COUNT)
        for name, part in chosen.items()
    })


def linear_scorer(rows: Sequence[dict], kind: str) -> LinearNgramScorer:
    """TF-IDF logistic regression on the judged parts, class-balanced."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    vectoriser = TfidfVectorizer(analyzer=partial(linear_grams, kind), min_df=3, sublinear_tf=True,
                                 max_features=LINEAR_MAX_GRAMS)
    values = vectoriser.fit_transform([row["judged"] for row in rows])
    labels = [row["label"] == "machine" for row in rows]
    model = LogisticRegression(C=LINEAR_C[kind], class_weight="balanced", max_iter=3000).fit(values, labels)
    weights = {
        gram: (round(float(idf), 4), round(float(coefficient), 4))
        for gram, idf, coefficient in zip(vectoriser.get_feature_names_out(), vectoriser.idf_, model.coef_[0])
    }
    return LinearNgramScorer(kind, weights, round(float(model.intercept_[0]), 4))


def fold_of(rows: Sequence[dict]) -> list[int]:
    """Fold number per row; all texts of one source article share a fold."""
    return [zlib.crc32(group_key(row["text"]).encode()) % FOLDS for row in rows]


def out_of_fold_fitted_features(rows: Sequence[dict], names: Sequence[str], detector: Detector) -> np.ndarray:
    """Fitted features (columns `names`) of each row from tables, language models and linear
    scorers fitted without its fold.

    Why: a table counted on a text knows that text, so in-sample ratios would be too good
    and the combiner would trust them too much.
    """
    folds = fold_of(rows)
    values = np.zeros((len(rows), len(names)))
    for fold in range(FOLDS):
        inside = [row for row, f in zip(rows, folds) if f != fold]
        held_out = Detector(zipf=detector.zipf, human_sample="", machine_sample="",
                            tables=[ngram_table(count_grams(inside, kind), kind) for kind in NGRAM_KINDS],
                            language_models=language_models(inside),
                            linear=[linear_scorer(inside, kind) for kind in LINEAR_SIZES])
        for index, (row, f) in enumerate(zip(rows, folds)):
            if f == fold:
                found = held_out.fitted_features(row["judged"])
                values[index] = [found[name] for name in names]
    return values


def auroc(labels: np.ndarray, scores: np.ndarray) -> float:
    """Area under the ROC curve (ties counted half)."""
    from scipy.stats import rankdata

    ranks = rankdata(scores)
    positives = labels.sum()
    negatives = len(labels) - positives
    return float((ranks[labels == 1].sum() - positives * (positives + 1) / 2) / (positives * negatives))


def train(train_path: Path, dev_path: Path, out_dir: Path, log=print, grid=GBM_GRID) -> dict:
    """Fit the detector on train, choose and calibrate on dev, write it to `out_dir`.

    Args:
        train_path, dev_path: labelled JSONL files (see data/mgt/README.md).
        out_dir: where the model files go.
        log: called with one progress line at a time.
        grid: (learning rate, rounds, depth) candidates for the trees; the best on dev wins.

    Returns:
        The calibration record stored with the model.
    """
    rng = random.Random(SEED)
    rows = load_jsonl(train_path)
    zipf = zipf_table()
    dev = [row for row in load_jsonl(dev_path) if not refusal_reason(row["text"], zipf)]
    human_sample, machine_sample, reference_rows = reference_samples(rows, rng)
    fit_rows = [row for i, row in enumerate(rows) if i not in reference_rows]
    log(f"train: {len(rows)} rows, {len(reference_rows)} kept aside as compression references")

    tables = [ngram_table(count_grams(rows, kind), kind) for kind in NGRAM_KINDS]
    detector = Detector(zipf=zipf, human_sample=human_sample, machine_sample=machine_sample, tables=tables,
                        language_models=language_models(rows),
                        linear=[linear_scorer(rows, kind) for kind in LINEAR_SIZES])
    detector.names = tuple(detector.feature_names())
    fitted_names = sorted(detector.fitted_features("A sample. It has one."))
    fitted_columns = [detector.names.index(name) for name in fitted_names]
    x_train = np.array([detector.feature_vector(row["text"]) for row in fit_rows])
    x_train[:, fitted_columns] = out_of_fold_fitted_features(fit_rows, fitted_names, detector)
    y_train = np.array([row["label"] == "machine" for row in fit_rows], dtype=int)
    x_dev = np.array([detector.feature_vector(row["text"]) for row in dev])
    y_dev = np.array([row["label"] == "machine" for row in dev], dtype=int)
    log(f"features: {len(detector.names)}; dev: {len(dev)} scorable texts")

    model, settings = choose_model(x_train, y_train, x_dev, y_dev, grid, log)
    detector.forest = Forest.from_sklearn(model)
    detector.reference = np.median(x_train, axis=0)
    dev_logits = detector.forest.raw(x_dev)
    detector.calibration = calibrate(dev, dev_logits, y_dev)
    detector.calibration["combiner"] = settings
    detector.save(out_dir)
    log(json.dumps(detector.calibration, indent=1))
    return detector.calibration


def choose_model(x_train, y_train, x_dev, y_dev, grid, log):
    """Boosted trees with class-balanced weights; the settings with the best dev AUROC."""
    from sklearn.ensemble import HistGradientBoostingClassifier

    weights = np.where(y_train == 1, 0.5 / y_train.mean(), 0.5 / (1 - y_train.mean()))
    best = None
    for rate, rounds, depth in grid:
        model = HistGradientBoostingClassifier(
            learning_rate=rate, max_iter=rounds, max_depth=depth, l2_regularization=1.0,
            early_stopping=False, random_state=SEED,
        ).fit(x_train, y_train, sample_weight=weights)
        score = auroc(y_dev, model.decision_function(x_dev))
        log(f"trees rate={rate} rounds={rounds} depth={depth}: dev AUROC {score:.4f}")
        if best is None or score > best[0]:
            best = (score, model, {"learning_rate": rate, "rounds": rounds, "max_depth": depth})
    return best[1], best[2]


def calibrate(dev: Sequence[dict], logits: np.ndarray, labels: np.ndarray) -> dict:
    """Platt scaling at an equal prior, and the 1%-FPR threshold on dev human text."""
    from sklearn.linear_model import LogisticRegression

    platt = LogisticRegression(C=1e4, class_weight="balanced").fit(logits[:, None], labels)
    slope, intercept = float(platt.coef_[0][0]), float(platt.intercept_[0])
    probabilities = logistic(slope * logits + intercept)
    human = np.sort(probabilities[labels == 0])[::-1]
    allowed = math.floor(TARGET_FPR * len(human))
    threshold = float(human[allowed]) + 1e-6  # strictly above all but `allowed` human texts
    news = np.array([row["domain"] == "news" for row in dev])
    human_news = probabilities[(labels == 0) & news]
    return {
        "platt_slope": slope,
        "platt_intercept": intercept,
        "threshold": round(threshold, 6),
        "fpr": round(float((human >= threshold).mean()), 4),
        "fpr_news": round(float((human_news >= threshold).mean()), 4),
        "recall": round(float((probabilities[labels == 1] >= threshold).mean()), 4),
        "human_n": len(human),
        "human_news_n": len(human_news),
        "dev_auroc": round(auroc(labels, logits), 4),
        "basis": (
            f"dev split of data/mgt, human texts of >= {MIN_WORDS} words (n={len(human)}; "
            f"news n={len(human_news)}), probability at an equal prior"
        ),
        "detector": DETECTOR_NAME,
    }
