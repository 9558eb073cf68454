"""Import the 2022 Wikidata snapshot of heads of state and government (unvetted; years only).

Holders get undated roles (the snapshot has start and end years, not days) so the resolver
knows the names; date checks never rely on them. US rows are skipped: executive.yaml is better.
"""

from __future__ import annotations

import csv
from pathlib import Path

from copydesk.kb.names import split_full_name
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
