"""The shipped detector: refusals, calibrated output, signals, sentence spans, quality floor."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from copydesk.errors import InputError
from copydesk.provenance import DETECTOR_NAME, load_detector, score
from copydesk.provenance.detector import describe
from copydesk.provenance.features import SKIP_WORDS

FRENCH = ("Le gouvernement a annoncé mardi une nouvelle réforme des retraites, qui sera présentée au "
          "Parlement dans les prochaines semaines. Les syndicats ont dénoncé un projet injuste. ") * 6


def test_short_text_is_refused_with_reason():
    result = score("The mayor said the bridge would reopen next week.")
    assert result.score is None and result.label is None
    assert "too short" in result.reason and "80" in result.reason
    assert result.detector == DETECTOR_NAME and result.calibration


def test_non_english_text_is_refused():
    result = score(FRENCH)
    assert result.score is None and "not English" in result.reason


def test_non_text_is_an_input_error():
    with pytest.raises(InputError):
        score(b"bytes are not text")  # type: ignore[arg-type]


def test_seed_article_gets_a_calibrated_score_with_basis(seed_text):
    result = score(seed_text)
    assert 0.0 <= result.score <= 1.0
    assert result.label in {"likely_machine", "likely_human", "uncertain"}
    assert (result.label == "likely_machine") == (result.score >= result.threshold)
    assert 0 < result.fpr <= 0.02 and "dev split" in result.calibration
    assert len(result.signals) == 5
    assert all(s.description and s.description != s.name for s in result.signals)
    effects = [abs(s.effect) for s in result.signals]
    assert effects == sorted(effects, reverse=True)


def test_sentence_spans_point_into_the_text(seed_text):
    result = score(seed_text)
    assert result.sentences
    scores = [span.attrs["score"] for span in result.sentences]
    assert scores == sorted(scores, reverse=True)
    for span in result.sentences:
        quoted = seed_text[span.start : span.end]
        assert quoted == quoted.strip() and len(quoted.split()) >= 5


def test_layout_does_not_change_the_score(seed_text):
    """Paragraph breaks and tokenised punctuation were corpus artefacts; they must not count."""
    flat = " ".join(seed_text.split())
    assert score(flat).score == pytest.approx(score(seed_text).score, abs=1e-3)


def test_separates_machine_from_human_on_dev_sample(dev_rows):
    """A floor, not the benchmark: 40 news texts of each label, AUROC well above chance."""
    detector = load_detector()
    chosen = {"human": [], "machine": []}
    for row in dev_rows:
        if row["domain"] == "news" and len(row["text"].split()) >= 80 and len(chosen[row["label"]]) < 40:
            chosen[row["label"]].append(detector.logit(row["text"]))
    human, machine = np.array(chosen["human"]), np.array(chosen["machine"])
    pairwise = (machine[:, None] > human[None, :]).mean()
    assert pairwise > 0.7


def test_model_file_is_consistent():
    detector = load_detector()
    assert len(detector.names) == len(detector.reference)
    assert list(detector.names) == detector.feature_names()
    assert detector.forest.feature.max() < len(detector.names)
    assert 0.5 <= detector.calibration["threshold"] < 1.0


def test_every_feature_has_a_plain_description():
    assert all(describe(name) != name for name in load_detector().names)


def test_the_opening_words_do_not_count(seed_text):
    """The features skip the first SKIP_WORDS words (train machine texts open with human words)."""
    rest = seed_text.split()[SKIP_WORDS:]
    one, other = (" ".join([word] * SKIP_WORDS + rest) for word in ("the", "zebra"))
    assert score(one).score == score(other).score
    assert score(one).score != score(" ".join(["zebra"] * (SKIP_WORDS + 1) + rest)).score


def test_signal_effects_explain_the_log_odds(seed_text):
    """Each effect is the log-odds change when that feature is set to its typical value."""
    detector = load_detector()
    vector = detector.feature_vector(seed_text)
    top = score(seed_text).signals[0]
    index = detector.names.index(top.name)
    typical = vector.copy()
    typical[index] = detector.reference[index]
    gap = detector.forest.raw(vector)[0] - detector.forest.raw(typical)[0]
    assert gap == pytest.approx(top.effect, abs=1e-3)


WORDS = ["the", "of", "and", "senator", "said", "letter", "war", "U.S.", "it's", "—", "“quote”", "\n\n",
         "peace", "Ukraine", "1,200", "café", "!", "?", "which", "was", "é", "a"]


@settings(max_examples=30, deadline=None)
@given(st.lists(st.sampled_from(WORDS), min_size=0, max_size=160), st.text(max_size=40))
def test_any_text_gets_a_bounded_score_or_a_reason(chosen, noise):
    text = " ".join(chosen) + noise
    result = score(text)
    if result.score is None:
        assert result.reason and result.label is None
    else:
        assert 0.0 <= result.score <= 1.0 and not result.reason
        for span in result.sentences:
            assert 0 <= span.start < span.end <= len(text)
