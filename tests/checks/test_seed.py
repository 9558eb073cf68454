"""The seed article through the real pipeline: the findings the issue asks for, and none against
the titles it gets right. Nothing here is specific to the seed's code path: the same stages run
on every article."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from copydesk.checks import default_check_stages
from copydesk.kb import load_kb
from copydesk.model import Document, Report
from copydesk.pipeline import DateWindowFromMetadata, Pipeline, analyse

pytestmark = pytest.mark.slow  # loads spaCy and the shipped KB

SEED = Path(__file__).parents[1] / "fixtures" / "seed-article.html"
PERSON_CODES = {"TITLE_CONFLICT", "ROLE_OUT_OF_TERM", "AFFILIATION_MISMATCH", "SEAT_CONFLICT", "NAME_VARIANT",
                "UNVERIFIED_ROLE"}


@pytest.fixture(scope="module")
def report() -> Report:
    from copydesk.read import ReadStage

    kb = load_kb()
    pipeline = Pipeline([DateWindowFromMetadata(), ReadStage(kb=kb), *default_check_stages(kb)])
    document = Document(id="seed", raw=SEED.read_text(encoding="utf-8"), content_type="html", source=str(SEED))
    return analyse(document, pipeline=pipeline)


def flagged(report: Report, *codes: str) -> list[str]:
    """The quoted spans of each finding with one of `codes`, joined per finding."""
    return [" | ".join(report.article.quote(s) for s in f.spans) for f in report.findings if f.code in codes]


def test_window_is_inferred_inside_the_biden_presidency_before_the_new_house(report):
    window = report.date_window
    assert window.basis == "inferred"
    assert window.start >= dt.date(2021, 1, 20) and window.end is not None and window.end <= dt.date(2023, 1, 3)
    assert window.support >= 5 and window.total > window.support
    assert "Vice President Biden" in window.note


def test_vice_president_biden_is_flagged(report):
    assert any("Vice President Biden" in text for text in flagged(report, "TITLE_CONFLICT", "ROLE_OUT_OF_TERM"))


def test_senator_harris_is_out_of_term(report):
    [finding] = [f for f in report.findings if f.code == "ROLE_OUT_OF_TERM"
                 and any("Kamala Harris" in report.article.quote(s) for s in f.spans)]
    assert finding.severity == "error"
    assert any(e.source.startswith("kb:") and e.end == dt.date(2021, 1, 18) for e in finding.evidence)


def test_booker_twice_in_the_signers_and_misspelled(report):
    assert any("Cory Booker" in t and "Corey Booker" in t for t in flagged(report, "DUPLICATE_IN_LIST"))
    assert any("Corey Booker" in t for t in flagged(report, "NAME_VARIANT"))


def test_repeated_sentence_and_conflicting_signers(report):
    assert any("elevate diplomacy with Russia" in t for t in flagged(report, "REPEATED_PASSAGE"))
    assert flagged(report, "PARTICIPANT_CONFLICT")


def test_omar_and_tlaib_tags_are_verified(report):
    verified = [v.message for v in report.verifications if v.kind == "affiliation"]
    assert any(m.startswith("Ilhan Omar (D-Minn.): consistent — U.S. Representative, MN-5, Democrat") for m in verified)
    assert any(m.startswith("Rashida Tlaib (D-Mich.): consistent — U.S. Representative, MI-13") for m in verified)


@pytest.mark.parametrize("name", ["Pelosi", "Warren", "Sanders", "Gillibrand", "Klobuchar", "Khanna", "Omar", "Tlaib"])
def test_no_finding_against_a_correct_title(report, name):
    assert not [t for t in flagged(report, *PERSON_CODES) if name in t]
    assert not [t for t in flagged(report, "DUPLICATE_IN_LIST") if name in t]
