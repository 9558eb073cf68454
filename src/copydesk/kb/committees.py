"""Committee seats: who chairs, ranks or sits on which congressional committee (a snapshot).

Committees are found by the words of their name, as articles write them: "Senate Judiciary
Committee", "House Ways and Means", "Judiciary Committee" (both chambers), "SSJU" (the thomas
id). A query matches the committees whose name holds all its content words; full committees
unless the query says "subcommittee"; the matches with the fewest extra words win.
"""

from __future__ import annotations

from copydesk.kb.model import CommitteeRole
from copydesk.kb.names import name_key

CHAMBERS = frozenset({"senate", "house", "joint"})
# Words that do not tell committees apart ("Committee on the Judiciary" = "Judiciary").
FILLER = frozenset({"committee", "committees", "on", "the", "of", "and", "for", "us", "u", "s",
                    "select", "permanent", "special", "standing", "subcommittee"})


class CommitteeIndex:
    """Committee seats by person and by committee, with committee lookup by name."""

    def __init__(self, roles: list[CommitteeRole]):
        self._by_person: dict[str, list[CommitteeRole]] = {}
        self._by_committee: dict[str, list[CommitteeRole]] = {}
        self._words: dict[str, tuple[str, frozenset[str], bool]] = {}  # id -> chamber, words, sub
        for role in roles:
            self._by_person.setdefault(role.person_id, []).append(role)
            self._by_committee.setdefault(role.committee_id, []).append(role)
            self._words.setdefault(role.committee_id, (
                role.chamber, content_words(f"{role.committee} {role.subcommittee}"),
                bool(role.subcommittee)))

    def roles_of(self, person_id: str) -> list[CommitteeRole]:
        """The person's committee seats."""
        return list(self._by_person.get(person_id, ()))

    def find(self, committee: str) -> list[str]:
        """The ids of the committees a written name denotes (several if it is ambiguous)."""
        if committee in self._words:
            return [committee]
        tokens = name_key(committee).split()
        chamber = next((t for t in tokens if t in CHAMBERS), None)
        wanted = content_words(committee)
        sub = "subcommittee" in tokens
        scored = [(len(words - wanted), code) for code, (room, words, is_sub) in self._words.items()
                  if wanted and wanted <= words and is_sub == sub and chamber in (None, room)]
        fewest = min((extra for extra, _ in scored), default=None)
        return sorted(code for extra, code in scored if extra == fewest)

    def holders(self, committee: str, role: str | None) -> list[CommitteeRole]:
        """Seats with this role (any role if None) on the committees `committee` denotes."""
        return [seat for code in self.find(committee) for seat in self._by_committee[code]
                if role is None or seat.role == role]


def content_words(name: str) -> frozenset[str]:
    """The words of a committee name that identify it (no chamber, no filler)."""
    return frozenset(name_key(name).split()) - FILLER - CHAMBERS
