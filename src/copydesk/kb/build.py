"""Build a KB file from source folders and files (what `copydesk kb build` runs).

Sources are recognised by shape: a congress-legislators folder, a supplement YAML file, a
Wikidata JSON dump (.json / .json.gz), the MEP CSV folder, the 2022 and 2026 world-leaders snapshot
folders. A folder that is none of these is searched recursively, so the packaged
`data/kb/sources` folder works as a single argument. US data is imported first because the
supplement and Wikidata dumps join onto it.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Sequence
from pathlib import Path

from copydesk.errors import InputError
from copydesk.kb.importers.europarl import import_europarl, is_europarl_source
from copydesk.kb.importers.supplement import import_supplement, is_supplement
from copydesk.kb.importers.us import import_us, is_us_source
from copydesk.kb.importers.wikidata import import_wikidata, is_wikidata_dump
from copydesk.kb.importers.world_leaders import (
    import_current_leaders,
    import_world_leaders,
    is_current_leaders_source,
    is_world_leaders_source,
)
from copydesk.kb.model import KBData, Position, congress_of, congress_start
from copydesk.kb.registry import Registry
from copydesk.kb.store import DEFAULT_SOURCES, SCHEMA_VERSION, content_digest, write_kb

# (kind, recogniser, importer), in import order.
IMPORTERS: list[tuple[str, Callable[[Path], bool], Callable[[Path, Registry], object]]] = [
    ("us", is_us_source, import_us),
    ("supplement", is_supplement, import_supplement),
    ("wikidata", is_wikidata_dump, import_wikidata),
    ("europarl", is_europarl_source, import_europarl),
    ("world-leaders", is_world_leaders_source, import_world_leaders),
    ("world-leaders-current", is_current_leaders_source, import_current_leaders),
]
# Territories send a non-voting delegate, not a House seat.
DELEGATE_TERRITORIES = frozenset({"DC", "PR", "GU", "VI", "AS", "MP"})
# The departed-members file covers everyone who served from the 113th Congress on.
FIRST_FULLY_COVERED_CONGRESS = 113
# A member counts towards a Congress's seats only if they sat in it longer than this; term ends
# and departure estimates can spill a few days into the next Congress.
MIN_SEAT_OVERLAP = dt.timedelta(days=7)


def build_kb(sources: Sequence[Path] = (DEFAULT_SOURCES,), *,
             today: dt.date | None = None) -> KBData:
    """Read the sources into KB rows.

    Args:
        sources: folders and files, as listed in the module docstring.
        today: the build date to record (default: today).

    Returns:
        The KB content, with `meta` holding version, sources, gaps and content digest.

    Raises:
        InputError: a source is missing, unrecognised or malformed.
    """
    found = discover(sources)
    registry = Registry()
    for kind, _, importer in IMPORTERS:
        for path in found.get(kind, []):
            importer(path, registry)
    data = registry.finish()
    data.house_seats = house_seats(data.positions)
    build_date = (today or dt.date.today()).isoformat()
    data.meta = {"schema": SCHEMA_VERSION, "build_date": build_date,
                 "sources": json.dumps(registry.sources),
                 "gaps": json.dumps(registry.gaps)}
    data.meta["version"] = f"{version_label(registry.sources)}; built {build_date}"
    data.meta["digest"] = content_digest(data)
    return data


def build_kb_file(sources: Sequence[Path], output: Path) -> KBData:
    """Build from `sources` and write the SQLite file at `output`."""
    data = build_kb(sources)
    write_kb(data, output)
    return data


def discover(sources: Sequence[Path]) -> dict[str, list[Path]]:
    """Sort the given paths by source kind, searching unrecognised folders recursively."""
    found: dict[str, list[Path]] = {}
    for source in sources:
        if not source.exists():
            raise InputError("no such source file or folder", source=str(source))
        matched = _recognised(source)
        if not matched:
            raise InputError("not a recognised KB source (expected a congress-legislators "
                             "folder, a supplement YAML, a Wikidata .json/.json.gz dump, the "
                             "MEP CSV folder or a world-leaders snapshot)", source=str(source))
        for path, kind in matched:
            found.setdefault(kind, []).append(path)
    return found


def _recognised(path: Path) -> list[tuple[Path, str]]:
    """(path, kind) for `path` itself if it is a source, else for sources below it."""
    kind = _kind(path)
    if kind:
        return [(path, kind)]
    if not path.is_dir():
        return []
    return [found for child in sorted(path.iterdir()) for found in _recognised(child)]


def house_seats(positions: list[Position]) -> dict[tuple[int, str], int]:
    """Voting House seats per (Congress, state), counted from districts with a member.

    Only Congresses the data fully covers (113th on) are counted: earlier ones miss members
    who left before September 2012.
    """
    districts: dict[tuple[int, str], set[str]] = {}
    for position in positions:
        if position.office != "representative" or position.state in DELEGATE_TERRITORIES:
            continue
        end = position.end or position.start
        for congress in range(max(congress_of(position.start), FIRST_FULLY_COVERED_CONGRESS),
                              congress_of(end) + 1):
            overlap = (min(end, congress_start(congress + 1))
                       - max(position.start, congress_start(congress)))
            if overlap > MIN_SEAT_OVERLAP:
                districts.setdefault((congress, position.state), set()).add(position.district)
    return {key: len(found) for key, found in districts.items()}


def version_label(sources: list[dict[str, str]]) -> str:
    """A short label naming the sources, e.g. "us-congress@dfa96222+us-leadership+…"."""
    parts = []
    for source in sources:
        name, version = source["name"], source["version"]
        parts.append(f"{name}@{version.split()[0]}" if name == "us-congress" else name)
    return "+".join(parts)


def _kind(path: Path) -> str | None:
    for kind, recognise, _ in IMPORTERS:
        if recognise(path):
            return kind
    return None
