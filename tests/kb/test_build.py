"""Building the KB: the shipped file is reproducible from the repo's sources; bad input is named."""

from __future__ import annotations

import datetime as dt
import sqlite3
from contextlib import closing

import pytest

from copydesk.cli import main
from copydesk.errors import InputError
from copydesk.kb import load_kb
from copydesk.kb.build import build_kb, house_seats
from copydesk.kb.importers.supplement import import_supplement
from copydesk.kb.model import Position, congress_of
from copydesk.kb.names import NameParts
from copydesk.kb.registry import Registry, clip_single_seat_offices
from copydesk.kb.store import DEFAULT_KB, DEFAULT_SOURCES, content_digest, read_kb

D = dt.date


@pytest.mark.slow
def test_cli_build_reproduces_the_shipped_kb(tmp_path, capsys):
    output = tmp_path / "kb.sqlite"
    assert main(["kb", "build", "-o", str(output)]) == 0
    assert "digest" in capsys.readouterr().out
    rebuilt, shipped = read_kb(output), read_kb(DEFAULT_KB)
    assert content_digest(rebuilt) == content_digest(shipped) == shipped.meta["digest"]
    assert len(rebuilt.persons) == len(shipped.persons) > 17000
    # The packed lookup index is derived from the rows: rebuilt byte for byte.
    assert packed_columns(output) == packed_columns(DEFAULT_KB)


def packed_columns(path) -> dict[str, bytes]:
    with closing(sqlite3.connect(path)) as db:
        return dict(db.execute("SELECT name, data FROM packed"))


def test_shipped_digest_matches_its_content():
    shipped = read_kb(DEFAULT_KB)
    assert content_digest(shipped) == shipped.meta["digest"]


def test_build_is_independent_of_the_build_date(tmp_path):
    supplement_only = [DEFAULT_SOURCES / "world-leaders"]
    first = build_kb(supplement_only, today=D(2026, 1, 1))
    second = build_kb(supplement_only, today=D(2027, 6, 1))
    assert first.meta["build_date"] != second.meta["build_date"]
    assert first.meta["digest"] == second.meta["digest"]


def test_unknown_source_is_named(tmp_path):
    (tmp_path / "notes.txt").write_text("hello")
    with pytest.raises(InputError, match="notes.txt.*not a recognised KB source"):
        build_kb([tmp_path / "notes.txt"])
    with pytest.raises(InputError, match="no such source"):
        build_kb([tmp_path / "missing"])


def test_bad_kb_file_is_named(tmp_path):
    junk = tmp_path / "junk.sqlite"
    junk.write_bytes(b"not a database at all" * 100)
    with pytest.raises(InputError, match="junk.sqlite.*not a copydesk knowledge base"):
        load_kb(junk)
    empty = tmp_path / "empty.sqlite"
    sqlite3.connect(empty).execute("CREATE TABLE meta (key TEXT, value TEXT)").connection.commit()
    with pytest.raises(InputError, match="schema"):
        load_kb(empty)


def test_single_seat_office_ends_at_successors_start():
    boehner = Position("B", "speaker", None, None, None, D(2015, 1, 6), None, "x")
    ryan = Position("R", "speaker", None, None, None, D(2015, 10, 29), D(2017, 1, 3), "x")
    clipped = clip_single_seat_offices([boehner, ryan])
    assert clipped[0].end == D(2015, 10, 29) and clipped[1] == ryan


def test_house_seats_count_districts_per_congress():
    reps = [Position(str(n), "representative", "WY", "0", "R", D(2013, 1, 3), D(2015, 1, 3), "x")
            for n in range(2)]
    reps.append(Position("d", "representative", "DC", "0", "D", D(2013, 1, 3), D(2015, 1, 3), "x"))
    assert house_seats(reps) == {(113, "WY"): 1}


@pytest.mark.parametrize("day, congress", [(D(2013, 1, 2), 112), (D(2013, 1, 3), 113),
                                           (D(2019, 6, 1), 116), (D(1789, 3, 4), 1)])
def test_congress_numbers(day, congress):
    assert congress_of(day) == congress


def test_supplement_adds_spells_and_aliases_and_rejects_wrong_ids(tmp_path):
    registry = Registry()
    doe = registry.person({"bioguide": "D000001"}, NameParts(first="Jane", last="Doe"))
    good = tmp_path / "good.yaml"
    good.write_text("supplement: test\nentries:\n"
                    "  - {bioguide: D000001, last: Doe, office: speaker, start: 2001-01-03, end: 2003-01-03}\n"
                    "  - {bioguide: D000001, last: Doe, alias: JD}\n")
    import_supplement(good, registry)
    assert [(row["office"], row["end"]) for row in doe.positions] == [("speaker", D(2003, 1, 3))]
    assert doe.other_names == ["JD"]
    bad = tmp_path / "bad.yaml"
    bad.write_text("supplement: test\nentries:\n  - {bioguide: D000001, last: Roe, alias: X}\n")
    with pytest.raises(InputError, match="bad.yaml: entry 1.*D000001.*Roe"):
        import_supplement(bad, registry)
