"""Import a hand-curated supplement (YAML) of dated positions and well-known short names
("AOC") for people already in the KB.

The file names people by bioguide id and surname; a wrong id is an error, not a silent new
person. Spells that overlap one the upstream data already has for the same office are skipped,
so a refreshed upstream copy wins over the supplement.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import yaml

from copydesk.errors import InputError
from copydesk.kb.names import name_key
from copydesk.kb.registry import Registry
from copydesk.vocab import OFFICES


def is_supplement(path: Path) -> bool:
    """Whether `path` is a supplement YAML file (it starts with a `supplement:` key)."""
    if path.suffix not in (".yaml", ".yml") or not path.is_file():
        return False
    with path.open(encoding="utf-8") as handle:
        return any(line.startswith("supplement:") for line in handle)


def import_supplement(path: Path, registry: Registry) -> None:
    """Add the supplement's spells to people already registered.

    Args:
        path: the YAML file (`supplement: NAME`, `entries:` a list of
            `{bioguide, last, office, start, end}` or `{bioguide, last, alias}`).
        registry: the build's registry, already holding the US data.
    """
    try:
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as err:
        raise InputError(f"not valid YAML: {err}", source=str(path)) from err
    for number, entry in enumerate(document.get("entries", []), start=1):
        where = f"{path}: entry {number}"
        draft = registry.find({"bioguide": str(entry.get("bioguide", ""))})
        if draft is None or name_key(draft.parts.last) != name_key(str(entry.get("last", ""))):
            raise InputError(f"bioguide id {entry.get('bioguide')!r} is not "
                             f"{entry.get('last')!r} in the US data", source=where)
        if "alias" in entry:  # a well-known short name ("AOC"), not a position
            draft.other_names.append(str(entry["alias"]))
            continue
        if entry.get("office") not in OFFICES:
            raise InputError(f"unknown office {entry.get('office')!r}", source=where)
        start, end = _day(entry["start"], where), _day(entry["end"], where)
        if any(row["office"] == entry["office"] and row["start"] <= end
               and (row["end"] is None or start <= row["end"]) for row in draft.positions):
            continue
        registry.add_position(draft, entry["office"], start, end, source=path.name)
    registry.sources.append({"name": str(document.get("supplement", path.stem)),
                             "version": "hand-curated", "license": "CC0-1.0 (public-record facts)",
                             "url": str(path.name)})


def _day(value: object, where: str) -> dt.date:
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError as err:
        raise InputError(f"bad date {value!r}", source=where) from err
