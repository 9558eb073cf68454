"""Import the current congressional committees and their members (congress-legislators, CC0).

`committees-current.yaml` names each committee and subcommittee (thomas id, chamber);
`committee-membership-current.yaml` lists who sits on each, with titles (Chair, Ranking
Member, …). Both describe one day, the data's snapshot: they say nothing of when a member took
the seat, so each role is recorded as held on that day only (`CommitteeRole.as_of`).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from copydesk.errors import InputError
from copydesk.kb.importers import load_yaml
from copydesk.kb.registry import Registry

COMMITTEES = "committees-current.yaml"
MEMBERSHIP = "committee-membership-current.yaml"
# Source titles -> role codes; members without a title are plain members.
ROLE_BY_TITLE = {"chair": "chair", "chairman": "chair", "chairwoman": "chair",
                 "cochairman": "chair", "co-chair": "chair", "vice chair": "vice_chair",
                 "vice chairman": "vice_chair", "vice chairwoman": "vice_chair",
                 "ranking member": "ranking_member", "ex officio": "ex_officio"}


def has_committees(folder: Path) -> bool:
    """Whether the congress-legislators folder holds both committee files."""
    return (folder / COMMITTEES).is_file() and (folder / MEMBERSHIP).is_file()


def import_committees(folder: Path, registry: Registry, as_of: dt.date) -> None:
    """Add every committee seat of a member already registered (by bioguide id).

    Args:
        folder: the congress-legislators folder holding the two committee files.
        registry: the build's registry, already holding the current members.
        as_of: the day the files describe (the upstream commit date).

    Raises:
        InputError: a file is malformed, or a seat names a member the US data lacks.
    """
    try:
        names = committee_names(load_yaml(folder / COMMITTEES))
    except (KeyError, TypeError, AttributeError) as err:
        raise InputError(f"unexpected layout ({err!r})", source=str(folder / COMMITTEES)) from err
    for code, seats in load_yaml(folder / MEMBERSHIP, dict).items():
        if code not in names:
            raise InputError(f"committee {code!r} is not in {COMMITTEES}",
                             source=str(folder / MEMBERSHIP))
        for seat in seats or []:
            if not isinstance(seat, dict):
                raise InputError(f"{code}: a seat is not a mapping: {seat!r}",
                                 source=str(folder / MEMBERSHIP))
            _add_seat(registry, code, names[code], seat, as_of, folder / MEMBERSHIP)
    registry.gaps.append(f"committees: current seats only, as of {as_of} (no start dates, "
                         "no earlier Congresses); they answer for that day, not for dates")


def _add_seat(registry: Registry, code: str, names: tuple[str, str, str], seat: dict,
              as_of: dt.date, path: Path) -> None:
    """Record one member's seat on committee `code` (named `names`)."""
    draft = registry.find({"bioguide": str(seat.get("bioguide", ""))})
    if draft is None:
        raise InputError(f"{code}: bioguide id {seat.get('bioguide')!r} ({seat.get('name')}) is "
                         "not a member in the US data", source=str(path))
    committee, subcommittee, chamber = names
    draft.committee_roles.append({
        "role": ROLE_BY_TITLE.get(str(seat.get("title", "")).lower(), "member"),
        "committee_id": code, "committee": committee, "subcommittee": subcommittee,
        "chamber": chamber, "side": str(seat.get("party", "")), "rank": seat.get("rank"),
        "as_of": as_of, "source": MEMBERSHIP})


def committee_names(committees: list) -> dict[str, tuple[str, str, str]]:
    """thomas id -> (committee name, subcommittee name or "", chamber), subcommittees too."""
    names: dict[str, tuple[str, str, str]] = {}
    for committee in committees:
        code, name, chamber = committee["thomas_id"], committee["name"], committee["type"]
        names[code] = (name, "", chamber)
        for sub in committee.get("subcommittees", []):
            names[code + str(sub["thomas_id"])] = (name, sub["name"], chamber)
    return names
