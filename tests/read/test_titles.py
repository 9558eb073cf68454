"""Titles, modifiers, appositions and affiliation tags on short real-world phrasings."""

from __future__ import annotations

import datetime as dt

import pytest


@pytest.mark.parametrize("text, name, raw, office, modifier", [
    ("Former Sen. Kamala Harris spoke on Monday.", "Kamala Harris", "Former Sen.", "senator", "former"),
    ("He praised then-Vice President Joe Biden for the deal.", "Joe Biden", "then-Vice President", "vice_president", "then"),
    ("The event honoured ex-President Barack Obama yesterday.", "Barack Obama", "ex-President", "president", "ex"),
    ("Aides to President-elect Joe Biden met on Tuesday.", "Joe Biden", "President-elect", "president", "elect"),
    ("Rep.-elect Andy Harris ran on it.", "Andy Harris", "Rep.-elect", "representative", "elect"),
    ("The late Sen. John McCain was honoured.", "John McCain", "The late Sen.", "senator", "late"),
    ("Senate Majority Leader Mitch McConnell blocked the bill.", "Mitch McConnell", "Senate Majority Leader",
     "senate_majority_leader", None),
    ("Gov. Gavin Newsom signed it.", "Gavin Newsom", "Gov.", "governor", None),
    ("Congresswoman Marcy Kaptur voted no.", "Marcy Kaptur", "Congresswoman", "representative", None),
])
def test_title_before_a_name(read, text, name, raw, office, modifier):
    result = read(text)
    [title] = result.titles_of(name)
    assert result.quote(title) == raw
    assert title.attrs["office"] == office and title.attrs["modifier"] == modifier
    assert title.attrs["country"] == "US" and not title.attrs["distributed"]


def test_former_sen_harris_surname_only(read):
    result = read("Later, former Sen. Harris joined the call.")
    [title] = result.titles_of("Harris")
    assert title.attrs["office"] == "senator" and title.attrs["modifier"] == "former"


def test_served_as_vice_president_is_a_past_role(read):
    result = read("Joe Biden, who served as vice president under Barack Obama, spoke first.")
    [title] = result.titles_of("Joe Biden")
    assert result.quote(title) == "who served as vice president"
    assert title.attrs["office"] == "vice_president" and title.attrs["modifier"] == "past"


def test_apposition_with_office(read):
    result = read("Nancy Pelosi, the House Speaker, said the vote would go ahead.")
    [title] = result.titles_of("Nancy Pelosi")
    assert result.quote(title) == "the House Speaker"
    assert title.attrs["office"] == "speaker" and title.attrs["apposition"]


def test_foreign_titles_carry_their_country(read):
    result = read("French President Emmanuel Macron met German Chancellor Angela Merkel.")
    [macron] = result.titles_of("Emmanuel Macron")
    assert macron.attrs["country"] == "FR" and macron.attrs["office"] == "president"
    [merkel] = result.titles_of("Angela Merkel")
    assert merkel.attrs["country"] == "DE" and merkel.attrs["office"] == "head_of_government"


def test_title_state_from_of_phrase(read):
    result = read("Sen. Sherrod Brown of Ohio introduced the bill.")
    [title] = result.titles_of("Sherrod Brown")
    assert title.attrs["state"] == "OH"
    [tag] = result.tags_of("Sherrod Brown")
    assert tag.attrs["state"] == "OH" and tag.attrs["party"] is None


@pytest.mark.parametrize("text, name, raw, party, state, district", [
    ("Rep. Ted Cruz (R-Texas) objected.", "Ted Cruz", "(R-Texas)", "Republican", "TX", None),
    ("Rep. Ro Khanna (CA-17) objected.", "Ro Khanna", "(CA-17)", None, "CA", "17"),
    ("Rep. Albio Sires (D-NJ-08) objected.", "Albio Sires", "(D-NJ-08)", "Democrat", "NJ", "8"),
    ("Sen. Bernie Sanders (I-Vt.) objected.", "Bernie Sanders", "(I-Vt.)", "Independent", "VT", None),
    ("Sen. Elizabeth Warren, D-Mass., objected.", "Elizabeth Warren", "D-Mass.", "Democrat", "MA", None),
    ("Wyoming Republican Mike Enzi objected.", "Mike Enzi", "Wyoming Republican", "Republican", "WY", None),
    ("Republican Sen. John Cornyn objected.", "John Cornyn", "Republican", "Republican", None, None),
    ("Sherrod Brown, a Democrat from Ohio, objected.", "Sherrod Brown", "a Democrat from Ohio", "Democrat", "OH", None),
])
def test_affiliation_tags(read, text, name, raw, party, state, district):
    result = read(text)
    [tag] = result.tags_of(name)
    assert result.quote(tag) == raw
    assert (tag.attrs["party"], tag.attrs["state"], tag.attrs["district"]) == (party, state, district)
    assert tag.attrs["entity"] == result.entity_named(name).id


def test_anaphoric_tag_attaches_to_the_previous_person(read):
    result = read("Ilhan Omar spoke at length. Later the Minnesota Democrat left the room.")
    [tag] = result.tags_of("Ilhan Omar")
    assert result.quote(tag) == "the Minnesota Democrat" and tag.attrs["state"] == "MN"


def test_list_with_shared_title_and_counts(read):
    text = ("The bill was introduced by Sens. Amy Klobuchar, Tina Smith and John Thune. "
            "The two senators from Minnesota said it was overdue.")
    result = read(text)
    [people] = result.spans["list"]
    assert people.attrs["title"] == "senator" and people.attrs["event"] == "introduce"
    assert people.attrs["object"] == "bill"
    for name in ("Amy Klobuchar", "Tina Smith", "John Thune"):
        [title] = result.titles_of(name)
        assert title.attrs["distributed"] and title.attrs["office"] == "senator"
    [count] = result.spans["count"]
    assert count.attrs["value"] == 2 and count.attrs["states"] == ["MN"] and count.attrs["list"] == 0


def test_surname_joins_full_name_and_keeps_possessive_out(read):
    result = read("Ro Khanna said no. Later, Khanna's office said he had changed his mind. Khanna agreed.")
    khanna = result.entity_named("Ro Khanna")
    assert [result.quote(m) for m in khanna.mentions] == ["Ro Khanna", "Khanna", "Khanna"]


def test_same_surname_joins_the_nearest_full_name(read):
    result = read("Bill Clinton met Hillary Clinton. Hillary Clinton spoke first, then Clinton left.")
    hillary = result.entity_named("Hillary Clinton")
    assert len(hillary.mentions) == 3
    assert len(result.entity_named("Bill Clinton").mentions) == 1


def test_date_guides_resolution(read):
    result = read("President Bush spoke.", date=dt.date(2006, 5, 1))
    bush = result.entity_named("Bush")
    assert bush.status == "resolved" and "George" in (bush.canonical_name or "")


def test_country_carries_over_to_later_titles_of_the_same_person(read):
    result = read("Polish President Andrzej Duda arrived. Later, President Duda spoke.")
    countries = [(t.attrs["country"], t.attrs["country_source"]) for t in result.titles_of("Duda")]
    assert countries == [("PL", "entity")]


def test_country_of_a_foreign_leader_comes_from_the_kb(read):
    result = read("President Vladimir Putin spoke on Monday.")
    [title] = result.titles_of("Vladimir Putin")
    assert (title.attrs["country"], title.attrs["country_source"]) == ("RU", "kb")


def test_foreign_only_offices_are_not_assumed_american(read):
    result = read("Prime Minister Jane Doughty spoke. Chancellor John Smithers agreed.")
    [premier] = result.titles_of("Jane Doughty")
    assert premier.attrs["office"] == "head_of_government" and premier.attrs["country"] is None
    [chancellor] = result.titles_of("John Smithers")
    assert chancellor.attrs["office"] is None


def test_us_is_the_default_country(read):
    [title] = read("Sen. Amy Klobuchar spoke.").titles_of("Amy Klobuchar")
    assert (title.attrs["country"], title.attrs["country_source"]) == ("US", "default")
