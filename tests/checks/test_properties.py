"""Property tests for the small parsers inside the checks: time values and the sentence fallback."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from copydesk.checks.claims import time_period
from copydesk.checks.passages import near_repeat, sentences, words
from copydesk.model import Article

VALUES = st.one_of(
    st.dates().map(dt.date.isoformat),
    st.dates().map(lambda d: d.isoformat()[:7]),
    st.dates().map(lambda d: d.isoformat()[:4]),
    st.text(max_size=12),
    st.none(),
)


@given(VALUES, st.sampled_from(["day", "month", "year", "vague", None]))
def test_time_period_is_an_ordered_range_or_none(value, resolution):
    period = time_period({"value": value, "resolution": resolution})
    if period is not None:
        assert period[0] <= period[1]


PARAGRAPH = st.text(alphabet=st.characters(blacklist_characters="\n"), min_size=1, max_size=200)


@given(st.lists(PARAGRAPH, min_size=1, max_size=5))
def test_fallback_sentences_tile_each_paragraph_in_order(paragraphs):
    article = Article.from_paragraphs(paragraphs)
    found = sentences(article)
    for previous, current in zip(found, found[1:]):
        assert previous.end <= current.start
    for paragraph in article.paragraphs:
        inside = [s for s in found if paragraph.start <= s.start and s.end <= paragraph.end]
        assert inside and inside[0].start == paragraph.start and inside[-1].end == paragraph.end


@given(st.lists(st.sampled_from(["the", "letter", "biden", "russia", "war", "senate", "vote"]), min_size=8, max_size=30))
def test_a_sentence_is_always_a_near_repeat_of_itself(tokens):
    assert near_repeat(tokens, list(tokens))
    assert words(" ".join(tokens)) == tokens
