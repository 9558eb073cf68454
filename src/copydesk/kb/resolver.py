"""Name matching: which people a written name could be, before context is weighed.

Three tiers, tried in order:
1. the whole name is a known name form (official name, generated alias or bare surname);
2. the surname is known and the given name is misspelled ("Corey Booker");
3. the surname itself is misspelled ("Cory Bookr"), found through a symmetric-delete index
   (every key with one character removed), then measured with Damerau-Levenshtein distance.
Matches from tiers 2-3 are spelling variants: they carry the KB's spelling and the distance.
"""

from __future__ import annotations

from typing import NamedTuple

from rapidfuzz import process
from rapidfuzz.distance import DamerauLevenshtein

from copydesk.kb.names import SUFFIXES, deletions
from copydesk.kb.packed import PackedKB

# Score before context, by how the name matched.
BASE_SCORES = {"exact": 1.0, "alias": 0.95, "surname": 0.6, "given_conflict": 0.3}
FUZZY_BASE = 0.9  # minus FUZZY_STEP per edit
FUZZY_STEP = 0.1
SURNAME_ONLY_FUZZY_BASE = 0.5
MEMO_LIMIT = 200_000  # distinct query keys remembered before the memo is reset


class NameMatch(NamedTuple):
    """How a query matched one person, before context."""

    person_id: str
    match: str  # exact | alias | surname | fuzzy | given_conflict
    base: float
    reason: str
    variant_of: str | None = None
    distance: int = 0


def allowed_edits(*keys: str) -> int:
    """Edits tolerated between name parts: none up to 3 letters, 1 up to 6, then 2.

    The longer part decides, so "Jck" may still match "Jack".
    """
    length = max([len(key) - key.count(" ") for key in keys])
    return 0 if length <= 3 else 1 if length <= 6 else 2


class NameIndex:
    """Name lookups over the packed KB: alias key -> people, surname key -> people, memoised."""

    def __init__(self, packed: PackedKB):
        self._packed = packed
        self._matches: dict[str, tuple[list[NameMatch], list[NameMatch]]] = {}

    def _bearers(self, surname: str) -> list[str]:
        """The people with this surname key."""
        return [pid for pid, kind, _ in self._packed.forms(surname) if kind == "surname"]

    def match(self, key: str) -> tuple[list[NameMatch], list[NameMatch]]:
        """Every person the normalised name `key` could denote, best tiers only (memoised),
        split into those with dated positions and those known only from undated roles."""
        found = self._matches.get(key)
        if found is None:
            if len(self._matches) >= MEMO_LIMIT:  # bound memory on endless streams of names
                self._matches.clear()
            dated: list[NameMatch] = []
            undated: list[NameMatch] = []
            for match in self._match(key):
                has_dates = self._packed.has_positions(self._packed.number[match.person_id])
                (dated if has_dates else undated).append(match)
            found = self._matches[key] = (dated, undated)
        return found

    def _match(self, key: str) -> list[NameMatch]:
        exact = self._exact(key)
        if exact:
            return exact
        tokens = [t for t in key.split() if t not in SUFFIXES] or key.split()
        if len(tokens) >= 2:
            found = self._known_surname(tokens)
            if any(m.match != "given_conflict" for m in found):
                return found
            return self._fuzzy_surname(tokens) or found
        return self._fuzzy_surname(tokens) if tokens else []

    def _exact(self, key: str) -> list[NameMatch]:
        matches: dict[str, NameMatch] = {}
        for person_id, kind, form in self._packed.forms(key):
            if kind == "official":
                match, reason = "exact", "exact name"
            elif kind == "surname":
                match, reason = "surname", "surname only"
            else:
                match, reason = "alias", f"exact alias ({self._packed.form_text(form)})"
            current = matches.get(person_id)
            if current is None or BASE_SCORES[match] > current.base:
                matches[person_id] = NameMatch(person_id, match, BASE_SCORES[match], reason)
        return list(matches.values())

    def _known_surname(self, tokens: list[str]) -> list[NameMatch]:
        """Split the query into given names + a known surname; compare the given names."""
        for split in range(1, len(tokens)):
            bearers = self._bearers(" ".join(tokens[split:]))
            if bearers:
                given = " ".join(tokens[:split])
                return [m for pid in bearers
                        if (m := self._compare_given(pid, given, 0)) is not None]
        return []

    def _fuzzy_surname(self, tokens: list[str]) -> list[NameMatch]:
        """Misspelled surname (last one or two tokens), then the given names if any."""
        results: dict[str, NameMatch] = {}
        for width in (1, 2):
            if width > len(tokens):
                break
            surname = " ".join(tokens[-width:])
            given = " ".join(tokens[:-width])
            for known, distance in self._near_surnames(surname):
                for person_id in self._bearers(known):
                    found = (self._compare_given(person_id, given, distance) if given
                             else self._surname_variant(person_id, distance))
                    if found and found.match != "given_conflict" and (
                            person_id not in results or found.distance < results[person_id].distance):
                        results[person_id] = found
        return list(results.values())

    def _near_surnames(self, surname: str) -> list[tuple[str, int]]:
        """Known surnames within the allowed edits of `surname` (excluding itself)."""
        limit = allowed_edits(surname + "x")  # a known surname may be one letter longer
        if limit == 0:
            return []
        near: dict[str, int] = {}
        for variant in deletions(surname):
            for known in self._packed.surnames_near(variant):
                if known not in near and known != surname:
                    distance = DamerauLevenshtein.distance(surname, known, score_cutoff=limit)
                    if distance <= allowed_edits(surname, known):
                        near[known] = distance
        return list(near.items())

    def _compare_given(self, person_id: str, given: str, surname_distance: int) -> NameMatch | None:
        """Match the query's given names against the person's forms (first, nickname, …)."""
        number = self._packed.number[person_id]
        texts, keys = self._packed.given_forms(number)
        if not keys:
            return None
        # The closest form, the first of equals (extractOne scans in C).
        best_key, best, index = process.extractOne(given, keys,
                                                   scorer=DamerauLevenshtein.distance)
        total = best + surname_distance
        if total == 0 or (best <= allowed_edits(given, best_key) and total <= 2):
            canonical = f"{texts[index]} {self._packed.name_and_last(number)[1]}"
            if total == 0:
                return NameMatch(person_id, "alias", BASE_SCORES["alias"],
                                 f"name form {canonical}")
            return NameMatch(person_id, "fuzzy", round(FUZZY_BASE - FUZZY_STEP * total, 3),
                             f"fuzzy spelling, edit distance {total}", canonical, total)
        if surname_distance == 0:
            name = self._packed.name(number)
            return NameMatch(person_id, "given_conflict", BASE_SCORES["given_conflict"],
                             f"surname only; given name differs from {name}")
        return None

    def _surname_variant(self, person_id: str, distance: int) -> NameMatch:
        _, last = self._packed.name_and_last(self._packed.number[person_id])
        return NameMatch(person_id, "fuzzy",
                         round(SURNAME_ONLY_FUZZY_BASE - FUZZY_STEP * distance, 3),
                         f"fuzzy surname, edit distance {distance}", last, distance)
