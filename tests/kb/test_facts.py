"""Facts the shipped KB must hold; dates come from the congress-legislators data."""

from __future__ import annotations

import datetime as dt

import pytest

from copydesk.kb import Interval, TitleClaim, load_kb

D = dt.date


@pytest.fixture(scope="module")
def kb():
    return load_kb()


def person_id(kb, name: str) -> str:
    """The id of the single exact/alias match for a full name."""
    found = [c for c in kb.candidates(name) if c.match in ("exact", "alias")]
    assert len(found) == 1, f"{name}: {found}"
    return found[0].person.id


def test_biden_vice_president_then_president(kb):
    biden = person_id(kb, "Joe Biden")
    assert kb.intervals(biden, "vice_president") == [Interval(D(2009, 1, 20), D(2017, 1, 20))]
    assert kb.intervals(biden, "president") == [Interval(D(2021, 1, 20), D(2025, 1, 20))]


def test_harris_senate_ends_at_effective_departure_not_scheduled_end(kb):
    harris = person_id(kb, "Kamala Harris")
    assert kb.intervals(harris, "senator", state="CA") == [Interval(D(2017, 1, 3), D(2021, 1, 18))]
    assert kb.intervals(harris, "vice_president") == [Interval(D(2021, 1, 20), D(2025, 1, 20))]
    assert [p.office for p in kb.positions(harris, D(2022, 6, 1))] == ["vice_president"]


def test_pelosi_speaker_both_spells(kb):
    pelosi = person_id(kb, "Nancy Pelosi")
    speaker = kb.intervals(pelosi, "speaker")
    assert Interval(D(2019, 1, 3), D(2023, 1, 3)) in speaker
    assert any(i.contains(D(2008, 6, 1)) for i in speaker)  # from the documented supplement
    holders = kb.holders("speaker", D(2020, 5, 1))
    assert [p.person_id for p in holders] == [pelosi]


def test_omar_democrat_mn5(kb):
    omar = person_id(kb, "Ilhan Omar")
    spells = kb.positions(omar, D(2019, 6, 1))
    assert [(p.office, p.state, p.district, p.party) for p in spells] == [
        ("representative", "MN", "5", "Democrat")]


def test_booker_senator_for_new_jersey(kb):
    booker = person_id(kb, "Cory Booker")
    assert {p.state for p in kb.positions(booker) if p.office == "senator"} == {"NJ"}


def test_trump_two_non_consecutive_terms(kb):
    trump = person_id(kb, "Donald Trump")
    spells = kb.intervals(trump, "president")
    assert spells[0] == Interval(D(2017, 1, 20), D(2021, 1, 20))
    assert spells[1].start == D(2025, 1, 20)


def test_inauguration_day_has_both_presidents(kb):
    names = {kb.person(p.person_id).last for p in kb.holders("president", D(2021, 1, 20))}
    assert names == {"Trump", "Biden"}


def test_window_intersects_claims(kb):
    harris, biden = person_id(kb, "Kamala Harris"), person_id(kb, "Joe Biden")
    claims = [TitleClaim(harris, "vice_president"), TitleClaim(biden, "president")]
    assert kb.window(claims) == [Interval(D(2021, 1, 20), D(2025, 1, 20))]
    assert kb.window([TitleClaim(harris, "senator"), TitleClaim(biden, "president")]) == []


def test_senate_has_two_seats_and_states_have_house_seats(kb):
    assert kb.seats("senator") == 2
    assert kb.seats("president") == 1
    assert kb.seats("representative", state="CA", date=D(2019, 6, 1)) == 53
    assert kb.seats("representative", state="WY", date=D(2019, 6, 1)) == 1


def test_holders_of_senate_seats_per_state(kb):
    assert len(kb.holders("senator", D(2019, 6, 1), state="NJ")) == 2


def test_holders_lists_each_person_once_on_a_new_congress_day(kb):
    senators = kb.holders("senator", D(2019, 1, 3), state="WA")
    assert len(senators) == 2 and len({p.person_id for p in senators}) == 2
    starts = {kb.person(p.person_id).last: p.start for p in senators}
    assert starts == {"Cantwell": D(2019, 1, 3), "Murray": D(2017, 1, 3)}  # Cantwell's new term


def test_house_seats_unknown_before_full_coverage(kb):
    assert kb.seats("representative", state="CA", date=D(2005, 6, 1)) is None


def test_consecutive_terms_merge_across_swearing_in_gaps(kb):
    booker = person_id(kb, "Cory Booker")
    # Terms end 2015-01-03 and the next starts 2015-01-06: one continuous period.
    assert kb.intervals(booker, "senator") == [Interval(D(2013, 10, 31), D(2027, 1, 3))]


def test_party_switch_splits_the_term(kb):
    sinema = person_id(kb, "Kyrsten Sinema")
    parties = [(p.party, p.start) for p in kb.positions(sinema) if p.office == "senator"]
    assert parties == [("Democrat", D(2019, 1, 3)), ("Independent", D(2022, 12, 9))]


def test_window_respects_state(kb):
    harris = person_id(kb, "Kamala Harris")
    assert kb.window([TitleClaim(harris, "senator", "CA")]) == [Interval(D(2017, 1, 3), D(2021, 1, 18))]
    assert kb.window([TitleClaim(harris, "senator", "NY")]) == []


def test_former_member_without_dates_has_an_undated_role_not_a_position(kb):
    biden = person_id(kb, "Joe Biden")
    assert not [p for p in kb.positions(biden) if p.office == "senator"]
    roles = kb.undated_roles(biden)
    assert [(r.office, r.state) for r in roles] == [("senator", "DE")]
    assert any("no term dates" in note for note in kb.person(biden).notes)
