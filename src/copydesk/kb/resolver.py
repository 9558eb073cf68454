"""Name matching: which people a written name could be, before context is weighed.

Three tiers, tried in order:
1. the whole name is a known name form (official name, generated alias or bare surname);
2. the surname is known and the given name is misspelled ("Corey Booker");
3. the surname itself is misspelled ("Cory Bookr"), found through a symmetric-delete index
   (every key with one character removed), then measured with Damerau-Levenshtein distance.
Matches from tiers 2-3 are spelling variants: they carry the KB's spelling and the distance.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import NamedTuple

from rapidfuzz import process
from rapidfuzz.distance import DamerauLevenshtein

from copydesk.kb.names import SUFFIXES, deletions
from copydesk.kb.packed import KIND_LETTERS, PackedKB

# Score before context, by how the name matched.
BASE_SCORES = {"exact": 1.0, "alias": 0.95, "surname": 0.6, "given_conflict": 0.3}
# How a name form of each kind matches a query equal to its key, and why.
FORM_MATCHES = {KIND_LETTERS["official"]: ("exact", "exact name"),
                KIND_LETTERS["surname"]: ("surname", "surname only"),
                KIND_LETTERS["full"]: ("alias", None), KIND_LETTERS["other"]: ("alias", None)}
FORM_BASES = {letter: BASE_SCORES[match] for letter, (match, _) in FORM_MATCHES.items()}
FUZZY_BASE = 0.9  # minus FUZZY_STEP per edit
FUZZY_STEP = 0.1
SURNAME_ONLY_FUZZY_BASE = 0.5
MEMO_LIMIT = 200_000  # distinct query keys remembered before the memo is reset


class NameMatch(NamedTuple):
    """How a query matched one person, before context."""

    person_id: str
    number: int  # the person's index in the packed KB
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


class RankedMatches:
    """The exact matches for a key among people known only from undated roles, made on demand
    in ranking order (display name, then id: see `copydesk.kb.packed`).

    A common surname has a hundred such namesakes; ranking takes them in this order and stops
    once enough of them have a score no later one can beat.
    """

    __slots__ = ("_forms", "_index", "best_base")

    def __init__(self, index: NameIndex, forms: Sequence[int]):
        self._index = index
        self._forms = forms
        kinds = index.packed.form_kind
        self.best_base = max(FORM_BASES[kinds[form]] for form in forms)

    def __iter__(self) -> Iterator[NameMatch]:
        return self._index.people(self._forms)


class NameIndex:
    """Name lookups over the packed KB: alias key -> people, surname key -> people, memoised."""

    def __init__(self, packed: PackedKB):
        self.packed = packed
        self._matches: dict[str, tuple[list[NameMatch], list[NameMatch] | RankedMatches]] = {}

    def _bearers(self, surname: str) -> list[int]:
        """The people (indexes) with this surname key."""
        owners, kinds = self.packed.form_owner, self.packed.form_kind
        letter = KIND_LETTERS["surname"]
        return [owners[form] for form in self.packed.key_forms(surname) if kinds[form] == letter]

    def match(self, key: str) -> tuple[list[NameMatch], list[NameMatch] | RankedMatches]:
        """Every person the normalised name `key` could denote, best tiers only (memoised),
        split into those with dated positions and those known only from undated roles."""
        found = self._matches.get(key)
        if found is None:
            if len(self._matches) >= MEMO_LIMIT:  # bound memory on endless streams of names
                self._matches.clear()
            found = self._matches[key] = self._exact(key) or self._split(self._inexact(key))
        return found

    def _split(self, matches: Iterable[NameMatch]) -> tuple[list[NameMatch], list[NameMatch]]:
        dated: list[NameMatch] = []
        undated: list[NameMatch] = []
        for match in matches:
            (dated if self.packed.has_positions(match.number) else undated).append(match)
        return dated, undated

    def _inexact(self, key: str) -> list[NameMatch]:
        tokens = [t for t in key.split() if t not in SUFFIXES] or key.split()
        if len(tokens) >= 2:
            found = self._known_surname(tokens)
            if any(m.match != "given_conflict" for m in found):
                return found
            return self._fuzzy_surname(tokens) or found
        return self._fuzzy_surname(tokens) if tokens else []

    def _exact(self, key: str) -> tuple[list[NameMatch], list[NameMatch] | RankedMatches] | None:
        """The people with a name form whose key is `key` (None if nobody has one)."""
        forms = self.packed.key_forms(key)
        if not forms:
            return None
        # Ranking order puts the people with dated positions first.
        owners, has_positions = self.packed.form_owner, self.packed.has_positions
        split = 0
        while split < len(forms) and has_positions(owners[forms[split]]):
            split += 1
        undated = forms[split:]
        return list(self.people(forms[:split])), RankedMatches(self, undated) if undated else []

    def people(self, forms: Iterable[int]) -> Iterator[NameMatch]:
        """One exact match per person for these forms of a key (each person's together): from
        the form whose kind scores best, the first of equals."""
        owners, kinds = self.packed.form_owner, self.packed.form_kind
        current = best = -1
        for form in forms:
            number = owners[form]
            if number != current:
                if current >= 0:
                    yield self._form_match(current, best)
                current, best = number, form
            elif FORM_BASES[kinds[form]] > FORM_BASES[kinds[best]]:
                best = form
        if current >= 0:
            yield self._form_match(current, best)

    def _form_match(self, number: int, form: int) -> NameMatch:
        match, reason = FORM_MATCHES[self.packed.form_kind[form]]
        if reason is None:
            reason = f"exact alias ({self.packed.form_text(form)})"
        return NameMatch(self.packed.ids[number], number, match, BASE_SCORES[match], reason)

    def _known_surname(self, tokens: list[str]) -> list[NameMatch]:
        """Split the query into given names + a known surname; compare the given names."""
        for split in range(1, len(tokens)):
            bearers = self._bearers(" ".join(tokens[split:]))
            if bearers:
                given = " ".join(tokens[:split])
                return [m for number in bearers
                        if (m := self._compare_given(number, given, 0)) is not None]
        return []

    def _fuzzy_surname(self, tokens: list[str]) -> list[NameMatch]:
        """Misspelled surname (last one or two tokens), then the given names if any."""
        results: dict[int, NameMatch] = {}
        for width in (1, 2):
            if width > len(tokens):
                break
            surname = " ".join(tokens[-width:])
            given = " ".join(tokens[:-width])
            for known, distance in self._near_surnames(surname):
                for number in self._bearers(known):
                    found = (self._compare_given(number, given, distance) if given
                             else self._surname_variant(number, distance))
                    if found and found.match != "given_conflict" and (
                            number not in results or found.distance < results[number].distance):
                        results[number] = found
        return list(results.values())

    def _near_surnames(self, surname: str) -> list[tuple[str, int]]:
        """Known surnames within the allowed edits of `surname` (excluding itself)."""
        limit = allowed_edits(surname + "x")  # a known surname may be one letter longer
        if limit == 0:
            return []
        near: dict[str, int] = {}
        for variant in deletions(surname):
            for known in self.packed.surnames_near(variant):
                if known not in near and known != surname:
                    distance = DamerauLevenshtein.distance(surname, known, score_cutoff=limit)
                    if distance <= allowed_edits(surname, known):
                        near[known] = distance
        return list(near.items())

    def _compare_given(self, number: int, given: str, surname_distance: int) -> NameMatch | None:
        """Match the query's given names against the person's forms (first, nickname, …)."""
        texts, keys = self.packed.given_forms(number)
        if not keys:
            return None
        # The closest form, the first of equals (extractOne scans in C).
        best_key, best, index = process.extractOne(given, keys,
                                                   scorer=DamerauLevenshtein.distance)
        total = best + surname_distance
        person_id = self.packed.ids[number]
        if total == 0 or (best <= allowed_edits(given, best_key) and total <= 2):
            canonical = f"{texts[index]} {self.packed.name_and_last(number)[1]}"
            if total == 0:
                return NameMatch(person_id, number, "alias", BASE_SCORES["alias"],
                                 f"name form {canonical}")
            return NameMatch(person_id, number, "fuzzy",
                             round(FUZZY_BASE - FUZZY_STEP * total, 3),
                             f"fuzzy spelling, edit distance {total}", canonical, total)
        if surname_distance == 0:
            name = self.packed.name(number)
            return NameMatch(person_id, number, "given_conflict", BASE_SCORES["given_conflict"],
                             f"surname only; given name differs from {name}")
        return None

    def _surname_variant(self, number: int, distance: int) -> NameMatch:
        _, last = self.packed.name_and_last(number)
        return NameMatch(self.packed.ids[number], number, "fuzzy",
                         round(SURNAME_ONLY_FUZZY_BASE - FUZZY_STEP * distance, 3),
                         f"fuzzy surname, edit distance {distance}", last, distance)
