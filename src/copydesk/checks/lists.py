"""Checks on enumerations of people: duplicates, counts that disagree with their list, and one
event given incompatible sets of participants. They need only the text, not the KB."""

from __future__ import annotations

import re
from bisect import bisect_left
from itertools import combinations
from typing import Any

from rapidfuzz import fuzz

from copydesk.checks.base import (
    Check,
    entity_by_id,
    make_finding,
    paragraph_ref,
    resolved_kb_id,
    span_evidence,
)
from copydesk.model import Article, Report, Span, Verification

# Two names this alike, with the same surname, in one list are one person spelled two ways.
SAME_NAME_SIMILARITY = 85
# Events that say who is behind a document as a whole: two disjoint sets of them conflict.
# A count is compared with its list only when it could be the list's length: a small exact number.
# "The 61 House Democrats" with two names, "a dozen Republicans", "57 other members" introduce
# a few examples of a larger group, not an enumeration.
MAX_ENUMERATED = 12
APPROXIMATE = re.compile(r"\b(?:dozens?|about|nearly|almost|around|roughly|some|more|over|at least|other|others)\b", re.IGNORECASE)
SEPARATOR_WORD = re.compile(r",|;|\band\b|&")
SEPARATORS = re.compile(r"(?:[\s,;]|\band\b|&|\bof\s+[A-Z][A-Za-z.]*(?:\s+[A-Z][A-Za-z.]*)?)*")
# A gap that fails SEPARATORS only for a trailing "of", which the words after the next (blanked)
# name may complete: "A of" + " B " + "Texas". No other failing gap can become a match by growing.
TRAILING_OF = re.compile(r"\bof\s*$")
AUTHORSHIP_EVENTS = frozenset({"send", "sign", "write", "author", "pen", "draft", "issue"})


def separators_so_far(text: str, start: int, end: int) -> bool:
    """Whether `text[start:end]` is separators up to a trailing "of" (see TRAILING_OF). Two
    steps, not one pattern: searched over a long run of blanks, "separators then of" as one
    pattern would retry every split of the run."""
    trailing = TRAILING_OF.search(text, start, end)
    return trailing is not None and SEPARATORS.fullmatch(text, start, trailing.start()) is not None


def item_span(item: dict[str, Any]) -> Span:
    return Span(int(item["start"]), int(item["end"]), "person", {"entity": item.get("entity")})


def person_key(article: Article, item: dict[str, Any]) -> str:
    """Who an item is: its KB id when resolved, else its entity id, else its text."""
    entity = item.get("entity")
    return resolved_kb_id(article, entity) or entity or article.text[item["start"] : item["end"]].lower()


def same_person(article: Article, first: dict[str, Any], second: dict[str, Any]) -> bool:
    """True when two list items name one person: same entity or KB id, or a near-identical name."""
    first_kb, second_kb = (resolved_kb_id(article, i.get("entity")) for i in (first, second))
    if first_kb and second_kb:
        return first_kb == second_kb
    if first.get("entity") and first.get("entity") == second.get("entity"):
        return True
    a, b = (article.text[i["start"] : i["end"]].lower().split() for i in (first, second))
    return bool(a and b) and a[-1] == b[-1] and len(a) > 1 and len(b) > 1 and (
        fuzz.ratio(" ".join(a), " ".join(b)) >= SAME_NAME_SIMILARITY
    )


def list_words(article: Article, span: Span, limit: int = 60) -> str:
    text = article.quote(span)
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


class DuplicateInListCheck(Check):
    """DUPLICATE_IN_LIST: the same person twice in one enumeration, however spelled.

    Enumerations are the reader's lists, plus runs of names that only separators join within a
    sentence ("Congressman A (X-1) Congressman B (Y-2) …"), which have no list words to find.
    """

    name = "duplicate_in_list"
    codes = ("DUPLICATE_IN_LIST",)
    requires = ("spans:list", "spans:count", "entities")

    def check(self, report: Report) -> None:
        article = report.article
        listed = [(item_span(a), item_span(b)) for e in article.group("list") for a, b in self.pairs(article, e)]
        for first, second in run_repeats(article):
            if not any(second.overlaps(b) for _, b in listed):
                report.findings.append(self.duplicate(article, dict(first.attrs, start=first.start, end=first.end),
                                                      dict(second.attrs, start=second.start, end=second.end)))
        for enumeration in article.group("list"):
            items = list(enumeration.attrs.get("items", ()))
            duplicates = self.pairs(article, enumeration)
            for first, second in duplicates:
                report.findings.append(self.duplicate(article, first, second))
            if not duplicates and len(items) > 1:
                message = f"“{list_words(article, enumeration)}”: {len(items)} names, no one twice."
                report.verifications.append(Verification("list", message, (enumeration,)))

    @staticmethod
    def pairs(article: Article, enumeration: Span) -> list[tuple[dict[str, Any], dict[str, Any]]]:
        items = enumeration.attrs.get("items", ())
        return [(a, b) for a, b in combinations(items, 2) if same_person(article, a, b)]

    def duplicate(self, article: Article, first: dict[str, Any], second: dict[str, Any]):
        first_span, second_span = item_span(first), item_span(second)
        first_text, second_text = article.quote(first_span), article.quote(second_span)
        entity = entity_by_id(article, second.get("entity") or first.get("entity"))
        name = entity.name if entity else first_text
        spelled = "" if first_text == second_text else f" (as “{first_text}” and “{second_text}”)"
        message = f"{name} appears twice in the same list{spelled}."
        return make_finding(
            "DUPLICATE_IN_LIST",
            message,
            (first_span, second_span),
            entity=entity.id if entity else None,
            evidence=(span_evidence(article, first_span, "first listed at"),),
        )


def run_repeats(article: Article) -> list[tuple[Span, Span]]:
    """Two mentions of one person in a paragraph with nothing but names, titles, tags and
    separators between them: a duplicate in a list the reader did not mark. (Paragraphs, not
    sentences: sentence splitters cut lists at the periods of "(R-Penn.)".)

    Linear in practice: the gap after a mention only grows as the second mention moves right,
    so the search for its repeat stops at the first gap that no later name could complete."""
    masked = masked_text(article)
    people = sorted(article.group("person"), key=lambda span: span.start)
    starts = [person.start for person in people]
    found = []
    for paragraph in article.paragraphs:
        inside = people[bisect_left(starts, paragraph.start) : bisect_left(starts, paragraph.end)]
        for index, first in enumerate(inside):
            second = first_repeat(article, masked, inside, index)
            if second is not None:
                found.append((first, second))
    return found


def first_repeat(article: Article, masked: str, people: list[Span], index: int) -> Span | None:
    """The first later mention in `people` that repeats `people[index]` in a run of separators."""
    first = people[index]
    key = {"start": first.start, "end": first.end, "entity": first.attrs.get("entity")}
    for later in range(index + 1, len(people)):
        second = people[later]
        if not SEPARATORS.fullmatch(masked, first.end, second.start):
            if separators_so_far(masked, first.end, second.start):
                continue  # "…, of" before a mention: a later name may still complete "of X"
            return None
        other = {"start": second.start, "end": second.end, "entity": second.attrs.get("entity")}
        if same_person(article, key, other) and joined(article, people[index + 1 : later], first, second):
            return second
    return None


def joined(article: Article, middle: list[Span], first: Span, second: Span) -> bool:
    """True when a separator word or another name stands between the two mentions. "About John
    Wheeler John Wheeler" is a stutter, not a list."""
    return any(first.end <= m.start and m.end <= second.start for m in middle) or bool(
        SEPARATOR_WORD.search(article.text[first.end : second.start])
    )


def masked_text(article: Article) -> str:
    """The article text with every name, title and tag blanked out, leaving the separators."""
    chars = list(article.text)
    for group in ("person", "title", "affiliation"):
        for span in article.group(group):
            chars[span.start : span.end] = " " * (span.end - span.start)
    return "".join(chars)


class CountCheck(Check):
    """COUNT_MISMATCH: "the three representatives" introducing a list of a different length."""

    name = "count"
    codes = ("COUNT_MISMATCH",)
    requires = ("spans:list", "spans:count", "entities")

    def check(self, report: Report) -> None:
        article, lists = report.article, report.article.group("list")
        for count in article.group("count"):
            index = count.attrs.get("list")
            if index is None or not 0 <= index < len(lists) or count.attrs.get("value") is None:
                continue
            enumeration = lists[index]
            stated = int(count.attrs["value"])
            if stated > MAX_ENUMERATED or APPROXIMATE.search(article.quote(count)):
                continue
            named = len({person_key(article, item) for item in enumeration.attrs.get("items", ())})
            if stated == named:
                message = f"“{article.quote(count)}”: {named} names, as stated."
                report.verifications.append(Verification("count", message, (count, enumeration)))
                continue
            message = f"“{article.quote(count)}” says {stated}, but the list it refers to names {named}."
            report.findings.append(
                make_finding(
                    "COUNT_MISMATCH",
                    message,
                    (count,),
                    evidence=(span_evidence(article, enumeration, f"the list ({named} names):"),),
                )
            )


class ParticipantCheck(Check):
    """PARTICIPANT_CONFLICT: one document sent/signed/written by two sets of people with no one in common."""

    name = "participants"
    codes = ("PARTICIPANT_CONFLICT",)
    requires = ("spans:list", "spans:count", "entities")

    def check(self, report: Report) -> None:
        article = report.article
        authored = [
            span
            for span in article.group("list")
            if span.attrs.get("event") in AUTHORSHIP_EVENTS
            and span.attrs.get("object")
            and len(span.attrs.get("items", ())) > 1
            and "also" not in str(span.attrs.get("trigger", "")).lower().split()
        ]
        for first, second in combinations(authored, 2):
            if str(first.attrs["object"]).lower() != str(second.attrs["object"]).lower():
                continue
            people = [{person_key(article, item) for item in span.attrs["items"]} for span in (first, second)]
            if people[0].isdisjoint(people[1]):
                report.findings.append(self.conflict(article, first, second))

    def conflict(self, article: Article, first: Span, second: Span):
        def who(span: Span) -> str:
            names = [article.text[i["start"] : i["end"]] for i in span.attrs["items"]]
            return ", ".join(names[:-1]) + " and " + names[-1]

        def verb(span: Span) -> str:
            return str(span.attrs.get("trigger") or f"{span.attrs['event']} by").strip()

        message = (
            f"The {first.attrs['object']} is “{verb(first)}” {who(first)} in {paragraph_ref(article, first)} "
            f"but “{verb(second)}” {who(second)} in {paragraph_ref(article, second)}, with no one in common."
        )
        return make_finding(
            "PARTICIPANT_CONFLICT",
            message,
            (second,),
            evidence=(span_evidence(article, first, "the other account:"),),
        )
