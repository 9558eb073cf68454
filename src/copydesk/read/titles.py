"""Titles and offices attached to person mentions, and party/state/district tags.

Each rule looks at a bounded window right before or after one mention, so the work per mention
is constant and the whole pass is linear in the text.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from typing import Any

from copydesk.read.lexicon import (
    COUNTRIES,
    COUNTRY_TITLE_OFFICES,
    FOREIGN_OFFICES,
    MODIFIERS,
    PLURAL_TITLES,
    ROLE_NOUNS,
    STATE_ALT,
    STATE_NAME_ALT,
    TITLE_OFFICES,
    alternation,
)
from copydesk.read.mentions import TITLE_ALT, UPPER, Mention
from copydesk.vocab import party_code, state_code

WINDOW = 120
COUNTRY_ALT = alternation(COUNTRIES)
PARTY_WORD = r"(?:Democratic|Democrat|Republican|GOP|Independent)"

TITLE_BEFORE_RE = re.compile(
    rf"(?<![\w’'])(?P<phrase>(?:(?P<mod>(?i:former|ex|then|the\s{{1,3}}late|late|outgoing|retired))[\s\-‐]{{1,3}})?"
    rf"(?:(?P<country>(?i:{COUNTRY_ALT}))\s{{1,3}})?"
    rf"(?P<title>(?i:{TITLE_ALT}))(?:\.?(?P<elect>[\-‐]elect))?\.?"
    rf"(?:\s{{1,3}}of\s{{1,3}}(?:the\s{{1,3}})?(?P<of>[A-Z][\w.]{{0,30}}(?:\s{{1,3}}[A-Z][\w.]{{0,30}}){{0,4}}))?"
    rf"(?:\s{{1,3}}from\s{{1,3}}(?P<state>{STATE_NAME_ALT}))?)"
    r",?[ \u00a0]{1,3}$"
)
PAST_ROLE_AFTER_RE = re.compile(
    rf",?\s{{1,3}}(?:who\s{{1,3}})?(?:served|was|had\s{{1,3}}been|became)\s{{1,3}}(?:as\s{{1,3}})?(?:the\s{{1,3}}|a\s{{1,3}}|an\s{{1,3}})?"
    rf"(?:(?P<mod>former|then)[\s\-]{{1,3}})?(?:U\.S\.\s{{1,3}})?(?P<title>(?i:{TITLE_ALT}))\b"
)
APPOSITION_RE = re.compile(
    r",\s{1,3}(?P<phrase>(?:the|a|an)\s{1,3}[^,.;:\n“”\"()]{1,90}?(?:U\.S\.[^,.;:\n“”\"()]{0,60}?)?)(?=[,.;:\n“”\"]|$)"
)
OF_STATE_AFTER_RE = re.compile(rf"\s{{1,3}}of\s{{1,3}}(?P<state>{STATE_NAME_ALT})\b(?![ \u00a0][{UPPER}])")
DASH = "-–—‐"
PAREN_TAG_RE = re.compile(
    rf"\s{{0,3}}\(\s{{0,3}}(?:(?P<party>[DRIL])\s{{0,3}}[{DASH},.]?\s{{0,3}}(?:(?P<state>{STATE_ALT})\s{{0,3}}"
    rf"(?:[{DASH}]\s{{0,3}}(?P<district>\d{{1,2}}|AL)(?:st|nd|rd|th)?)?)?|(?P<state2>[A-Z]{{2}})\s{{0,3}}[{DASH}]\s{{0,3}}"
    rf"(?P<district2>\d{{1,2}}|AL))\s{{0,3}}\)"
)
BARE_TAG_RE = re.compile(
    rf",\s{{0,3}}(?P<party>[DRI])[{DASH}](?P<state>{STATE_ALT})(?:[{DASH}](?P<district>\d{{1,2}}))?(?=[,.;\s]|$)"
)
PARTY_BEFORE_RE = re.compile(
    rf"(?<![\w’'])(?P<phrase>(?:(?P<state>{STATE_NAME_ALT})\s{{1,3}})?(?P<party>{PARTY_WORD}))"
    rf"\s{{1,3}}(?:(?:(?i:{TITLE_ALT})\.?|Leader|Whip)\s{{1,3}})?$"
)
STATE_BEFORE_RE = re.compile(rf"(?<![\w’'])(?P<phrase>(?P<state>{STATE_NAME_ALT}))\s{{1,3}}(?:(?i:{TITLE_ALT})\.?\s{{1,3}})$")
PARTY_APPOSITION_RE = re.compile(
    rf",\s{{1,3}}(?P<phrase>(?:a|an|the)\s{{1,3}}(?:(?P<state>{STATE_NAME_ALT})\s{{1,3}})?(?P<party>Democrat|Republican|independent)"
    rf"(?:\s{{1,3}}from\s{{1,3}}(?P<state2>{STATE_NAME_ALT}))?)(?=[,.;]|$)"
)
ANAPHOR_RE = re.compile(rf"\b[Tt]he\s{{1,3}}(?P<state>{STATE_NAME_ALT})\s{{1,3}}(?P<party>Democrat|Republican)\b")


@dataclass(slots=True)
class Attachment:
    """A title or affiliation found for one mention (index into the mention list)."""

    start: int
    end: int
    mention: int
    attrs: dict[str, Any] = field(default_factory=dict)


def office_for(raw_title: str, country: str | None = None) -> str | None:
    """The office code for a title as written ("Sens." -> "senator"), in `country` if known."""
    key = " ".join(raw_title.lower().rstrip(".").split()).replace("‐", "-")
    # A foreign "President" stays "president"; the title's `country` says whose.
    return COUNTRY_TITLE_OFFICES.get((key, country or ""), TITLE_OFFICES.get(key))


def _modifier(raw: str | None) -> str | None:
    if not raw:
        return None
    return MODIFIERS.get(raw.lower().split()[-1])


def titles_before(text: str, mentions: list[Mention]) -> list[Attachment]:
    """"Sen. Warren", "then-Vice President Biden", "Russian President Vladimir Putin"."""
    found = []
    for index, mention in enumerate(mentions):
        window_start = max(0, mention.start - WINDOW)
        line_start = text.rfind("\n", window_start, mention.start) + 1
        match = TITLE_BEFORE_RE.search(text, max(window_start, line_start), mention.start)
        if not match:
            continue
        country = _country(match.group("country"), match.group("of"))
        raw_title = match.group("title")
        attrs = {
            "office": office_for(raw_title, country),
            "title_key": raw_title,
            "raw": match.group("phrase"),
            "country": country,
            "modifier": "elect" if match.group("elect") else _modifier(match.group("mod")),
            "distributed": False,
            "apposition": False,
            "plural": raw_title.lower().rstrip(".") in PLURAL_TITLES,
        }
        if match.group("state"):
            attrs["state"] = state_code(match.group("state"))
        found.append(Attachment(match.start("phrase"), match.end("phrase"), index, attrs))
    return found


def settle_countries(titles: list[Attachment], person_country: dict[int, str | None]) -> None:
    """Fill each title's `country` and say where it came from (`country_source`).

    The text's own word wins ("Russian President"); else another title of the same person that
    names one ("President Duda" after "Polish President Andrzej Duda"); else the country of the
    KB person the mention resolved to; else "US", except for offices the US does not have.

    Args:
        titles: title attachments, `country` None where the text names none.
        person_country: mention index -> country of the entity (its titles' or the KB's).
    """
    for title in titles:
        if title.attrs["country"]:
            title.attrs["country_source"] = "text"
            continue
        country, source = person_country.get(title.mention) or (None, None)
        if country is None and title.attrs["office"] not in FOREIGN_OFFICES:
            country, source = "US", "default"
        title.attrs.update(country=country, country_source=source)
        if title.attrs.get("title_key") and title.attrs["office"] is None:
            title.attrs["office"] = office_for(title.attrs["title_key"], country)


def _country(adjective: str | None, of_phrase: str | None) -> str | None:
    """"Russian" -> RU; "of Russia" -> RU; None when the text names no country."""
    for word in (adjective, of_phrase):
        if word and word.lower() in COUNTRIES:
            return COUNTRIES[word.lower()]
    return None


def titles_after(text: str, mentions: list[Mention], tags_end: dict[int, int]) -> list[Attachment]:
    """Appositions ("Nancy Pelosi, the House Speaker,") and past roles ("who served as …")."""
    found = []
    for index, mention in enumerate(mentions):
        position = tags_end.get(index, mention.end)
        window = text[position:position + WINDOW]
        past = PAST_ROLE_AFTER_RE.match(window)
        if past:
            attrs = {"office": office_for(past.group("title")), "raw": past.group(0).lstrip(", "),
                     "country": None, "modifier": "past", "distributed": False, "apposition": False}
            start = position + past.start() + len(past.group(0)) - len(past.group(0).lstrip(", "))
            found.append(Attachment(start, position + past.end(), index, attrs))
            continue
        apposition = APPOSITION_RE.match(window)
        if apposition and not PARTY_APPOSITION_RE.match(window):
            attrs = apposition_role(apposition.group("phrase"))
            if attrs:
                start = position + apposition.start("phrase")
                found.append(Attachment(start, start + len(apposition.group("phrase")), index, attrs))
    return found


def apposition_role(phrase: str) -> dict[str, Any] | None:
    """Title attributes for "the House Speaker" or "a former top adviser to …", else None."""
    words = phrase.split()
    head = next((i for i, w in enumerate(words) if w.lower().rstrip(",") in ROLE_NOUNS), None)
    if head is None or head > 5 or len(words) > 14:
        return None
    modifier = next((MODIFIERS[w.lower()] for w in words[:head] if w.lower() in MODIFIERS), None)
    office = None
    for size in (3, 2, 1):  # "House Majority Leader", "House Speaker", "senator"
        key = " ".join(words[max(0, head - size + 1):head + 1]).lower()
        if key in TITLE_OFFICES:
            office = TITLE_OFFICES[key]
            break
    country = None
    for word in words[1:head]:
        country = COUNTRIES.get(word.lower(), country)
    return {"office": office, "raw": phrase, "country": country, "modifier": modifier,
            "distributed": False, "apposition": True}


def title_states_after(text: str, mentions: list[Mention], titles: list[Attachment]) -> None:
    """"Sen. Sherrod Brown of Ohio": the state belongs to the title in front of the name."""
    for title in titles:
        if title.attrs.get("apposition") or title.attrs.get("state"):
            continue
        mention = mentions[title.mention]
        match = OF_STATE_AFTER_RE.match(text, mention.end, mention.end + 40)
        if match:
            title.attrs["state"] = state_code(match.group("state"))


def affiliations(text: str, mentions: list[Mention]) -> tuple[list[Attachment], dict[int, int]]:
    """Party/state/district tags, and where each mention's trailing tag ends."""
    found: list[Attachment] = []
    tags_end: dict[int, int] = {}
    for index, mention in enumerate(mentions):
        after = _tag_after(text, mention.end)
        if after:
            found.append(Attachment(after[0], after[1], index, after[2]))
            tags_end[index] = after[1]
        before = _tag_before(text, mention.start)
        if before:
            found.append(Attachment(before[0], before[1], index, before[2]))
    found.extend(_anaphors(text, mentions))
    return found, tags_end


def _tag_after(text: str, position: int) -> tuple[int, int, dict] | None:
    for pattern in (PAREN_TAG_RE, BARE_TAG_RE, PARTY_APPOSITION_RE, OF_STATE_AFTER_RE):
        match = pattern.match(text, position, position + WINDOW)
        if not match:
            continue
        groups = match.groupdict()
        if pattern is PAREN_TAG_RE and not (groups.get("party") or groups.get("state2")):
            continue
        start = position + len(match.group(0)) - len(match.group(0).lstrip(" ,(\u00a0"))
        if pattern is OF_STATE_AFTER_RE:
            start = match.start("state")
        if pattern is PAREN_TAG_RE:
            start = text.index("(", position)
        raw = text[start:match.end()]
        return start, match.end(), _tag_attrs(raw, groups)
    return None


def _tag_before(text: str, position: int) -> tuple[int, int, dict] | None:
    window_start = max(0, position - WINDOW)
    line_start = text.rfind("\n", window_start, position) + 1
    for pattern in (PARTY_BEFORE_RE, STATE_BEFORE_RE):
        match = pattern.search(text, max(window_start, line_start), position)
        if match:
            raw = match.group("phrase")
            return match.start("phrase"), match.end("phrase"), _tag_attrs(raw, match.groupdict())
    return None


def _tag_attrs(raw: str, groups: dict[str, str | None]) -> dict[str, Any]:
    state_text = groups.get("state") or groups.get("state2")
    district = _district(groups.get("district") or groups.get("district2"))
    party_text = groups.get("party")
    return {
        "party": party_code(party_text) if party_text else None,
        "state": (state_code(state_text) or state_code(state_text + ".")) if state_text else None,
        "district": district,
        "raw": raw,
    }


def _district(raw: str | None) -> str | None:
    """District as the KB writes it: "08" -> "8", at-large "AL" -> "0"."""
    if not raw:
        return None
    return "0" if raw.upper() == "AL" else str(int(raw))


def _anaphors(text: str, mentions: list[Mention]) -> list[Attachment]:
    """"the Minnesota Democrat": attaches to the nearest person mentioned before it."""
    found = []
    starts = [m.start for m in mentions]
    for match in ANAPHOR_RE.finditer(text):
        previous = _last_before(starts, match.start())
        if previous is None or match.start() - mentions[previous].end > 400:
            continue
        if match.start() - mentions[previous].end < 4:
            continue  # directly after the name: already read as an apposition
        found.append(Attachment(match.start(), match.end(), previous,
                                _tag_attrs(match.group(0), match.groupdict()) | {"anaphor": True}))
    return found


def _last_before(starts: list[int], position: int) -> int | None:
    """Index of the last mention starting before `position` (binary search)."""
    index = bisect.bisect_left(starts, position) - 1
    return index if index >= 0 else None
