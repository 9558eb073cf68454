"""ClaimReview JSON-LD: one review per error/warning finding, with the fields schema.org needs."""

from __future__ import annotations

import datetime as dt
import json

from hypothesis import given
from hypothesis import strategies as st
from test_html_sample import ARTICLE_URL, sample_report

from copydesk.model import Finding, Span
from copydesk.report.claimreview import MAX_CLAIM_CHARS, render_claimreview, shorten


def reviews(report=None, **options) -> list[dict]:
    return json.loads(render_claimreview(report or sample_report(), **options))


def test_one_review_per_error_and_warning_in_report_order():
    report = sample_report()
    found = reviews(report)
    expected = [f for f in report.findings if f.severity in {"error", "warning"}]
    assert len(found) == len(expected) == 6
    assert [r["keywords"] for r in found[:3]] == ["TITLE_CONFLICT", "DUPLICATE_IN_LIST", "ROLE_OUT_OF_TERM"]
    assert "UNVERIFIED_ROLE" not in {r["keywords"] for r in found}


def test_review_has_every_schema_org_field():
    review = reviews(author="Example Fact Desk", review_url="https://desk.example/r/1",
                     date_published=dt.date(2024, 5, 1))[0]
    assert review["@context"] == "https://schema.org" and review["@type"] == "ClaimReview"
    assert review["url"] == "https://desk.example/r/1#F1"
    assert review["author"] == {"@type": "Organization", "name": "Example Fact Desk"}
    assert review["datePublished"] == "2024-05-01"
    assert review["claimReviewed"] == "Vice President Biden … President Biden"
    rating = review["reviewRating"]
    assert rating["@type"] == "Rating" and rating["worstRating"] <= rating["ratingValue"] <= rating["bestRating"]
    assert rating["alternateName"].startswith("Incorrect: One person is given titles")
    item = review["itemReviewed"]
    assert item["@type"] == "Claim"
    assert item["author"] == {"@type": "Organization", "name": "Example News"}
    assert item["appearance"]["url"] == ARTICLE_URL
    assert item["appearance"]["headline"].startswith("Amid Intense Backlash")


def test_warning_rates_better_than_error():
    ratings = {r["keywords"]: r["reviewRating"]["ratingValue"] for r in reviews()}
    assert ratings["NAME_VARIANT"] > ratings["TITLE_CONFLICT"]


def test_published_date_and_byline_go_to_the_claim():
    report = sample_report()
    report.article.published = dt.date(2022, 10, 25)
    report.article.byline = "A. Reporter"
    item = reviews(report)[0]["itemReviewed"]
    assert item["datePublished"] == "2022-10-25" == item["appearance"]["datePublished"]
    assert item["author"] == {"@type": "Person", "name": "A. Reporter"}


def test_long_claims_are_cut_at_a_word_to_75_characters():
    for review in reviews():
        assert 0 < len(review["claimReviewed"]) <= MAX_CLAIM_CHARS
    participant = next(r for r in reviews() if r["keywords"] == "PARTICIPANT_CONFLICT")
    assert participant["claimReviewed"].endswith("…")


@given(st.text(min_size=1, max_size=300), st.integers(10, 120))
def test_shorten_never_exceeds_the_limit(text, limit):
    cut = shorten(text, limit)
    assert len(cut) <= limit
    assert cut == text or cut.endswith("…")


def test_article_markup_cannot_close_a_script_element():
    report = sample_report()
    report.article.title = "</script><script>alert(1)</script>"
    report.findings.append(Finding("PLACEHOLDER_TEXT", "warning", "<b>&</b>", (Span(0, 5),)))
    text = render_claimreview(report)
    assert "<" not in text and ">" not in text and "&" not in text
    assert json.loads(text)[0]["itemReviewed"]["appearance"]["headline"] == report.article.title


def test_report_without_errors_or_warnings_gives_an_empty_list():
    report = sample_report()
    report.findings = [f for f in report.findings if f.severity == "info"]
    assert reviews(report) == []


def test_the_seed_end_to_end_reviews_its_title_conflict():
    from pathlib import Path

    import copydesk

    report = copydesk.check_path(Path(__file__).parents[1] / "fixtures" / "seed-article.html")
    found = reviews(report)
    conflict = next(r for r in found if r["keywords"] == "TITLE_CONFLICT")
    assert "Vice President Biden" in conflict["claimReviewed"]
    assert conflict["reviewRating"]["alternateName"].startswith("Incorrect")
    assert conflict["itemReviewed"]["appearance"]["headline"].startswith("Amid Intense Backlash")
