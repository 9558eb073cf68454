"""Quote attribution patterns from press releases and news copy."""

from __future__ import annotations


def only_quote(result):
    [quote] = result.spans["quote"]
    return quote.attrs


def test_verb_first_with_title_words_before_the_name(read):
    result = read("“We need help,” said Hudson River Housing Executive Director Christa Hines.")
    attrs = only_quote(result)
    assert attrs["speaker"] == result.entity_named("Christa Hines").id and attrs["speaker_kind"] == "person"


def test_capitalised_said_after_the_quote(read):
    result = read("Congressman Glenn Grothman spoke. “For too long, politicians failed,” Said Grothman.")
    assert only_quote(result)["speaker"] == result.entity_named("Glenn Grothman").id


def test_role_anaphor_introduction(read):
    result = read("Rep. Jim Cooper spoke first. The Congressman continued: “I have been saying this for weeks.”")
    attrs = only_quote(result)
    assert attrs["speaker"] == result.entity_named("Jim Cooper").id and attrs["speaker_text"] == "The Congressman"


def test_document_speaker_through_it(read):
    result = read("The senators released a statement on Friday. “We are united,” it said.")
    attrs = only_quote(result)
    assert attrs["speaker_kind"] == "document" and attrs["speaker_text"] == "a statement"


def test_outlet_is_read_from_told(read):
    result = read("“It was a mistake,” Sen. Mitt Romney told CNN on Sunday.")
    attrs = only_quote(result)
    assert attrs["outlet"] == "CNN" and attrs["speaker"] == result.entity_named("Mitt Romney").id


def test_scare_quotes_have_no_speaker(read):
    attrs = only_quote(read("Critics called the plan a “sellout” of the region."))
    assert attrs["speaker"] is None and attrs["speaker_kind"] == "unknown"
