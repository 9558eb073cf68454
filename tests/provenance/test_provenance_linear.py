"""The linear n-gram scorers: numpy-free inference must equal scikit-learn's TF-IDF + logistic regression."""

from __future__ import annotations

from functools import partial

import pytest

pytest.importorskip("sklearn", reason="training needs the `train` extra (scikit-learn)")

from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression

from copydesk.provenance.features import LinearNgramScorer, linear_grams
from copydesk.provenance.training import linear_scorer

HUMAN = ["The mayor said on Tuesday that the old bridge would stay shut for repairs.",
         "Residents told us the bridge had been closed twice this year already.",
         "A spokesman for the council declined to comment on the closure."] * 4
MACHINE = ["The city council said the new budget would improve schools and roads.",
           "The council said the new budget would be approved next week, officials said.",
           "In addition, the new budget will also improve the quality of public services."] * 4
ROWS = [{"judged": text, "label": "human"} for text in HUMAN] + [{"judged": text, "label": "machine"} for text in MACHINE]


def test_word_and_char_grams():
    assert linear_grams("word", "The cat, the hat") == ["the", "cat", ",", "the", "hat",
                                                        "the cat", "cat ,", ", the", "the hat"]
    assert linear_grams("char", "Ab  c") == ["ab ", "b c", "ab c"]


@pytest.mark.parametrize("kind", ["word", "char"])
def test_scores_equal_scikit_learn(kind):
    scorer = linear_scorer(ROWS, kind)
    vectoriser = TfidfVectorizer(analyzer=partial(linear_grams, kind), min_df=3, sublinear_tf=True)
    values = vectoriser.fit_transform([row["judged"] for row in ROWS])
    model = LogisticRegression(C=4.0 if kind == "word" else 2.0, class_weight="balanced", max_iter=3000)
    model.fit(values, [row["label"] == "machine" for row in ROWS])
    probes = ["The council said the bridge would be approved.", "Nothing here is known at all!", HUMAN[0]]
    expected = model.decision_function(vectoriser.transform(probes))
    # Weights are stored to 4 decimals, hence the tolerance.
    assert [scorer.score(text) for text in probes] == pytest.approx(list(expected), abs=2e-3)
    assert scorer.score(MACHINE[1]) > scorer.score(HUMAN[1])


def test_text_without_known_grams_scores_the_intercept():
    scorer = LinearNgramScorer("word", {"budget": (2.0, 1.5)}, intercept=-0.25)
    assert scorer.score("zebra zebra") == -0.25
    assert scorer.score("budget") == pytest.approx(1.5 - 0.25)
