"""The training command end to end on a small slice of the repo data, and its input checks."""

from __future__ import annotations

import gzip
import json
from collections import Counter
from pathlib import Path

import pytest

pytest.importorskip("sklearn", reason="training needs the `train` extra (scikit-learn)")

from copydesk.errors import InputError
from copydesk.provenance.detector import Detector
from copydesk.provenance.training import (
    CHAT_GENERATORS,
    MAX_GRAMS,
    MIN_GRAM_COUNT,
    load_jsonl,
    ngram_table,
    train,
)

DATA = Path(__file__).resolve().parents[2] / "data" / "mgt"


def _slice(source: Path, target: Path, per_label: int) -> Path:
    """The first `per_label` texts of >= 80 words of each kind: human, older model, chat model."""
    kept, counts = [], {"human": 0, "machine": 0, "chat": 0}
    for line in source.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        kind = "chat" if row["generator"] in CHAT_GENERATORS else row["label"]
        if counts[kind] < per_label and len(row["text"].split()) >= 80:
            counts[kind] += 1
            kept.append(line)
    target.write_text("\n".join(kept) + "\n", encoding="utf-8")
    return target


def test_training_writes_a_loadable_calibrated_model(tmp_path, seed_text):
    train_file = _slice(DATA / "train.jsonl", tmp_path / "train.jsonl", 100)
    dev_file = _slice(DATA / "dev.jsonl", tmp_path / "dev.jsonl", 60)
    calibration = train(train_file, dev_file, tmp_path / "model", log=lambda _: None, grid=((0.1, 40, 3),))
    detector = Detector.load(tmp_path / "model")
    assert calibration["human_n"] == 60 and 0 < calibration["threshold"] < 1
    assert calibration["fpr"] <= 0.02
    result = detector.score(seed_text)
    assert 0 <= result.score <= 1 and result.signals and result.sentences


def test_bad_training_rows_are_named(tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"text": "fine", "label": "human"}\n{"text": "x", "label": "robot"}\n')
    with pytest.raises(InputError, match="line 2"):
        load_jsonl(bad)


def test_missing_model_folder_is_an_input_error(tmp_path):
    with pytest.raises(InputError, match="cannot read the provenance model"):
        Detector.load(tmp_path)


def test_model_of_another_version_is_an_input_error(tmp_path):
    for name in ("model.json.gz", "tables.json.gz"):
        with gzip.open(tmp_path / name, "wt", encoding="utf-8") as handle:
            handle.write("{}")
    for name in ("reference-human.txt", "reference-machine.txt"):
        (tmp_path / name).write_text("sample", encoding="utf-8")
    with pytest.raises(InputError, match="cannot read the provenance model"):
        Detector.load(tmp_path)


def test_table_cut_does_not_depend_on_insertion_order(monkeypatch):
    """Grams tied at the MAX_GRAMS cut are kept by name, so training is the same in every process."""
    monkeypatch.setitem(MAX_GRAMS, "word1", 2)
    monkeypatch.setitem(MIN_GRAM_COUNT, "word1", 1)
    forward = ngram_table({"human": Counter(["c", "b", "a"]), "machine": Counter(["d", "d"])}, "word1")
    backward = ngram_table({"human": Counter(["a", "b", "c"]), "machine": Counter(["d", "d"])}, "word1")
    assert set(forward.ratios) == set(backward.ratios) == {"d", "a"}
    assert forward.ratios["d"] > 0 > forward.ratios["a"]
