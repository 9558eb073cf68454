"""The shipped detector: features, boosted trees over them, Platt calibration, threshold.

The model lives in `copydesk/data/provenance/` as gzipped JSON (trees, calibration, word
frequencies, n-gram tables, three word-trigram language models for human, machine and
chat-model text, two logistic-regression n-gram scorers) and two plain-text reference samples;
inference needs only numpy and the standard library.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import numpy as np

from copydesk.errors import InputError
from copydesk.model import ProvenanceResult, Signal, Span
from copydesk.provenance.features import (
    FUNCTION_WORDS,
    CompressionReference,
    LanguageModels,
    LinearNgramScorer,
    NgramTable,
    judged_text,
    ngram_features,
    style_features,
)
from copydesk.provenance.forest import Forest
from copydesk.provenance.ngram_lm import from_json as lm_from_json
from copydesk.provenance.ngram_lm import to_json as lm_to_json
from copydesk.provenance.text import normalise, sentence_offsets, words

DETECTOR_NAME = "copydesk-mgt-2"
MIN_WORDS = 80
MIN_FUNCTION_WORD_SHARE = 0.2  # English prose runs 35-55 %; other languages far lower
MIN_KNOWN_WORD_SHARE = 0.6
TOP_SIGNALS = 5
TOP_SENTENCES = 3
MIN_SENTENCE_WORDS = 6  # shorter sentences have too few n-grams to judge
LANGUAGE_MODELS = ("human", "machine", "chat")
UNCERTAIN_BELOW = 0.5  # calibrated scores under this (at an equal prior) read "likely human"
# Longer texts are judged on their opening this long (cut at a paragraph or sentence end): the
# detector learned from texts of at most 500 words, and its statistics are rates and averages
# that a few thousand words settle; a whole book-length page costs seconds and hundreds of MB.
MAX_JUDGED_CHARS = 20_000

DESCRIPTIONS = {
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
    "zipf_surprisal_std": "how unevenly rare and common words alternate",
    "lm_surprisal_human": "surprisal under the human-text language model",
    "linear_word": "words and word pairs, weighed by a linear model trained on human and machine text",
    "linear_char": "character 3-5-grams, weighed by a linear model trained on human and machine text",
}
NGRAM_KIND_NAMES = {"word1": "words", "word2": "word pairs"}
LM_STAT_NAMES = {
    "llr": "per-word log-likelihood ratio against the human-text model",
    "llr_std": "spread of the per-word likelihood ratio against the human-text model",
    "llr_p10": "most human-like words (likelihood ratio, low tail)",
    "llr_p90": "most machine-like words (likelihood ratio, high tail)",
    "llr_positive": "share of words it predicts better than the human-text model",
    "surprisal": "surprisal (low = predictable)",
    "surprisal_std": "burstiness of surprisal",
    "surprisal_p90": "the most surprising words",
    "surprisal_autocorr": "whether surprising words come in runs",
    "trigram_match": "share of words whose three-word sequence it knows",
    "bigram_match": "share of words whose two-word sequence it knows",
    "context_gain": "how much the preceding words predict each word beyond its frequency",
    "context_gain_std": "how unevenly the preceding words predict each word",
}
NGRAM_STAT_NAMES = {"": "lean on average", "std": "spread of lean", "p10": "most human-like tail",
                    "p90": "most machine-like tail", "positive": "share leaning machine",
                    "coverage": "share seen in train text"}


def describe(name: str) -> str:
    """A plain description of feature `name`."""
    if name in DESCRIPTIONS:
        return DESCRIPTIONS[name]
    if name.startswith("punct_"):
        return f"{name[6:]} marks per token"
    if name.startswith("zipf_band_"):
        low = int(name.rsplit("_", 1)[1])
        return f"share of words with Zipf frequency {low}-{low + 1}"
    for prefix, model in (("lm_chat_", "chat-model"), ("lm_", "machine")):
        if name.startswith(prefix) and name[len(prefix):] in LM_STAT_NAMES:
            return f"{LM_STAT_NAMES[name[len(prefix):]]} ({model}-text language model)"
    if name.startswith("llr_"):
        kind, _, stat = name[4:].partition("_")
        return (f"{NGRAM_KIND_NAMES.get(kind, kind)} compared with human and machine train text: "
                f"{NGRAM_STAT_NAMES.get(stat, stat)}")
    return name


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


def judged_opening(text: str, limit: int = MAX_JUDGED_CHARS) -> str:
    """`text`, or its first `limit` characters cut at the last paragraph or sentence end (at
    the last space when there is none), so sentence offsets still point into the whole text."""
    if len(text) <= limit:
        return text
    for boundary in ("\n\n", ". ", " "):
        cut = text.rfind(boundary, limit // 2, limit)
        if cut > 0:
            return text[: cut + (1 if boundary == ". " else 0)]
    return text[:limit]


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
    """Feature extractors plus calibrated boosted trees over their outputs."""

    zipf: Mapping[str, float]
    human_sample: str
    machine_sample: str
    tables: Sequence[NgramTable]
    language_models: LanguageModels
    linear: Sequence[LinearNgramScorer]
    names: tuple[str, ...] = ()
    forest: Forest | None = None
    reference: np.ndarray | None = None  # typical (median train) value of each feature
    calibration: dict = field(default_factory=dict)
    compression: CompressionReference = field(init=False)

    def __post_init__(self) -> None:
        self.compression = CompressionReference(self.human_sample, self.machine_sample)

    # -- features ---------------------------------------------------------------------------
    def features(self, text: str) -> dict[str, float]:
        """Every named feature of `text` (normalised, its opening left out: see `judged_text`)."""
        return self.features_of_judged(judged_text(normalise(text)))

    def features_of_judged(self, text: str) -> dict[str, float]:
        """Every named feature of an already normalised text, taken whole."""
        values = style_features(text, self.zipf)
        values.update(self.compression.features(text))
        values.update(self.fitted_features(text))
        return values

    def fitted_features(self, text: str, sentence: bool = False) -> dict[str, float]:
        """The features read from tables and models fitted on train text (the ones training
        computes out of fold); they also describe a single sentence.

        For a sentence (`sentence=True`) the character-gram scorer is left out: it costs the
        most and says little about a few dozen characters, so the sentence keeps the
        document's value.
        """
        values = ngram_features(text, self.tables)
        values.update(self.language_models.features(text, self.zipf))
        for scorer in self.linear:
            if not (sentence and scorer.kind == "char"):
                values[f"linear_{scorer.kind}"] = scorer.score(text)
        return values

    def feature_names(self) -> list[str]:
        return sorted(self.features_of_judged("The detector needs a sample. It has one."))

    def feature_vector(self, text: str) -> np.ndarray:
        values = self.features(text)
        return np.array([values[name] for name in (self.names or self.feature_names())])

    # -- model ------------------------------------------------------------------------------
    def logit(self, text: str) -> float:
        """Uncalibrated log-odds of machine generation."""
        return float(self.forest.raw(self.feature_vector(text))[0])

    def calibrated(self, logit: float) -> float:
        """Probability of machine generation at an equal prior (Platt scaling fitted on dev)."""
        slope = self.calibration["platt_slope"]
        return float(logistic(slope * logit + self.calibration["platt_intercept"]))

    # -- the public answer ------------------------------------------------------------------
    def score(self, text: str) -> ProvenanceResult:
        """Score `text`, or refuse with a reason when it is too short or not English."""
        if not isinstance(text, str):
            raise InputError(f"provenance needs text, got {type(text).__name__}")
        text = judged_opening(text)
        reason = refusal_reason(text, self.zipf)
        if reason:
            return self._result(None, reason=reason)
        vector = self.feature_vector(text)
        # Row i of `occluded` is the text with feature i set to its typical value; its gap to
        # the text's log-odds (raw[0]) is that feature's effect.
        occluded = np.repeat(vector[None, :], len(vector), axis=0)
        occluded[np.arange(len(vector)), np.arange(len(vector))] = self.reference
        raw = self.forest.raw_near(vector, occluded)
        return self._result(
            self.calibrated(raw[0]),
            signals=self._signals(vector, raw[0] - raw[1:]),
            sentences=self._sentences(text, vector),
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

    def _signals(self, vector: np.ndarray, effects: np.ndarray) -> tuple[Signal, ...]:
        order = np.argsort(-np.abs(effects), kind="stable")[:TOP_SIGNALS]
        return tuple(
            Signal(self.names[i], round(float(vector[i]), 4), round(float(effects[i]), 4), describe(self.names[i]))
            for i in order
        )

    def _sentences(self, text: str, vector: np.ndarray) -> tuple[Span, ...]:
        """The sentences whose n-grams look most machine-like.

        A sentence's score is what the document would score if all of its n-grams and
        language-model statistics read like that sentence's, every other feature held at the
        document's value.
        """
        offsets = [(a, b) for a, b in sentence_offsets(text) if len(text[a:b].split()) >= MIN_SENTENCE_WORDS]
        if not offsets:
            return ()
        rows = np.repeat(vector[None, :], len(offsets), axis=0)
        index = {name: i for i, name in enumerate(self.names)}
        for row, (start, end) in zip(rows, offsets):
            for name, value in self.fitted_features(normalise(text[start:end]), sentence=True).items():
                row[index[name]] = value
        scores = logistic(self.calibration["platt_slope"] * self.forest.raw(rows) + self.calibration["platt_intercept"])
        order = np.argsort(-scores, kind="stable")[:TOP_SENTENCES]
        return tuple(
            Span(offsets[i][0], offsets[i][1], "machine_like_sentence", {"score": round(float(scores[i]), 4)})
            for i in order
        )

    # -- storage ----------------------------------------------------------------------------
    def save(self, directory: Path) -> None:
        """Write the model as JSON plus two reference texts."""
        directory.mkdir(parents=True, exist_ok=True)
        model = {
            "detector": DETECTOR_NAME,
            "names": list(self.names),
            "reference": [float(v) for v in self.reference],
            "calibration": self.calibration,
            "forest": self.forest.to_json(),
        }
        with gzip.open(directory / "model.json.gz", "wt", encoding="utf-8") as handle:
            json.dump(model, handle, separators=(",", ":"))
        tables = {"zipf": self.zipf, "ngrams": {t.kind: t.ratios for t in self.tables},
                  "language_models": {label: lm_to_json(getattr(self.language_models, label))
                                      for label in LANGUAGE_MODELS},
                  "linear": {s.kind: {"weights": s.weights, "intercept": s.intercept} for s in self.linear}}
        with gzip.open(directory / "tables.json.gz", "wt", encoding="utf-8") as handle:
            json.dump(tables, handle, separators=(",", ":"))
        (directory / "reference-human.txt").write_text(self.human_sample, encoding="utf-8")
        (directory / "reference-machine.txt").write_text(self.machine_sample, encoding="utf-8")

    @classmethod
    def load(cls, directory: Path | None = None) -> Detector:
        """Read a saved detector (the shipped one when `directory` is None)."""
        root = Path(directory) if directory else Path(str(resources.files("copydesk") / "data" / "provenance"))
        try:
            with gzip.open(root / "model.json.gz", "rt", encoding="utf-8") as handle:
                model = json.load(handle)
            with gzip.open(root / "tables.json.gz", "rt", encoding="utf-8") as handle:
                tables = json.load(handle)
            human = (root / "reference-human.txt").read_text(encoding="utf-8")
            machine = (root / "reference-machine.txt").read_text(encoding="utf-8")
            return cls(
                zipf=tables["zipf"],
                human_sample=human,
                machine_sample=machine,
                tables=[NgramTable(kind, ratios) for kind, ratios in tables["ngrams"].items()],
                language_models=LanguageModels(**{label: lm_from_json(tables["language_models"][label])
                                                  for label in LANGUAGE_MODELS}),
                linear=[LinearNgramScorer(kind, part["weights"], part["intercept"])
                        for kind, part in tables["linear"].items()],
                names=tuple(model["names"]),
                forest=Forest.from_json(model["forest"]),
                reference=np.array(model["reference"]),
                calibration=model["calibration"],
            )
        except (OSError, ValueError, KeyError) as err:  # KeyError: a model file of another version
            raise InputError(f"cannot read the provenance model: {err!r}", source=str(root)) from err
