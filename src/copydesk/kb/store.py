"""The KB file: an SQLite database of plain rows, written by the builder, read by `load_kb`.

Besides the plain rows (for SQL, exports and digests) the file holds the same content packed
for lookups (table `packed`, see `copydesk.kb.packed`): opening a KB reads that in one query,
and names and people are then served from memory.

The content digest covers every row and the source list but not the build date, so two builds
from the same sources on different days have the same digest (the reproducibility test relies
on this).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import sqlite3
import threading
from pathlib import Path

from copydesk.errors import InputError
from copydesk.kb.model import (
    AliasRecord,
    CommitteeRole,
    KBData,
    Person,
    Position,
    UndatedRole,
)
from copydesk.kb.packed import PackedKB, pack

DATA_DIR = Path(__file__).resolve().parent.parent / "data" / "kb"
DEFAULT_SOURCES = DATA_DIR / "sources"
DEFAULT_KB = DATA_DIR / "kb.sqlite"
SCHEMA_VERSION = "3"
SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE person (id TEXT PRIMARY KEY, name TEXT, first TEXT, middle TEXT, last TEXT,
                     suffix TEXT, nickname TEXT, ids TEXT, notes TEXT, country TEXT);
CREATE TABLE alias (person_id TEXT, text TEXT, key TEXT, kind TEXT);
CREATE TABLE position (person_id TEXT, office TEXT, state TEXT, district TEXT, party TEXT,
                       start TEXT, "end" TEXT, source TEXT, country TEXT, senate_class INTEGER);
CREATE TABLE undated_role (person_id TEXT, office TEXT, state TEXT, district TEXT, party TEXT,
                           source TEXT, note TEXT, country TEXT);
CREATE TABLE house_seats (congress INTEGER, state TEXT, seats INTEGER);
CREATE TABLE committee_role (person_id TEXT, role TEXT, committee_id TEXT, committee TEXT,
                             subcommittee TEXT, chamber TEXT, side TEXT, rank INTEGER,
                             as_of TEXT, source TEXT);
CREATE TABLE packed (name TEXT PRIMARY KEY, data BLOB NOT NULL);
"""
# Lookups by name and person use the packed columns; only `holders` queries rows by office.
INDEXES = """
CREATE INDEX position_office ON position (office, start);
"""
# Meta keys that describe the build, not the content: left out of the digest.
BUILD_ONLY_META = ("build_date", "digest", "version")


def write_kb(data: KBData, path: Path) -> None:
    """Write `data` to a new SQLite file at `path` (replacing any file there)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.unlink(missing_ok=True)
    db = sqlite3.connect(tmp)
    write_tables(db, data)
    db.execute("VACUUM")
    db.close()
    tmp.replace(path)


def memory_db(data: KBData) -> sqlite3.Connection:
    """An in-memory SQLite database holding `data` (for KBs built on the fly, e.g. in tests)."""
    db = sqlite3.connect(":memory:", check_same_thread=False)
    write_tables(db, data)
    return db


def write_tables(db: sqlite3.Connection, data: KBData) -> None:
    """Create the schema in an empty database and fill it with `data`."""
    with db:
        db.executescript(SCHEMA)
        db.executemany("INSERT INTO meta VALUES (?, ?)", sorted(data.meta.items()))
        db.executemany("INSERT INTO person VALUES (?,?,?,?,?,?,?,?,?,?)",
                       (_person_row(p) for p in data.persons))
        db.executemany("INSERT INTO alias VALUES (?,?,?,?)",
                       ((a.person_id, a.text, a.key, a.kind) for a in data.aliases))
        db.executemany("INSERT INTO position VALUES (?,?,?,?,?,?,?,?,?,?)",
                       (_position_row(p) for p in data.positions))
        db.executemany("INSERT INTO undated_role VALUES (?,?,?,?,?,?,?,?)",
                       ((u.person_id, u.office, u.state, u.district, u.party, u.source, u.note,
                         u.country) for u in data.undated_roles))
        db.executemany("INSERT INTO house_seats VALUES (?,?,?)",
                       ((c, s, n) for (c, s), n in sorted(data.house_seats.items())))
        db.executemany("INSERT INTO committee_role VALUES (?,?,?,?,?,?,?,?,?,?)",
                       (_committee_row(r) for r in data.committee_roles))
        db.executemany("INSERT INTO packed VALUES (?, ?)", sorted(pack(data).items()))
        db.executescript(INDEXES)


def open_kb(path: Path) -> sqlite3.Connection:
    """A read-only connection to a KB file, checked to be a copydesk KB.

    Raises:
        InputError: the file is missing, not SQLite, or not a copydesk KB of this schema.
    """
    if not path.is_file():
        raise InputError("no such knowledge-base file", source=str(path))
    try:
        db = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
        schema = db.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone()
    except sqlite3.DatabaseError as err:
        raise InputError(f"not a copydesk knowledge base ({err})", source=str(path)) from err
    if schema is None or schema[0] != SCHEMA_VERSION:
        db.close()
        raise InputError(f"knowledge-base schema {schema and schema[0]!r}, expected "
                         f"{SCHEMA_VERSION!r}; rebuild it with `copydesk kb build`",
                         source=str(path))
    return db


def read_kb(path: Path) -> KBData:
    """Read a whole KB file into memory (for digests and exports; lookups use `KBFile`)."""
    db = open_kb(path)
    try:
        return _read_tables(db)
    finally:
        db.close()


class KBFile:
    """Row queries against an open KB database, safe to share between threads.

    A process forked after opening (worker pools) reopens the file on its first query: SQLite
    connections must not cross a fork.
    """

    def __init__(self, db: sqlite3.Connection, path: Path | None = None):
        self._db = db
        self._path = path
        self._pid = os.getpid()
        self._lock = threading.Lock()

    @classmethod
    def open(cls, path: Path) -> KBFile:
        """Open a KB file (see `open_kb` for the errors)."""
        return cls(open_kb(path), path)

    def _rows(self, sql: str, *args: object) -> list[tuple]:
        with self._lock:
            if self._path is not None and os.getpid() != self._pid:
                self._db, self._pid = open_kb(self._path), os.getpid()
            return self._db.execute(sql, args).fetchall()

    def meta(self) -> dict[str, str]:
        return dict(self._rows("SELECT key, value FROM meta"))

    def packed(self) -> PackedKB:
        """The packed lookup columns, read in one query."""
        return PackedKB(dict(self._rows("SELECT name, data FROM packed")))

    def committee_roles(self) -> list[CommitteeRole]:
        """Every committee seat, by committee then rank."""
        return [_committee_role(row) for row in self._rows(
            "SELECT * FROM committee_role ORDER BY committee_id, side, rank, person_id")]

    def office_positions(self, office: str, day: dt.date) -> list[Position]:
        """Positions in `office` that started on or before `day` and had not ended before it."""
        iso = day.isoformat()
        return [_position(row) for row in self._rows(
            'SELECT * FROM position WHERE office = ? AND start <= ? AND ("end" IS NULL OR '
            '"end" >= ?) ORDER BY start, person_id', office, iso, iso)]

    def house_seats(self, congress: int, state: str) -> int | None:
        rows = self._rows("SELECT seats FROM house_seats WHERE congress = ? AND state = ?",
                          congress, state)
        return rows[0][0] if rows else None

    def counts(self) -> dict[str, object]:
        """Row counts per table and positions per office."""
        counts: dict[str, object] = {
            table: self._rows(f"SELECT COUNT(*) FROM {table}")[0][0]
            for table in ("person", "alias", "position", "undated_role", "committee_role")}
        counts["persons_with_dated_positions"] = self._rows(
            "SELECT COUNT(DISTINCT person_id) FROM position")[0][0]
        counts["positions_by_office"] = dict(self._rows(
            "SELECT office, COUNT(*) FROM position GROUP BY office ORDER BY office"))
        return counts


def content_digest(data: KBData) -> str:
    """SHA-256 over all rows in a canonical order, excluding build-only metadata."""
    digest = hashlib.sha256()
    meta = {k: v for k, v in data.meta.items() if k not in BUILD_ONLY_META}
    tables = (
        [json.dumps(sorted(meta.items()))],
        sorted(json.dumps(_person_row(p)) for p in data.persons),
        sorted(json.dumps([a.person_id, a.text, a.key, a.kind]) for a in data.aliases),
        sorted(json.dumps(_position_row(p)) for p in data.positions),
        sorted(json.dumps([u.person_id, u.office, u.state, u.district, u.party, u.source,
                           u.note, u.country]) for u in data.undated_roles),
        sorted(json.dumps([c, s, n]) for (c, s), n in data.house_seats.items()),
        sorted(json.dumps(_committee_row(r)) for r in data.committee_roles),
    )
    for rows in tables:
        for row in rows:
            digest.update(row.encode("utf-8"))
            digest.update(b"\n")
        digest.update(b"\x00")
    return digest.hexdigest()


def _read_tables(db: sqlite3.Connection) -> KBData:
    meta = dict(db.execute("SELECT key, value FROM meta"))
    alias_rows = db.execute("SELECT person_id, text, key, kind FROM alias").fetchall()
    aliases_by_person: dict[str, list[str]] = {}
    for person_id, text, _, _ in alias_rows:
        aliases_by_person.setdefault(person_id, []).append(text)
    persons = [_person(row, aliases_by_person.get(row[0], []))
               for row in db.execute("SELECT * FROM person")]
    positions = [_position(row) for row in db.execute("SELECT * FROM position")]
    undated = [UndatedRole(*row) for row in db.execute("SELECT * FROM undated_role")]
    seats = {(c, s): n for c, s, n in db.execute("SELECT * FROM house_seats")}
    committee_roles = [_committee_role(row) for row in db.execute("SELECT * FROM committee_role")]
    return KBData(persons=persons, aliases=[AliasRecord(*row) for row in alias_rows],
                  positions=positions, undated_roles=undated, house_seats=seats,
                  committee_roles=committee_roles, meta=meta)


def _person(row: tuple, aliases: list[str]) -> Person:
    return Person(id=row[0], name=row[1], first=row[2], middle=row[3], last=row[4],
                  suffix=row[5], nickname=row[6], ids=json.loads(row[7]),
                  notes=tuple(json.loads(row[8])), country=row[9], aliases=tuple(aliases))


def _position(row: tuple) -> Position:
    return Position(person_id=row[0], office=row[1], state=row[2], district=row[3],
                    party=row[4], start=dt.date.fromisoformat(row[5]),
                    end=dt.date.fromisoformat(row[6]) if row[6] else None, source=row[7],
                    country=row[8], senate_class=row[9])


def _person_row(p: Person) -> list:
    return [p.id, p.name, p.first, p.middle, p.last, p.suffix, p.nickname,
            json.dumps(dict(p.ids), sort_keys=True), json.dumps(list(p.notes)), p.country]


def _position_row(p: Position) -> list:
    return [p.person_id, p.office, p.state, p.district, p.party, p.start.isoformat(),
            p.end.isoformat() if p.end else None, p.source, p.country, p.senate_class]


def _committee_row(r: CommitteeRole) -> list:
    return [r.person_id, r.role, r.committee_id, r.committee, r.subcommittee, r.chamber, r.side,
            r.rank, r.as_of.isoformat(), r.source]


def _committee_role(row: tuple) -> CommitteeRole:
    return CommitteeRole(*row[:8], as_of=dt.date.fromisoformat(row[8]), source=row[9])
