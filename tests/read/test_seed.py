"""The seed article: every expectation issue 4 lists for the reading stage."""

from __future__ import annotations

from pathlib import Path

import pytest

SEED = Path(__file__).parents[1] / "fixtures" / "seed-article.txt"
SIGNERS = ["Elizabeth Warren", "Bernie Sanders", "Cory Booker", "Kamala Harris", "Kirsten Gillibrand",
           "Amy Klobuchar", "Corey Booker"]


@pytest.fixture(scope="module")
def seed(read):
    return read(SEED.read_text(encoding="utf-8"))


def test_every_person_is_found(seed):
    people = {seed.quote(s) for s in seed.spans["person"]}
    expected = {"Ro Khanna", "Khanna", "Ilhan Omar", "Rashida Tlaib", "Nancy Pelosi", "Biden",
                "Colin Kahl", "Michael Cohen", "Christiane Amanpour", "Vladimir Putin", "Bill Clinton",
                *SIGNERS}
    assert expected <= people


def test_no_title_is_left_inside_a_person_span(seed):
    for span in seed.spans["person"]:
        assert not seed.quote(span).startswith(("Sen", "President", "Rep", "House", "Vice"))


def test_corey_booker_is_a_variant_of_the_cory_booker_entity(seed):
    [corey] = seed.group("person", "Corey Booker")
    [cory] = seed.group("person", "Cory Booker")
    assert corey.attrs["entity"] == cory.attrs["entity"]
    assert corey.attrs["variant_of"] == "Cory Booker" and corey.attrs["distance"] == 1
    assert cory.attrs["variant_of"] is None
    booker = seed.entity(cory.attrs["entity"])
    assert booker.status == "resolved" and booker.ids.get("bioguide") == "B001288"


@pytest.mark.parametrize("name", ["Colin Kahl", "Michael Cohen", "Christiane Amanpour"])
def test_people_outside_the_kb_are_not_in_kb(seed, name):
    entity = seed.entity_named(name)
    assert entity.status == "not_in_kb" and entity.kb_id is None and entity.reason


def test_putin_is_a_person_with_a_russian_title(seed):
    entity = seed.entity_named("Vladimir Putin")
    assert entity.kind == "person" and entity.ids.get("bioguide") is None
    titles = seed.titles_of("Vladimir Putin")
    assert titles and all(t.attrs["country"] == "RU" for t in titles)
    assert seed.quote(titles[0]) == "Russian President"


def test_biden_titles_attach_to_one_biden_entity(seed):
    biden = {seed.entity_named("Biden").id}
    president = [t for t in seed.spans["title"] if seed.quote(t) == "President" and t.attrs["entity"] in biden]
    vice = [t for t in seed.spans["title"] if seed.quote(t) == "Vice President"]
    assert president and president[0].attrs["office"] == "president" and president[0].attrs["country"] == "US"
    assert len(vice) == 1 and vice[0].attrs["office"] == "vice_president" and vice[0].attrs["entity"] in biden
    assert seed.entity_named("Biden").ids.get("bioguide") == "B000444"
    assert all(seed.quote(m) == "Biden" for m in seed.entity_named("Biden").mentions)


def test_bill_clinton_title_and_cohen_role(seed):
    [clinton_title] = seed.titles_of("Bill Clinton")
    assert clinton_title.attrs["office"] == "president" and seed.quote(clinton_title) == "President"
    [role] = seed.titles_of("Michael Cohen")
    assert seed.quote(role) == "a former top adviser to President Bill Clinton"
    assert role.attrs["office"] is None and role.attrs["apposition"] and role.attrs["modifier"] == "former"


def test_signers_list_distributes_sens(seed):
    [signers] = [s for s in seed.spans["list"] if seed.quote(s).startswith("House Speaker Nancy Pelosi and Sens.")]
    assert seed.quote(signers).endswith("and Corey Booker")
    items = [seed.text[i["start"]:i["end"]] for i in signers.attrs["items"]]
    assert items == ["Nancy Pelosi", *SIGNERS]
    assert signers.attrs["title"] == "senator"
    assert signers.attrs["trigger"] == "signed by" and signers.attrs["event"] == "sign"
    assert signers.attrs["object"] == "letter"
    list_index = seed.spans["list"].index(signers)
    for name in SIGNERS:
        [title] = seed.titles_of(name)
        assert seed.quote(title) == "Sens." and title.attrs["office"] == "senator"
        assert title.attrs["distributed"] and title.attrs["list"] == list_index
    [pelosi] = seed.titles_of("Nancy Pelosi")
    assert seed.quote(pelosi) == "House Speaker" and pelosi.attrs["office"] == "speaker"
    assert not pelosi.attrs["distributed"]


def test_affiliation_tags_attach_to_omar_and_tlaib(seed):
    [omar] = seed.group("affiliation", "(D-Minn.)")
    [tlaib] = seed.group("affiliation", "(D-Mich.)")
    assert (omar.attrs["party"], omar.attrs["state"]) == ("Democrat", "MN")
    assert (tlaib.attrs["party"], tlaib.attrs["state"]) == ("Democrat", "MI")
    assert omar.attrs["entity"] == seed.entity_named("Ilhan Omar").id
    assert tlaib.attrs["entity"] == seed.entity_named("Rashida Tlaib").id


def test_count_of_three_representatives_links_to_the_senders(seed):
    [count] = [c for c in seed.spans["count"] if seed.quote(c).startswith("The three Democratic representatives")]
    assert seed.quote(count) == "The three Democratic representatives from California, Minnesota, and Michigan"
    assert count.attrs["value"] == 3 and count.attrs["office"] == "representative"
    assert count.attrs["party"] == "Democrat" and count.attrs["states"] == ["CA", "MN", "MI"]
    senders = seed.spans["list"][count.attrs["list"]]
    assert seed.quote(senders) == "Ro Khanna, Ilhan Omar, and Rashida Tlaib"
    assert senders.attrs["trigger"] == "sent … by" and senders.attrs["event"] == "send"


def test_quotes_have_their_speakers(seed):
    def quote_starting(prefix):
        [quote] = [q for q in seed.spans["quote"] if seed.quote(q).startswith(prefix)]
        return quote.attrs

    khanna = seed.entity_named("Ro Khanna").id
    told = quote_starting("We did not anticipate")
    assert told["speaker"] == khanna and told["speaker_kind"] == "person" and told["outlet"] == "Foreign Policy"
    assert quote_starting("It was intended only")["speaker"] == khanna
    cohen = seed.entity_named("Michael Cohen").id
    assert quote_starting("Senators have sent letters")["speaker"] == cohen
    for prefix in ("We believe that direct negotiations", "In order to bring peace"):
        letter = quote_starting(prefix)
        assert letter["speaker_kind"] == "document" and letter["speaker_text"].lower() == "the letter"
        assert letter["speaker"] is None


def test_khanna_mentions_are_one_entity(seed):
    khanna = seed.entity_named("Ro Khanna")
    written = [seed.quote(m) for m in khanna.mentions]
    assert written.count("Khanna") >= 4 and "Ro Khanna" in written
    assert khanna.status == "resolved" and khanna.ids.get("bioguide") == "K000389"


def test_relative_times_without_a_date_stay_unresolved(seed):
    times = {seed.quote(t): t.attrs for t in seed.spans["time"]}
    assert times["last Thursday"]["kind"] == "relative" and times["last Thursday"]["value"] is None
    assert "late last month" in times and "last summer" in times


def test_every_span_lies_inside_the_text(seed):
    for group in seed.spans.values():
        for span in group:
            assert 0 <= span.start < span.end <= len(seed.text)
