"""Import the European Parliament MEP lists (beta sample; reuse allowed with attribution).

The files say only that a person sat in parliamentary term N: no dates, party or group. MEPs
therefore get an undated `mep` role naming the terms, never a dated position. The files are
Windows-1252 and upstream replaced characters outside it with "?" ("Kate?ina"); the resolver's
fuzzy matching tolerates one such character per name.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

from copydesk.kb.names import NameParts
from copydesk.kb.registry import Registry

FILE_PATTERN = re.compile(r"data_v1_meps_(\d+)_en\.csv$")
TERM_YEARS = {0: "before 1979", 1: "1979-84", 2: "1984-89", 3: "1989-94", 4: "1994-99",
              5: "1999-2004", 6: "2004-09", 7: "2009-14", 8: "2014-19", 9: "2019-24"}


def is_europarl_source(folder: Path) -> bool:
    """Whether `folder` holds the MEP CSV files."""
    return folder.is_dir() and any(FILE_PATTERN.search(p.name) for p in folder.iterdir())


def import_europarl(folder: Path, registry: Registry) -> None:
    """Add every MEP with an undated role listing the terms they sat in."""
    terms: dict[str, list[int]] = {}
    rows: dict[str, dict] = {}
    skipped = 0
    for path in sorted(folder.iterdir()):
        match = FILE_PATTERN.search(path.name)
        if not match:
            continue
        with path.open(encoding="cp1252", newline="") as handle:
            for row in csv.DictReader(handle):
                identifier = row["mep_identifier"].strip()
                if not identifier.isdigit():  # upstream placeholder rows: "Not found"
                    skipped += 1
                    continue
                rows.setdefault(identifier, row)
                terms.setdefault(identifier, []).append(int(match.group(1)))
    for identifier in sorted(rows, key=int):
        row = rows[identifier]
        country = row["mep_citizenship"].strip()
        draft = registry.person({"ep": identifier}, NameParts(
            first=row["mep_given_name"].strip(), last=row["mep_family_name"].strip()),
            country=country)
        spans = ", ".join(f"{n} ({TERM_YEARS.get(n, '?')})" for n in sorted(set(terms[identifier])))
        draft.notes.append(f"Member of the European Parliament in term(s) {spans}; "
                           "no dates, party or group in the source")
        registry.add_undated(draft, "mep", source="europarl-meps", note=f"terms {spans}",
                             country=country)
    registry.sources.append({"name": "europarl-meps", "version": "6a070027 (beta sample)",
                             "license": "European Parliament legal notice (reuse with attribution)",
                             "url": "https://github.com/europarl/open-data-beta-testing"})
    if skipped:
        registry.gaps.append(f"MEPs: {skipped} placeholder rows without an id were skipped")
    registry.gaps.append("MEPs: names, citizenship and parliamentary terms only (no dates, "
                         "party or group; no 10th term 2024-29); some accented letters are '?'")
