"""Property tests: alias generation and lookups never crash on arbitrary Unicode, and a person
is always found again by their own name forms."""

from __future__ import annotations

import datetime as dt

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from copydesk.kb import KnowledgeBase, load_kb
from copydesk.kb.model import KBData
from copydesk.kb.names import NameParts, deletions, folded, generate_aliases, name_key
from copydesk.kb.registry import Registry

name_text = st.text(max_size=30)
letters = st.text(st.characters(categories=("Lu", "Ll")), min_size=2, max_size=12)


@given(name_text)
def test_name_key_is_idempotent(text):
    key = name_key(text)
    assert name_key(key) == key
    assert key == key.strip() and "  " not in key


@given(st.text(st.characters(max_codepoint=127), max_size=40))
def test_ascii_keys_match_the_regular_expression_folding(text):
    # name_key folds ASCII with one translation table; it must agree with the regex passes.
    assert name_key(text) == " ".join(folded(text).split())


@given(st.builds(NameParts, first=name_text, middle=name_text, last=name_text,
                 suffix=name_text, nickname=name_text, official=name_text))
def test_alias_generation_never_crashes_and_keys_are_unique(parts):
    forms = generate_aliases(parts)
    keys = [key for _, key, _ in forms]
    assert len(keys) == len(set(keys)) and all(keys)
    assert all(name_key(text) == key for text, key, _ in forms)


@given(name_text)
def test_deletions_are_one_shorter(key):
    assert all(len(d) == len(key) - 1 for d in deletions(key) if d != key)


def _kb_with(parts: NameParts) -> KnowledgeBase:
    registry = Registry()
    draft = registry.person({"wikidata": "Q1"}, parts)
    registry.add_position(draft, "senator", dt.date(2001, 1, 3), None, source="test", state="NY")
    data: KBData = registry.finish()
    return KnowledgeBase.from_data(data)


EMPTY_KB = KnowledgeBase.from_data(Registry().finish())


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(name_text, st.sampled_from([None, "senator", "president"]),
       st.sampled_from([None, dt.date(2019, 6, 1)]))
def test_lookup_never_crashes(query, title, date):
    assert EMPTY_KB.candidates(query, title=title, date=date) == []


@settings(max_examples=30, deadline=None)
@given(letters, letters, name_text)
def test_person_is_found_by_each_of_their_aliases(first, last, noise):
    kb = _kb_with(NameParts(first=first, last=last))
    for alias in kb.person("Q1").aliases:
        found = kb.candidates(alias, date=dt.date(2019, 6, 1))
        assert found and found[0].person.id == "Q1", alias
        assert found[0].match in ("exact", "alias", "surname")
    kb.candidates(noise + last, title="senator")  # arbitrary junk around a real name


SHIPPED = load_kb()


@settings(max_examples=100, deadline=None)
@given(name_text, st.sampled_from([None, "senator", "speaker"]),
       st.sampled_from([None, "CA", "NY"]), st.sampled_from([None, "D", "Whig"]))
def test_lookup_on_the_shipped_kb_never_crashes(query, title, state, party):
    found = SHIPPED.candidates(query, title=title, date=dt.date(2019, 6, 1), state=state,
                               party=party)
    assert all(c.match in ("exact", "alias", "surname_title", "surname", "fuzzy") for c in found)
    assert all(c.variant_of for c in found if c.match == "fuzzy")
