"""Stream a Wikidata JSON dump and import people with "position held" (P39) statements.

The dump format is the one of `latest-all.json.gz`: a `[` line, one entity per line followed
by a comma (the last one without), a `]` line; gzip or plain, possibly pre-filtered. Only
entities with P39 are read further, so a full dump streams in constant memory.

For each P39 statement: the position item maps to an office code (`POSITION_OFFICES`, e.g.
Q11696 -> "president"; unknown positions keep "wikidata:Q…"), the start/end qualifiers
P580/P582 give the dates (day precision only; coarser dates make an undated role), and the
party comes from the statement's own P102 qualifier or the person's P102 (member of political
party) statement covering the start date. Labels and aliases in English become name forms.
A person whose QID is already in the KB is joined; positions in an office the KB already has
dated spells for from a curated source are skipped (the curated source wins).
"""

from __future__ import annotations

import datetime as dt
import gzip
import json
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from copydesk.errors import InputError
from copydesk.kb.names import split_full_name
from copydesk.kb.registry import PersonDraft, Registry

POSITION_OFFICES = {
    "Q11696": "president",  # President of the United States
    "Q11699": "vice_president",  # Vice President of the United States
    "Q4416090": "senator",  # United States senator
    "Q13218630": "representative",  # member of the United States House of Representatives
    "Q912994": "speaker",  # Speaker of the United States House of Representatives
}
PARTY_NAMES = {"Q29552": "Democrat", "Q29468": "Republican", "Q327591": "Independent"}
DAY_PRECISION = 11
LANGUAGES = ("en", "mul")


def is_wikidata_dump(path: Path) -> bool:
    """Whether `path` looks like a JSON dump file (by name: .json or .json.gz)."""
    return path.is_file() and (path.name.endswith(".json") or path.name.endswith(".json.gz"))


def import_wikidata(path: Path, registry: Registry) -> int:
    """Import every person with P39 statements from a dump file.

    Args:
        path: a `.json` or `.json.gz` dump in the line-per-entity format.
        registry: the build's registry; people are joined by QID.

    Returns:
        The number of people imported.
    """
    count = 0
    with _open(path) as handle:
        for line_number, entity in _entities(handle, path):
            if entity.get("type", "item") != "item" or "P39" not in entity.get("claims", {}):
                continue
            if not _is_human(entity):
                continue
            try:
                _import_entity(entity, registry, path.name)
            except (KeyError, TypeError, ValueError) as err:
                raise InputError(f"line {line_number}: malformed entity {entity.get('id')!r}: "
                                 f"{err}", source=str(path)) from err
            count += 1
    registry.sources.append({"name": f"wikidata:{path.name}", "version": "user dump",
                             "license": "CC0-1.0", "url": "https://www.wikidata.org"})
    return count


def _open(path: Path) -> IO[str]:
    with path.open("rb") as probe:
        gzipped = probe.read(2) == b"\x1f\x8b"
    return gzip.open(path, "rt", encoding="utf-8") if gzipped else path.open(encoding="utf-8")


def _entities(handle: IO[str], path: Path) -> Iterator[tuple[int, dict]]:
    """(line number, entity) for each entity line; `[`, `]` and blank lines are skipped."""
    for line_number, line in enumerate(handle, start=1):
        text = line.strip().rstrip(",")
        if text in ("", "[", "]"):
            continue
        try:
            entity = json.loads(text)
        except json.JSONDecodeError as err:
            raise InputError(f"line {line_number} is not a JSON entity: {err.msg}",
                             source=str(path)) from err
        if not isinstance(entity, dict):
            raise InputError(f"line {line_number} is not a JSON object", source=str(path))
        yield line_number, entity


def _is_human(entity: dict) -> bool:
    """True unless the entity says it is an instance of something other than human (Q5)."""
    kinds = {_item_id(claim) for claim in entity["claims"].get("P31", [])}
    return not kinds or "Q5" in kinds


def _import_entity(entity: dict, registry: Registry, source: str) -> None:
    labels = _texts(entity.get("labels", {}))
    aliases = [alias for language in LANGUAGES
               for alias in (a["value"] for a in entity.get("aliases", {}).get(language, []))]
    label = labels[0] if labels else entity["id"]
    draft = registry.person({"wikidata": entity["id"]}, split_full_name(label))
    for alias in aliases:
        if alias not in draft.other_names:
            draft.other_names.append(alias)
    curated = {row["office"] for row in draft.positions if row["source"] != source}
    parties = _party_spells(entity)
    for claim in entity["claims"]["P39"]:
        position = _item_id(claim)
        if position is None or claim.get("rank") == "deprecated":
            continue
        office = POSITION_OFFICES.get(position, f"wikidata:{position}")
        if office in curated:
            continue
        _add_claim(draft, registry, claim, office, parties, source)


def _add_claim(draft: PersonDraft, registry: Registry, claim: dict, office: str,
               parties: list[tuple[dt.date | None, dt.date | None, str]], source: str) -> None:
    """Add one P39 statement as a dated position, or an undated role if it lacks day dates."""
    qualifiers = claim.get("qualifiers", {})
    start, start_exact = _qualifier_date(qualifiers, "P580")
    end, end_exact = _qualifier_date(qualifiers, "P582")
    party = _qualifier_party(qualifiers) or _party_on(parties, start)
    if start is not None and start_exact and (end is None or end_exact):
        registry.add_position(draft, office, start, end, source=source, party=party,
                              country=draft.country)
        return
    span = f"{start or '?'}..{end or '?'}"
    registry.add_undated(draft, office, source=source, party=party, country=draft.country,
                         note=f"dates missing or not day-precise in Wikidata ({span})")


def _party_spells(entity: dict) -> list[tuple[dt.date | None, dt.date | None, str]]:
    """The person's P102 (member of political party) statements as (start, end, party)."""
    spells = []
    for claim in entity["claims"].get("P102", []):
        party = _item_id(claim)
        if party:
            qualifiers = claim.get("qualifiers", {})
            spells.append((_qualifier_date(qualifiers, "P580")[0],
                           _qualifier_date(qualifiers, "P582")[0], _party_name(party)))
    return spells


def _party_on(spells: list[tuple[dt.date | None, dt.date | None, str]],
              day: dt.date | None) -> str | None:
    """The party whose spell covers `day`; the only party if there is just one."""
    if len(spells) == 1:
        return spells[0][2]
    for start, end, party in spells:
        if day and (start is None or start <= day) and (end is None or day <= end):
            return party
    return None


def _qualifier_party(qualifiers: dict) -> str | None:
    for snak in qualifiers.get("P102", []):
        party = _snak_item(snak)
        if party:
            return _party_name(party)
    return None


def _party_name(qid: str) -> str:
    return PARTY_NAMES.get(qid, f"wikidata:{qid}")


def _qualifier_date(qualifiers: dict, prop: str) -> tuple[dt.date | None, bool]:
    """(date, is day-precise) of the first time qualifier `prop`, or (None, False)."""
    for snak in qualifiers.get(prop, []):
        value = snak.get("datavalue", {}).get("value")
        if snak.get("snaktype", "value") != "value" or not isinstance(value, dict):
            continue
        return _parse_time(value["time"]), int(value.get("precision", 0)) >= DAY_PRECISION
    return None, False


def _parse_time(text: str) -> dt.date:
    """A Wikidata time ("+2017-01-20T00:00:00Z"; month/day 00 when unknown) as a date."""
    year, month, day = text.lstrip("+").split("T")[0].split("-")
    return dt.date(int(year), max(int(month), 1), max(int(day), 1))


def _item_id(claim: dict) -> str | None:
    return _snak_item(claim.get("mainsnak", {}))


def _snak_item(snak: dict) -> str | None:
    value = snak.get("datavalue", {}).get("value")
    if isinstance(value, dict) and value.get("id"):
        return str(value["id"])
    if isinstance(value, dict) and "numeric-id" in value:
        return f"Q{value['numeric-id']}"
    return None


def _texts(labels: dict) -> list[str]:
    return [labels[lang]["value"] for lang in LANGUAGES if lang in labels]
