"""Tokens, sentence offsets and normalisation used by the detector."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from copydesk.provenance.text import normalise, sentence_offsets, words


def test_normalise_removes_layout_and_tokenisation():
    assert normalise("He said , “ yes ” .\n\nIt do n't matter 's\tnow (ok ) .") == (
        'He said, " yes ". It don\'t matter\'s now (ok).'
    )


def test_sentences_split_on_end_marks_and_line_breaks():
    text = "First one here. Second? Third!\n\nFourth without a stop"
    assert [text[a:b] for a, b in sentence_offsets(text)] == [
        "First one here.", "Second?", "Third!", "Fourth without a stop"]


def test_words_are_lowercased_and_keep_apostrophes():
    assert words("Don’t STOP 3,000 times") == ["don't", "stop", "3,000", "times"]


@given(st.text(alphabet=st.sampled_from(list("ab .!?\n\t\"'”,")), max_size=200))
def test_sentence_offsets_are_ordered_stripped_ranges(text):
    previous_end = 0
    for start, end in sentence_offsets(text):
        assert previous_end <= start < end <= len(text)
        assert not text[start].isspace() and not text[end - 1].isspace()
        previous_end = end


@given(st.text(max_size=300))
def test_normalise_is_idempotent_and_single_spaced(text):
    once = normalise(text)
    assert normalise(once) == once
    assert "  " not in once and "\n" not in once


@given(st.lists(st.floats(-50, 50), min_size=1, max_size=60), st.sampled_from([0.1, 0.5, 0.9]))
def test_fast_percentile_matches_numpy(values, share):
    import numpy as np

    from copydesk.provenance.features import _percentile

    ordered = np.sort(values)
    assert _percentile(ordered, share) == pytest.approx(np.percentile(ordered, share * 100), abs=1e-9)
