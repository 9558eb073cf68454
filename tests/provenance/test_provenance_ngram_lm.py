"""The Kneser-Ney n-gram language models and the language-model features built on them."""

from __future__ import annotations

import math

import pytest

from copydesk.provenance.features import (
    LM_FEATURES,
    SKIP_WORDS,
    LanguageModels,
    judged_text,
)
from copydesk.provenance.ngram_lm import from_json, to_json, train_lm
from copydesk.provenance.text import tokens

HUMAN = ["the mayor said on tuesday that the old bridge would stay shut for repairs .",
         "residents told us the bridge had been closed twice this year already ."] * 5
MACHINE = ["the city council said the new budget would improve schools and roads .",
           "the council said the new budget would be approved next week ."] * 5


def _model(texts, min_count=1):
    return train_lm((tokens(text) for text in texts), 3, min_count)


def test_probabilities_of_a_context_sum_to_one():
    model = _model(MACHINE)
    vocabulary = [gram for gram in model.counts if "\x1f" not in gram]
    total = sum(math.exp(model.log_probs(["the", "new", word])[0][2]) for word in vocabulary)
    unseen_mass = math.exp(model.log_probs(["the", "new", "zebra"])[0][2])
    # Every seen word plus the one slot the uniform floor reserves for unseen words.
    assert total + unseen_mass == pytest.approx(1.0, abs=1e-6)


def test_seen_continuations_are_likelier_and_matched_deeper():
    model = _model(MACHINE)
    seen, depth_seen = model.log_probs(tokens("the new budget would"))
    odd, depth_odd = model.log_probs(tokens("the new bridge would"))
    assert seen[2] > odd[2]
    assert depth_seen == [3, 2, 3, 3]  # "the" opens a document, as it does in the training texts
    assert depth_odd == [3, 2, 0, 1]  # "bridge" is unknown to this model, and so is any context with it


def test_pruning_drops_rare_grams_but_keeps_every_unigram():
    full, pruned = _model(MACHINE + ["a rare phrase ."]), _model(MACHINE + ["a rare phrase ."], min_count=2)
    assert len(pruned.counts) < len(full.counts)
    assert "rare" in pruned.counts and "a\x1frare\x1fphrase" not in pruned.counts


def test_json_round_trip_keeps_every_probability():
    model = _model(HUMAN)
    again = from_json(to_json(model))
    text = tokens("the bridge would stay shut for the budget")
    assert again.log_probs(text) == model.log_probs(text)


def test_language_model_features_lean_towards_the_model_that_knows_the_text():
    models = LanguageModels(human=_model(HUMAN), machine=_model(MACHINE), chat=_model(MACHINE[:1]))
    zipf = {"the": 7.7, "said": 6.0, "budget": 4.7, "bridge": 4.6}
    machine_like = models.features("the council said the new budget would be approved .", zipf)
    human_like = models.features("residents said the old bridge had been closed .", zipf)
    assert set(machine_like) == set(LM_FEATURES)
    assert machine_like["lm_llr"] > 0 > human_like["lm_llr"]
    assert machine_like["lm_surprisal"] < human_like["lm_surprisal"]
    assert machine_like["lm_trigram_match"] > human_like["lm_trigram_match"]
    assert models.features("", zipf) == dict.fromkeys(LM_FEATURES, 0.0)


def test_judged_text_leaves_out_the_opening():
    text = " ".join(f"w{i}" for i in range(SKIP_WORDS + 5))
    assert judged_text(text).split() == [f"w{i}" for i in range(SKIP_WORDS, SKIP_WORDS + 5)]
    assert judged_text("too short") == ""


def test_remembered_answers_equal_fresh_ones():
    documents = [["the", "cat", "sat", "on", "the", "mat"], ["the", "dog", "sat", "on", "a", "log"]]
    model = train_lm(documents, order=3, min_count=1)
    sentence = ["the", "cat", "sat", "on", "a", "log"]
    model.log_probs(sentence)
    assert model.memo
    assert model.log_probs(sentence) == train_lm(documents, order=3, min_count=1).log_probs(sentence)
