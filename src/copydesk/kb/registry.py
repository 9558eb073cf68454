"""The builder's working set: people joined across sources by shared ids, and their positions.

Importers call `Registry.person(...)` with whatever ids a source has (bioguide, wikidata,
govtrack, ep); a person already known under any of those ids is reused, so the executive file,
the Congress files and a Wikidata dump all land on one record. `Registry.finish()` turns the
drafts into the frozen rows of `KBData`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass, field

from copydesk.kb.model import (
    AliasRecord,
    CommitteeRole,
    KBData,
    Person,
    Position,
    UndatedRole,
)
from copydesk.kb.names import NameParts, generate_aliases
from copydesk.vocab import OFFICES

# Which id names a person when no Wikidata QID is known, in order of preference.
ID_NAMESPACES = ("bioguide", "govtrack", "ep", "icpsr_prez")
JOIN_IDS = ("wikidata", *ID_NAMESPACES)


@dataclass(slots=True)
class PersonDraft:
    """A person while sources are still adding to it."""

    ids: dict[str, str]
    parts: NameParts
    other_names: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    country: str = "US"
    positions: list[dict] = field(default_factory=list)
    undated: list[dict] = field(default_factory=list)
    committee_roles: list[dict] = field(default_factory=list)

    @property
    def person_id(self) -> str:
        if "wikidata" in self.ids:
            return self.ids["wikidata"]
        for namespace in ID_NAMESPACES:
            if namespace in self.ids:
                return f"{namespace}:{self.ids[namespace]}"
        raise ValueError(f"person {self.parts.display()!r} has no usable id")

    def offices(self) -> set[str]:
        """Offices this person has dated positions in."""
        return {row["office"] for row in self.positions}


@dataclass(slots=True)
class Registry:
    """Collects people, positions, source descriptions and known gaps during a build."""

    drafts: list[PersonDraft] = field(default_factory=list)
    by_id: dict[tuple[str, str], PersonDraft] = field(default_factory=dict)
    sources: list[dict[str, str]] = field(default_factory=list)
    gaps: list[str] = field(default_factory=list)

    def find(self, ids: dict[str, str]) -> PersonDraft | None:
        """The draft already registered under any of these ids, if one is."""
        for namespace in JOIN_IDS:
            value = ids.get(namespace)
            if value and (namespace, value) in self.by_id:
                return self.by_id[(namespace, value)]
        return None

    def person(self, ids: dict[str, str], parts: NameParts, *, country: str = "US") -> PersonDraft:
        """The draft for these ids, created if new; earlier sources' name parts win."""
        ids = {key: str(value) for key, value in ids.items() if value not in (None, "")}
        draft = self.find(ids)
        if draft is None:
            draft = PersonDraft(ids=dict(ids), parts=parts, country=country)
            self.drafts.append(draft)
        else:
            for key, value in ids.items():
                draft.ids.setdefault(key, value)
            if not draft.parts.last and parts.last:
                draft.parts = parts
        for namespace in JOIN_IDS:
            if namespace in draft.ids:
                self.by_id[(namespace, draft.ids[namespace])] = draft
        return draft

    def add_position(self, draft: PersonDraft, office: str, start: dt.date, end: dt.date | None,
                     *, source: str, state: str | None = None, district: str | None = None,
                     party: str | None = None, country: str = "US",
                     senate_class: int | None = None) -> None:
        """Record a dated spell in office (dropped if it ends before it starts)."""
        if end is not None and end < start:
            return
        draft.positions.append({"office": office, "state": state, "district": district,
                                "party": party, "start": start, "end": end, "source": source,
                                "country": country, "senate_class": senate_class})

    def add_undated(self, draft: PersonDraft, office: str, *, source: str, note: str,
                    state: str | None = None, district: str | None = None,
                    party: str | None = None, country: str = "US") -> None:
        """Record an office the person held at some unknown time."""
        draft.undated.append({"office": office, "state": state, "district": district,
                              "party": party, "source": source, "note": note,
                              "country": country})

    def finish(self) -> KBData:
        """Freeze the drafts into KB rows (persons, aliases, positions, undated roles)."""
        data = KBData()
        seen_ids: set[str] = set()
        for draft in self.drafts:
            person_id = draft.person_id
            if person_id in seen_ids:
                raise ValueError(f"two people share the id {person_id}")
            seen_ids.add(person_id)
            forms = generate_aliases(draft.parts, tuple(draft.other_names))
            data.persons.append(Person(
                id=person_id, name=draft.parts.display(), first=draft.parts.first,
                middle=draft.parts.middle, last=draft.parts.last, suffix=draft.parts.suffix,
                nickname=draft.parts.nickname, ids=dict(sorted(draft.ids.items())),
                aliases=tuple(text for text, _, _ in forms), notes=tuple(draft.notes),
                country=draft.country))
            data.aliases.extend(AliasRecord(person_id, text, key, kind)
                                for text, key, kind in forms)
            data.positions.extend(Position(person_id=person_id, **row) for row in draft.positions)
            data.undated_roles.extend(UndatedRole(person_id=person_id, **row)
                                      for row in draft.undated)
            data.committee_roles.extend(CommitteeRole(person_id=person_id, **row)
                                        for row in draft.committee_roles)
        data.positions = clip_single_seat_offices(data.positions)
        data.positions.sort(key=lambda p: (p.person_id, p.office, p.start))
        return data


def clip_single_seat_offices(positions: list[Position]) -> list[Position]:
    """End each spell in a one-seat national office no later than the next holder's start.

    Sources leave some leadership spells open or end them at a scheduled date (Boehner's last
    Speaker term has no end); the successor's first day is the last day the predecessor can have
    held the office. The successor's first day stays shared: transition days count for both.
    """
    single = {code for code, info in OFFICES.items()
              if info["seats"] == 1 and info["scope"] == "nation"}
    by_office: dict[str, list[Position]] = {}
    for position in positions:
        if position.office in single and position.country == "US":
            by_office.setdefault(position.office, []).append(position)
    replaced: dict[int, Position] = {}
    for spells in by_office.values():
        spells.sort(key=lambda p: p.start)
        for index, spell in enumerate(spells):
            successor = next((later for later in spells[index + 1:]
                              if later.person_id != spell.person_id and later.start > spell.start),
                             None)
            if successor and (spell.end is None or spell.end > successor.start):
                replaced[id(spell)] = dataclasses.replace(spell, end=successor.start)
    return [replaced.get(id(position), position) for position in positions]
