"""Direct quotations and who (or what document) said them.

Attribution is read from the words next to the quote, in this order: an introduction ending in
a colon before it ("The letter reads:"), an attribution after it (", Khanna told Foreign Policy",
", said Michael Cohen"), and for a quote that carries neither, the speaker of the quote just
before it in the same paragraph or, when it opens its paragraph, at the end of the previous one.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from copydesk.read.lexicon import DOCUMENT_NOUNS, ROLE_NOUNS, SAY_VERBS, alternation
from copydesk.read.mentions import Mention

MAX_QUOTE = 3000
NAME_GAP = 60  # title words between the verb and the name: "said … Executive Director Christa Hines"
SAY = alternation(SAY_VERBS)
DOCUMENT = rf"(?i:the|this|that|a|their|his|her|its)\s{{1,3}}(?:[\w’'\-]{{1,30}}\s{{1,3}}){{0,2}}?(?:{'|'.join(DOCUMENT_NOUNS)})"
PRONOUN = r"(?:he|she|they|it|He|She|They|It)"
ROLE_ANAPHOR_RE = re.compile(rf"(?:the|this)\s{{1,3}}(?:{'|'.join(ROLE_NOUNS)}|congressman|congresswoman|lawmaker)")
QUOTE_RE = re.compile(rf"“([^“”]{{1,{MAX_QUOTE}}})”|\"([^\"\n]{{1,{MAX_QUOTE}}})\"")
INTRO_RE = re.compile(
    rf"(?P<who>{DOCUMENT}|{PRONOUN}|[A-Z][\w’'\-.]{{0,30}}(?:\s{{1,3}}[A-Z][\w’'\-.]{{0,30}}){{0,3}})\s{{1,3}}(?P<verb>(?i:{SAY}))"
    rf"(?:\s{{1,3}}[^:“”\"\n]{{0,40}})?:\s{{0,3}}$"
)
AFTER_SPEAKER_FIRST_RE = re.compile(
    rf"^\s{{0,3}},?\s{{0,3}}(?P<who>{DOCUMENT}|{PRONOUN}|[A-Z][\w’'\-.]{{0,30}}(?:\s{{1,3}}[A-Z][\w’'\-.]{{0,30}}){{0,3}})\s{{1,3}}"
    rf"(?P<verb>{SAY})\b(?:\s{{1,3}}(?P<outlet>(?:The\s{{1,3}})?[A-Z][\w.&’'\-]{{0,30}}(?:\s{{1,3}}[A-Z][\w.&’'\-]{{0,30}}){{0,3}}))?"
)
AFTER_VERB_FIRST_RE = re.compile(
    rf"^\s{{0,3}},?\s{{0,3}}(?P<verb>(?i:said|says|wrote|writes|added|adds|asked|continued|according\s{{1,3}}to))\s{{1,3}}"
    rf"(?P<who>{DOCUMENT}|[A-Z][\w’'\-.]{{0,30}}(?:\s{{1,3}}[A-Z][\w’'\-.]{{0,30}}){{0,3}})"
)


@dataclass(slots=True)
class Quote:
    """A quotation (marks excluded) and its attribution; `speaker` is a mention index."""

    start: int
    end: int
    speaker: int | None = None
    speaker_text: str | None = None
    speaker_kind: str = "unknown"
    outlet: str | None = None


def find_quotes(text: str, mentions: list[Mention]) -> list[Quote]:
    """Every quotation in `text`, attributed where the text says who said it."""
    starts = [m.start for m in mentions]
    quotes: list[Quote] = []
    for match in QUOTE_RE.finditer(text):
        group = 1 if match.group(1) is not None else 2
        quote = Quote(match.start(group), match.end(group))
        if not (_attribute_intro(text, quote, mentions, starts)
                or _attribute_after(text, quote, mentions, starts, match.end())):
            _inherit(text, quote, quotes)
        quotes.append(quote)
    return quotes


def _attribute_intro(text: str, quote: Quote, mentions: list[Mention], starts: list[int]) -> bool:
    """"The letter reads: “…”" (the introduction may end the previous paragraph)."""
    window_start = max(0, quote.start - 1 - 160)
    window = text[window_start:quote.start - 1]
    line = window[window.rfind("\n", 0, len(window.rstrip())) + 1:]
    match = INTRO_RE.search(line)
    if not match:
        return False
    who_start = quote.start - 1 - len(window) + (len(window) - len(line)) + match.start("who")
    _set_speaker(text, quote, match.group("who"), who_start, mentions, starts)
    return True


def _attribute_after(text: str, quote: Quote, mentions: list[Mention], starts: list[int],
                     closing_end: int) -> bool:
    """"…,” Khanna told Foreign Policy" or "…,” said Michael Cohen"."""
    window = text[closing_end:closing_end + 160]
    for pattern in (AFTER_VERB_FIRST_RE, AFTER_SPEAKER_FIRST_RE):
        match = pattern.match(window)
        if match:
            _set_speaker(text, quote, match.group("who"), closing_end + match.start("who"), mentions, starts)
            outlet = match.groupdict().get("outlet")
            if outlet and match.group("verb").lower() in ("told", "tells"):
                quote.outlet = _trim_outlet(outlet)
            return True
    return False


def _trim_outlet(outlet: str) -> str:
    """Drop trailing words that start a time phrase ("Foreign Policy On Wednesday")."""
    words = outlet.split()
    while words and words[-1].lower() in {"on", "in", "last", "this", "that", "monday", "tuesday",
                                          "wednesday", "thursday", "friday", "saturday", "sunday"}:
        words.pop()
    return " ".join(words).rstrip(".,")


def _set_speaker(text: str, quote: Quote, who: str, who_start: int, mentions: list[Mention],
                 starts: list[int]) -> None:
    """Fill the speaker from the attribution words: a mention, a document or a pronoun."""
    index = bisect.bisect_left(starts, who_start)
    reach = who_start + len(who)
    if index < len(mentions) and mentions[index].start >= reach:  # "said <title words> Christa Hines"
        gap = text[reach:mentions[index].start]
        reach += len(gap) + 1 if len(gap) <= NAME_GAP and not re.search(r"[.,;:!?“”\"]", gap) else 0
    if index < len(mentions) and mentions[index].start < reach:
        quote.speaker, quote.speaker_text, quote.speaker_kind = index, mentions[index].text, "person"
        return
    lowered = who.lower()
    if ROLE_ANAPHOR_RE.fullmatch(lowered):  # "the Congressman continued:"
        lowered = "he"
    if re.match(DOCUMENT, lowered):
        quote.speaker_text, quote.speaker_kind = who, "document"
    elif lowered == "it":
        document = _last_document(text, who_start)
        quote.speaker_text, quote.speaker_kind = (document, "document") if document else (who, "unknown")
    elif lowered in ("he", "she"):
        previous = bisect.bisect_left(starts, who_start) - 1
        quote.speaker_text = who
        if previous >= 0 and who_start - mentions[previous].end < 600:
            quote.speaker, quote.speaker_kind = previous, "person"
    else:
        quote.speaker_text = who


def _last_document(text: str, position: int) -> str | None:
    """The closest document noun phrase before `position` ("the letter")."""
    matches = list(re.finditer(DOCUMENT, text[max(0, position - 600):position], re.IGNORECASE))
    return matches[-1].group(0) if matches else None


def _inherit(text: str, quote: Quote, previous: list[Quote]) -> None:
    """A bare quote continues the speaker of the quote before it, when they are adjacent."""
    if not previous or previous[-1].speaker_kind == "unknown":
        return
    last = previous[-1]
    between = text[last.end:quote.start]
    same_paragraph = "\n" not in between
    opens_paragraph = quote.start >= 2 and text[quote.start - 2] == "\n" and between.count("\n\n") == 1
    if len(between) < 400 and (same_paragraph or opens_paragraph):
        quote.speaker, quote.speaker_text = last.speaker, last.speaker_text
        quote.speaker_kind, quote.outlet = last.speaker_kind, last.outlet
