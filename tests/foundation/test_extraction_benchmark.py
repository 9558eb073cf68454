"""The extraction benchmark's scoring, and a quality floor: never below plain trafilatura."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

BENCHMARK = Path(__file__).parents[2] / "benchmarks" / "extraction.py"


@pytest.fixture(scope="module")
def bench():
    spec = importlib.util.spec_from_file_location("extraction_benchmark", BENCHMARK)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_shingle_scores(bench):
    text = "one two three four five six"
    assert bench.scores(text, text) == {"precision": 1.0, "recall": 1.0, "f1": 1.0}
    assert bench.scores("a b c d", text) == {"precision": 0.0, "recall": 0.0, "f1": 0.0}
    # half the expected shingles found, nothing extra: precision 1, recall 0.5
    assert bench.scores("One, two; three four five", "one two three four five six seven") == \
        {"precision": 1.0, "recall": 0.5, "f1": 0.6667}
    assert bench.scores("", text)["f1"] == 0.0


def test_copydesk_never_scores_below_trafilatura_on_the_fixtures(bench):
    results = bench.run()
    assert len(results["pages"]) >= 8
    for row in results["pages"]:
        assert row["copydesk"]["f1"] >= row["trafilatura"]["f1"], row
        assert row["copydesk"]["f1"] >= 0.95, row
    assert all(row["copydesk"] == 0 for row in results["no_article_pages"])
