"""The numpy tree evaluator agrees with scikit-learn and survives a JSON round trip."""

from __future__ import annotations

import json

import numpy as np
import pytest

from copydesk.provenance.forest import Forest

sklearn_ensemble = pytest.importorskip("sklearn.ensemble", reason="scikit-learn (extra `train`) not installed")


@pytest.mark.parametrize("depth", [2, 5])
def test_forest_matches_sklearn_after_json_round_trip(depth):
    rng = np.random.default_rng(0)
    rows = rng.normal(size=(600, 5))
    labels = (rows[:, 0] + rows[:, 1] * rows[:, 2] + rng.normal(size=600)) > 0
    model = sklearn_ensemble.HistGradientBoostingClassifier(max_iter=40, max_depth=depth, random_state=0)
    model.fit(rows, labels)
    forest = Forest.from_json(json.loads(json.dumps(Forest.from_sklearn(model).to_json())))
    assert forest.depth <= depth
    np.testing.assert_allclose(forest.raw(rows), model.decision_function(rows), atol=1e-5)


def test_one_row_gives_one_log_odds():
    forest = Forest(feature=np.array([0, 0, 0]), threshold=np.array([0.5, 0, 0]), left=np.array([1, 0, 0]),
                    right=np.array([2, 0, 0]), value=np.array([0.0, -1.0, 2.0]),
                    leaf=np.array([False, True, True]), roots=np.array([0]), depth=1, baseline=0.25)
    assert forest.raw(np.array([0.1])).tolist() == [-0.75]
    assert forest.raw(np.array([[0.9], [0.5]])).tolist() == [2.25, -0.75]


def test_log_odds_near_a_row_equal_walking_every_row():
    rng = np.random.default_rng(1)
    rows = rng.normal(size=(400, 6))
    labels = (rows[:, 0] - rows[:, 3] * rows[:, 4] + rng.normal(size=400)) > 0
    model = sklearn_ensemble.HistGradientBoostingClassifier(max_iter=30, max_depth=4, random_state=0)
    forest = Forest.from_sklearn(model.fit(rows, labels))
    typical = np.median(rows, axis=0)
    for row in rows[:20]:
        occluded = np.repeat(row[None, :], len(row), axis=0)
        occluded[np.arange(len(row)), np.arange(len(row))] = typical
        halves = np.array([np.where(np.arange(len(row)) < 3, typical, row), np.where(np.arange(len(row)) < 3, row, np.nan)])
        for variants in (occluded, halves):
            assert forest.raw_near(row, variants).tolist() == forest.raw(np.vstack((row, variants))).tolist()
