"""The KB's in-memory index: every row packed into a few UTF-8 blobs and integer arrays.

`kb build` writes the packed columns into the KB file (table `packed`) next to the plain rows.
Opening a KB reads them in one query and wraps them without decoding: a string is decoded
from its blob only when a lookup reaches it, so opening costs milliseconds, no name lookup or
person touches SQLite, and nothing is held twice.

A *table* is a list of strings stored as `<name>.text` (the UTF-8 strings back to back) and
`<name>.offsets` (where each starts, plus the end); a findable table also has `<name>.slots`,
an open-addressing hash index (CRC-32 of the UTF-8 bytes, linear probing, value = index + 1,
0 = empty) so a string is found without building a dict. Tables:
- person.id (decoded into a dict at load: people are looked up constantly), person.order
  (each person's place in display-name-then-id order: candidates tie-break on it), person.record
  (name fields and name forms), person.positions / person.undated (each person's rows),
  person.offices (each office's periods: overlapping or touching spells joined, so a title
  is checked against one or two periods, not every term), person.given (given-name forms and
  their keys), all in person order;
- alias.text: every name form; alias.kind: one letter per form; alias.person: the index of
  the form's person;
- key (findable): the distinct normalised keys; key.start / key.alias: the forms having each
  key (a slice of key.alias), in ranking order: the people with dated positions first, then
  by person.order (each person's forms together);
- surname.variant (findable) / surname.known: the symmetric-delete index for misspelled
  surnames: each surname key and every string one letter shorter -> the surname keys it
  comes from (FS-joined).
Within a record, fields are split by US, rows by GS, list items by FS; an empty field is None
where the row allows None. Integer arrays are unsigned 32-bit little-endian.
"""

from __future__ import annotations

import datetime as dt
import sys
import zlib
from array import array
from collections.abc import Iterable, Sequence

from copydesk.kb.model import KBData, Person, Position, UndatedRole, fast_constructor
from copydesk.kb.names import NameParts, deletions, given_forms, name_key

GS, US, FS = "\x1d", "\x1f", "\x1c"  # row, field and list-item separators inside a record
SEPARATORS = (GS, US, FS)
GS_BYTE = GS.encode("ascii")
KIND_LETTERS = {"official": "o", "full": "f", "surname": "s", "other": "t"}
INT_TYPE = "I"  # unsigned int: 4 bytes on every platform CPython supports
# Position row fields (see `_position_fields`) and undated-role row fields: the resolver reads
# these rows directly, without building dataclasses, when it weighs context.
OFFICE, STATE, PARTY, START, END = 0, 1, 3, 4, 5


_new_person = fast_constructor(Person)
_new_position = fast_constructor(Position)
_new_undated = fast_constructor(UndatedRole)


class PackError(ValueError):
    """A row holds a separator character, so it cannot be packed losslessly."""


def pack(data: KBData) -> dict[str, bytes]:
    """The packed columns for `data` (deterministic: same rows in, same bytes out)."""
    index = {person.id: number for number, person in enumerate(data.persons)}
    positions, undated = _rows_by_person(data, index)
    forms = _forms_by_person(data, index)
    all_forms = [form for person_forms in forms for form in person_forms]
    owners = [number for number, person_forms in enumerate(forms) for _ in person_forms]
    keys: dict[str, list[int]] = {}  # key -> the numbers of the forms having it
    for number, (_, key, _) in enumerate(all_forms):
        keys.setdefault(_leaf(key), []).append(number)
    order = _name_order(data.persons)
    for postings in keys.values():  # ranking order (see the module docstring)
        postings.sort(key=lambda form: (not positions[owners[form]], order[owners[form]], form))
    variants = _surname_variants(dict.fromkeys(key for _, key, kind in all_forms
                                               if kind == "surname"))
    return {
        **pack_table("person.id", [_leaf(p.id) for p in data.persons]),
        "person.order": _ints(order),
        **pack_table("person.record", [_person_record(p) for p in data.persons]),
        **pack_table("person.positions", [GS.join(rows) for rows in positions]),
        **pack_table("person.offices", [_office_periods(rows) for rows in positions]),
        **pack_table("person.undated", [GS.join(rows) for rows in undated]),
        **pack_table("person.given", [FS.join(_given_pairs(p)) for p in data.persons]),
        **pack_table("alias.text", [_leaf(text) for text, _, _ in all_forms]),
        "alias.kind": "".join(KIND_LETTERS[kind] for _, _, kind in all_forms).encode("ascii"),
        "alias.person": _ints(owners),
        **pack_table("key", list(keys), findable=True),
        "key.start": _ints(_starts(len(postings) for postings in keys.values())),
        "key.alias": _ints(number for postings in keys.values() for number in postings),
        **pack_table("surname.variant", list(variants), findable=True),
        **pack_table("surname.known", [FS.join(known) for known in variants.values()]),
    }


def _rows_by_person(data: KBData, index: dict[str, int]) -> tuple[list[list[str]],
                                                                   list[list[str]]]:
    """Each person's position rows (oldest first) and undated-role rows, as packed records."""
    positions: list[list[str]] = [[] for _ in data.persons]
    undated: list[list[str]] = [[] for _ in data.persons]
    for position in sorted(data.positions, key=lambda p: (index[p.person_id], p.start)):
        positions[index[position.person_id]].append(US.join(_position_fields(position)))
    for role in data.undated_roles:
        undated[index[role.person_id]].append(US.join(_undated_fields(role)))
    return positions, undated


def _name_order(persons: list[Person]) -> list[int]:
    """Each person's place when sorted by display name, then id."""
    order = [0] * len(persons)
    by_name = sorted(range(len(persons)), key=lambda n: (persons[n].name, persons[n].id))
    for place, number in enumerate(by_name):
        order[number] = place
    return order


def _starts(lengths: Iterable[int]) -> list[int]:
    """Where each of consecutive runs of these lengths starts, plus the end."""
    starts = [0]
    for length in lengths:
        starts.append(starts[-1] + length)
    return starts


def pack_table(name: str, strings: list[str], *, findable: bool = False) -> dict[str, bytes]:
    """The columns of a table of `strings` (see the module docstring)."""
    encoded = [text.encode("utf-8") for text in strings]
    columns = {f"{name}.text": b"".join(encoded),
               f"{name}.offsets": _ints(_starts(map(len, encoded)))}
    if findable:
        size = 1
        while size < 2 * len(encoded):  # at most half full: short probe runs
            size *= 2
        slots = [0] * size
        for number, item in enumerate(encoded):
            slot = zlib.crc32(item) & (size - 1)
            while slots[slot]:
                slot = (slot + 1) & (size - 1)
            slots[slot] = number + 1
        columns[f"{name}.slots"] = _ints(slots)
    return columns


class Table:
    """A packed table of strings: by index, and by value when it has slots."""

    def __init__(self, columns: dict[str, bytes], name: str):
        self._blob = columns[f"{name}.text"]
        self._offsets = _array(columns[f"{name}.offsets"])
        slots = columns.get(f"{name}.slots")
        self._slots = _array(slots) if slots is not None else array(INT_TYPE, [0])
        self._mask = len(self._slots) - 1

    def __len__(self) -> int:
        return len(self._offsets) - 1

    def __getitem__(self, number: int) -> str:
        return self._blob[self._offsets[number]:self._offsets[number + 1]].decode("utf-8")

    def is_empty(self, number: int) -> bool:
        return self._offsets[number] == self._offsets[number + 1]

    def has_row_starting(self, number: int, prefix: str) -> bool:
        """Whether one of the string's rows (split by GS) starts with `prefix`, searched in
        the blob without decoding (UTF-8 keeps a separator byte from matching inside a
        character)."""
        start, end = self._offsets[number], self._offsets[number + 1]
        encoded = prefix.encode("utf-8")
        return self._blob.startswith(encoded, start, end) or (
            self._blob.find(GS_BYTE + encoded, start, end) >= 0)

    def all(self) -> list[str]:
        """Every string, decoded (the blob holds no separator, so split at the offsets)."""
        return [self[number] for number in range(len(self))]

    def find(self, value: str) -> int | None:
        """The index of `value`, or None if the table does not hold it."""
        encoded = value.encode("utf-8")
        blob, offsets, slots, mask = self._blob, self._offsets, self._slots, self._mask
        slot = zlib.crc32(encoded) & mask
        while found := slots[slot]:
            if blob[offsets[found - 1]:offsets[found]] == encoded:
                return found - 1
            slot = (slot + 1) & mask
        return None


class PackedKB:
    """Read access to the packed columns: people by index or id, name forms by key."""

    def __init__(self, columns: dict[str, bytes]):
        self.ids = Table(columns, "person.id").all()
        self.number = dict(zip(self.ids, range(len(self.ids))))  # person id -> index
        self.order = _array(columns["person.order"])  # index -> place by display name, then id
        self._records = Table(columns, "person.record")
        self._positions = Table(columns, "person.positions")
        self._offices = Table(columns, "person.offices")
        self._undated = Table(columns, "person.undated")
        self._given = Table(columns, "person.given")
        self._texts = Table(columns, "alias.text")
        self.form_kind = columns["alias.kind"].decode("ascii")  # a KIND_LETTERS letter per form
        self.form_owner = _array(columns["alias.person"])  # the index of each form's person
        self._keys = Table(columns, "key")
        self._key_start = _array(columns["key.start"])
        self._key_alias = _array(columns["key.alias"])
        self._variants = Table(columns, "surname.variant")
        self._known = Table(columns, "surname.known")

    def key_forms(self, key: str) -> Sequence[int]:
        """The numbers of the name forms with this normalised key, in ranking order (see the
        module docstring); see `form_owner`, `form_kind` and `form_text`."""
        number = self._keys.find(key)
        if number is None:
            return ()
        return self._key_alias[self._key_start[number]:self._key_start[number + 1]]

    def form_text(self, form: int) -> str:
        """The text of a name form, as written ("Bernie Sanders")."""
        return self._texts[form]

    def surnames_near(self, variant: str) -> list[str]:
        """The surname keys that are `variant` or become it with one letter deleted."""
        number = self._variants.find(variant)
        return [] if number is None else self._known[number].split(FS)

    def given_forms(self, number: int) -> tuple[list[str], list[str]]:
        """The texts and the keys of the person's given-name forms (see `names.given_forms`)."""
        pairs = self._given[number].split(FS) if not self._given.is_empty(number) else []
        return pairs[::2], pairs[1::2]

    def person(self, number: int) -> Person:
        """The person at this index, unpacked."""
        name, first, middle, last, suffix, nickname, ids, notes, country, aliases = \
            self._records[number].split(US)
        pairs = iter(ids.split(FS) if ids else ())
        return _new_person(self.ids[number], name, first, middle, last, suffix, nickname,
                           dict(zip(pairs, pairs)),
                           tuple(aliases.split(FS)) if aliases else (),
                           tuple(notes.split(FS)) if notes else (), country)

    def name(self, number: int) -> str:
        """The person's display name (the first field of the record), without unpacking."""
        return self._records[number].partition(US)[0]

    def name_and_last(self, number: int) -> tuple[str, str]:
        """The person's display name and surname, without unpacking."""
        fields = self._records[number].split(US, 4)
        return fields[0], fields[3]

    def has_positions(self, number: int) -> bool:
        """Whether the person has any dated position (without unpacking them)."""
        return not self._positions.is_empty(number)

    def held_undated(self, number: int, office: str) -> bool:
        """Whether one of the person's undated roles is in `office` (without unpacking them)."""
        # An office holding a field separator would match a role's office and state.
        return US not in office and self._undated.has_row_starting(number, office + US)

    def office_periods(self, number: int) -> dict[str, list[tuple[str, str]]]:
        """office -> the person's (start, end) periods in it, ISO dates, "" for open-ended."""
        periods: dict[str, list[tuple[str, str]]] = {}
        for office, start, end in _rows(self._offices[number]):
            periods.setdefault(office, []).append((start, end))
        return periods

    def position_rows(self, number: int) -> list[list[str]]:
        """The person's positions as raw fields (OFFICE, STATE, PARTY, START, END …), oldest
        first; dates are ISO strings, so they compare as dates do."""
        return _rows(self._positions[number])

    def undated_rows(self, number: int) -> list[list[str]]:
        """The person's undated roles as raw fields (OFFICE, STATE, PARTY at the same places)."""
        return _rows(self._undated[number])

    def positions(self, number: int) -> list[Position]:
        """The person's dated positions, oldest first."""
        person_id = self.ids[number]
        return [_position(person_id, row) for row in self.position_rows(number)]

    def undated(self, number: int) -> list[UndatedRole]:
        """The person's undated roles, in source order."""
        person_id = self.ids[number]
        return [_undated(person_id, row) for row in self.undated_rows(number)]


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
    return US.join([*map(_leaf, fields), ids, FS.join(map(_leaf, p.notes)), _leaf(p.country),
                    FS.join(map(_leaf, p.aliases))])


def _office_periods(rows: list[str]) -> str:
    """A person's position rows (oldest first) as merged (office, start, end) periods.

    Only spells that overlap or share a day are joined, so a day is inside a period exactly
    when some spell holds on it.
    """
    periods: dict[str, list[list[str]]] = {}
    for row in rows:
        office, start, end = (row.split(US)[i] for i in (OFFICE, START, END))
        spans = periods.setdefault(office, [])
        last = spans[-1] if spans else None
        if last and (not last[1] or start <= last[1]):
            last[1] = "" if not (last[1] and end) else max(last[1], end)
        else:
            spans.append([start, end])
    return GS.join(US.join([office, start, end]) for office, spans in sorted(periods.items())
                   for start, end in spans)


def _position_fields(p: Position) -> list[str]:
    return [_leaf(field) for field in (
        p.office, p.state or "", p.district or "", p.party or "", p.start.isoformat(),
        p.end.isoformat() if p.end else "", p.source, p.country,
        "" if p.senate_class is None else str(p.senate_class))]


def _position(person_id: str, fields: list[str]) -> Position:
    office, state, district, party, start, end, source, country, senate_class = fields
    return _new_position(person_id, office, state or None, district or None, party or None,
                         dt.date.fromisoformat(start),
                         dt.date.fromisoformat(end) if end else None, source, country,
                         int(senate_class) if senate_class else None)


def _undated_fields(r: UndatedRole) -> list[str]:
    return [_leaf(field) for field in (r.office, r.state or "", r.district or "", r.party or "",
                                       r.source, r.note, r.country)]


def _undated(person_id: str, fields: list[str]) -> UndatedRole:
    office, state, district, party, source, note, country = fields
    return _new_undated(person_id, office, state or None, district or None, party or None,
                        source, note, country)


def _leaf(value: str) -> str:
    """`value` unchanged, or PackError if it holds one of the separators."""
    if any(mark in value for mark in SEPARATORS):
        raise PackError(f"cannot pack {value!r}: it holds a control character the KB file "
                        "uses as a separator")
    return value


def _rows(text: str) -> list[list[str]]:
    return [row.split(US) for row in text.split(GS)] if text else []


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
