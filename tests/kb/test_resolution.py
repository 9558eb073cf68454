"""Name resolution on the shipped KB: titles, dates and misspellings narrow or flag."""

from __future__ import annotations

import datetime as dt
import multiprocessing

import pytest

from copydesk.kb import KnowledgeBase, is_ambiguous, load_kb
from copydesk.kb.store import DEFAULT_KB, KBFile

MID_2019 = dt.date(2019, 6, 1)


@pytest.fixture(scope="module")
def kb():
    return load_kb()


@pytest.mark.parametrize("query, canonical", [
    ("Corey Booker", "Cory Booker"),
    ("Krysten Sinema", "Kyrsten Sinema"),
    ("Orin Hatch", "Orrin Hatch"),
])
def test_misspelling_is_a_flagged_variant(kb, query, canonical):
    best = kb.candidates(query)[0]
    assert best.match == "fuzzy"
    assert best.variant_of == canonical
    assert best.distance == 1
    assert "edit distance 1" in best.reason


def test_correct_spelling_is_exact(kb):
    best = kb.candidates("Ilhan Omar")[0]
    assert (best.match, best.variant_of, best.score) == ("exact", None, 1.0)


@pytest.mark.parametrize("title, expected", [("senator", "Kamala"), ("representative", "Andy")])
def test_title_and_date_pick_the_harris(kb, title, expected):
    found = kb.candidates("Harris", title=title, date=MID_2019)
    assert found[0].person.first == expected
    assert found[0].match == "surname_title"
    assert not is_ambiguous(found)


def test_title_word_in_the_name_is_used(kb):
    assert kb.candidates("Sen. Harris", date=MID_2019)[0].person.first == "Kamala"


def test_bare_surname_is_ambiguous(kb):
    found = kb.candidates("Harris", date=MID_2019)
    assert is_ambiguous(found)
    assert {"Kamala", "Andy"} <= {c.person.first for c in found[:2]}


def test_state_narrows(kb):
    found = kb.candidates("Harris", date=MID_2019, state="MD")
    assert found[0].person.first == "Andy" and not is_ambiguous(found)


def test_party_narrows(kb):
    found = kb.candidates("Harris", date=MID_2019, party="D")
    assert found[0].person.first == "Kamala" and not is_ambiguous(found)


def test_first_name_narrows(kb):
    found = kb.candidates("Kamala Harris")
    assert [c.person.first for c in found] == ["Kamala"] and found[0].match == "alias"


def test_accents_are_folded(kb):
    best = kb.candidates("Ben Ray Lujan")[0]
    assert best.person.last == "Luján" and best.match in ("exact", "alias")


def test_unknown_name_gives_nothing(kb):
    assert kb.candidates("Xqzzyv Plonk") == []
    assert kb.candidates("") == []


def test_title_mismatch_lowers_but_keeps_the_person(kb):
    found = kb.candidates("Nancy Pelosi", title="senator", date=MID_2019)
    assert found[0].person.last == "Pelosi" and found[0].score < 0.5


def _best_name(query: str) -> str:
    return load_kb().candidates(query)[0].person.name


def test_kb_opened_before_a_fork_works_in_the_child(kb):
    kb.candidates("Nancy Pelosi")  # the parent has used its connection
    with multiprocessing.get_context("fork").Pool(1) as pool:
        assert pool.map(_best_name, ["Ilhan Omar"]) == ["Ilhan Omar"]


@pytest.mark.parametrize("query, kwargs", [("Smith", {}), ("Smith", {"title": "senator"}),
                                           ("Johnson", {"date": MID_2019, "party": "R"}),
                                           ("Moore", {"title": "representative",
                                                      "date": MID_2019, "state": "AL"})])
def test_candidates_are_sorted_and_limited(kb, query, kwargs):
    found = kb.candidates(query, limit=7, **kwargs)
    scores = [c.score for c in found]
    assert len(found) == 7 and scores == sorted(scores, reverse=True)
    assert all(0 < s <= 1 for s in scores)
    # The same query twice gives the same answer (memoised rankings included).
    assert kb.candidates(query, limit=7, **kwargs) == found


@pytest.mark.slow
def test_preloaded_kb_answers_the_same(kb):
    preloaded = KnowledgeBase(KBFile.open(DEFAULT_KB))
    preloaded.preload()
    for query in ("Harris", "Corey Booker", "Sen. Harris", "Nancy Pelosi", "Xqzzyv Plonk"):
        assert preloaded.candidates(query, date=MID_2019) == kb.candidates(query, date=MID_2019)
