"""Facts added by the Senate-class, committee and 2026 world-leaders imports (shipped KB)."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest

from copydesk.errors import InputError
from copydesk.kb import is_ambiguous, load_kb
from copydesk.kb.build import build_kb
from copydesk.kb.importers.committees import committee_names
from copydesk.kb.store import DEFAULT_SOURCES

D = dt.date
SNAPSHOT_DAY = D(2026, 6, 1)
COMMITTEE_DAY = D(2026, 6, 15)  # the congress-legislators commit the committee files come from
G20 = DEFAULT_SOURCES / "world-leaders" / "g20-asean-current-2026"


@pytest.fixture(scope="module")
def kb():
    return load_kb()


def only(kb, name: str) -> str:
    """The id of the exact or alias match for a full name, clearly ahead of any other."""
    found = [c for c in kb.candidates(name) if c.match in ("exact", "alias")]
    assert found and not is_ambiguous(found), f"{name}: {found}"
    return found[0].person.id


def test_senators_carry_their_class(kb):
    booker, harris = only(kb, "Cory Booker"), only(kb, "Kamala Harris")
    assert {p.senate_class for p in kb.positions(booker) if p.office == "senator"} == {2}
    assert [p.senate_class for p in kb.positions(harris, D(2019, 6, 1))] == [3]
    assert [p.person_id for p in kb.holders("senator", SNAPSHOT_DAY, state="NJ",
                                            senate_class=2)] == [booker]
    # Every sitting senator has a class, and each state's two seats are in different classes.
    seats = kb.holders("senator", SNAPSHOT_DAY)
    assert len(seats) == 100 and all(p.senate_class in (1, 2, 3) for p in seats)
    by_state: dict[str, set[int]] = {}
    for position in seats:
        by_state.setdefault(position.state, set()).add(position.senate_class)
    assert all(len(classes) == 2 for classes in by_state.values())


def test_representatives_have_no_class(kb):
    omar = only(kb, "Ilhan Omar")
    assert all(p.senate_class is None for p in kb.positions(omar))


def test_committee_chair_and_ranking_member_from_the_data(kb):
    chair = kb.committee_holders("Senate Judiciary Committee")
    assert [kb.person(r.person_id).name for r in chair] == ["Chuck Grassley"]
    assert chair[0].committee == "Senate Committee on the Judiciary"
    assert chair[0].as_of == COMMITTEE_DAY and chair[0].side == "majority"
    ranking = kb.committee_holders("Senate Committee on the Judiciary", role="ranking_member")
    assert [kb.person(r.person_id).last for r in ranking] == ["Durbin"]
    assert ranking[0].side == "minority"


def test_committee_names_as_articles_write_them(kb):
    assert {r.committee_id for r in kb.committee_holders("Judiciary Committee")} == {"HSJU",
                                                                                   "SSJU"}
    assert [r.committee_id for r in kb.committee_holders("House Ways and Means")] == ["HSWM"]
    assert [r.committee_id for r in kb.committee_holders("Senate Banking Committee")] == ["SSBK"]
    assert [r.committee_id for r in kb.committee_holders("SSJU")] == ["SSJU"]
    subcommittee = kb.committee_holders("Senate Judiciary subcommittee on the Constitution")
    assert [r.subcommittee for r in subcommittee] == ["the Constitution"]
    assert kb.committee_holders("Committee on Nonsense") == []


def test_committee_seats_per_person(kb):
    grassley = only(kb, "Chuck Grassley")
    roles = kb.committee_roles(grassley)
    assert ("SSJU", "chair") in {(r.committee_id, r.role) for r in roles}
    assert all(r.as_of == COMMITTEE_DAY for r in roles)
    members = kb.committee_holders("SSJU", role=None)
    assert grassley in {r.person_id for r in members} and len(members) > 10


def test_committee_membership_naming_an_unknown_member_is_an_error(tmp_path):
    us = copy_us_sources(tmp_path)
    (us / "committee-membership-current.yaml").write_text(
        "SSJU:\n- name: Nobody\n  party: majority\n  rank: 1\n  bioguide: X999999\n")
    with pytest.raises(InputError, match="X999999.*not a member"):
        build_kb([us])


def copy_us_sources(tmp_path: Path) -> Path:
    us = tmp_path / "us"
    us.mkdir()
    for path in (DEFAULT_SOURCES / "us").iterdir():
        if path.is_file():
            (us / path.name).write_bytes(path.read_bytes())
    return us


def test_committee_file_in_another_layout_is_named(tmp_path):
    us = copy_us_sources(tmp_path)
    (us / "committees-current.yaml").write_text("- name: No id\n  type: senate\n")
    with pytest.raises(InputError, match="committees-current.yaml.*unexpected layout"):
        build_kb([us])


@pytest.mark.parametrize("content, message", [
    ("{not json", "not readable JSON"),
    ('{"country": {"iso_code": "BR"}}', "unexpected layout"),
])
def test_leaders_file_in_another_layout_is_named(tmp_path, content, message):
    folder = tmp_path / G20.name
    shutil.copytree(G20, folder)
    (folder / "countries" / "brazil.current.json").write_text(content)
    with pytest.raises(InputError, match=f"brazil.current.json.*{message}"):
        build_kb([folder])


def test_subcommittees_are_named_with_their_committee():
    names = committee_names([{"thomas_id": "SSJU", "name": "Senate Committee on the Judiciary",
                              "type": "senate",
                              "subcommittees": [{"thomas_id": "21", "name": "the Constitution"}]}])
    assert names == {"SSJU": ("Senate Committee on the Judiciary", "", "senate"),
                     "SSJU21": ("Senate Committee on the Judiciary", "the Constitution",
                                "senate")}


def test_g20_leaders_hold_office_from_their_start_date(kb):
    merz = only(kb, "Friedrich Merz")
    spell = [p for p in kb.positions(merz, SNAPSHOT_DAY) if p.office == "head_of_government"]
    assert [(p.country, p.start, p.end) for p in spell] == [("Germany", D(2025, 5, 6), None)]
    assert kb.positions(merz, D(2025, 5, 5)) == []
    heads = {kb.person(p.person_id).name: p.country
             for p in kb.holders("head_of_government", SNAPSHOT_DAY)}
    assert heads["Narendra Modi"] == "India" and heads["Sanae Takaichi"] == "Japan"


def test_doubtful_g20_entries_are_names_only(kb):
    burnham = only(kb, "Andy Burnham")
    assert kb.positions(burnham) == []
    assert [r.source for r in kb.undated_roles(burnham)] == ["g20-asean-current-2026"]
    # The source lists the Crown Prince as King: only his head-of-government spell is dated.
    mbs = kb.candidates("Salman", title="head_of_government", date=SNAPSHOT_DAY)[0].person.id
    assert [p.office for p in kb.positions(mbs)] == ["head_of_government"]


def test_g20_entry_whose_id_names_someone_else_is_skipped(kb):
    orban = only(kb, "Viktor Orbán")
    assert kb.positions(orban) == []
    assert any("Q57641 is Viktor Orbán" in gap for gap in kb.info()["gaps"])


def test_g20_source_keeps_its_license_and_attribution(kb):
    source = next(s for s in kb.info()["sources"] if s["name"] == "g20-asean-current-2026")
    assert "CC-BY-SA-4.0" in source["license"] and "open-data-archive" in source["license"]
    assert "snapshot_date" in json.loads((G20 / "last-updated.json").read_text())
    assert "Attribution-ShareAlike 4.0" in (G20 / "LICENSE").read_text()


def test_info_states_the_snapshot_gaps(kb):
    gaps = kb.info()["gaps"]
    assert any(gap.startswith("committees: current seats only, as of 2026-06-15")
               for gap in gaps)
    assert any("world leaders 2026" in gap and "no history" in gap for gap in gaps)
    assert kb.info()["counts"]["committee_role"] > 3000
