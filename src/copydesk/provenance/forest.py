"""Gradient-boosted trees evaluated with numpy: the detector's combiner, exported from scikit-learn.

Stored as flat node arrays in JSON so inference needs neither scikit-learn nor pickle. All
trees are walked at once, one depth level per step, over a batch of rows.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np


@dataclass(frozen=True)
class Forest:
    """Trees as flat arrays; `roots[t]` is tree t's root node, child indices are global."""

    feature: np.ndarray
    threshold: np.ndarray
    left: np.ndarray
    right: np.ndarray
    value: np.ndarray
    leaf: np.ndarray
    roots: np.ndarray
    depth: int
    baseline: float

    @cached_property
    def _children(self) -> np.ndarray:
        """Node i's left child at 2i, right child at 2i+1; a leaf is its own child, so the
        walk needs no leaf test (one gather per level instead of four)."""
        own = np.arange(len(self.leaf))
        return np.stack([np.where(self.leaf, own, self.left), np.where(self.leaf, own, self.right)], axis=1).ravel()

    def raw(self, rows: np.ndarray) -> np.ndarray:
        """Log-odds for each row of `rows` (shape [n, features])."""
        rows = np.atleast_2d(rows)
        nodes = np.broadcast_to(self.roots, (len(rows), len(self.roots))).copy()
        row_index = np.arange(len(rows))[:, None]
        children = self._children
        for _ in range(self.depth):
            go_right = ~(rows[row_index, self.feature[nodes]] <= self.threshold[nodes])  # NaN goes right
            nodes = children[2 * nodes + go_right]
        return self.baseline + self.value[nodes].sum(axis=1)

    def to_json(self) -> dict:
        return {
            "feature": self.feature.tolist(),
            "threshold": [float(t) for t in self.threshold],
            "left": self.left.tolist(),
            "right": self.right.tolist(),
            "value": [round(float(v), 7) for v in self.value],
            "leaf": self.leaf.astype(int).tolist(),
            "roots": self.roots.tolist(),
            "depth": self.depth,
            "baseline": self.baseline,
        }

    @classmethod
    def from_json(cls, data: dict) -> Forest:
        return cls(
            feature=np.array(data["feature"], dtype=np.int64),
            threshold=np.array(data["threshold"], dtype=float),
            left=np.array(data["left"], dtype=np.int64),
            right=np.array(data["right"], dtype=np.int64),
            value=np.array(data["value"], dtype=float),
            leaf=np.array(data["leaf"], dtype=bool),
            roots=np.array(data["roots"], dtype=np.int64),
            depth=int(data["depth"]),
            baseline=float(data["baseline"]),
        )

    @classmethod
    def from_sklearn(cls, model) -> Forest:
        """Export a fitted binary `HistGradientBoostingClassifier` (numeric features only)."""
        parts, roots, offset, depth = [], [], 0, 0
        for (predictor,) in model._predictors:
            nodes = predictor.nodes
            roots.append(offset)
            parts.append((nodes, offset))
            depth = max(depth, int(nodes["depth"].max()))
            offset += len(nodes)
        columns = {name: [] for name in ("feature", "threshold", "left", "right", "value", "leaf")}
        for nodes, start in parts:
            leaf = nodes["is_leaf"].astype(bool)
            columns["feature"].append(np.where(leaf, 0, nodes["feature_idx"]))
            columns["threshold"].append(np.where(leaf, 0.0, nodes["num_threshold"]))
            columns["left"].append(np.where(leaf, 0, nodes["left"].astype(np.int64) + start))
            columns["right"].append(np.where(leaf, 0, nodes["right"].astype(np.int64) + start))
            columns["value"].append(np.where(leaf, nodes["value"], 0.0))
            columns["leaf"].append(leaf)
        return cls(
            **{name: np.concatenate(values) for name, values in columns.items()},
            roots=np.array(roots, dtype=np.int64),
            depth=depth,
            baseline=float(np.ravel(model._baseline_prediction)[0]),
        )
