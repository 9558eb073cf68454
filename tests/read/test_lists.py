"""Enumerations and the counts that introduce them, where sentence splitting used to break them."""

from __future__ import annotations

import pytest

from copydesk.read.nlp import load_model, parse


@pytest.fixture(scope="module")
def nlp():
    return load_model()


@pytest.mark.parametrize("text, sentences", [
    # ")" and "," after "Vt." are punctuation, so the sentencizer ended a sentence there.
    ("Reps. Peter Welch (D-Vt.), David McKinley (R-W.Va.), and Paul Tonko (D-N.Y.) joined. It passed.",
     ["Reps. Peter Welch (D-Vt.), David McKinley (R-W.Va.), and Paul Tonko (D-N.Y.) joined.", "It passed."]),
    ("Reps. Tom Marino (R-Penn.) and Bill Keating (D-Mass.) spoke.",
     ["Reps. Tom Marino (R-Penn.) and Bill Keating (D-Mass.) spoke."]),
    ("WASHINGTON, D.C.—Rep. Anna G. Eshoo spoke.", ["WASHINGTON, D.C.—Rep. Anna G. Eshoo spoke."]),
    ("It was Pres. Biden who spoke. Then he left.", ["It was Pres. Biden who spoke.", "Then he left."]),
    # A comma at the end of a paragraph does not join it to the next one.
    ("Signed by these members,\n\nThe next paragraph.", ["Signed by these members,", "The next paragraph."]),
])
def test_sentences_are_not_cut_after_abbreviations(nlp, text, sentences):
    assert [text[s:e] for s, e in parse(nlp, text).sentences] == sentences


def test_count_links_to_a_list_after_its_long_noun_phrase(read):
    text = ("Three additional members of the Energy and Commerce Committee, Reps. Peter Welch (D-Vt.), "
            "David McKinley (R-W.Va.), and Paul Tonko (D-N.Y.), joined Eshoo in reintroducing the bill.")
    result = read(text)
    [people] = result.spans["list"]
    assert result.quote(people) == "Reps. Peter Welch (D-Vt.), David McKinley (R-W.Va.), and Paul Tonko (D-N.Y.)"
    [count] = result.spans["count"]
    assert count.attrs["value"] == 3 and count.attrs["list"] == 0


def test_items_tagged_with_of_state_form_a_list_and_keep_their_own_states(read):
    text = ("Three Democrats who are up for re-election in red states — Sens. Joe Donnelly of Indiana, "
            "Heidi Heitkamp of North Dakota and Joe Manchin of West Virginia — are seen as possible votes.")
    result = read(text)
    [people] = result.spans["list"]
    assert result.quote(people).endswith("and Joe Manchin of West Virginia")
    assert len(people.attrs["items"]) == 3
    [count] = result.spans["count"]
    assert count.attrs["list"] == 0
    for name, state in (("Joe Donnelly", "IN"), ("Heidi Heitkamp", "ND"), ("Joe Manchin", "WV")):
        [title] = result.titles_of(name)
        assert title.attrs["office"] == "senator" and title.attrs["state"] == state


def test_the_pipeline_reports_a_count_the_list_contradicts():
    from copydesk.api import check_text

    text = ("Four additional members of the Energy and Commerce Committee, Reps. Peter Welch (D-Vt.), "
            "David McKinley (R-W.Va.), and Paul Tonko (D-N.Y.), joined Eshoo in reintroducing the bill.")
    report = check_text(text, date="2015-03-04")
    [finding] = [f for f in report.findings if f.code == "COUNT_MISMATCH"]
    assert "says 4" in finding.message and "names 3" in finding.message
