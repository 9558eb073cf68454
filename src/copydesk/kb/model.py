"""The knowledge base's records: people, their dated positions, and what the resolver returns.

All dates are inclusive at both ends: on an inauguration day both the outgoing and the incoming
holder count as holding the office, because articles written that day may name either.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields
from typing import TypeVar

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Person:
    """A person the KB knows, with the name parts the sources give.

    `id` is the Wikidata QID where known, else a namespaced source id ("bioguide:B000444",
    "govtrack:412374", "ep:840"). `ids` holds every cross-link (bioguide, wikidata, govtrack, …).
    `notes` says what the KB knows about the person beyond dated positions, e.g.
    "former member of Congress, no term dates in the source".
    """

    id: str
    name: str
    first: str = ""
    middle: str = ""
    last: str = ""
    suffix: str = ""
    nickname: str = ""
    ids: Mapping[str, str] = field(default_factory=dict)
    aliases: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    country: str = "US"

    def __hash__(self) -> int:
        return hash(self.id)


@dataclass(frozen=True, slots=True)
class Position:
    """One dated spell in an office. `end=None` means still holding at the data's snapshot.

    `senate_class` (1, 2 or 3) is the Senate seat's election cycle, for senators whose source
    gives it; None otherwise.
    """

    person_id: str
    office: str
    state: str | None
    district: str | None
    party: str | None
    start: dt.date
    end: dt.date | None
    source: str
    country: str = "US"
    senate_class: int | None = None

    def holds_on(self, day: dt.date) -> bool:
        """Whether this spell covers `day` (both ends inclusive)."""
        return self.start <= day and (self.end is None or day <= self.end)


@dataclass(frozen=True, slots=True)
class UndatedRole:
    """An office a source says the person held, without usable dates.

    Used for former members of Congress known only from legislators-historical.csv (their last
    term's chamber, state and party), MEPs (term numbers only) and world leaders (years only).
    These never answer date questions; they let the resolver know the person exists and where.
    """

    person_id: str
    office: str
    state: str | None
    district: str | None
    party: str | None
    source: str
    note: str = ""
    country: str = "US"


@dataclass(frozen=True, slots=True)
class CommitteeRole:
    """A seat on a congressional committee, as the current-committees data lists it.

    The source is a snapshot: it says who sat where on `as_of` (the data's date), not since
    when, so a role answers questions about that day only. `role` is "chair", "vice_chair",
    "ranking_member", "ex_officio" or "member"; `side` is "majority" or "minority";
    `subcommittee` is empty for a full committee.
    """

    person_id: str
    role: str
    committee_id: str
    committee: str
    subcommittee: str
    chamber: str
    side: str
    rank: int | None
    as_of: dt.date
    source: str


@dataclass(frozen=True, slots=True)
class Candidate:
    """One possible referent of a name, with why the resolver thinks so.

    `match` is "exact" (the person's display or official name), "alias" (another generated or
    recorded form), "surname_title" (surname plus a title held at the date), "surname" or
    "fuzzy". `variant_of` is the KB's spelling when the query is spelled differently.
    """

    person: Person
    score: float
    reason: str
    match: str
    variant_of: str | None = None
    distance: int = 0


@dataclass(frozen=True, slots=True)
class TitleClaim:
    """"Person X held office Y (in state Z)", as an article asserts it."""

    person_id: str
    office: str
    state: str | None = None


@dataclass(frozen=True, slots=True)
class Interval:
    """A date range, both ends inclusive; `end=None` means open-ended."""

    start: dt.date
    end: dt.date | None

    def contains(self, day: dt.date) -> bool:
        """Whether `day` falls inside the interval."""
        return self.start <= day and (self.end is None or day <= self.end)


@dataclass(frozen=True, slots=True)
class AliasRecord:
    """A name form for a person: `text` as written, `key` normalised, `kind` how it arose."""

    person_id: str
    text: str
    key: str
    kind: str


@dataclass(slots=True)
class KBData:
    """Everything a KB holds, as plain rows: what the builder writes and the loader reads."""

    persons: list[Person] = field(default_factory=list)
    aliases: list[AliasRecord] = field(default_factory=list)
    positions: list[Position] = field(default_factory=list)
    undated_roles: list[UndatedRole] = field(default_factory=list)
    house_seats: dict[tuple[int, str], int] = field(default_factory=dict)
    committee_roles: list[CommitteeRole] = field(default_factory=list)
    meta: dict[str, str] = field(default_factory=dict)


def congress_of(day: dt.date) -> int:
    """The number of the Congress sitting on `day` (a Congress runs Jan 3 to Jan 3)."""
    year = day.year if day >= dt.date(day.year, 1, 3) else day.year - 1
    return (year - 1789) // 2 + 1


def congress_start(congress: int) -> dt.date:
    """The first day of a Congress (January 3 of its first year)."""
    return dt.date(1789 + 2 * (congress - 1), 1, 3)


def fast_constructor(cls: type[T]) -> Callable[..., T]:
    """A positional constructor for a frozen slots dataclass that skips its `__init__`.

    A frozen dataclass's `__init__` sets each field through `object.__setattr__`; setting the
    slots directly, in straight-line code generated here much as `dataclasses` generates
    `__init__`, is two to three times faster, which counts where the KB builds objects by the
    thousand (unpacking people, ranking candidates). Every field must be given, in declaration
    order; the object equals one built the usual way.
    """
    names = [f.name for f in fields(cls)]
    scope: dict[str, object] = {"new": object.__new__, "cls": cls}
    scope.update({f"set_{name}": getattr(cls, name).__set__ for name in names})
    body = "".join(f"    set_{name}(obj, {name})\n" for name in names)
    exec(f"def construct({', '.join(names)}):\n    obj = new(cls)\n{body}    return obj\n",  # noqa: S102
         scope)
    return scope["construct"]  # type: ignore[return-value]
