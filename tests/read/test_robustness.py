"""No text makes the reading stage crash, and every span it returns points inside the text."""

from __future__ import annotations

import time
from itertools import pairwise

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from copydesk.model import Article, Report
from copydesk.read.nlp import chunk_offsets, parse
from copydesk.read.stage import find_mentions

NEWSY = st.text(alphabet=st.sampled_from(list("Sen. Rep. (D-Minn.) “”\"' ,andSens Biden Khanna 2021 last Thursday\n")),
                max_size=300)


def assert_well_formed(text: str, spans: dict, entities) -> None:
    for group in spans.values():
        for span in group:
            assert 0 <= span.start <= span.end <= len(text)
    ids = {e.id for e in entities}
    for span in spans["person"]:
        assert span.attrs["entity"] in ids
    for span in spans["title"] + spans["affiliation"]:
        start, end = span.attrs["person_span"]
        assert 0 <= start < end <= len(text)


def test_empty_text(stage):
    spans, entities = stage.read("")
    assert entities == () and all(group == [] for group in spans.values())


def test_stage_fills_the_report(stage):
    article = Article.from_paragraphs(["Sen. Amy Klobuchar (D-Minn.) spoke.", "Klobuchar left."])
    report = Report(article=article, source={})
    stage(report)
    assert [report.article.quote(s) for s in article.spans["person"]] == ["Amy Klobuchar", "Klobuchar"]
    assert len(report.article.entities) == 1 and report.article.entities[0].status == "resolved"
    assert set(article.spans) >= {g.split(":")[1] for g in stage.provides if g.startswith("spans:")}


def test_without_kb_people_stay_unresolved_with_a_reason(bare_stage):
    _spans, entities = bare_stage.read("Sen. Amy Klobuchar spoke.")
    [klobuchar] = entities
    assert klobuchar.status == "unresolved" and "knowledge base" in klobuchar.reason


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=400))
def test_any_unicode_text(stage, text):
    spans, entities = stage.read(text)
    assert_well_formed(text, spans, entities)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(NEWSY)
def test_text_made_of_the_words_the_rules_look_for(stage, text):
    spans, entities = stage.read(text)
    assert_well_formed(text, spans, entities)


def test_binary_looking_text(stage):
    text = bytes(range(256)).decode("latin-1") * 40 + "\x00\ufffd\U0001F600" * 100
    spans, entities = stage.read(text)
    assert_well_formed(text, spans, entities)


@given(st.text(max_size=2000), st.integers(min_value=1, max_value=300))
def test_chunks_cover_the_text_exactly(text, limit):
    chunks = chunk_offsets(text, limit)
    assert "".join(text[s:e] for s, e in chunks) == text
    assert all(0 < e - s <= limit for s, e in chunks)


def test_rule_layers_are_linear_on_adversarial_text(stage):
    """Each rule layer on 100k characters of repeated trigger words finishes quickly."""
    for unit in ("Sen. ", "Sens. A, B, C and ", "(D-Minn.) ", "“", "Aa Bb ", "The three senators from "):
        text = unit * (100_000 // len(unit))
        started = time.perf_counter()
        find_mentions(text, [], lambda run: False, lambda word: False)
        assert time.perf_counter() - started < 20


@pytest.mark.slow
def test_five_megabyte_text(stage):
    """Longer than spaCy's max_length: read in chunks, offsets still right."""
    paragraph = ("Rep. Ro Khanna (D-Calif.) spoke. “We will act,” Khanna told The Hill last Thursday. "
                 + "x" * 2000 + " ")
    text = (paragraph + "\n\n") * (5_000_000 // (len(paragraph) + 2))
    spans, entities = stage.read(text)
    assert_well_formed(text, spans, entities)
    khanna = [s for s in spans["person"] if text[s.start:s.end] == "Ro Khanna"]
    assert len(khanna) == text.count("Ro Khanna")


def test_a_sentence_cut_at_a_chunk_end_is_merged_again(stage):
    """A chunk inside a long paragraph may end mid-sentence; the pieces join like any false break."""
    text = "It was signed by Reps. Peter Welch (D-Vt.), David McKinley (R-W.Va.), and Paul Tonko. " * 3
    whole = parse(stage._nlp, text)
    # Chunks end at "(D-Vt.),", "(R-W.Va.)," and so on: each sentence is cut twice.
    cut = parse(stage._nlp, text, chunk_chars=text.index("David") + 1)
    assert [text[s:e] for s, e in cut.sentences] == [text[: text.index("Tonko.") + len("Tonko.")]] * 3
    assert cut.sentences == whole.sentences


@pytest.mark.parametrize("limit", [40, 300])
def test_small_chunks_give_ordered_sentences_inside_the_text(stage, seed_text, limit):
    sentences = parse(stage._nlp, seed_text, chunk_chars=limit).sentences
    assert sentences == sorted(sentences)
    assert all(0 <= s < e <= len(seed_text) for s, e in sentences)
    assert all(end <= start for (_, end), (start, _) in pairwise(sentences))


def test_long_paragraphs_are_cut_after_a_sentence_not_after_a_title():
    text = "Sen. Kamala Harris said it. " * 2000
    for start, end in chunk_offsets(text, 20_000)[:-1]:
        assert text[:end].endswith("said it. ")
