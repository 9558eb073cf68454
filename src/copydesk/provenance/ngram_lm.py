"""Small interpolated Kneser-Ney word n-gram language models, counted on human or machine text.

Why real language models and not only n-gram lean tables: a model that predicts each token
from the ones before it says how *predictable* the text is, token by token, and whether the
human-text or the machine-text model predicts it better. Machine text is written by
sampling from a language model, so it tends to follow the likeliest continuations; that
shows up as lower, steadier surprisal and more long-context matches, whatever the topic.

Counts are pruned (grams seen fewer than `min_count` times are dropped, after the
discounting statistics were taken from the full counts) so the stored model stays small.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

DISCOUNT = 0.75
SEPARATOR = "\x1f"  # joins the tokens of a gram; cannot occur in a token
START = "<s>"  # pads each document's start, so its first tokens have full-length grams too
MEMO_SIZE = 500_000  # remembered (context, token) answers per model before the memo starts over


@dataclass(frozen=True, slots=True)
class NgramLM:
    """An interpolated Kneser-Ney model over word tokens.

    `counts` maps a gram (tokens joined by SEPARATOR) to its count: the raw count at the top
    order, the Kneser-Ney continuation count (number of distinct left neighbours) below it.
    `contexts` maps a context gram to its (total count, number of distinct followers); the
    empty context is the unigram level.
    """

    order: int
    counts: dict[str, int]
    contexts: dict[str, tuple[int, int]]
    vocabulary: int  # distinct tokens seen, for the uniform floor under the unigram level
    # (context + token) -> (log-probability, matched depth). Why: the detector reads each
    # sentence again after the whole text, so most of its grams were answered moments before.
    memo: dict[str, tuple[float, int]] = field(default_factory=dict, compare=False, repr=False)

    def log_probs(self, tokens: Sequence[str], histories: Sequence[Sequence[str]] | None = None
                  ) -> tuple[list[float], list[int]]:
        """Natural-log probability of each token given the ones before it, and the longest
        gram that matched a stored one (0: unseen token, 1: known token, 2: known pair, …).

        `histories` (from `context_strings(tokens, order)`) saves rebuilding the context strings
        when several models of the same order read the same tokens.
        """
        counts, contexts, memo = self.counts, self.contexts, self.memo
        if len(memo) > MEMO_SIZE:
            memo.clear()
        unigram_total, unigram_types = contexts[""]
        floor = 1.0 / (self.vocabulary + 1)
        log_probs, matched = [], []
        for token, before in zip(tokens, histories or context_strings(tokens, self.order)):
            key = before[-1] + SEPARATOR + token if before else token  # the context fixes every shorter one
            known = memo.get(key)
            if known is not None:
                log_probs.append(known[0])
                matched.append(known[1])
                continue
            seen = counts.get(token, 0)
            probability = (max(seen - DISCOUNT, 0) + DISCOUNT * unigram_types * floor) / unigram_total
            depth = 1 if seen else 0
            for size, history in enumerate(before, 1):
                stats = contexts.get(history)
                if stats is None:
                    break
                total, followers = stats
                count = counts.get(history + SEPARATOR + token, 0)
                probability = (max(count - DISCOUNT, 0) + DISCOUNT * followers * probability) / total
                if count:
                    depth = size + 1
            memo[key] = known = (math.log(probability), depth)
            log_probs.append(known[0])
            matched.append(depth)
        return log_probs, matched


def context_strings(tokens: Sequence[str], order: int) -> list[tuple[str, ...]]:
    """Per token, its 1 .. order-1 preceding tokens as gram strings, shortest first."""
    padded = [START] * (order - 1) + list(tokens)
    return [
        tuple(SEPARATOR.join(padded[position - size : position]) for size in range(1, order))
        for position in range(order - 1, len(padded))
    ]


def train_lm(documents: Iterable[Sequence[str]], order: int, min_count: int) -> NgramLM:
    """Count an interpolated Kneser-Ney model on documents given as token sequences."""
    top: Counter = Counter()
    for tokens in documents:
        padded = [START] * (order - 1) + list(tokens)
        top.update(SEPARATOR.join(padded[i : i + order]) for i in range(len(padded) - order + 1))
    levels = {order: top}
    # Below the top order a gram's count is how many distinct grams extend it on the left.
    for size in range(order - 1, 0, -1):
        continuation: Counter = Counter()
        for gram in levels[size + 1]:
            continuation[gram.split(SEPARATOR, 1)[1]] += 1
        levels[size] = continuation
    contexts = _context_stats(levels)
    counts = {gram: count for size, level in levels.items() for gram, count in level.items()
              if size == 1 or count >= min_count}
    kept_contexts = {h: s for h, s in contexts.items() if h == "" or s[0] >= min_count}
    return NgramLM(order, counts, kept_contexts, vocabulary=len(levels[1]))


def _context_stats(levels: dict[int, Counter]) -> dict[str, tuple[int, int]]:
    """(total count, distinct followers) of every context, from the unpruned counts."""
    totals: dict[str, int] = defaultdict(int)
    followers: dict[str, int] = defaultdict(int)
    for size, level in levels.items():
        for gram, count in level.items():
            history = "" if size == 1 else gram.rsplit(SEPARATOR, 1)[0]
            totals[history] += count
            followers[history] += 1
    return {history: (totals[history], followers[history]) for history in totals}


def to_json(model: NgramLM) -> dict:
    return {"order": model.order, "vocabulary": model.vocabulary, "counts": model.counts,
            "contexts": {h: list(s) for h, s in model.contexts.items()}}


def from_json(data: dict) -> NgramLM:
    return NgramLM(int(data["order"]), data["counts"],
                   {h: (int(s[0]), int(s[1])) for h, s in data["contexts"].items()}, int(data["vocabulary"]))
