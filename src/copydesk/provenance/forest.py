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
        return self._log_odds(self._walk(rows, np.arange(len(rows))[:, None], nodes))

    def raw_near(self, row: np.ndarray, variants: np.ndarray) -> np.ndarray:
        """`raw` of `row` followed by `raw` of each of `variants` (copies of `row` with a few
        values changed): the same figures, computed far faster.

        Why it can be faster: a tree only answers differently for a variant if one of its
        changed values is tested on `row`'s path through that tree, and a path tests at most
        `depth` features; so only those (variant, tree) pairs are walked again, every other
        pair keeps `row`'s leaf.
        """
        rows = np.vstack((row, variants))
        trees = np.arange(len(self.roots))
        nodes, on_path = self.roots.copy(), np.zeros((len(row), len(trees)), dtype=np.float32)
        for _ in range(self.depth):
            inner = ~self.leaf[nodes]
            on_path[self.feature[nodes[inner]], trees[inner]] = 1
            nodes = self._walk(rows, 0, nodes, levels=1)
        leaves = np.repeat(nodes[None, :], len(rows), axis=0)
        # A float product (BLAS) counts the changed features on each path; NaN counts as changed.
        changed = (rows[1:] != row).astype(np.float32)
        variant, tree = np.nonzero(changed @ on_path)
        leaves[variant + 1, tree] = self._walk(rows, variant + 1, self.roots[tree])
        return self._log_odds(leaves)

    def _walk(self, rows: np.ndarray, row_index, nodes: np.ndarray, levels: int | None = None) -> np.ndarray:
        """The nodes reached from `nodes` after `levels` steps (default: down to the leaves),
        reading each node's feature from `rows[row_index]`."""
        children = self._children
        # Indexing the flattened rows: one 1-D gather, far cheaper than a 2-D fancy index.
        flat, offset = rows.ravel(), np.asarray(row_index) * rows.shape[1]
        for _ in range(self.depth if levels is None else levels):
            go_right = ~(flat[offset + self.feature[nodes]] <= self.threshold[nodes])  # NaN goes right
            nodes = children[2 * nodes + go_right]
        return nodes

    def _log_odds(self, leaves: np.ndarray) -> np.ndarray:
        return self.baseline + self.value[leaves].sum(axis=1)

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
