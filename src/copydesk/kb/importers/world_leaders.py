"""Import the two world-leaders snapshots: heads of state and government outside the US.

- 2022 (Wikidata, CC0, unvetted, years only): holders get undated roles so the resolver knows
  the names; date checks never rely on them.
- 2026 G20/ASEAN current holders (CC BY-SA 4.0): dated spells from each holder's start date.
US rows are skipped in both: executive.yaml is better.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
from pathlib import Path

from copydesk.errors import InputError
from copydesk.kb.names import NameParts, name_key, split_full_name
from copydesk.kb.registry import Registry

SNAPSHOT = "wikidata-hos-hog-2022"
US_QID = "Q30"
GOVERNMENT_WORDS = ("prime minister", "chancellor", "premier", "head of government",
                    "chairman of the council of ministers", "president of the government")


def is_world_leaders_source(folder: Path) -> bool:
    """Whether `folder` is the 2022 snapshot folder (holds its wikidata.csv)."""
    return folder.name == SNAPSHOT and (folder / "wikidata.csv").is_file()


def import_world_leaders(folder: Path, registry: Registry) -> None:
    """Add each holder with an undated head_of_state / head_of_government role."""
    with (folder / "wikidata.csv").open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            if row["countryid"] == US_QID:
                continue
            label = row["positionLabel"]
            office = ("head_of_government"
                      if any(word in label.lower() for word in GOVERNMENT_WORDS)
                      else "head_of_state")
            draft = registry.person({"wikidata": row["officeholder"]},
                                    split_full_name(row["officeholderLabel"]),
                                    country=row["country"])
            years = f"{row['start_year']}-{row['end_year']}"
            registry.add_undated(draft, office, source=SNAPSHOT, country=row["country"],
                                 note=f"{label}, {years} (years only; Wikidata, 2022-10-10)")
    registry.sources.append({"name": SNAPSHOT, "version": "be7039cf (2022-10-10)",
                             "license": "CC0-1.0 (Wikidata facts)",
                             "url": "https://github.com/every-politician-scrapers/world-leaders-2021"})
    registry.gaps.append("world leaders: one unvetted Wikidata snapshot of 2022-10-10, years "
                         "only, no changes since; used for names, never for dates")


CURRENT_SNAPSHOT = "g20-asean-current-2026"
LEADER_OFFICES = ("head_of_government", "head_of_state")
# Entries of the 2026 list kept as undated roles (names only), with the reason: the source's
# own README flags two as unverified, and three carry dates or holders that are plainly wrong.
DOUBTFUL = {
    ("GB", "head_of_government"): "flagged unverified by the source's README",
    ("VN", "head_of_government"): "flagged unverified by the source's README",
    ("SA", "head_of_state"): "lists the Prime Minister (the Crown Prince) as King",
    ("TR", "head_of_government"): "start copied from the presidency; Turkey had a separate "
                                  "Prime Minister until 2018-07-09",
    ("BN", "head_of_state"): "1984-01-01 is independence; the Sultan has reigned since 1967",
}


def is_current_leaders_source(folder: Path) -> bool:
    """Whether `folder` is the 2026 G20/ASEAN current-leaders snapshot (per-country JSON)."""
    return folder.name == CURRENT_SNAPSHOT and (folder / "countries").is_dir()


def import_current_leaders(folder: Path, registry: Registry) -> None:
    """Add each current head of state / government as a dated spell from its `since` date.

    The snapshot has no history and no end dates: a spell is open-ended (held at the
    snapshot). Entries without a start date or listed in `DOUBTFUL` become undated roles.
    Parties are not imported (the source gives Ursula von der Leyen's as Fidesz). US rows are
    skipped (executive.yaml is better).

    Raises:
        InputError: a file is not JSON or not laid out as the snapshot's files are.
    """
    snapshot_day = _read_json(folder / "last-updated.json").get("snapshot_date")
    if not isinstance(snapshot_day, str):
        raise InputError("no snapshot_date", source=str(folder / "last-updated.json"))
    undated = 0
    for path in sorted((folder / "countries").glob("*.current.json")):
        try:
            undated += _import_country(registry, _read_json(path), snapshot_day)
        except (KeyError, TypeError, AttributeError, ValueError) as err:
            raise InputError(f"unexpected layout ({err!r})", source=str(path)) from err
    registry.sources.append({
        "name": CURRENT_SNAPSHOT, "version": f"snapshot {snapshot_day}",
        "license": "CC-BY-SA-4.0 (attribution: open-data-archive/world-leaders-current, "
                   "data from Wikipedia/Wikidata)",
        "url": "https://github.com/open-data-archive/world-leaders-current"})
    registry.gaps.append(
        f"world leaders 2026 (G20, ASEAN, EU, African Union): holders on {snapshot_day} only, "
        f"from their start date, no history or end dates, no parties; {undated} doubtful or "
        "undated entries kept as names only")


def _import_country(registry: Registry, document: dict, snapshot_day: str) -> int:
    """Add one country's heads; returns how many went in as undated roles."""
    country = document["country"]
    if country["iso_code"] == "US":
        return 0
    positions = document["positions"]
    return sum(_add_current_holder(registry, country, office, positions[office], snapshot_day)
               for office in LEADER_OFFICES if office in positions)


def _read_json(path: Path) -> dict:
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as err:
        raise InputError(f"not readable JSON: {err}", source=str(path)) from err
    if not isinstance(document, dict):
        raise InputError("expected a JSON object", source=str(path))
    return document


def _same_surname(first: NameParts, second: NameParts) -> bool:
    """Whether either name's surname is among the other's words ("Cyril Ramaphosa" and
    "Matamela Cyril Ramaphosa"; "Charles III" and "Charles III")."""
    first_words, second_words = (set(name_key(p.display()).split()) for p in (first, second))
    return (name_key(first.last) in second_words) or (name_key(second.last) in first_words)


def _add_current_holder(registry: Registry, country: dict, office: str, entry: dict,
                        snapshot_day: str) -> int:
    """Add one office's holder; returns 1 if it went in as an undated role, else 0."""
    holder = entry.get("current_holder") or {}
    if not (holder.get("wikidata_id") and holder.get("name_en")):
        return 0
    parts = split_full_name(holder["name_en"])
    known = registry.find({"wikidata": holder["wikidata_id"]})
    if known is not None and not _same_surname(known.parts, parts):
        # The id names someone else (the EU entry gives Ursula von der Leyen Viktor Orbán's
        # Q57641): joining would give that person this office.
        registry.gaps.append(f"{CURRENT_SNAPSHOT}: skipped {holder['name_en']} "
                             f"({country['name_en']}): id {holder['wikidata_id']} is "
                             f"{known.parts.display()}")
        return 0
    draft = registry.person({"wikidata": holder["wikidata_id"]}, parts,
                            country=country["name_en"])
    doubt = DOUBTFUL.get((country["iso_code"], office))
    if doubt is None and holder.get("since"):
        registry.add_position(draft, office, dt.date.fromisoformat(holder["since"]), None,
                              source=CURRENT_SNAPSHOT, country=country["name_en"])
        return 0
    registry.add_undated(draft, office, source=CURRENT_SNAPSHOT, country=country["name_en"],
                         note=f"{entry.get('title_en')} on {snapshot_day}; "
                              f"{doubt or 'no start date in the source'}")
    return 1
