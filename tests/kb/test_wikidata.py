"""The Wikidata importer on a hand-written mini dump in the real line-per-entity format."""

from __future__ import annotations

import datetime as dt
import gzip
import shutil
from pathlib import Path

import pytest

from copydesk.errors import InputError
from copydesk.kb import Interval, KnowledgeBase
from copydesk.kb.build import build_kb, build_kb_file
from copydesk.kb.importers.wikidata import import_wikidata
from copydesk.kb.names import split_full_name
from copydesk.kb.registry import Registry

DUMP = Path(__file__).parent / "fixtures" / "mini-wikidata.json"
D = dt.date


@pytest.fixture(params=["plain", "gzip"])
def dump(request, tmp_path) -> Path:
    if request.param == "plain":
        return DUMP
    target = tmp_path / "mini-wikidata.json.gz"
    with DUMP.open("rb") as source, gzip.open(target, "wb") as sink:
        shutil.copyfileobj(source, sink)
    return target


def test_imports_only_humans_with_positions(dump):
    registry = Registry()
    assert import_wikidata(dump, registry) == 3
    assert {d.person_id for d in registry.drafts} == {"Q90000001", "Q90000002", "Q6279"}


def test_round_trip_through_a_kb_file(dump, tmp_path):
    build_kb_file([dump], tmp_path / "kb.sqlite")
    kb = KnowledgeBase.from_data(build_kb([dump]))
    jane = kb.candidates("Janie Testperson")[0]
    assert (jane.person.id, jane.match) == ("Q90000001", "alias")
    assert kb.intervals("Q90000001", "senator") == [Interval(D(2011, 1, 3), D(2017, 1, 3))]
    vice = kb.positions("Q90000001", D(2020, 1, 1))
    assert [(p.office, p.party, p.end) for p in vice] == [("vice_president", "Democrat", None)]


def test_coarse_dates_become_undated_roles_and_deprecated_statements_are_dropped(dump):
    kb = KnowledgeBase.from_data(build_kb([dump]))
    assert kb.positions("Q90000002") == []
    roles = kb.undated_roles("Q90000002")
    assert [(r.office, "not day-precise" in r.note) for r in roles] == [("wikidata:Q90000099", True)]
    assert kb.candidates("Juan Perez Ejemplo")[0].person.id == "Q90000002"


def test_joins_people_already_in_the_kb_and_keeps_curated_positions():
    registry = Registry()
    biden = registry.person({"wikidata": "Q6279", "bioguide": "B000444"}, split_full_name("Joe Biden"))
    registry.add_position(biden, "president", D(2021, 1, 20), D(2025, 1, 20),
                          source="executive.yaml")
    import_wikidata(DUMP, registry)
    offices = sorted((row["office"], row["source"]) for row in biden.positions)
    assert offices == [("president", "executive.yaml"),
                       ("wikidata:Q90000098", "mini-wikidata.json")]
    assert sum(d.person_id == "Q6279" for d in registry.drafts) == 1


def test_malformed_line_names_the_file_and_line(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text('[\n{"type": "item", "id": "Q1", "claims": {}},\n{not json\n]\n')
    with pytest.raises(InputError, match=r"bad\.json.*line 3"):
        import_wikidata(bad, Registry())
