"""AFFILIATION_MISMATCH: party/state/district tags against the record."""

from __future__ import annotations

import datetime as dt

from checks_fixtures import ArticleBuilder, codes, run, us_kb

from copydesk.checks import AffiliationCheck


def tagged(tag: str, date: dt.date | None = dt.date(2021, 6, 1), **attrs) -> ArticleBuilder:
    b = ArticleBuilder(f"Ilhan Omar {tag} and Joe Biden spoke.", published=date)
    omar = b.person("Ilhan Omar", "E1", "omar")
    b.tag(tag, omar, **attrs)
    return b


def test_consistent_tag_is_verified_with_the_record():
    report = run(tagged("(D-Minn.)", party="Democrat", state="MN").report(), AffiliationCheck(us_kb()))
    assert codes(report) == []
    [verification] = report.verifications
    assert verification.message.startswith("Ilhan Omar (D-Minn.): consistent — U.S. Representative, MN-5, Democrat, 2019-01-03")
    assert verification.evidence[0].source == "kb:legislators-current.yaml"


def test_swapped_party_letter_is_an_error_at_a_known_date(kb):
    report = run(tagged("(R-Minn.)", party="Republican", state="MN").report(), AffiliationCheck(kb))
    [finding] = report.findings
    assert (finding.code, finding.severity) == ("AFFILIATION_MISMATCH", "error")
    assert "party Republican in the tag, Democrat in the record" in finding.message


def test_wrong_state_and_district(kb):
    report = run(tagged("(D-Mich.)", party="Democrat", state="MI").report(), AffiliationCheck(kb))
    assert "state MI in the tag, MN in the record" in report.findings[0].message
    report = run(tagged("(D-Minn., 4th)", party="Democrat", state="MN", district="4").report(), AffiliationCheck(kb))
    assert "district 4 in the tag, 5 in the record" in report.findings[0].message


def test_tag_outside_any_term_is_only_a_warning(kb):
    report = run(tagged("(R-Minn.)", date=dt.date(2010, 1, 1), party="Republican", state="MN").report(),
                 AffiliationCheck(kb))
    assert [(f.code, f.severity) for f in report.findings] == [("AFFILIATION_MISMATCH", "warning")]


def test_unresolved_person_is_not_judged(kb):
    b = ArticleBuilder("John Smith (R-Minn.) spoke.", published=dt.date(2021, 6, 1))
    smith = b.person("John Smith", "E1", None)
    b.tag("(R-Minn.)", smith, party="Republican", state="MN")
    report = run(b.report(), AffiliationCheck(kb))
    assert codes(report) == [] and report.verifications == []


def test_state_on_a_title_is_checked_too(kb):
    b = ArticleBuilder("Sen. Elizabeth Warren of New York spoke.", published=dt.date(2021, 6, 1))
    warren = b.person("Elizabeth Warren", "E1", "warren")
    b.title("Sen.", warren, "senator", state="NY")
    report = run(b.report(), AffiliationCheck(kb))
    assert codes(report) == ["AFFILIATION_MISMATCH"]


def test_state_from_an_of_phrase_is_one_claim_judged_once():
    """The reader puts "of Ohio" on the title and on a tag; the check reports it once, at the tag."""
    from copydesk.api import check_text

    text = ("Sen. Marco Rubio of Ohio said the bill would pass. The vote was held on Thursday in the "
            "Senate, and many members of both parties voted against it.")
    report = check_text(text, date="2021-06-01")
    [finding] = [f for f in report.findings if f.code == "AFFILIATION_MISMATCH"]
    assert [report.article.text[s.start:s.end] for s in finding.spans] == ["Ohio"]
    assert "state OH in the tag, FL in the record" in finding.message
