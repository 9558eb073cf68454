"""The knowledge base as the rest of copydesk uses it: people, dated positions, resolution.

`load_kb()` opens the SQLite file once per process (per path) and reads its packed index in one
query; names and people are then served from memory, each person unpacked the first time it
is needed. The fuzzy index is built on the first misspelled query.
"""

from __future__ import annotations

import datetime as dt
import json
import threading
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from types import MappingProxyType

from copydesk.kb.committees import CommitteeIndex
from copydesk.kb.model import (
    Candidate,
    CommitteeRole,
    Interval,
    KBData,
    Person,
    Position,
    TitleClaim,
    UndatedRole,
    congress_of,
    fast_constructor,
)
from copydesk.kb.names import name_key
from copydesk.kb.packed import END, OFFICE, PARTY, START, STATE
from copydesk.kb.resolver import MEMO_LIMIT, NameIndex, NameMatch, RankedMatches
from copydesk.kb.store import DEFAULT_KB, KBFile, memory_db
from copydesk.vocab import OFFICES, party_code

# Consecutive spells in one office separated by at most this many days are one period: terms
# end on January 3 and the next is often sworn in on January 5 or 6.
MERGE_GAP = dt.timedelta(days=7)
# Candidates within this score of the best are indistinguishable (see `is_ambiguous`).
AMBIGUITY_MARGIN = 0.05
# Context factors: how much a title, state or party the person did or did not have counts.
HELD_AT_DATE, HELD_OTHER_TIME, HELD_UNDATED, NOT_HELD = 1.0, 0.7, 0.8, 0.35
UNDATED_AT_DATE = 0.6
STATE_MISMATCH, PARTY_MISMATCH = 0.5, 0.6
NO_POSITION_AT_DATE, ONLY_UNDATED = 0.8, 0.9
# Leading title words a caller may leave in the name ("Sen. Harris"), mapped to office codes.
TITLE_WORDS = {"sen": "senator", "senator": "senator", "rep": "representative",
               "representative": "representative", "congressman": "representative",
               "congresswoman": "representative", "president": "president",
               "vice president": "vice_president", "vp": "vice_president",
               "speaker": "speaker", "gov": "governor", "governor": "governor"}

_TITLE_HEADS = frozenset(words.split()[0] for words in TITLE_WORDS)
_new_candidate = fast_constructor(Candidate)
NO_PERIODS: Mapping[str, list[tuple[str, str]]] = MappingProxyType({})
_ROUNDED: dict[float, float] = {}

_CACHE: dict[Path, KnowledgeBase] = {}
_CACHE_LOCK = threading.Lock()


def load_kb(path: str | Path | None = None) -> KnowledgeBase:
    """The knowledge base in `path` (default: the one shipped in the package), cached.

    Args:
        path: a KB file written by `copydesk kb build`, or None for the shipped default.

    Returns:
        The loaded KB; later calls with the same path return the same object.

    Raises:
        InputError: the file is missing or not a copydesk KB.
    """
    resolved = Path(path).resolve() if path is not None else DEFAULT_KB
    with _CACHE_LOCK:
        if resolved not in _CACHE:
            _CACHE[resolved] = KnowledgeBase(KBFile.open(resolved))
        return _CACHE[resolved]


def is_ambiguous(candidates: Sequence[Candidate], margin: float = AMBIGUITY_MARGIN) -> bool:
    """Whether the best candidate is not clearly ahead of the second."""
    return len(candidates) > 1 and candidates[0].score - candidates[1].score <= margin


class KnowledgeBase:
    """People, their dated positions, and name resolution against them.

    The packed index is in memory from the start; a person's record is unpacked the first
    time it is needed and kept, so repeated lookups reuse the same objects.
    """

    def __init__(self, kb_file: KBFile):
        self._file = kb_file
        self.meta = kb_file.meta()
        self.version: str = self.meta.get("version", "unknown")
        self._packed = kb_file.packed()
        self._persons: dict[str, Person] = {}
        self._positions: dict[str, list[Position]] = {}
        self._undated: dict[str, list[UndatedRole]] = {}
        # Date-independent facts the ranking reads, by person index (None: not yet unpacked).
        people = len(self._packed.ids)
        self._periods: list[Mapping[str, list[tuple[str, str]]] | None] = [None] * people
        self._spell_rows: list[list[list[str]] | None] = [None] * people
        self._undated_rows: list[list[list[str]] | None] = [None] * people
        self._undated_memo: dict[tuple, tuple[list[tuple], int | None]] = {}
        self._committees: CommitteeIndex | None = None
        self._names = NameIndex(self._packed)

    @classmethod
    def from_data(cls, data: KBData) -> KnowledgeBase:
        """A KB over rows held in memory (built on the fly, not read from a file)."""
        return cls(KBFile(memory_db(data)))

    def preload(self) -> None:
        """Unpack every person, position and undated role now.

        For long-running workers that want no first-use cost at all; lookups are served from
        memory either way.
        """
        for number, person_id in enumerate(self._packed.ids):
            self.person(person_id)
            self._spells(person_id)
            self._undated_of(person_id)
            self._spell_rows_of(number)
            self._undated_rows_of(number)
            self._periods_of(number)

    # People and positions

    def person(self, person_id: str) -> Person | None:
        """The person with this id (QID or namespaced source id), or None."""
        found = self._persons.get(person_id)
        if found is None:
            number = self._packed.number.get(person_id)
            if number is None:
                return None
            found = self._persons[person_id] = self._packed.person(number)
        return found

    def positions(self, person_id: str, date: dt.date | None = None) -> list[Position]:
        """The person's dated positions, oldest first; only those held on `date` if given."""
        spells = self._spells(person_id)
        return [p for p in spells if p.holds_on(date)] if date else list(spells)

    def _spells(self, person_id: str) -> list[Position]:
        return self._unpacked(self._positions, person_id, self._packed.positions)

    def _spell_rows_of(self, number: int) -> list[list[str]]:
        """The person's positions as raw packed rows (see `copydesk.kb.packed`), oldest first."""
        rows = self._spell_rows[number]
        if rows is None:
            rows = self._spell_rows[number] = self._packed.position_rows(number)
        return rows

    def _undated_rows_of(self, number: int) -> list[list[str]]:
        """The person's undated roles as raw packed rows."""
        rows = self._undated_rows[number]
        if rows is None:
            rows = self._undated_rows[number] = self._packed.undated_rows(number)
        return rows

    def _unpacked(self, memo: dict[str, list], person_id: str,
                  unpack: Callable[[int], list]) -> list:
        """`unpack(index)` for the person, kept in `memo`; empty for an unknown id."""
        found = memo.get(person_id)
        if found is None:
            number = self._packed.number.get(person_id)
            found = memo[person_id] = [] if number is None else unpack(number)
        return found

    def _periods_of(self, number: int) -> Mapping[str, list[tuple[str, str]]]:
        """office -> the person's merged (start, end) periods in it, ISO dates, and no periods
        for an office held only in undated roles; NO_PERIODS for a person without dated
        positions (most namesakes: their undated roles are searched in the packed text)."""
        periods = self._periods[number]
        if periods is None:
            periods = NO_PERIODS
            if self._packed.has_positions(number):
                periods = self._packed.office_periods(number)
                for row in self._undated_rows_of(number):
                    periods.setdefault(row[OFFICE], [])
            self._periods[number] = periods
        return periods

    def undated_roles(self, person_id: str) -> list[UndatedRole]:
        """Offices the sources say the person held without usable dates."""
        return list(self._undated_of(person_id))

    def _undated_of(self, person_id: str) -> list[UndatedRole]:
        return self._unpacked(self._undated, person_id, self._packed.undated)

    def holders(self, office: str, date: dt.date, *, state: str | None = None,
                district: str | None = None, senate_class: int | None = None) -> list[Position]:
        """The positions in `office` held on `date`, one per person.

        On a transition day both the outgoing and the incoming holder are listed; a person
        whose consecutive terms meet on that day is listed once, with the newer term.

        Args:
            office: an office code from `copydesk.vocab.OFFICES`.
            date: the day asked about.
            state: postal code to restrict to (senators, representatives).
            district: district number as a string ("5"; "0" for at-large).
            senate_class: 1, 2 or 3, to restrict senators to one seat class.
        """
        newest: dict[str, Position] = {}
        for position in self._file.office_positions(office, date):  # ordered by start
            if (state is None or position.state == state) and (
                    district is None or position.district == district) and (
                    senate_class is None or position.senate_class == senate_class):
                newest[position.person_id] = position
        return list(newest.values())

    # Committees (a snapshot of the data's date: see CommitteeRole)

    def committee_roles(self, person_id: str) -> list[CommitteeRole]:
        """The person's congressional committee seats on the data's date."""
        return self._committee_index().roles_of(person_id)

    def committee_holders(self, committee: str, role: str | None = "chair") -> list[CommitteeRole]:
        """Who held `role` on `committee` on the data's date (each seat carries `as_of`).

        Args:
            committee: the committee as written ("Senate Judiciary Committee", "House Ways and
                Means", "Judiciary Committee" for both chambers, "subcommittee on ...") or its
                thomas id ("SSJU").
            role: "chair", "vice_chair", "ranking_member", "ex_officio", "member", or None
                for every seat.

        Returns:
            The seats, committee by committee; several committees when the name fits several
            equally well; empty when it fits none.
        """
        return self._committee_index().holders(committee, role)

    def _committee_index(self) -> CommitteeIndex:
        if self._committees is None:
            self._committees = CommitteeIndex(self._file.committee_roles())
        return self._committees

    def intervals(self, person_id: str, office: str, *, state: str | None = None) -> list[Interval]:
        """The merged periods in which the person held `office` (in `state`, if given)."""
        merged: list[Interval] = []
        for spell in self._spells(person_id):
            if spell.office != office or (state is not None and spell.state != state):
                continue
            last = merged[-1] if merged else None
            if last and (last.end is None or spell.start <= last.end + MERGE_GAP):
                end = None if last.end is None or spell.end is None else max(last.end, spell.end)
                merged[-1] = Interval(last.start, end)
            else:
                merged.append(Interval(spell.start, spell.end))
        return merged

    def window(self, claims: Sequence[TitleClaim]) -> list[Interval]:
        """The date intervals in which every claim holds (empty if none, or no claims)."""
        if not claims:
            return []
        result = self.intervals(claims[0].person_id, claims[0].office, state=claims[0].state)
        for claim in claims[1:]:
            result = _intersect(result, self.intervals(claim.person_id, claim.office,
                                                       state=claim.state))
        return result

    def seats(self, office: str, *, state: str | None = None,
              date: dt.date | None = None) -> int | None:
        """How many people hold `office` at once.

        Per state for senators, nationally for the President; for representatives with a
        state, that state's House seats in the Congress sitting on `date` (None where the
        data does not cover that Congress).
        """
        if office == "representative" and state is not None:
            return self._file.house_seats(congress_of(date or dt.date.today()), state)
        info = OFFICES.get(office)
        return info["seats"] if info else None

    def info(self) -> dict:
        """Sources, counts, build date, content digest and known coverage gaps."""
        return {
            "version": self.version, "build_date": self.meta.get("build_date"),
            "digest": self.meta.get("digest"),
            "sources": json.loads(self.meta.get("sources", "[]")),
            "counts": self._file.counts(),
            "gaps": json.loads(self.meta.get("gaps", "[]")),
        }

    # Resolution

    def candidates(self, name: str, *, title: str | None = None, date: dt.date | None = None,
                   state: str | None = None, party: str | None = None,
                   limit: int = 10) -> list[Candidate]:
        """The people `name` could denote, best first, with a score in 0..1 and the reason.

        Args:
            name: the name as written ("Harris", "Corey Booker", "Sen. Harris").
            title: an office code the text gives the person ("senator"); a leading title word
                in `name` is used when this is None.
            date: the day the text speaks of; titles are checked as held on that day.
            state: postal code the text gives ("CA").
            party: party code or word ("Democrat", "D", "Democratic").
            limit: at most this many candidates.

        Returns:
            Candidates sorted by score; near-equal top scores mean the name is ambiguous
            (see `is_ambiguous`). Misspellings come back as match "fuzzy" with `variant_of`.
        """
        key = name_key(name)
        if title is None:
            key, title = _split_title(key)
        if party is not None:
            party = party_code(party) or party  # as the KB spells it ("D" -> "Democrat")
        dated, undated = self._names.match(key)
        day = date.isoformat() if date else None  # ranking compares ISO days as strings
        rank = self._rank_row
        ranked = [rank(found, title, day, state, party) for found in dated]
        if undated:
            ranked += self._undated_ranking(key, undated, title, date is not None, state, party,
                                            limit)[:limit]
        ranked.sort()
        # The last item of a row holds its candidate once built (see `_candidate`).
        return [row[-1][0] or self._candidate(row, title, day) for row in ranked[:limit]]

    def _rank_row(self, found: NameMatch, title: str | None, day: str | None,
                  state: str | None, party: str | None) -> tuple:
        """(-score, distance, place by name, name match, match kind, notes, [candidate or None]).

        Sorts best first, ties by display name then id (their order is packed: see
        `PackedKB.order`; it is unique, so later items never compare).
        """
        factor, match, notes = self._assess(found, title, day, state, party)
        return (-_rounded(found.base * factor), found.distance, self._packed.order[found.number],
                found, match, notes, [None])

    def _undated_ranking(self, key: str, undated: list[NameMatch] | RankedMatches,
                         title: str | None, has_date: bool, state: str | None,
                         party: str | None, limit: int) -> list[tuple]:
        """Ranked rows for the matches known only from undated roles, memoised; the first
        `limit` are final (ranking in name order stops early: see `_rank_until`).

        Their scores depend on whether a date is given but not on which, so common surnames
        (150 former Representatives Smith) are ranked once, not on every lookup; their
        candidates are built once too, when first returned.
        """
        memo_key = (key, title, has_date, state, party)
        memo = self._undated_memo.get(memo_key)
        if memo is not None and (memo[1] is None or 0 <= limit <= memo[1]):
            return memo[0]
        if len(self._undated_memo) >= MEMO_LIMIT:
            self._undated_memo.clear()
        any_day = dt.date.min.isoformat() if has_date else None
        if isinstance(undated, RankedMatches):
            ceiling = -_rounded(undated.best_base * _undated_ceiling(title, has_date))
            rows, covered = self._rank_until(undated, ceiling, limit, title, any_day, state,
                                             party)
        else:
            rows, covered = sorted(self._rank_row(found, title, any_day, state, party)
                                   for found in undated), None
        self._undated_memo[memo_key] = rows, covered
        return rows

    def _rank_until(self, undated: RankedMatches, ceiling: float, limit: int, title: str | None,
                    day: str | None, state: str | None, party: str | None,
                    ) -> tuple[list[tuple], int | None]:
        """Rows for matches taken in ranking order, sorted, and how many of them are right
        (None: all).

        Once `limit` rows reach the `ceiling` (the best negated score any of these matches can
        get), no later match can come before them: it could only tie on score, and lose on
        name or id.
        """
        rows, unbeatable = [], 0
        for found in undated:
            row = self._rank_row(found, title, day, state, party)
            rows.append(row)
            if row[0] <= ceiling:
                unbeatable += 1
                if unbeatable == limit:
                    return sorted(rows), limit
        return sorted(rows), None

    def _candidate(self, row: tuple, title: str | None, day: str | None) -> Candidate:
        """The row's candidate, kept in the row: rows of matches known only from undated roles
        are memoised, and their candidates are the same for every date."""
        neg_score, _, _, found, match, notes, cell = row
        person = self._persons.get(found.person_id)
        if person is None:
            person = self._persons[found.person_id] = self._packed.person(found.number)
        cell[0] = _new_candidate(person, -neg_score, _reason(found, match, notes, title, day),
                                 match, found.variant_of, found.distance)
        return cell[0]

    def _assess(self, found: NameMatch, title: str | None, day: str | None,
                state: str | None, party: str | None) -> tuple[float, str, list[str]]:
        """The context factor for a name match on the ISO `day`, its final match kind, and
        notes on why."""
        number = found.number
        match = "surname" if found.match == "given_conflict" else found.match
        if title:
            factor, note = self._title_fit(number, title, day)
            notes = [note]
            if match == "surname" and factor == HELD_AT_DATE:
                match = "surname_title"
        else:
            factor, notes = 1.0, []
            if not (day or self._packed.has_positions(number)):
                factor = ONLY_UNDATED
        if not (state or party or (day and not title)):
            return factor, match, notes  # the common case: no rows needed
        spells, undated = self._spell_rows_of(number), self._undated_rows_of(number)
        in_force = [row for row in spells if _holds(row, day)] if day else spells
        if day and not title and not in_force:
            factor *= NO_POSITION_AT_DATE
            notes.append(f"no known position at {day}" if spells else "no dated positions")
        if state and not _agrees(state, STATE, in_force or spells, undated):
            factor *= STATE_MISMATCH
            notes.append(f"not {state}")
        if party and not _agrees(party, PARTY, in_force or spells, undated):
            factor *= PARTY_MISMATCH
            notes.append(f"not {party}")
        return factor, match, notes

    def _title_fit(self, number: int, title: str, day: str | None) -> tuple[float, str]:
        """How well a title fits the person's periods in that office and undated roles on the
        ISO `day`, and a note saying why."""
        periods = self._periods[number]
        if periods is None:
            periods = self._periods_of(number)
        held = periods.get(title)
        if held:
            if day is None:
                return HELD_AT_DATE, title
            for start, end in held:  # ISO days compare as dates do; "" end: open
                if start <= day and (not end or day <= end):
                    return HELD_AT_DATE, f"{title} at {day}"
            return HELD_OTHER_TIME, f"{title} at another time"
        if held is not None or (periods is NO_PERIODS
                                and self._packed.held_undated(number, title)):
            return (UNDATED_AT_DATE if day else HELD_UNDATED), f"former {title} (no dates)"
        return NOT_HELD, f"never {title} in the KB"


def _rounded(score: float) -> float:
    """The score rounded to 4 places, memoised: `round` formats digits, and scores are
    products of a few constants, so there are few distinct ones."""
    rounded = _ROUNDED.get(score)
    if rounded is None:
        rounded = _ROUNDED[score] = round(score, 4)
    return rounded


def _undated_ceiling(title: str | None, has_date: bool) -> float:
    """The best context factor `_assess` can give a person known only from undated roles: a
    title they held, their state and party; the rest applies to all of them alike."""
    if title:
        return UNDATED_AT_DATE if has_date else HELD_UNDATED
    return NO_POSITION_AT_DATE if has_date else ONLY_UNDATED


def _reason(found: NameMatch, match: str, notes: list[str], title: str | None,
            day: str | None) -> str:
    """The human-readable why of a candidate."""
    if match == "surname_title":
        return f"surname + {title} at {day}" if day else f"surname + {title}"
    return "; ".join([found.reason, *notes])


def _holds(row: list[str], day: str) -> bool:
    """Whether a position row covers the ISO `day` (ISO dates compare as dates do)."""
    return row[START] <= day and (not row[END] or day <= row[END])


def _agrees(value: str, field: int, spells: list[list[str]], undated: list[list[str]]) -> bool:
    """Whether any relevant position or undated role has this state or party (`field`)."""
    return any(row[field] == value for row in spells) or any(row[field] == value
                                                             for row in undated)


def _split_title(key: str) -> tuple[str, str | None]:
    """Strip a leading title word from a normalised name: "sen harris" -> ("harris", "senator")."""
    if key.partition(" ")[0] not in _TITLE_HEADS:
        return key, None
    tokens = key.split()
    for width in (2, 1):
        head = " ".join(tokens[:width])
        if len(tokens) > width and head in TITLE_WORDS:
            return " ".join(tokens[width:]), TITLE_WORDS[head]
    return key, None


def _intersect(first: list[Interval], second: list[Interval]) -> list[Interval]:
    """Pairwise overlaps of two sorted interval lists."""
    result = []
    for a in first:
        for b in second:
            start = max(a.start, b.start)
            ends = [e for e in (a.end, b.end) if e is not None]
            end = min(ends) if ends else None
            if end is None or start <= end:
                result.append(Interval(start, end))
    return sorted(result, key=lambda i: i.start)
