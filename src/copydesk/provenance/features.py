"""Features of a text that separate human from machine writing without a big language model.

Five families, all cheap on one core:

* style: function-word and punctuation rates, sentence length and burstiness, vocabulary
  richness, repetition, word-frequency profile (Zipf values from `wordfreq`, baked into the
  model file so loading is fast);
* compression: how much better the text compresses against a reference sample of machine
  text than against one of human text (ZipPy's idea, with zlib dictionaries from our train split);
* n-gram log-likelihood ratios: word and word-pair tables counted on the human and the
  machine half of the train split;
* linear n-gram scores: logistic regressions over TF-IDF word 1-2-grams and character
  3-5-grams (discriminative, where the lean tables count each gram on its own);
* language models: per-token surprisal under Kneser-Ney word-trigram models of human, of
  machine and of chat-model text (`ngram_lm`), per-token ratios against the human model,
  and how much the context helps over wordfreq's context-free frequencies.

Features are computed on the text after its first SKIP_WORDS words (`judged_text`). Why: the
machine texts of the train data continue a human opening of about 25 words, so an opening
says little about who wrote the rest; judging the part after it sharpens every statistic.

Every feature is a rate or an average, never a raw length: the train data pairs each human
text with machine texts trimmed to the same length, so length would be a shortcut that
fails on real pages.
"""

from __future__ import annotations

import math
import zlib
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from itertools import pairwise

import numpy as np

from copydesk.provenance.ngram_lm import NgramLM, context_strings
from copydesk.provenance.text import sentence_offsets, tokens, words

FUNCTION_WORDS = frozenset(
    ["a", "about", "above", "after", "again", "against", "all", "also", "although", "am", "an", "and", "any", "are", "as", "at", "be", "because", "been", "before", "being", "below", "between", "both", "but", "by", "can", "could", "did", "do", "does", "doing", "down", "during", "each", "either", "few", "for", "from", "further", "had", "has", "have", "having", "he", "her", "here", "hers", "herself", "him", "himself", "his", "how", "however", "i", "if", "in", "into", "is", "it", "its", "itself", "just", "may", "me", "might", "more", "most", "must", "my", "myself", "neither", "no", "nor", "not", "now", "of", "off", "on", "once", "only", "or", "other", "ought", "our", "ours", "ourselves", "out", "over", "own", "same", "shall", "she", "should", "so", "some", "such", "than", "that", "the", "their", "theirs", "them", "themselves", "then", "there", "these", "they", "this", "those", "though", "through", "thus", "to", "too", "under", "until", "up", "upon", "very", "was", "we", "were", "what", "when", "where", "whether", "which", "while", "who", "whom", "whose", "why", "will", "with", "within", "without", "would", "yet", "you", "your", "yours", "yourself", "yourselves"]
)

PUNCTUATION = {
    "comma": ",",
    "period": ".",
    "semicolon": ";",
    "colon": ":",
    "question": "?",
    "exclamation": "!",
    "quote": '"',
    "apostrophe": "'",
    "dash": "-",
    "paren": "(",
}

RARE_ZIPF = 3.0  # words rarer than about 1 per million
ZIPF_BANDS = (1, 2, 3, 4, 5, 6)  # word-frequency histogram bands [z, z+1)
TTR_WINDOW = 50  # moving-window type-token ratio, so richness does not depend on length
SKIP_WORDS = 30  # the opening left out of every feature (see the module docstring)
LN10 = math.log(10)
ZIPF_PER_BILLION = 9  # a Zipf value is log10 of a word's frequency per billion words


def judged_text(text: str) -> str:
    """The part of `text` the features describe: all but its first SKIP_WORDS words."""
    return " ".join(text.split()[SKIP_WORDS:])


@dataclass(frozen=True, slots=True)
class NgramTable:
    """Log-likelihood ratios log P(g | machine) - log P(g | human) for one n-gram kind."""

    kind: str  # "word1", "word2", "char4", …
    ratios: Mapping[str, float]

    def grams(self, text: str) -> list[str]:
        return extract_grams(self.kind, text)

    def features(self, text: str) -> dict[str, float]:
        """How the text's known grams lean: mean, spread, tails, share leaning machine, coverage."""
        grams = self.grams(text)
        known = np.sort([self.ratios[g] for g in grams if g in self.ratios])
        prefix = f"llr_{self.kind}"
        if not len(known):
            return {prefix: 0.0, f"{prefix}_std": 0.0, f"{prefix}_p10": 0.0, f"{prefix}_p90": 0.0,
                    f"{prefix}_positive": 0.5, f"{prefix}_coverage": 0.0}
        low, high = _percentile(known, 0.1), _percentile(known, 0.9)
        return {
            prefix: _mean(known),
            f"{prefix}_std": _std(known),
            f"{prefix}_p10": float(low),
            f"{prefix}_p90": float(high),
            f"{prefix}_positive": _share(known > 0),
            f"{prefix}_coverage": len(known) / len(grams),
        }


def _percentile(ordered: np.ndarray, share: float) -> float:
    """numpy's default (linear) percentile of an already sorted array, without its overhead."""
    position = share * (len(ordered) - 1)
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return float(ordered[low] + (ordered[high] - ordered[low]) * (position - low))


def extract_grams(kind: str, text: str) -> list[str]:
    """The n-grams of `kind` ("word1", "word2", "char4", …) in `text`."""
    size = int(kind[-1])
    if kind.startswith("word"):
        toks = tokens(text)
        return [" ".join(toks[i : i + size]) for i in range(len(toks) - size + 1)]
    flat = " ".join(text.lower().split())
    return [flat[i : i + size] for i in range(len(flat) - size + 1)]


def style_features(text: str, zipf: Mapping[str, float]) -> dict[str, float]:
    """Rates and averages describing how the text is written."""
    toks = tokens(text)
    word_list = words(text)
    n_tokens, n_words = max(len(toks), 1), max(len(word_list), 1)
    counts = Counter(toks)
    features = {f"punct_{name}": counts[mark] / n_tokens for name, mark in PUNCTUATION.items()}
    features["function_words"] = sum(1 for w in word_list if w in FUNCTION_WORDS) / n_words
    features["word_length"] = sum(map(len, word_list)) / n_words
    features["digits"] = sum(1 for w in word_list if w[0].isdigit()) / n_words
    features["capitalised"] = _capitalised_rate(text) 
    features["pronoun_i"] = (counts["i"] + counts["my"] + counts["me"]) / n_words
    features["pronoun_you"] = (counts["you"] + counts["your"]) / n_words
    features["ttr"] = _moving_ttr(word_list)
    features["hapax"] = sum(1 for c in Counter(word_list).values() if c == 1) / n_words
    features["repeated_trigrams"] = _repeated_share(word_list, 3)
    features.update(_sentence_features(text))
    features.update(_zipf_features(word_list, zipf))
    return features


def _capitalised_rate(text: str) -> float:
    """Share of words that start with a capital letter (names, sentence starts)."""
    raw = text.split()
    return sum(1 for w in raw if w[:1].isupper()) / max(len(raw), 1)


def _moving_ttr(word_list: Sequence[str]) -> float:
    """Mean type-token ratio over windows of TTR_WINDOW words."""
    if len(word_list) <= TTR_WINDOW:
        return len(set(word_list)) / max(len(word_list), 1)
    step = TTR_WINDOW // 2
    ratios = [
        len(set(word_list[i : i + TTR_WINDOW])) / TTR_WINDOW
        for i in range(0, len(word_list) - TTR_WINDOW + 1, step)
    ]
    return sum(ratios) / len(ratios)


def _repeated_share(word_list: Sequence[str], size: int) -> float:
    """Share of word n-grams that occur more than once."""
    grams = [tuple(word_list[i : i + size]) for i in range(len(word_list) - size + 1)]
    if not grams:
        return 0.0
    counts = Counter(grams)
    return sum(c for c in counts.values() if c > 1) / len(grams)


def _sentence_features(text: str) -> dict[str, float]:
    """Sentence length level and burstiness (how much lengths vary)."""
    lengths = [len(text[start:end].split()) for start, end in sentence_offsets(text)]
    lengths = lengths or [0]
    mean = sum(lengths) / len(lengths)
    spread = math.sqrt(sum((n - mean) ** 2 for n in lengths) / len(lengths))
    steps = [abs(a - b) for a, b in pairwise(lengths)] or [0]
    return {
        "sentence_length": math.log1p(mean),
        "sentence_cv": spread / mean if mean else 0.0,
        "sentence_step": (sum(steps) / len(steps)) / mean if mean else 0.0,
        "short_sentences": sum(1 for n in lengths if n < 8) / len(lengths),
    }


def _zipf_features(word_list: Sequence[str], zipf: Mapping[str, float]) -> dict[str, float]:
    """Word-frequency profile: how common the words are, and how unevenly."""
    values = [zipf.get(w, 0.0) for w in word_list] or [0.0]
    mean = sum(values) / len(values)
    spread = math.sqrt(sum((v - mean) ** 2 for v in values) / len(values))
    return {
        "zipf_mean": mean,
        "zipf_std": spread,
        "zipf_rare": sum(1 for v in values if 0 < v < RARE_ZIPF) / len(values),
        "zipf_unknown": sum(1 for v in values if v == 0) / len(values),
        **{f"zipf_band_{low}": sum(1 for v in values if low <= v < low + 1) / len(values)
           for low in ZIPF_BANDS},
    }


class CompressionReference:
    """Compressed size of a text given a human and a machine reference sample as dictionary."""

    def __init__(self, human_sample: str, machine_sample: str):
        # zlib dictionaries hold at most 32 KiB; the end of the sample is what zlib uses.
        self._dicts = {
            "human": human_sample.encode()[-32768:],
            "machine": machine_sample.encode()[-32768:],
        }

    def bits_per_byte(self, text: str, reference: str) -> float:
        data = text.encode()
        compressor = zlib.compressobj(level=9, zdict=self._dicts[reference])
        packed = compressor.compress(data) + compressor.flush()
        return 8 * len(packed) / max(len(data), 1)

    def features(self, text: str) -> dict[str, float]:
        data = text.encode()
        plain = 8 * len(zlib.compress(data, 9)) / max(len(data), 1)
        human = self.bits_per_byte(text, "human")
        machine = self.bits_per_byte(text, "machine")
        return {
            "zlib_plain": plain,
            "zlib_gain_human": plain - human,
            "zlib_machine_vs_human": human - machine,
        }


@dataclass(frozen=True, slots=True)
class LinearNgramScorer:
    """A logistic regression over TF-IDF n-gram values (sublinear tf, L2-normalised), as
    scikit-learn's TfidfVectorizer and LogisticRegression compute it, without them."""

    kind: str  # "word" (token 1-2-grams) or "char" (character 3-5-grams)
    weights: Mapping[str, Sequence[float]]  # gram -> (idf, coefficient)
    intercept: float

    def score(self, text: str) -> float:
        dot = norm = 0.0
        for gram, count in Counter(linear_grams(self.kind, text)).items():
            found = self.weights.get(gram)
            if found:
                value = (1.0 + math.log(count)) * found[0]
                dot += value * found[1]
                norm += value * value
        return dot / math.sqrt(norm) + self.intercept if norm else self.intercept


LINEAR_SIZES = {"word": (1, 2), "char": (3, 5)}


def linear_grams(kind: str, text: str) -> list[str]:
    """The grams a `LinearNgramScorer` of `kind` reads: token or character n-grams."""
    low, high = LINEAR_SIZES[kind]
    if kind == "word":
        units = tokens(text)
        return [" ".join(units[i : i + size]) for size in range(low, high + 1) for i in range(len(units) - size + 1)]
    flat = " ".join(text.lower().split())
    return [flat[i : i + size] for size in range(low, high + 1) for i in range(len(flat) - size + 1)]


def ngram_features(text: str, tables: Sequence[NgramTable]) -> dict[str, float]:
    """Log-likelihood-ratio statistics under each n-gram table."""
    values: dict[str, float] = {}
    for table in tables:
        values.update(table.features(text))
    return values


@dataclass(frozen=True, slots=True)
class LanguageModels:
    """Word-trigram language models of human text, of all machine text and of chat-model text.

    The chat model (GPT-3 davinci, gpt-3.5-turbo, gpt-4 in the train data) is small but
    carries how instruction-tuned models write, which the older generators that dominate the
    machine half would otherwise drown out.
    """

    human: NgramLM
    machine: NgramLM
    chat: NgramLM

    def features(self, text: str, zipf: Mapping[str, float]) -> dict[str, float]:
        """Surprisal statistics and per-token log-likelihood ratios against the human model."""
        units = tokens(text)
        if len(units) < 2:
            return dict.fromkeys(LM_FEATURES, 0.0)
        histories = context_strings(units, self.human.order)
        human = np.array(self.human.log_probs(units, histories)[0])
        is_word = np.array([unit[0].isalnum() for unit in units])
        frequency_surprisal = np.array([(ZIPF_PER_BILLION - zipf.get(unit, 1.0)) * LN10 for unit in units])
        values = {"lm_surprisal_human": -_mean(human),
                  "zipf_surprisal_std": _std(frequency_surprisal[is_word]) if is_word.any() else 0.0}
        values.update(_compared({"lm": self.machine, "lm_chat": self.chat}, units, histories, human,
                                frequency_surprisal, is_word))
        return values


def _compared(models: Mapping[str, NgramLM], units: Sequence[str], histories: Sequence[Sequence[str]],
              human: np.ndarray, frequency_surprisal: np.ndarray, is_word: np.ndarray) -> dict[str, float]:
    """How each model predicts `units`, alone and against the human model's log-probabilities
    (features named after the model's key in `models`).

    `context_gain` is how many nats per word the model's context saves over the word's
    wordfreq frequency alone: sampled text follows likely continuations, so its context
    predicts it better than its word rarity suggests (Binoculars' idea of normalising
    surprisal, with a unigram model as the reference).

    The models' arrays are stacked as rows, so each numpy call (mean, std, sort) runs once
    for all of them: these run per sentence too, and numpy's per-call overhead is most of the
    cost on short arrays.
    """
    answers = [model.log_probs(units, histories) for model in models.values()]
    log_probs = np.array([log_prob for log_prob, _ in answers])
    matched = np.array([depth for _, depth in answers])
    ratio, surprisal = log_probs - human, -log_probs
    means, spreads = _mean_std(np.vstack((ratio, surprisal)))
    gain = (frequency_surprisal - surprisal)[:, is_word] if is_word.any() else np.zeros((len(models), 1))
    gain_means, gain_spreads = _mean_std(gain)
    ordered = np.sort(np.vstack((ratio, surprisal)))
    values: dict[str, float] = {}
    for row, (prefix, model) in enumerate(models.items()):
        ratios, surprisals, other = ordered[row], ordered[row + len(models)], row + len(models)
        values.update({
            f"{prefix}_llr": means[row],
            f"{prefix}_llr_std": spreads[row],
            f"{prefix}_llr_p10": _percentile(ratios, 0.1),
            f"{prefix}_llr_p90": _percentile(ratios, 0.9),
            f"{prefix}_llr_positive": _share(ratio[row] > 0),
            f"{prefix}_surprisal": means[other],
            f"{prefix}_surprisal_std": spreads[other],
            f"{prefix}_surprisal_p90": _percentile(surprisals, 0.9),
            f"{prefix}_surprisal_autocorr": _lag_one_correlation(surprisal[row]),
            f"{prefix}_trigram_match": _share(matched[row] >= model.order),
            f"{prefix}_bigram_match": _share(matched[row] >= 2),
            f"{prefix}_context_gain": gain_means[row],
            f"{prefix}_context_gain_std": gain_spreads[row],
        })
    return values


def _share(flags: np.ndarray) -> float:
    """Share of true values (count_nonzero: far cheaper than mean() on short arrays)."""
    return np.count_nonzero(flags) / len(flags)


def _mean(values: np.ndarray) -> float:
    """`values.mean()` of a 1-D array, the same figure without numpy's per-call overhead
    (which is most of the cost on a sentence's few dozen values)."""
    return float(np.add.reduce(values) / len(values))


def _std(values: np.ndarray) -> float:
    """`values.std()` of a 1-D array, computed as numpy does (two passes), without its overhead."""
    deviations = values - np.add.reduce(values) / len(values)
    return math.sqrt(np.add.reduce(deviations * deviations) / len(values))


def _mean_std(values: np.ndarray):
    """Mean and (population) standard deviation along the last axis."""
    mean = values.mean(axis=-1)
    spread = np.sqrt(np.maximum((values * values).mean(axis=-1) - mean * mean, 0.0))
    return (mean.tolist(), spread.tolist()) if values.ndim > 1 else (float(mean), float(spread))


COMPARED_STATS = ("llr", "llr_std", "llr_p10", "llr_p90", "llr_positive", "surprisal", "surprisal_std",
                  "surprisal_p90", "surprisal_autocorr", "trigram_match", "bigram_match", "context_gain",
                  "context_gain_std")
LM_FEATURES = ("lm_surprisal_human", "zipf_surprisal_std",
               *(f"{prefix}_{stat}" for prefix in ("lm", "lm_chat") for stat in COMPARED_STATS))


def _lag_one_correlation(values: np.ndarray) -> float:
    """Correlation of each value with the next: do surprising tokens come in runs?"""
    if len(values) < 4:
        return 0.0
    before, after = values[:-1] - _mean(values[:-1]), values[1:] - _mean(values[1:])
    scale = math.sqrt(float(before @ before) * float(after @ after))
    return float(before @ after) / scale if scale > 0 else 0.0
