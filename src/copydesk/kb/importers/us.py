"""Import the unitedstates/congress-legislators files (CC0): Congress, the executive, leaders.

Reads, from one folder laid out like the upstream repository:
- `legislators-current.yaml`: current members, whole careers, leadership roles;
- `derived/legislators-departed-since-2012.yaml`: members who left since Sept 2012, with an
  `effective_end_estimate` that clips their last term (the copied records keep the scheduled
  end: Kamala Harris's Senate term says 2023-01-03, she left on 2021-01-18);
- `executive.yaml`: every President and Vice President;
- `legislators-historical.csv`: every former member, last term only and without dates. These
  people get undated roles and a note, never dated positions.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from pathlib import Path

from copydesk.errors import InputError
from copydesk.kb.importers import load_yaml
from copydesk.kb.importers.committees import has_committees, import_committees
from copydesk.kb.names import NameParts
from copydesk.kb.registry import PersonDraft, Registry

CURRENT = "legislators-current.yaml"
DEPARTED = "derived/legislators-departed-since-2012.yaml"
EXECUTIVE = "executive.yaml"
HISTORICAL = "legislators-historical.csv"
TERM_OFFICES = {"sen": "senator", "rep": "representative",
                "prez": "president", "viceprez": "vice_president"}
HISTORICAL_NOTE = ("former member of Congress; legislators-historical.csv gives only the last "
                   "term's chamber, state and party, no term dates")


def is_us_source(folder: Path) -> bool:
    """Whether `folder` looks like a congress-legislators copy."""
    return (folder / CURRENT).is_file()


def import_us(folder: Path, registry: Registry) -> None:
    """Add everything in a congress-legislators folder to the registry.

    Args:
        folder: the folder holding `legislators-current.yaml` and its companions.
        registry: the build's registry; people are joined by bioguide id.
    """
    for name in (CURRENT, EXECUTIVE, HISTORICAL):
        if not (folder / name).is_file():
            raise InputError(f"missing {name}; a congress-legislators folder needs it",
                             source=str(folder))
    for record in load_yaml(folder / CURRENT):
        _import_legislator(record, registry, CURRENT, effective_end=None)
    departed_path = folder / DEPARTED
    if departed_path.is_file():
        for record in load_yaml(departed_path):
            estimate = _date(record.get("_provenance", {}).get("effective_end_estimate"))
            _import_legislator(record, registry, Path(DEPARTED).name, effective_end=estimate)
    else:
        registry.gaps.append("no departed-members file: members who left Congress have no dates")
    for record in load_yaml(folder / EXECUTIVE):
        _import_executive(record, registry)
    _import_historical(folder / HISTORICAL, registry)
    commit, commit_date = _upstream(folder)
    _import_committees_if_dated(folder, registry, commit_date)
    registry.sources.append({"name": "us-congress", "version": commit[:8],
                             "license": "CC0-1.0",
                             "url": "https://github.com/unitedstates/congress-legislators"})
    registry.gaps.append("members who left Congress before September 2012 have no term dates "
                         "and no Senate class (names, last chamber, state and party only)")


def _import_committees_if_dated(folder: Path, registry: Registry, as_of: dt.date | None) -> None:
    """Committee seats, when the files are there and the README dates them (they are a snapshot)."""
    if not has_committees(folder):
        registry.gaps.append("no committee files: committee chairs and members are not known")
    elif as_of is None:
        registry.gaps.append("committee files skipped: the folder's README does not give the "
                             "upstream commit date they describe")
    else:
        import_committees(folder, registry, as_of)


def leadership_office(title: str, chamber: str | None) -> str | None:
    """The office code for a leadership title ("Senate Majority Whip"), or None if not tracked."""
    text = title.lower()
    if "assistant" in text or "deputy" in text:
        return None
    if text in ("speaker", "speaker of the house"):
        return "speaker"
    match = re.search(r"\b(majority|minority) (leader|whip)\b", text)
    if not match:
        return None
    house = "senate" if text.startswith("senate") else "house" if text.startswith("house") else chamber
    if house not in ("senate", "house"):
        return None
    return f"{house}_{match.group(1)}_{match.group(2)}"


def _import_legislator(record: dict, registry: Registry, source: str,
                       effective_end: dt.date | None) -> None:
    """Add one member's terms and leadership roles, clipped to `effective_end` if given."""
    draft = registry.person(_ids(record), _name_parts(record))
    _add_other_names(draft, record)
    for term in record.get("terms", []):
        for spell in _party_spells(term):
            _add_clipped(registry, draft, TERM_OFFICES[term["type"]], spell, source,
                         effective_end, state=term.get("state"),
                         district=_district(term), senate_class=term.get("class"))
    for role in record.get("leadership_roles", []):
        office = leadership_office(role.get("title", ""), role.get("chamber"))
        if office:
            spell = {"start": role["start"], "end": role.get("end"), "party": None}
            _add_clipped(registry, draft, office, spell, source, effective_end)


def _party_spells(term: dict) -> list[dict]:
    """A term split where the member changed party (`party_affiliations`), else the term."""
    affiliations = term.get("party_affiliations")
    if not affiliations:
        return [{"start": term["start"], "end": term.get("end"), "party": term.get("party")}]
    return [{"start": a["start"], "end": a.get("end"), "party": a.get("party")}
            for a in affiliations]


def _add_clipped(registry: Registry, draft: PersonDraft, office: str, spell: dict, source: str,
                 effective_end: dt.date | None, **where: str | int | None) -> None:
    """Add a spell, ending it no later than the member's effective departure."""
    start, end = _date(spell["start"]), _date(spell.get("end"))
    if effective_end is not None and (end is None or end > effective_end):
        end = effective_end
    registry.add_position(draft, office, start, end, source=source, party=spell.get("party"),
                          **where)


def _import_executive(record: dict, registry: Registry) -> None:
    """Add a President's or Vice President's terms."""
    draft = registry.person(_ids(record), _name_parts(record))
    for term in record.get("terms", []):
        registry.add_position(draft, TERM_OFFICES[term["type"]], _date(term["start"]),
                              _date(term.get("end")), source=EXECUTIVE, party=term.get("party"))


def _import_historical(path: Path, registry: Registry) -> None:
    """Add former members; those without dated Congress terms get an undated role and a note."""
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            ids = {"bioguide": row["bioguide_id"], "govtrack": row["govtrack_id"],
                   "icpsr": row["icpsr_id"], "wikipedia": row["wikipedia_id"]}
            parts = NameParts(first=row["first_name"], middle=row["middle_name"],
                              last=row["last_name"], suffix=row["suffix"],
                              nickname=row["nickname"], official=row["full_name"])
            draft = registry.person(ids, parts)
            if draft.offices() & {"senator", "representative"}:
                continue
            office = TERM_OFFICES.get(row["type"])
            if office is None:
                continue
            draft.notes.append(HISTORICAL_NOTE)
            registry.add_undated(draft, office, source=HISTORICAL, note="last term only",
                                 state=row["state"] or None, district=row["district"] or None,
                                 party=row["party"] or None)


def _ids(record: dict) -> dict[str, str]:
    """The cross-link ids of a YAML record worth keeping (scalar ones)."""
    return {key: str(value) for key, value in record.get("id", {}).items()
            if isinstance(value, (str, int)) and key in
            ("bioguide", "wikidata", "govtrack", "icpsr", "icpsr_prez", "lis", "wikipedia",
             "ballotpedia", "opensecrets", "votesmart", "thomas")}


def _name_parts(record: dict) -> NameParts:
    name = record.get("name", {})
    return NameParts(first=name.get("first", ""), middle=name.get("middle", ""),
                     last=name.get("last", ""), suffix=name.get("suffix", ""),
                     nickname=name.get("nickname", ""), official=name.get("official_full", ""))


def _add_other_names(draft: PersonDraft, record: dict) -> None:
    """Former names ("Mary Bono" before "Mary Bono Mack") become extra full-name aliases."""
    first = draft.parts.nickname or draft.parts.first
    for other in record.get("other_names", []):
        last = other.get("last", draft.parts.last)
        given = other.get("first", first)
        draft.other_names.append(f"{given} {last}")


def _district(term: dict) -> str | None:
    district = term.get("district")
    return None if district is None else str(district)


def _date(value: object) -> dt.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))


def _upstream(folder: Path) -> tuple[str, dt.date | None]:
    """The upstream `main` commit and its date, as the folder's README names them."""
    readme = folder / "README.md"
    text = readme.read_text(encoding="utf-8") if readme.is_file() else ""
    match = re.search(r"`main`[^|\n]*\|\s*`([0-9a-f]{40})`\s*\|\s*(\d{4}-\d{2}-\d{2})?", text)
    if not match:
        return "unknown", None
    return match.group(1), _date(match.group(2))
