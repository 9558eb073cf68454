"""The KB's in-memory index: every row packed into a few long strings and integer arrays.

`kb build` writes the packed columns into the KB file (table `packed`) next to the plain rows;
opening a KB reads them in one query and splits each string once, so every name lookup and
every person is served from memory without touching SQLite, and opening stays in the tens of
milliseconds. Records are kept as strings until a person is first asked for: unpacking one
person costs microseconds, unpacking all 18,000 would cost most of a second.

Layout (column name -> bytes):
- person.id: person ids joined by RS; person.record: name fields per person;
  person.positions / person.undated: each person's rows (rows split by GS);
- alias.text: every name form, grouped by person; alias.kind: one letter per form;
  alias.person: the person index of each form; person.alias_start: where each person's forms
  start (one more entry than there are people);
- key.text: the distinct normalised keys; key.start / key.alias: for each key, the forms
  having it (a slice of key.alias, bounded by key.start);
- person.given: each person's given-name forms and their keys (for misspelled given names);
- surname.variant / surname.known: the symmetric-delete index for misspelled surnames (each
  surname key and every string one letter shorter -> the surname keys it comes from).
Fields within a record are split by US, list items within a field by FS; an empty field is
None where the row allows None. Integer arrays are unsigned 32-bit little-endian.
"""

from __future__ import annotations

import datetime as dt
import sys
from array import array
from typing import Iterable, Sequence

from copydesk.kb.model import KBData, Person, Position, UndatedRole
from copydesk.kb.names import NameParts, deletions, given_forms, name_key

RS, GS, US, FS = "\x1e", "\x1d", "\x1f", "\x1c"  # item, row, field, sub-field separators
SEPARATORS = (RS, GS, US, FS)
KIND_LETTERS = {"official": "o", "full": "f", "surname": "s", "other": "t"}
KIND_NAMES = {letter: kind for kind, letter in KIND_LETTERS.items()}
INT_TYPE = "I"  # unsigned int: 4 bytes on every platform CPython supports


class PackError(ValueError):
    """A row holds a separator character, so it cannot be packed losslessly."""


def pack(data: KBData) -> dict[str, bytes]:
    """The packed columns for `data` (deterministic: same rows in, same bytes out)."""
    index = {person.id: number for number, person in enumerate(data.persons)}
    positions: list[list[str]] = [[] for _ in data.persons]
    undated: list[list[str]] = [[] for _ in data.persons]
    for position in sorted(data.positions, key=lambda p: (index[p.person_id], p.start)):
        positions[index[position.person_id]].append(US.join(_position_fields(position)))
    for role in data.undated_roles:
        undated[index[role.person_id]].append(US.join(_undated_fields(role)))
    forms = _forms_by_person(data, index)
    texts, kinds, owners, starts = [], [], [], [0]
    for number, person_forms in enumerate(forms):
        for text, _, kind in person_forms:
            texts.append(_leaf(text))
            kinds.append(KIND_LETTERS[kind])
            owners.append(number)
        starts.append(len(texts))
    keys: dict[str, list[int]] = {}
    for number, (_, key, _) in enumerate(form for person_forms in forms for form in person_forms):
        keys.setdefault(_leaf(key), []).append(number)
    key_starts = [0]
    for postings in keys.values():
        key_starts.append(key_starts[-1] + len(postings))
    surnames = {key: None for person_forms in forms for _, key, kind in person_forms
                if kind == "surname"}
    variants = _surname_variants(surnames)
    return {
        "person.given": _text(RS.join(FS.join(_given_pairs(p)) for p in data.persons)),
        "surname.variant": _text(RS.join(variants)),
        "surname.known": _text(RS.join(FS.join(known) for known in variants.values())),
        "person.id": _text(RS.join(_leaf(p.id) for p in data.persons)),
        "person.record": _text(RS.join(_person_record(p) for p in data.persons)),
        "person.positions": _text(RS.join(GS.join(rows) for rows in positions)),
        "person.undated": _text(RS.join(GS.join(rows) for rows in undated)),
        "person.alias_start": _ints(starts),
        "alias.text": _text(RS.join(texts)),
        "alias.kind": _text("".join(kinds)),
        "alias.person": _ints(owners),
        "key.text": _text(RS.join(keys)),
        "key.start": _ints(key_starts),
        "key.alias": _ints(number for postings in keys.values() for number in postings),
    }


class PackedKB:
    """Read access to the packed columns: people by index or id, name forms by key."""

    def __init__(self, columns: dict[str, bytes]):
        self.ids = _strings(columns["person.id"])
        # Per-person records stay UTF-8 bytes until that person is unpacked.
        self._records = _records(columns["person.record"], len(self.ids))
        self._positions = _records(columns["person.positions"], len(self.ids))
        self._undated = _records(columns["person.undated"], len(self.ids))
        self._alias_start = _array(columns["person.alias_start"])
        self._texts = _strings(columns["alias.text"])
        self._kinds = columns["alias.kind"].decode("ascii")
        self._owners = _array(columns["alias.person"])
        keys = _strings(columns["key.text"])
        self._key_number = dict(zip(keys, range(len(keys))))
        self._key_start = _array(columns["key.start"])
        self._key_alias = _array(columns["key.alias"])
        self.number = dict(zip(self.ids, range(len(self.ids))))  # person id -> index
        self._given = _records(columns["person.given"], len(self.ids))
        self._fuzzy_columns = (columns["surname.variant"], columns["surname.known"])

    def forms(self, key: str) -> list[tuple[str, str, str]]:
        """(person id, text, kind) of every name form with this normalised key."""
        number = self._key_number.get(key)
        if number is None:
            return []
        ids, texts, kinds, owners = self.ids, self._texts, self._kinds, self._owners
        return [(ids[owners[a]], texts[a], KIND_NAMES[kinds[a]])
                for a in self._key_alias[self._key_start[number]:self._key_start[number + 1]]]

    def surname_variants(self) -> dict[str, str]:
        """The symmetric-delete index: variant -> the surname keys it comes from, FS-joined.

        Split on first use (a few milliseconds): only misspelled names need it.
        """
        variants, known = (_strings(column) for column in self._fuzzy_columns)
        return dict(zip(variants, known))

    def given_forms(self, number: int) -> list[tuple[str, str]]:
        """(text, key) of each given-name form of the person (see `names.given_forms`)."""
        pairs = self._given[number].decode("utf-8").split(FS) if self._given[number] else []
        return list(zip(pairs[::2], pairs[1::2]))

    def person(self, number: int) -> Person:
        """The person at this index, unpacked."""
        name, first, middle, last, suffix, nickname, ids, notes, country = \
            self._records[number].decode("utf-8").split(US)
        pairs = ids.split(FS) if ids else []
        return Person(id=self.ids[number], name=name, first=first, middle=middle, last=last,
                      suffix=suffix, nickname=nickname, ids=dict(zip(pairs[::2], pairs[1::2])),
                      aliases=tuple(self._texts[self._alias_start[number]:
                                                self._alias_start[number + 1]]),
                      notes=tuple(notes.split(FS)) if notes else (), country=country)

    def name(self, number: int) -> str:
        """The person's display name (the first field of the record), without unpacking."""
        return self._records[number].partition(US.encode())[0].decode("utf-8")

    def dated_numbers(self) -> list[int]:
        """The indexes of the people who have dated positions."""
        return [number for number, rows in enumerate(self._positions) if rows]

    def has_positions(self, number: int) -> bool:
        """Whether the person has any dated position (without unpacking them)."""
        return bool(self._positions[number])

    def positions(self, number: int) -> list[Position]:
        """The person's dated positions, oldest first."""
        person_id = self.ids[number]
        return [_position(person_id, row.split(US))
                for row in _rows(self._positions[number].decode("utf-8"))]

    def undated(self, number: int) -> list[UndatedRole]:
        """The person's undated roles, in source order."""
        person_id = self.ids[number]
        return [_undated(person_id, row.split(US))
                for row in _rows(self._undated[number].decode("utf-8"))]


def _given_pairs(p: Person) -> list[str]:
    """The person's given-name forms and their keys, alternating (forms with no key left out)."""
    parts = NameParts(first=p.first, middle=p.middle, last=p.last, suffix=p.suffix,
                      nickname=p.nickname)
    pairs = []
    for text in given_forms(parts):
        key = name_key(text)
        if key:
            pairs += [_leaf(text), key]
    return pairs


def _surname_variants(surnames: Iterable[str]) -> dict[str, list[str]]:
    """Each surname key and its one-deletion variants -> the surname keys, in a stable order."""
    variants: dict[str, list[str]] = {}
    for known in surnames:
        for variant in sorted(deletions(known)):
            variants.setdefault(variant, []).append(known)
    return variants


def _forms_by_person(data: KBData, index: dict[str, int]) -> list[list[tuple[str, str, str]]]:
    forms: list[list[tuple[str, str, str]]] = [[] for _ in data.persons]
    for alias in data.aliases:
        forms[index[alias.person_id]].append((alias.text, alias.key, alias.kind))
    return forms


def _person_record(p: Person) -> str:
    ids = FS.join(_leaf(part) for pair in sorted(p.ids.items()) for part in pair)
    fields = (p.name, p.first, p.middle, p.last, p.suffix, p.nickname)
    return US.join([*map(_leaf, fields), ids, FS.join(map(_leaf, p.notes)), _leaf(p.country)])


def _position_fields(p: Position) -> list[str]:
    return [_leaf(field) for field in (
        p.office, p.state or "", p.district or "", p.party or "", p.start.isoformat(),
        p.end.isoformat() if p.end else "", p.source, p.country,
        "" if p.senate_class is None else str(p.senate_class))]


def _position(person_id: str, fields: list[str]) -> Position:
    office, state, district, party, start, end, source, country, senate_class = fields
    return Position(person_id, office, state or None, district or None, party or None,
                    dt.date.fromisoformat(start), dt.date.fromisoformat(end) if end else None,
                    source, country, int(senate_class) if senate_class else None)


def _undated_fields(r: UndatedRole) -> list[str]:
    return [_leaf(field) for field in (r.office, r.state or "", r.district or "", r.party or "",
                                       r.source, r.note, r.country)]


def _undated(person_id: str, fields: list[str]) -> UndatedRole:
    office, state, district, party, source, note, country = fields
    return UndatedRole(person_id, office, state or None, district or None, party or None,
                       source, note, country)


def _leaf(value: str) -> str:
    """`value` unchanged, or PackError if it holds one of the separators."""
    if any(mark in value for mark in SEPARATORS):
        raise PackError(f"cannot pack {value!r}: it holds a control character the KB file "
                        "uses as a separator")
    return value


def _rows(text: str) -> list[str]:
    return text.split(GS) if text else []


def _text(text: str) -> bytes:
    return text.encode("utf-8")


def _strings(blob: bytes) -> list[str]:
    """The items of a packed column of non-empty strings."""
    return blob.decode("utf-8").split(RS) if blob else []


def _records(blob: bytes, count: int) -> list[bytes]:
    """The per-person items of a packed column, still encoded (items may be empty)."""
    return blob.split(RS.encode()) if count else []


def _ints(values: Iterable[int]) -> bytes:
    ints = array(INT_TYPE, values)
    if sys.byteorder == "big":
        ints.byteswap()
    return ints.tobytes()


def _array(blob: bytes) -> Sequence[int]:
    ints = array(INT_TYPE)
    ints.frombytes(blob)
    if sys.byteorder == "big":
        ints.byteswap()
    return ints
