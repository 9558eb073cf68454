"""The seed's JSON report against its golden file, and the report's published schema.

Regenerate the golden file after an intended change with:
    UPDATE_GOLDEN=1 pytest tests/foundation
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from copydesk import check_path, check_text
from copydesk.model import SCHEMA_ID
from copydesk.report.json_report import SCHEMA_PATH, load_schema

FIXTURES = Path(__file__).parents[1] / "fixtures"
GOLDEN = Path(__file__).parents[1] / "golden" / "seed-report.json"
VOLATILE = ("timings",)  # wall-clock figures, different on every run


def stable_part(data: dict) -> dict:
    return {key: value for key, value in data.items() if key not in VOLATILE}


def test_schema_file_is_a_valid_draft_2020_12_schema():
    schema = load_schema()
    Draft202012Validator.check_schema(schema)
    assert schema["properties"]["schema"]["const"] == SCHEMA_ID
    assert SCHEMA_PATH.name == "report.schema.json"


def test_seed_report_matches_the_golden_file(monkeypatch, valid_report):
    monkeypatch.chdir(FIXTURES)  # so the report names its source "seed-article.html" everywhere
    data = stable_part(valid_report(check_path("seed-article.html")))
    if os.environ.get("UPDATE_GOLDEN"):
        GOLDEN.parent.mkdir(parents=True, exist_ok=True)
        GOLDEN.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    golden = json.loads(GOLDEN.read_text(encoding="utf-8"))
    assert data == golden, "seed report changed; if intended, run UPDATE_GOLDEN=1 pytest tests/foundation"


def test_golden_file_itself_validates(valid_report):
    golden = json.loads(GOLDEN.read_text(encoding="utf-8"))
    valid_report({**golden, "timings": {}})
    assert golden["article"]["title"].startswith("Amid Intense Backlash")
    assert len(golden["article"]["paragraphs"]) == 14


def test_report_json_round_trips(seed_text, valid_report):
    report = check_text(seed_text)
    assert json.loads(report.to_json()) == report.to_dict()
    assert json.loads(report.to_json(indent=None)) == valid_report(report)


@pytest.mark.parametrize("broken", [
    lambda d: d.pop("article"),
    lambda d: d.update(schema="copydesk.report/2"),
    lambda d: d["article"].update(paragraphs=[{"start": "0", "end": 5}]),
    lambda d: d["date_window"].update(basis="guessed"),
    lambda d: d.update(extra_field=1),
])
def test_schema_rejects_broken_reports(seed_text, broken):
    data = check_text(seed_text).to_dict()
    broken(data)
    validator = Draft202012Validator(load_schema())
    assert not validator.is_valid(data)
