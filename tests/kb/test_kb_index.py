"""The packed in-memory index: it holds exactly the KB's rows, and answers the same whether
people are unpacked on first sight (cold), already unpacked (warm) or all at once (preloaded)."""

from __future__ import annotations

import datetime as dt
import random

import pytest

from copydesk.kb import KnowledgeBase, Position, base
from copydesk.kb.model import KBData, Person, UndatedRole
from copydesk.kb.names import NameParts
from copydesk.kb.packed import KIND_LETTERS, PackedKB, PackError, Table, pack, pack_table
from copydesk.kb.registry import Registry
from copydesk.kb.store import DEFAULT_KB, KBFile, read_kb

KIND_NAMES = {letter: kind for kind, letter in KIND_LETTERS.items()}

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
        found = [(packed.ids[packed.form_owner[form]], packed.form_text(form),
                  KIND_NAMES[packed.form_kind[form]]) for form in packed.key_forms(key)]
        assert sorted(found) == sorted(forms)
    assert not packed.key_forms("no such name at all")


def test_a_keys_forms_are_in_ranking_order(shipped):
    """People with dated positions first, then by display name and id: ranking relies on it to
    stop early."""
    packed = KBFile.open(DEFAULT_KB).packed()
    by_name = sorted(shipped.persons, key=lambda p: (p.name, p.id))
    assert [packed.ids[packed.order.index(place)] for place in range(len(by_name))] == [
        p.id for p in by_name]
    dated = {p.person_id for p in shipped.positions}
    names = {p.id: p.name for p in shipped.persons}
    for key in sorted({alias.key for alias in shipped.aliases})[::7]:
        owners = [packed.ids[packed.form_owner[form]] for form in packed.key_forms(key)]
        order = [(pid not in dated, names[pid], pid) for pid in owners]
        assert order == sorted(order)


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


def title_queries(data: KBData, count: int, seed: int) -> list[tuple[str, dict]]:
    """Surnames with a title (one the person held, at a day inside the spell, or any office),
    with and without a date, state, party and a small or large limit."""
    rng = random.Random(seed)
    spells: dict[str, list[Position]] = {}
    for position in data.positions:
        spells.setdefault(position.person_id, []).append(position)
    offices = sorted({p.office for p in data.positions} | {r.office for r in data.undated_roles})
    queries: list[tuple[str, dict]] = []
    people = [p for p in data.persons if p.last]
    for person in [*rng.sample(people, count), *(p for p in people if p.last == "Smith")]:
        held = spells.get(person.id)
        if held and rng.random() < 0.5:
            spell = rng.choice(held)
            title, date = spell.office, spell.start + ((spell.end or spell.start) - spell.start) / 2
        else:
            title, date = rng.choice(offices), rng.choice(DATES)
        kwargs = {"title": title, "date": date, "state": rng.choice(("CA", "NY", "OH", None)),
                  "party": rng.choice(("D", "Republican", None)),
                  "limit": rng.choice((1, 3, 10, 50))}
        queries.append((person.last, kwargs))
        queries.append((person.last, {"title": title, "date": date}))
        queries.append((f"Sen. {person.last}", {"date": rng.choice(DATES)}))
    return queries


@pytest.mark.parametrize("seed", [3, 4])
def test_ranking_in_name_order_stops_early_with_the_same_answers(shipped, seed, monkeypatch):
    """Namesakes known only from undated roles are ranked in name order, stopping once the rest
    cannot come first; ranking them all and sorting gives the same answers."""
    queries = title_queries(shipped, 1500, seed)
    early = KnowledgeBase(KBFile.open(DEFAULT_KB))
    first = [early.candidates(name, **kwargs) for name, kwargs in queries]
    # Again, now that the early stops are memoised (a larger limit ranks further).
    assert first == [early.candidates(name, **kwargs) for name, kwargs in queries]
    assert sum(len(found) == 10 for found in first) > len(queries) / 10
    # A ceiling no score reaches: every namesake is ranked.
    monkeypatch.setattr(base, "_undated_ceiling", lambda title, has_date: 2.0)
    every = KnowledgeBase(KBFile.open(DEFAULT_KB))
    assert first == [every.candidates(name, **kwargs) for name, kwargs in queries]


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
    assert packed.ids == [] and not packed.key_forms("smith") and packed.surnames_near("smith") == []
