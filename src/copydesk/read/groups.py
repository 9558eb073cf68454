"""Enumerations of people ("Sens. A, B, C and D") and counts of groups ("the three senators")."""

from __future__ import annotations

import bisect
import itertools
import re
from dataclasses import dataclass, field
from typing import Any

from copydesk.read.lexicon import (
    COUNT_NOUNS,
    EVENT_OBJECTS,
    LIST_VERBS,
    NUMBER_WORDS,
    STATE_NAME_ALT,
    alternation,
)
from copydesk.read.mentions import TITLE_ALT, Mention
from copydesk.read.titles import DASH, Attachment
from copydesk.vocab import party_code, state_code

# Between two list items: the first item's tag ("(D-Minn.)", ", D-Minn.", " of Indiana"), a comma and/or
# "and"/"or"/"as well as", and titles of the next item ("and Sens.").
ITEM_TAG = (rf"\s{{0,3}}\([^()\n]{{1,24}}\)|,\s{{0,3}}[DRI][{DASH}][A-Z][\w.]{{0,14}}(?:[{DASH}]\d{{1,2}})?"
            rf"|\s{{1,3}}of\s{{1,3}}(?:{STATE_NAME_ALT})")
CONJUNCTION = (r"\s{0,3},\s{0,3}(?:and\s{1,3}|or\s{1,3})?|\s{1,3}and\s{1,3}|\s{1,3}or\s{1,3}"
               r"|,?\s{1,3}as\s{1,3}well\s{1,3}as\s{1,3}")
SEPARATOR_RE = re.compile(
    rf"^(?:{ITEM_TAG})?(?P<sep>{CONJUNCTION})(?:(?:(?i:{TITLE_ALT})\.?|Leader|Whip|Speaker)\s{{1,3}}){{0,3}}$"
)
TRIGGER_RE = re.compile(
    rf"\b(?P<verb>{alternation(LIST_VERBS)})\b"
    r"(?P<gap>[^.;:!?\n]{0,80}?)\s{1,3}by\s{1,3}$"
)
OBJECT_RE = re.compile(rf"\b(?P<object>{'|'.join(re.escape(o) for o in EVENT_OBJECTS)})s?\b", re.IGNORECASE)
NUMBER_ALT = alternation(NUMBER_WORDS)
NOUN_ALT = alternation(COUNT_NOUNS)
STATE_LIST = rf"(?:{STATE_NAME_ALT})(?:\s{{0,3}},\s{{0,3}}(?:and\s{{1,3}})?(?:{STATE_NAME_ALT})){{0,12}}(?:,?\s{{1,3}}and\s{{1,3}}(?:{STATE_NAME_ALT}))?"
COUNT_RE = re.compile(
    rf"(?<![\w-])(?P<phrase>(?:(?i:the|all|these|those|both\s{{1,3}}of\s{{1,3}}the)\s{{1,3}})?"
    rf"(?P<number>(?i:{NUMBER_ALT})|\d{{1,4}})(?:-member)?\s{{1,3}}"
    rf"(?P<adjectives>(?:[A-Za-z][\w\-]{{0,20}}\s{{1,3}}){{0,2}}?)(?P<noun>(?i:{NOUN_ALT}))\b"
    rf"(?:\s{{1,3}}from\s{{1,3}}(?P<states>{STATE_LIST}))?)"
)
MAX_SENTENCE_GAP = 2
# The last item's tag belongs to the list: "… and Joe Manchin of West Virginia".
LAST_ITEM_TAG_RE = re.compile(rf"\s{{0,3}}\([^()\n]{{1,24}}\)|\s{{1,3}}of\s{{1,3}}(?:{STATE_NAME_ALT})\b")


@dataclass(slots=True)
class PersonList:
    """An enumeration of mentions (indices) with what introduces it."""

    start: int
    end: int
    items: list[int]
    attrs: dict[str, Any] = field(default_factory=dict)


def find_lists(text: str, mentions: list[Mention], titles: list[Attachment],
               sentence_of: list[int]) -> list[PersonList]:
    """Runs of two or more mentions joined by commas/"and" within one sentence."""
    title_by_mention = {t.mention: t for t in titles if not t.attrs.get("apposition")}
    runs, current = [], [0] if mentions else []
    for index in range(1, len(mentions)):
        previous = mentions[index - 1]
        gap = text[previous.end:mentions[index].start]
        joined = sentence_of[index] == sentence_of[index - 1] and SEPARATOR_RE.match(gap)
        if joined:
            current.append(index)
        else:
            runs.append(current)
            current = [index]
    if current:
        runs.append(current)
    lists = []
    for run in runs:
        if len(run) < 2:
            continue
        gaps = [text[mentions[a].end:mentions[b].start] for a, b in itertools.pairwise(run)]
        has_conjunction = any(re.search(r"\b(?:and|or)\b|as well as", g) for g in gaps)
        if not has_conjunction and len(run) < 3:
            continue
        lists.append(_build_list(text, mentions, run, title_by_mention))
    return lists


def _build_list(text: str, mentions: list[Mention], run: list[int],
                title_by_mention: dict[int, Attachment]) -> PersonList:
    first_title = title_by_mention.get(run[0])
    start = first_title.start if first_title else mentions[run[0]].start
    last = mentions[run[-1]]
    end = last.end
    tag = LAST_ITEM_TAG_RE.match(text, end)
    if tag:
        end = tag.end()
    person_list = PersonList(start, end, run)
    person_list.attrs.update(_trigger(text, start))
    return person_list


def distribute_titles(lists: list[PersonList], titles: list[Attachment]) -> list[Attachment]:
    """A plural title ("Sens.") before one item applies to it and every later item."""
    by_mention = {t.mention: t for t in titles if not t.attrs.get("apposition")}
    added = []
    for list_index, person_list in enumerate(lists):
        shared: Attachment | None = None
        person_list.attrs["title"] = None
        for item in person_list.items:
            own = by_mention.get(item)
            if own and own.attrs.get("plural"):
                shared = own
                own.attrs.update(distributed=True, list=list_index)
                person_list.attrs["title"] = own.attrs["office"]
            elif own is None and shared is not None:
                attrs = dict(shared.attrs, distributed=True, list=list_index)
                added.append(Attachment(shared.start, shared.end, item, attrs))
    return added


def _trigger(text: str, list_start: int) -> dict[str, Any]:
    """"signed by", "sent … by" before the list, the event's lemma and its object."""
    window_start = max(0, list_start - 160)
    sentence_start = max(text.rfind(".", window_start, list_start), text.rfind("\n", window_start, list_start))
    window_start = max(window_start, sentence_start + 1)
    match = TRIGGER_RE.search(text, window_start, list_start)
    if not match:
        return {"trigger": None, "event": None, "object": None}
    verb = match.group("verb")
    trigger = f"{verb} … by" if match.group("gap").strip() else f"{verb} by"
    objects = list(OBJECT_RE.finditer(text, window_start, match.start()))
    return {"trigger": trigger, "event": LIST_VERBS[verb.lower()],
            "object": objects[-1].group("object").lower() if objects else None}


def find_counts(text: str, lists: list[PersonList], sentences: list[tuple[int, int]]) -> list[dict[str, Any]]:
    """Counts attached to groups, each linked to the nearest list it can count."""
    sentence_starts = [s for s, _ in sentences]
    list_starts = [person_list.start for person_list in lists]
    counts = []
    for match in COUNT_RE.finditer(text):
        number = match.group("number").lower()
        value = NUMBER_WORDS.get(number) if not number.isdigit() else int(number)
        if not value:
            continue
        noun = match.group("noun")
        party = next((party_code(w) for w in match.group("adjectives").split() if party_code(w)), None)
        states = [state_code(s) for s in re.findall(STATE_NAME_ALT, match.group("states") or "")]
        attrs = {"value": value, "noun": noun, "office": COUNT_NOUNS[noun.lower()], "party": party,
                 "states": states, "list": _linked_list(match.start(), match.end(), lists, list_starts, sentence_starts)}
        counts.append({"start": match.start("phrase"), "end": match.end("phrase"), "attrs": attrs})
    return counts


def _linked_list(start: int, end: int, lists: list[PersonList], list_starts: list[int],
                 sentence_starts: list[int]) -> int | None:
    """The list right after the count in its sentence ("the two senators, A and B"), else the
    closest one ending before it at most two sentences back. `lists` are in text order."""
    sentence = bisect.bisect_right(sentence_starts, start) - 1
    following = bisect.bisect_left(list_starts, end)
    if following < len(lists) and bisect.bisect_right(sentence_starts, lists[following].start) - 1 == sentence:
        return following
    previous = following - 1
    while previous >= 0 and lists[previous].end > start:
        previous -= 1
    if previous >= 0:
        list_sentence = bisect.bisect_right(sentence_starts, lists[previous].start) - 1
        if sentence - list_sentence <= MAX_SENTENCE_GAP:
            return previous
    return None
