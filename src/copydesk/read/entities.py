"""Cluster person mentions into entities and resolve each entity against the knowledge base.

Full names group by their normalised form; a surname-only mention ("Khanna") joins the full-name
group with that surname mentioned closest before it (or, failing that, the first one after);
groups the KB resolves to the same person merge ("Cory Booker" and "Corey Booker"), while each
mention keeps its own spelling and `variant_of`.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from copydesk.kb.names import name_key
from copydesk.read.lexicon import country_code
from copydesk.read.mentions import SUFFIXES, Mention
from copydesk.read.titles import Attachment

# Matches the resolver may make from a full name; "surname" alone is another person's name.
FULL_NAME_MATCHES = {"exact", "alias", "fuzzy", "surname_title"}
MIN_SCORE = 0.4
AMBIGUITY_MARGIN = 0.05


@dataclass(slots=True)
class Cluster:
    """Mentions believed to name one person, with what the article says about them."""

    mentions: list[int]
    offices: Counter = field(default_factory=Counter)
    states: Counter = field(default_factory=Counter)
    parties: Counter = field(default_factory=Counter)
    resolution: dict[str, Any] = field(default_factory=dict)
    variants: dict[str, tuple[str, int]] = field(default_factory=dict)  # form -> (KB spelling, distance)


def name_form(mention: Mention) -> str:
    """The mention's normalised name without suffixes ("Joseph R. Biden Jr." -> "joseph r biden")."""
    words = [w for w in mention.words if w.lower().rstrip(".") not in {s.rstrip(".") for s in SUFFIXES}]
    return name_key(" ".join(words))


def cluster(mentions: list[Mention]) -> list[Cluster]:
    """Group mentions: identical full names, then single words onto a full name sharing them."""
    groups: dict[str, Cluster] = {}
    for index, mention in enumerate(mentions):
        if len(mention.words) > 1:
            groups.setdefault(name_form(mention), Cluster([])).mentions.append(index)
    by_word: dict[str, list[Cluster]] = {}
    for group in groups.values():
        by_word.setdefault(name_key(mentions[group.mentions[0]].surname), []).append(group)
    surnames = set(by_word)
    for key, group in groups.items():  # a first name alone ("Bernie"), unless it is a surname too
        if key.split()[0] not in surnames:
            by_word.setdefault(key.split()[0], []).append(group)
    singles: dict[str, Cluster] = {}
    last_seen: dict[int, int] = {}  # id(group) -> offset of its latest full-name mention so far
    owner = {index: group for group in groups.values() for index in group.mentions}
    for index, mention in enumerate(mentions):
        if index in owner:
            last_seen[id(owner[index])] = mention.start
            continue
        key = name_key(mention.text)
        options = by_word.get(key)
        if options:
            seen = [g for g in options if id(g) in last_seen]
            chosen = max(seen, key=lambda g: last_seen[id(g)]) if seen else options[0]
            chosen.mentions.append(index)
        else:
            singles.setdefault(key, Cluster([])).mentions.append(index)
    clusters = list(groups.values()) + list(singles.values())
    for group in clusters:
        group.mentions.sort()
    return sorted(clusters, key=lambda c: mentions[c.mentions[0]].start)


def collect_context(clusters: list[Cluster], titles: list[Attachment], tags: list[Attachment]) -> None:
    """Record the offices, states and parties the article gives each cluster."""
    owner = {index: group for group in clusters for index in group.mentions}
    for title in titles:
        group = owner.get(title.mention)
        if group and title.attrs.get("office") and title.attrs.get("country") in ("US", None):
            group.offices[title.attrs["office"]] += 1
            if title.attrs.get("state"):
                group.states[title.attrs["state"]] += 1
    for tag in tags:
        group = owner.get(tag.mention)
        if group:
            if tag.attrs.get("state"):
                group.states[tag.attrs["state"]] += 1
            if tag.attrs.get("party"):
                group.parties[tag.attrs["party"]] += 1


def resolve(clusters: list[Cluster], mentions: list[Mention], kb, date: dt.date | None) -> None:
    """Fill each cluster's `resolution` (status, kb person, confidence, reason, candidates)."""
    for group in clusters:
        if kb is None:
            group.resolution = {"status": "unresolved", "reason": "no knowledge base loaded"}
            continue
        _resolve_one(group, mentions, kb, date)


def fullest_mention(group: Cluster, mentions: list[Mention]) -> Mention:
    """The mention with the most words (the earliest among equals)."""
    return max((mentions[i] for i in group.mentions), key=lambda m: (len(m.words), -m.start))


def _resolve_one(group: Cluster, mentions: list[Mention], kb, date: dt.date | None) -> None:
    fullest = fullest_mention(group, mentions)
    state = group.states.most_common(1)[0][0] if group.states else None
    party = group.parties.most_common(1)[0][0] if group.parties else None
    best: dict[str, Any] = {}
    for office in [*group.offices, None]:  # a title the person never held must not hide an exact name
        for candidate in kb.candidates(fullest.text, title=office, date=date, state=state, party=party):
            if len(fullest.words) > 1 and candidate.match not in FULL_NAME_MATCHES:
                continue
            held = best.get(candidate.person.id)
            if held is None or candidate.score > held.score:
                best[candidate.person.id] = candidate
    ranked = sorted(best.values(), key=lambda c: (-c.score, c.distance, c.person.id))
    group.resolution = _decide(ranked, fullest, group, date)
    if group.resolution["status"] == "resolved":
        _record_variants(group, mentions, kb, ranked[0].person)


def _decide(ranked: list, fullest: Mention, group: Cluster, date: dt.date | None) -> dict[str, Any]:
    hints = ", ".join(f"{k}={v}" for k, v in (("title", "/".join(group.offices)), ("date", date))
                      if v) or "no title or date"
    if not ranked or ranked[0].score < MIN_SCORE:
        looks_full = len(fullest.words) > 1
        return {"status": "not_in_kb" if looks_full else "unresolved",
                "candidates": tuple(c.person.id for c in ranked[:5]),
                "confidence": round(1 - ranked[0].score, 3) if ranked else 0.9 if looks_full else 0.0,
                "reason": (f"no KB person matches {fullest.text!r} ({hints})" if not ranked else
                           f"best KB match {ranked[0].person.name!r} scores {ranked[0].score:.2f} < {MIN_SCORE}")}
    top = ranked[0]
    if len(ranked) > 1 and top.score - ranked[1].score <= AMBIGUITY_MARGIN:
        return {"status": "ambiguous", "candidates": tuple(c.person.id for c in ranked[:5]),
                "confidence": round(top.score, 3),
                "reason": f"{top.person.name!r} and {ranked[1].person.name!r} score alike ({hints})"}
    return {"status": "resolved", "person": top.person, "confidence": round(top.score, 3),
            "candidates": tuple(c.person.id for c in ranked[:5]),
            "reason": f"{top.match} match: {top.reason}"}


def _record_variants(group: Cluster, mentions: list[Mention], kb, person) -> None:
    """For each distinct written form, the KB spelling when the form is a misspelling of it."""
    for form in {mentions[i].text for i in group.mentions}:
        for candidate in kb.candidates(form):
            if candidate.person.id == person.id and candidate.variant_of:
                group.variants[form] = (candidate.variant_of, candidate.distance)
                break


def entity_countries(clusters: list[Cluster], titles: list[Attachment]) -> dict[int, tuple[str, str]]:
    """Mention index -> (country, source) for people whose country the article or KB gives."""
    owner = {index: group for group in clusters for index in group.mentions}
    named: dict[int, Counter] = {}
    for title in titles:
        group = owner.get(title.mention)
        if group is not None and title.attrs.get("country"):
            named.setdefault(id(group), Counter())[title.attrs["country"]] += 1
    countries = {}
    for group in clusters:
        person = group.resolution.get("person")
        if id(group) in named:
            found = (named[id(group)].most_common(1)[0][0], "entity")
        elif person is not None and country_code(person.country) not in ("US", None):
            found = (country_code(person.country), "kb")
        else:
            continue
        countries.update({index: found for index in group.mentions})
    return countries


def merge_same_person(clusters: list[Cluster], mentions: list[Mention]) -> list[Cluster]:
    """Join clusters resolved to the same KB person (spelling variants of one name)."""
    merged: dict[str, Cluster] = {}
    result = []
    for group in clusters:
        person = group.resolution.get("person")
        if person is None:
            result.append(group)
        elif person.id in merged:
            kept = merged[person.id]
            kept.mentions = sorted(kept.mentions + group.mentions)
            kept.variants.update(group.variants)
        else:
            merged[person.id] = group
            result.append(group)
    return sorted(result, key=lambda c: mentions[c.mentions[0]].start)
