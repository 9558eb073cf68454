"""The shipped detector: features, a logistic model over them, Platt calibration, threshold.

The model lives in `copydesk/data/provenance/` as JSON (weights, calibration, word
frequencies, n-gram tables) and two plain-text reference samples; inference needs only
numpy and the standard library.
"""

from __future__ import annotations

import gzip
import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from importlib import resources
from pathlib import Path

import numpy as np

from copydesk.errors import InputError
from copydesk.model import ProvenanceResult, Signal, Span
from copydesk.provenance.features import (
    FUNCTION_WORDS,
    CompressionReference,
    NgramTable,
    ngram_features,
    style_features,
)
from copydesk.provenance.text import normalise, sentence_offsets, words

DETECTOR_NAME = "copydesk-mgt-1"
MIN_WORDS = 80
MIN_FUNCTION_WORD_SHARE = 0.2  # English prose runs 35-55 %; other languages far lower
MIN_KNOWN_WORD_SHARE = 0.6
TOP_SIGNALS = 5
TOP_SENTENCES = 3
UNCERTAIN_BELOW = 0.5  # calibrated scores under this (at an equal prior) read "likely human"

DESCRIPTIONS = {
    "llr_word1": "word choice compared with human and machine train text",
    "llr_word2": "word pairs compared with human and machine train text",
    "llr_word3": "word triples compared with human and machine train text",
    "llr_char4": "character 4-grams compared with human and machine train text",
    "zlib_plain": "how well the text compresses on its own (repetitive text compresses well)",
    "zlib_gain_human": "how much a sample of human writing helps compress it",
    "zlib_machine_vs_human": "how much better machine-written text compresses it than human text",
    "function_words": "share of function words (the, of, which, …)",
    "word_length": "average word length",
    "digits": "share of numbers",
    "capitalised": "share of capitalised words (names, sentence starts)",
    "pronoun_i": "first-person pronouns",
    "pronoun_you": "second-person pronouns",
    "ttr": "vocabulary variety (type-token ratio over 50-word windows)",
    "hapax": "share of words used once",
    "repeated_trigrams": "repeated three-word phrases",
    "sentence_length": "average sentence length",
    "sentence_cv": "burstiness: how much sentence lengths vary",
    "sentence_step": "how much consecutive sentence lengths differ",
    "short_sentences": "share of sentences under 8 words",
    "zipf_mean": "how common the words are (wordfreq Zipf)",
    "zipf_std": "spread of word frequencies",
    "zipf_rare": "share of rare words",
    "zipf_unknown": "share of words outside the 40k most common",
}


def logistic(x):
    """The logistic function, for floats or numpy arrays."""
    return 1.0 / (1.0 + np.exp(-x))


def is_english(text: str, zipf: Mapping[str, float] | None = None) -> bool:
    """Cheap English check: enough English function words (and known words, given a table)."""
    word_list = words(text)
    if not word_list:
        return False
    if sum(1 for w in word_list if w in FUNCTION_WORDS) / len(word_list) < MIN_FUNCTION_WORD_SHARE:
        return False
    if zipf is None:
        return True
    return sum(1 for w in word_list if w in zipf) / len(word_list) >= MIN_KNOWN_WORD_SHARE


def refusal_reason(text: str, zipf: Mapping[str, float]) -> str:
    """Why the detector will not judge `text`, or "" if it will."""
    count = len(text.split())
    if count < MIN_WORDS:
        return f"too short to judge: {count} words (the detector needs at least {MIN_WORDS})"
    if not is_english(text, zipf):
        return "not English (or not prose): the detector was trained on English text only"
    return ""


@dataclass(slots=True)
class Detector:
    """Feature extractors plus a calibrated logistic model over their outputs."""

    zipf: Mapping[str, float]
    human_sample: str
    machine_sample: str
    tables: Sequence[NgramTable]
    names: tuple[str, ...]
    weights: np.ndarray
    bias: float
    mean: np.ndarray
    scale: np.ndarray
    calibration: dict = field(default_factory=dict)
    compression: CompressionReference = field(init=False)

    def __post_init__(self) -> None:
        self.compression = CompressionReference(self.human_sample, self.machine_sample)

    # -- features ---------------------------------------------------------------------------
    def features(self, text: str) -> dict[str, float]:
        """Every named feature of `text` (after `normalise`)."""
        text = normalise(text)
        values = style_features(text, self.zipf)
        values.update(self.compression.features(text))
        values.update(ngram_features(text, self.tables))
        return values

    def feature_names(self) -> list[str]:
        return sorted(self.features("The detector needs a sample. It has one."))

    def feature_vector(self, text: str) -> list[float]:
        values = self.features(text)
        return [values[name] for name in (self.names or self.feature_names())]

    # -- model ------------------------------------------------------------------------------
    def with_weights(self, names, weights, bias, mean, scale) -> Detector:
        """A copy of this detector with a fitted linear model."""
        return replace(
            self, names=tuple(names), weights=np.asarray(weights, float), bias=float(bias),
            mean=np.asarray(mean, float), scale=np.asarray(scale, float),
        )

    def contributions(self, text: str) -> np.ndarray:
        """Each feature's share of the raw log-odds (standardised value times weight)."""
        return self.weights * (np.array(self.feature_vector(text)) - self.mean) / self.scale

    def logit(self, text: str) -> float:
        return float(self.bias + self.contributions(text).sum())

    def calibrated(self, logit: float) -> float:
        """Probability of machine generation at an equal prior (Platt scaling fitted on dev)."""
        slope = self.calibration["platt_slope"]
        return float(logistic(slope * logit + self.calibration["platt_intercept"]))

    # -- the public answer ------------------------------------------------------------------
    def score(self, text: str) -> ProvenanceResult:
        """Score `text`, or refuse with a reason when it is too short or not English."""
        if not isinstance(text, str):
            raise InputError(f"provenance needs text, got {type(text).__name__}")
        reason = refusal_reason(text, self.zipf)
        if reason:
            return self._result(None, reason=reason)
        contributions = self.contributions(text)
        logit = float(self.bias + contributions.sum())
        probability = self.calibrated(logit)
        return self._result(
            probability,
            signals=self._signals(text, contributions),
            sentences=self._sentences(text, logit, contributions),
        )

    def _result(self, probability: float | None, **extra) -> ProvenanceResult:
        threshold = self.calibration["threshold"]
        if probability is None:
            label = None
        elif probability >= threshold:
            label = "likely_machine"
        elif probability < UNCERTAIN_BELOW:
            label = "likely_human"
        else:
            label = "uncertain"
        return ProvenanceResult(
            score=None if probability is None else round(probability, 4),
            label=label,
            threshold=threshold,
            fpr=self.calibration["fpr"],
            calibration=self.calibration["basis"],
            detector=DETECTOR_NAME,
            **extra,
        )

    def _signals(self, text: str, contributions: np.ndarray) -> tuple[Signal, ...]:
        values = self.features(text)
        order = np.argsort(-np.abs(contributions))[:TOP_SIGNALS]
        return tuple(
            Signal(
                name=self.names[i],
                value=round(values[self.names[i]], 4),
                effect=round(float(contributions[i]), 4),
                description=DESCRIPTIONS.get(self.names[i], ""),
            )
            for i in order
        )

    def _sentences(self, text: str, logit: float, contributions: np.ndarray) -> tuple[Span, ...]:
        """The sentences whose n-grams look most machine-like.

        A sentence's score is what the document would score if all of its n-grams read like
        that sentence's, every other feature held at the document's value.
        """
        columns = [self.names.index(f"llr_{t.kind}") for t in self.tables]
        base = logit - contributions[columns].sum()
        scored = []
        for start, end in sentence_offsets(text):
            sentence = text[start:end]
            if len(sentence.split()) < 5:
                continue
            local = ngram_features(normalise(sentence), self.tables)
            shift = sum(
                self.weights[c] * (local[self.names[c]] - self.mean[c]) / self.scale[c] for c in columns
            )
            scored.append((self.calibrated(base + shift), start, end))
        scored.sort(reverse=True)
        return tuple(
            Span(start, end, "machine_like_sentence", {"score": round(score, 4)})
            for score, start, end in scored[:TOP_SENTENCES]
        )

    # -- storage ----------------------------------------------------------------------------
    def save(self, directory: Path) -> None:
        """Write the model as JSON plus two reference texts."""
        directory.mkdir(parents=True, exist_ok=True)
        model = {
            "detector": DETECTOR_NAME,
            "names": list(self.names),
            "weights": [round(float(w), 6) for w in self.weights],
            "bias": self.bias,
            "mean": [float(m) for m in self.mean],
            "scale": [float(s) for s in self.scale],
            "calibration": self.calibration,
        }
        (directory / "model.json").write_text(json.dumps(model, indent=1), encoding="utf-8")
        tables = {"zipf": self.zipf, "ngrams": {t.kind: t.ratios for t in self.tables}}
        with gzip.open(directory / "tables.json.gz", "wt", encoding="utf-8") as handle:
            json.dump(tables, handle, separators=(",", ":"))
        (directory / "reference-human.txt").write_text(self.human_sample, encoding="utf-8")
        (directory / "reference-machine.txt").write_text(self.machine_sample, encoding="utf-8")

    @classmethod
    def load(cls, directory: Path | None = None) -> Detector:
        """Read a saved detector (the shipped one when `directory` is None)."""
        root = Path(directory) if directory else Path(str(resources.files("copydesk") / "data" / "provenance"))
        try:
            model = json.loads((root / "model.json").read_text(encoding="utf-8"))
            with gzip.open(root / "tables.json.gz", "rt", encoding="utf-8") as handle:
                tables = json.load(handle)
            human = (root / "reference-human.txt").read_text(encoding="utf-8")
            machine = (root / "reference-machine.txt").read_text(encoding="utf-8")
        except (OSError, ValueError) as err:
            raise InputError(f"cannot read the provenance model: {err}", source=str(root)) from err
        return cls(
            zipf=tables["zipf"],
            human_sample=human,
            machine_sample=machine,
            tables=[NgramTable(kind, ratios) for kind, ratios in tables["ngrams"].items()],
            names=tuple(model["names"]),
            weights=np.array(model["weights"]),
            bias=float(model["bias"]),
            mean=np.array(model["mean"]),
            scale=np.array(model["scale"]),
            calibration=model["calibration"],
        )
