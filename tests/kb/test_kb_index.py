"""The packed in-memory index: it holds exactly the KB's rows, and answers the same whether
people are unpacked on first sight (cold), already unpacked (warm) or all at once (preloaded)."""

from __future__ import annotations

import datetime as dt
import random

import pytest

from copydesk.kb import KnowledgeBase, Position
from copydesk.kb.model import KBData, Person, UndatedRole
from copydesk.kb.names import NameParts
from copydesk.kb.packed import PackedKB, PackError, Table, pack, pack_table
from copydesk.kb.registry import Registry
from copydesk.kb.store import DEFAULT_KB, KBFile, read_kb

D = dt.date
DATES = (None, D(2009, 3, 1), D(2019, 6, 1), D(2026, 6, 1))


@pytest.fixture(scope="module")
def shipped():
    return read_kb(DEFAULT_KB)


def test_packed_index_holds_every_row(shipped):
    packed = KBFile.open(DEFAULT_KB).packed()
    assert packed.ids == [p.id for p in shipped.persons]
    positions: dict[str, list[Position]] = {}
    for position in sorted(shipped.positions, key=lambda p: p.start):
        positions.setdefault(position.person_id, []).append(position)
    undated: dict[str, list[UndatedRole]] = {}
    for role in shipped.undated_roles:
        undated.setdefault(role.person_id, []).append(role)
    for number, person in enumerate(shipped.persons):
        assert packed.person(number) == person
        assert packed.positions(number) == positions.get(person.id, [])
        assert packed.undated(number) == undated.get(person.id, [])


def test_every_alias_is_found_under_its_key(shipped):
    packed = KBFile.open(DEFAULT_KB).packed()
    by_key: dict[str, list[tuple[str, str, str]]] = {}
    for alias in shipped.aliases:
        by_key.setdefault(alias.key, []).append((alias.person_id, alias.text, alias.kind))
    for key, forms in by_key.items():
        found = [(pid, packed.form_text(form), kind) for pid, kind, form in packed.forms(key)]
        assert sorted(found) == sorted(forms)
    assert packed.forms("no such name at all") == []


def sample_queries(data: KBData, count: int, seed: int) -> list[tuple[str, dict]]:
    """Names, surnames with titles, dates, states and parties, and misspellings."""
    rng = random.Random(seed)
    offices = {p.person_id: p.office for p in data.positions}
    queries: list[tuple[str, dict]] = []
    for person in rng.sample(data.persons, count):
        date = rng.choice(DATES)
        queries.append((person.name, {"date": date}))
        if person.last:
            queries.append((person.last, {"title": offices.get(person.id, "senator"),
                                          "date": date}))
            queries.append((person.last, {"date": date, "state": rng.choice(("CA", "NY", None)),
                                          "party": rng.choice(("D", "R", None))}))
            queries.append((f"{person.first} {person.last[:-1]}{person.last[-1] * 2}", {}))
    return queries


@pytest.mark.parametrize("seed", [1, 2])
def test_cold_warm_and_preloaded_give_the_same_answers(shipped, seed):
    queries = sample_queries(shipped, 400, seed)
    cold = KnowledgeBase(KBFile.open(DEFAULT_KB))
    first = [cold.candidates(name, **kwargs) for name, kwargs in queries]
    warm = [cold.candidates(name, **kwargs) for name, kwargs in queries]
    preloaded_kb = KnowledgeBase(KBFile.open(DEFAULT_KB))
    preloaded_kb.preload()
    preloaded = [preloaded_kb.candidates(name, **kwargs) for name, kwargs in queries]
    assert first == warm == preloaded
    assert sum(bool(found) for found in first) > 0.9 * len(queries)


def test_title_is_held_on_every_day_of_back_to_back_terms_only():
    registry = Registry()
    draft = registry.person({"bioguide": "X000001"}, NameParts(first="Ann", last="Example"))
    for start, end in ((D(2013, 1, 3), D(2015, 1, 3)), (D(2015, 1, 3), D(2017, 1, 3)),
                       (D(2019, 1, 3), None)):
        registry.add_position(draft, "representative", start, end, source="test")
    kb = KnowledgeBase.from_data(registry.finish())

    def match_on(day: dt.date) -> str:
        return kb.candidates("Example", title="representative", date=day)[0].match

    assert match_on(D(2015, 1, 3)) == match_on(D(2016, 6, 1)) == "surname_title"
    assert match_on(D(2018, 1, 1)) == "surname"  # between terms: held, but not then
    assert match_on(D(2030, 1, 1)) == "surname_title"  # open-ended term


def test_table_finds_what_it_holds_and_nothing_else():
    words = [f"name {n}" for n in range(500)] + ["Luján", ""]
    table = Table(pack_table("t", words, findable=True), "t")
    assert len(table) == len(words) and table.all() == words
    assert all(table.find(word) == number for number, word in enumerate(words))
    assert table.find("name 500") is None and table.find("lujan") is None
    empty = Table(pack_table("e", [], findable=True), "e")
    assert len(empty) == 0 and empty.find("anything") is None


def test_a_separator_character_in_the_data_is_refused_by_name():
    data = KBData(persons=[Person(id="x:1", name="Bad\x1fName")])
    with pytest.raises(PackError, match="Bad.*separator"):
        pack(data)


def test_an_empty_kb_packs_and_answers_nothing():
    packed = PackedKB(pack(KBData()))
    assert packed.ids == [] and packed.forms("smith") == [] and packed.surnames_near("smith") == []
