"""The finding-code catalogue is public surface: any change must show up in review."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from copydesk.checks import default_check_stages
from copydesk.checks.codes import CATALOGUE, code

GOLDEN = Path(__file__).parents[1] / "golden" / "finding_codes.json"


def test_catalogue_matches_the_golden_file():
    current = {
        c.code: {"severity": c.default_severity, "description": c.description, "needs_kb": c.needs_kb}
        for c in CATALOGUE.values()
    }
    assert current == json.loads(GOLDEN.read_text()), "update tests/golden/finding_codes.json and README"


def test_every_check_emits_only_catalogued_codes():
    emitted = {name for stage in default_check_stages() for name in getattr(stage, "codes", ())}
    assert emitted <= set(CATALOGUE)
    issue_codes = {"TITLE_CONFLICT", "ROLE_OUT_OF_TERM", "AFFILIATION_MISMATCH", "SEAT_CONFLICT",
                   "DUPLICATE_IN_LIST", "NAME_VARIANT", "COUNT_MISMATCH", "PARTICIPANT_CONFLICT",
                   "REPEATED_PASSAGE", "QUOTE_CONFLICT", "UNVERIFIED_ROLE"}
    assert issue_codes <= emitted


def test_unknown_code_fails_loudly():
    with pytest.raises(KeyError, match="E010"):
        code("TITEL_CONFLICT")
