"""Shared fixtures for the provenance tests: a few dev texts of each label from the repo copy."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

DEV = Path(__file__).resolve().parents[2] / "data" / "mgt" / "dev.jsonl"


@pytest.fixture(scope="session")
def dev_rows() -> list[dict]:
    return [json.loads(line) for line in DEV.read_text(encoding="utf-8").splitlines() if line.strip()]
