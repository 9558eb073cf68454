"""Title claims against the record: window inference, TITLE_CONFLICT, ROLE_OUT_OF_TERM,
SEAT_CONFLICT and UNVERIFIED_ROLE on hand-built articles."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from checks_fixtures import ArticleBuilder, codes, run, us_kb

from copydesk.checks import (
    DateWindowInference,
    RoleOutOfTermCheck,
    SeatConflictCheck,
    TitleConflictCheck,
    UnverifiedRoleCheck,
    default_check_stages,
)
from copydesk.checks.claims import present_claims


def title_stages(kb):
    return [DateWindowInference(kb), TitleConflictCheck(kb), RoleOutOfTermCheck(kb), SeatConflictCheck(kb)]


def biden_letter(vice_modifier=None, harris_modifier=None) -> ArticleBuilder:
    """President Biden as addressee, Speaker Pelosi, Sens. Warren, Booker and Harris, VP Biden in a quote."""
    b = ArticleBuilder(
        "The letter was sent to President Biden by members of Congress.",
        "It was signed by House Speaker Nancy Pelosi and Sens. Elizabeth Warren, Cory Booker and Kamala Harris.",
        "“It was meant to urge Vice President Biden to talk,” Pelosi said.",
    )
    biden = b.person("Biden", "E1", "biden")
    b.title("President", biden, "president")
    pelosi = b.person("Nancy Pelosi", "E2", "pelosi")
    b.title("House Speaker", pelosi, "speaker")
    senators = [b.person(n, f"E{i}", k) for i, (n, k) in
                enumerate([("Elizabeth Warren", "warren"), ("Cory Booker", "booker"),
                           ("Kamala Harris", "harris")], start=3)]
    for senator in senators:
        b.title("Sens.", senator, "senator", distributed=True, list=0)
    b.title("Sens.", senators[2], "senator", distributed=True, list=0, modifier=harris_modifier)
    b.article.spans["title"].pop(-2)  # Harris's title carries the modifier under test
    b.enumeration(senators, "Elizabeth Warren", title="senator", event="sign", object="letter")
    vice_biden = b.person("Biden", "E1", "biden", nth=1)
    b.title("Vice President", vice_biden, "vice_president", modifier=vice_modifier)
    return b


def test_inferred_window_prefers_direct_titles_over_distributed_ones(kb):
    report = run(biden_letter().report(), *title_stages(kb))
    window = report.date_window
    assert window.basis == "inferred"
    assert (window.start, window.end) == (dt.date(2021, 1, 20), dt.date(2023, 1, 3))
    assert (window.support, window.total) == (4, 6)
    # The Senate-era window satisfies as many claims and is reported, not hidden.
    assert (dt.date(2019, 1, 3), dt.date(2021, 1, 18)) in window.alternatives
    assert "Vice President Biden" in window.note and "Kamala Harris" in window.note


def test_vice_president_biden_conflicts_and_senator_harris_is_out_of_term(kb):
    report = run(biden_letter().report(), *title_stages(kb))
    by_code = {f.code: f for f in report.findings}
    conflict = by_code["TITLE_CONFLICT"]
    assert report.article.quote(conflict.spans[0]) == "Vice President Biden"
    assert any(e.source == "kb:executive.yaml" and e.start == dt.date(2009, 1, 20) for e in conflict.evidence)
    out = by_code["ROLE_OUT_OF_TERM"]
    assert [report.article.quote(s) for s in out.spans] == ["Sens.", "Kamala Harris"]
    assert "2017-01-03 … 2021-01-18" in out.message
    # One wrong title, one finding: the conflict is not reported again as out of term.
    assert codes(report).count("ROLE_OUT_OF_TERM") == 1


def test_correct_titles_are_verified_not_flagged(kb):
    report = run(biden_letter().report(), *title_stages(kb))
    flagged = {report.article.quote(s) for f in report.findings for s in f.spans}
    assert not flagged & {"Elizabeth Warren", "Cory Booker", "House Speaker Nancy Pelosi", "President Biden"}
    verified = " ".join(v.message for v in report.verifications)
    assert "President Biden: consistent" in verified and "House Speaker Nancy Pelosi: consistent" in verified


def test_former_and_then_titles_are_not_present_claims(kb):
    report = run(biden_letter(vice_modifier="then", harris_modifier="former").report(), *title_stages(kb))
    assert codes(report) == []
    assert report.date_window.total == 4


def test_then_vice_president_in_a_dated_2022_article_is_fine(kb):
    report = run(biden_letter(vice_modifier="then").report(date=dt.date(2022, 3, 1)), *title_stages(kb))
    assert report.date_window.basis == "given"
    assert codes(report) == ["ROLE_OUT_OF_TERM"]  # only Sen. Harris


def test_known_date_checks_every_claim_at_that_date(kb):
    report = run(biden_letter().report(date=dt.date(2020, 6, 1)), *title_stages(kb))
    flagged = sorted((f.code, report.article.quote(f.spans[0])) for f in report.findings)
    assert ("ROLE_OUT_OF_TERM", "President Biden") in flagged
    assert ("TITLE_CONFLICT", "President Biden") in flagged or ("TITLE_CONFLICT", "Vice President Biden") in flagged
    assert not any("Harris" in report.article.quote(s) for f in report.findings for s in f.spans)


def test_office_never_held_by_a_fully_recorded_person(kb):
    b = ArticleBuilder("Sen. Nancy Pelosi spoke.", published=dt.date(2020, 5, 1))
    pelosi = b.person("Nancy Pelosi", "E1", "pelosi")
    b.title("Sen.", pelosi, "senator")
    report = run(b.report(), *title_stages(kb))
    assert codes(report) == ["ROLE_OUT_OF_TERM"]
    assert "never held" in report.findings[0].message


def test_undated_record_is_never_judged_from_absence(kb):
    b = ArticleBuilder("Rep. Dick Durbin spoke.", published=dt.date(1990, 5, 1))
    durbin = b.person("Dick Durbin", "E1", "durbin")
    b.title("Rep.", durbin, "representative")
    report = run(b.report(), *title_stages(kb))
    assert codes(report) == []


def test_non_us_title_is_not_a_us_office_claim(kb):
    b = ArticleBuilder("Russian President Joe Biden spoke.", published=dt.date(2012, 5, 1))
    biden = b.person("Joe Biden", "E1", "biden")
    b.title("Russian President", biden, "president", country="RU")
    assert codes(run(b.report(), *title_stages(kb))) == []


def test_title_in_a_sentence_dated_to_the_term_speaks_of_that_time(kb):
    b = ArticleBuilder("President Obama signed the law in 2010. President Trump repealed part of it.",
                       published=dt.date(2018, 5, 1))
    obama = b.person("Obama", "E1", "obama")
    b.title("President", obama, "president")
    trump = b.person("Trump", "E2", "trump")
    b.title("President", trump, "president", nth=1)
    b.add("sentence", "President Obama signed the law in 2010.")
    b.add("time", "2010", kind="absolute", value="2010", resolution="year")
    assert codes(run(b.report(), *title_stages(kb))) == []


def test_two_presidents_at_once_is_a_seat_conflict(kb):
    b = ArticleBuilder("President Biden met President Trump.", published=dt.date(2018, 5, 1))
    biden = b.person("Biden", "E1", "biden")
    b.title("President", biden, "president")
    trump = b.person("Trump", "E2", "trump")
    b.title("President", trump, "president", nth=1)
    report = run(b.report(), *title_stages(kb))
    seat = next(f for f in report.findings if f.code == "SEAT_CONFLICT")
    assert report.article.quote(seat.spans[0]) == "President Biden"
    assert "1 seat" in seat.message


def test_past_office_kept_as_a_courtesy_title_is_not_out_of_term(kb):
    b = ArticleBuilder("President Obama praised President Trump.", published=dt.date(2018, 5, 1))
    b.title("President", b.person("Obama", "E1", "obama"), "president")
    b.title("President", b.person("Trump", "E2", "trump"), "president", nth=1)
    report = run(b.report(), *title_stages(kb))
    assert codes(report) == []
    assert any("President Obama: courtesy title" in v.message for v in report.verifications)


def test_fuzzy_one_word_match_makes_no_claim(kb):
    b = ArticleBuilder("Representatives. Last week the bill passed.", published=dt.date(2012, 5, 1))
    b.title("Representatives.", b.person("Last", "E1", "pelosi", variant_of="Mast", distance=1), "senator")
    assert codes(run(b.report(), *title_stages(kb))) == []


def test_three_senators_from_one_state_is_a_seat_conflict_but_two_is_not(kb):
    b = ArticleBuilder("Sen. Cory Booker and Sen. Bob Menendez of New Jersey spoke.", published=dt.date(2020, 5, 1))
    booker = b.person("Cory Booker", "E1", "booker")
    b.title("Sen.", booker, "senator")
    menendez = b.person("Bob Menendez", "E2", "menendez")
    b.title("Sen.", menendez, "senator", nth=1, state="NJ")
    assert "SEAT_CONFLICT" not in codes(run(b.report(), *title_stages(kb)))

    b = ArticleBuilder("Sens. Cory Booker, Bob Menendez and Elizabeth Warren of New Jersey spoke.",
                       published=dt.date(2020, 5, 1))
    people = [b.person(n, f"E{i}", k) for i, (n, k) in enumerate(
        [("Cory Booker", "booker"), ("Bob Menendez", "menendez"), ("Elizabeth Warren", "warren")])]
    for person in people:
        b.title("Sens.", person, "senator", distributed=True, state="NJ")
    report = run(b.report(), *title_stages(kb))
    assert codes(report).count("SEAT_CONFLICT") == 1


def test_kb_checks_are_skipped_with_a_note_without_a_kb():
    report = biden_letter().report()
    run(report, *default_check_stages(None))
    assert not {"TITLE_CONFLICT", "ROLE_OUT_OF_TERM"} & set(codes(report))
    assert any("no knowledge base" in note for note in report.notes)
    assert report.date_window.basis == "unknown"


def test_role_of_a_person_outside_the_kb_is_info_only():
    b = ArticleBuilder("“It matters,” said Michael Cohen, a former top adviser to President Bill Clinton.")
    cohen = b.person("Michael Cohen", "E1", None)
    b.title("a former top adviser to President Bill Clinton", cohen, None, modifier="former")
    report = run(b.report(), UnverifiedRoleCheck())
    assert [(f.code, f.severity) for f in report.findings] == [("UNVERIFIED_ROLE", "info")]

    resolved = ArticleBuilder("Sen. Elizabeth Warren spoke.")
    resolved.title("Sen.", resolved.person("Elizabeth Warren", "E1", "warren"), "senator")
    assert codes(run(resolved.report(), UnverifiedRoleCheck())) == []


def test_title_the_record_cannot_judge_is_info_not_silence(kb):
    b = ArticleBuilder("Gov. Nancy Pelosi and Rep. Richard Durbin met Sen. Elizabeth Warren.")
    b.title("Gov.", b.person("Nancy Pelosi", "E1", "pelosi"), "governor")
    b.title("Rep.", b.person("Richard Durbin", "E2", "durbin"), "representative")
    b.title("Sen.", b.person("Elizabeth Warren", "E3", "warren"), "senator")
    report = run(b.report(), UnverifiedRoleCheck(kb))
    messages = [f.message for f in report.findings]
    # No governor in the record; Durbin's House terms are undated; Warren's Senate terms judge her.
    assert [f.severity for f in report.findings] == ["info", "info"]
    assert "“Gov.”" in messages[0] and "no dated record of this person as Governor" in messages[0]
    assert "“Rep.”" in messages[1] and "Richard Durbin" in messages[1]


def test_title_nested_in_a_former_role_is_not_a_claim(kb):
    b = ArticleBuilder("Michael Cohen, a former top adviser to President Bill Clinton, spoke.",
                       published=dt.date(2022, 5, 1))
    cohen = b.person("Michael Cohen", "E1", None)
    b.title("a former top adviser to President Bill Clinton", cohen, None, modifier="former")
    obama = b.person("Bill Clinton", "E2", "obama")  # any president out of term at the date
    b.title("President", obama, "president")
    assert codes(run(b.report(), *title_stages(kb))) == []


def test_window_stays_unknown_without_datable_claims(kb):
    b = ArticleBuilder("Michael Cohen, a top adviser, spoke.")
    b.title("a top adviser", b.person("Michael Cohen", "E1", None), None)
    report = run(b.report(), DateWindowInference(kb))
    assert report.date_window.basis == "unknown" and "no title claim" in report.date_window.note


def test_choose_window_reports_every_equally_supported_stretch():
    from copydesk.checks.claims import Mention, TitleClaim
    from copydesk.checks.window import choose_window
    from copydesk.model import Span

    def claim(person, start, end, distributed):
        mention = Mention(Span(0, 1), None, distributed)
        return TitleClaim(person, "senator", "E", [mention], [(dt.date.fromisoformat(start), dt.date.fromisoformat(end))])

    choice = choose_window([claim("a", "2001-01-01", "2002-12-31", True), claim("b", "2005-01-01", "2006-12-31", False)])
    assert (choice.start, choice.end) == (dt.date(2005, 1, 1), dt.date(2006, 12, 31))
    assert choice.alternatives == ((dt.date(2001, 1, 1), dt.date(2002, 12, 31)),)
    assert choose_window([]) is None


def test_only_president_is_kept_as_a_courtesy_title(kb):
    b = ArticleBuilder("Sen. Kamala Harris met President Trump.", published=dt.date(2026, 5, 1))
    b.title("Sen.", b.person("Kamala Harris", "E1", "harris"), "senator")
    b.title("President", b.person("Trump", "E2", "trump"), "president")
    assert codes(run(b.report(), *title_stages(kb))) == ["ROLE_OUT_OF_TERM"]


def test_a_transition_day_alone_is_not_a_window(kb):
    b = ArticleBuilder("President Obama and President Trump spoke.")
    b.title("President", b.person("Obama", "E1", "obama"), "president")
    b.title("President", b.person("Trump", "E2", "trump"), "president", nth=1)
    report = run(b.report(), DateWindowInference(kb))
    assert report.date_window.start != report.date_window.end


def test_title_claims_are_read_once_per_article_and_kb_and_again_after_a_change(kb):
    article = biden_letter().report().article
    claims = present_claims(article, kb)
    assert len(claims) == 6
    assert present_claims(article, kb) is claims  # the four stages share one reading
    assert present_claims(article, us_kb()) is not claims  # another record, another reading
    article.spans["title"] = [replace(t, attrs={**t.attrs, "modifier": "former"}) for t in article.spans["title"]]
    assert present_claims(article, kb) == []
