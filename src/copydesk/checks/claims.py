"""Present-tense title claims: which mentions say "this person holds this office now".

"President Biden" claims Biden is President at the article's date; "former Sen. Harris",
"then-Vice President Biden", "the late Sen. McCain" and "served as Speaker" do not. A title
inside a past role ("a former adviser to President Bill Clinton"), or in a sentence dated to a
time the person did hold the office ("President Obama signed it in 2010"), speaks of that time,
not the article's. Non-US titles are not US office claims. Several mentions of one claim count
once: a claim is (person, office).
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left
from dataclasses import dataclass, field
from typing import Any

from copydesk.checks.base import (
    SentenceIndex,
    article_memo,
    joined_span,
    resolved_kb_id,
)
from copydesk.model import Article, Span
from copydesk.vocab import OFFICES

# Modifiers that take a title out of the present tense ("elect": not yet held).
NOT_PRESENT = frozenset({"former", "then", "ex", "late", "past", "elect"})

# Offices whose holders the KB records completely for anyone it has dated positions for, so a
# person with no term in them never held them. Leadership posts are recorded only partially:
# they are checked against terms the KB does list, never judged from absence.
FULLY_RECORDED = frozenset({"president", "vice_president", "senator", "representative"})


# Offices whose title former holders keep by convention.
COURTESY_OFFICES = frozenset({"president"})


@dataclass(frozen=True, slots=True)
class Mention:
    """One place a claim is made: the title span and the person span it attaches to."""

    title: Span
    person: Span | None
    distributed: bool


@dataclass(slots=True)
class TitleClaim:
    """One (person, office) claim with every mention that makes it and the KB's terms."""

    person_id: str
    office: str
    entity: str
    mentions: list[Mention] = field(default_factory=list)
    intervals: list[tuple[dt.date, dt.date | None]] = field(default_factory=list)
    never_held: bool = False  # the KB has the person's full record and no term in this office

    @property
    def direct(self) -> bool:
        """True when some mention names the person with the title directly, not via a list."""
        return any(not m.distributed for m in self.mentions)

    @property
    def key(self) -> tuple[str, str]:
        return (self.person_id, self.office)

    def holds_on(self, day: dt.date) -> bool:
        return any(start <= day and (end is None or day <= end) for start, end in self.intervals)

    def term_covering(self, start: dt.date, end: dt.date | None) -> tuple[dt.date, dt.date | None] | None:
        """The term that covers the whole window `start … end`, if one does."""
        for term_start, term_end in self.intervals:
            if term_start <= start and (term_end is None or (end is not None and end <= term_end)):
                return (term_start, term_end)
        return None

    def holds_throughout(self, start: dt.date, end: dt.date | None) -> bool:
        """True when one term covers the whole window `start … end`."""
        return self.term_covering(start, end) is not None


def person_span(title: Span) -> Span | None:
    bounds = title.attrs.get("person_span")
    if not bounds:
        return None
    return Span(int(bounds[0]), int(bounds[1]), "person")


def is_us_title(title: Span) -> bool:
    return (title.attrs.get("country") or "US") == "US"


def is_past_role(title: Span) -> bool:
    return title.attrs.get("modifier") in NOT_PRESENT or "former" in str(title.attrs.get("raw", "")).lower()


def nested_in_past_role(title: Span, past_roles: list[Span]) -> bool:
    """True when the title sits inside a longer past role ("former adviser to President X")."""
    return any(
        other.end - other.start > title.end - title.start and other.start <= title.start and title.end <= other.end
        for other in past_roles
    )


@article_memo
def title_mentions(article: Article) -> list[tuple[str, str, str, Mention]]:
    """(kb id, office, entity id, mention) for every present-tense US title on a resolved person."""
    titles = article.group("title")
    past_roles = [title for title in titles if is_past_role(title)]  # few, so nesting stays linear
    people = person_mentions(article)
    found = []
    for title in titles:
        office = title.attrs.get("office")
        if office not in OFFICES or not is_us_title(title):
            continue
        if title.attrs.get("modifier") in NOT_PRESENT or nested_in_past_role(title, past_roles):
            continue
        entity = title.attrs.get("entity")
        kb_id = resolved_kb_id(article, entity)
        if kb_id is None or fuzzy_surname(article, people, person_span(title)):
            continue
        mention = Mention(title, person_span(title), bool(title.attrs.get("distributed")))
        found.append((kb_id, office, entity, mention))
    return found + count_mentions(article)


def count_mentions(article: Article) -> list[tuple[str, str, str, Mention]]:
    """Claims made by a count over a list: "the three Democratic representatives" (A, B, C)."""
    lists = article.group("list")
    found = []
    for count in article.group("count"):
        office, index = count.attrs.get("office"), count.attrs.get("list")
        if office not in OFFICES or index is None or not 0 <= index < len(lists):
            continue
        items = lists[index].attrs.get("items", ())
        if count.attrs.get("value") != len(items):
            continue  # a count that is not this list's length may not be about these people
        for item in items:
            kb_id = resolved_kb_id(article, item.get("entity"))
            if kb_id:
                person = Span(int(item["start"]), int(item["end"]), "person")
                found.append((kb_id, office, item["entity"], Mention(count, person, True)))
    return found


def person_mentions(article: Article) -> dict[tuple[int, int], Span]:
    """The reader's person mentions by their range (the first, should two share one)."""
    found: dict[tuple[int, int], Span] = {}
    for mention in article.group("person"):
        found.setdefault((mention.start, mention.end), mention)
    return found


def fuzzy_surname(article: Article, people: dict[tuple[int, int], Span], person: Span | None) -> bool:
    """True for a one-word name the reader matched to a differently spelled surname ("Last" as
    "Mast"): too weak to pin a title on that person."""
    mention = people.get((person.start, person.end)) if person is not None else None
    if mention is None:
        return False
    return len(article.quote(mention).split()) == 1 and bool(mention.attrs.get("variant_of"))


def courtesy_title(claim: TitleClaim, kb: Any, window: tuple[dt.date, dt.date | None] | None) -> bool:
    """True for a past office used as a courtesy title: "President Clinton" in 2018.

    US usage keeps "President" for life (AP style asks "former" for every other office), as
    long as the person holds no other office; a title the person had not yet held is no courtesy.
    """
    if window is None or claim.never_held or claim.office not in COURTESY_OFFICES:
        return False
    start, end = window
    if not any(term_end is not None and term_end < start for _, term_end in claim.intervals):
        return False
    last = dt.date.max
    return not any(p.start <= (end or last) and start <= (p.end or last) for p in kb.positions(claim.person_id))


class SentenceDates:
    """The absolute dates named in each sentence of an article, found by bisection."""

    def __init__(self, article: Article):
        self.sentences = SentenceIndex(article)
        times = sorted((t for t in article.group("time") if t.attrs.get("kind") == "absolute"), key=lambda t: t.start)
        self.starts = [time.start for time in times]
        self.periods = [time_period(time.attrs) for time in times]

    def around(self, offset: int) -> list[tuple[dt.date, dt.date]]:
        """The periods of the absolute times in the sentence that holds `offset`."""
        sentence = self.sentences.sentence_of(offset)
        first, last = bisect_left(self.starts, sentence.start), bisect_left(self.starts, sentence.end)
        return [period for period in self.periods[first:last] if period]


def dated_elsewhere(dates: SentenceDates, mention: Mention, claim: TitleClaim) -> bool:
    """True when the mention's sentence names a date at which the person held the office."""
    return any(
        start <= period[1] and (end is None or period[0] <= end)
        for period in dates.around(mention.title.start)
        for start, end in claim.intervals
    )


def time_period(attrs: Any) -> tuple[dt.date, dt.date] | None:
    """The days an absolute time expression covers, from its ISO value and resolution."""
    value, resolution = attrs.get("value"), attrs.get("resolution")
    if not value:
        return None
    try:
        year = int(str(value)[:4])
        if resolution == "year" or len(str(value)) == 4:
            return dt.date(year, 1, 1), dt.date(year, 12, 31)
        if resolution == "month" or len(str(value)) == 7:
            month = int(str(value)[5:7])
            following = dt.date(year + (month == 12), month % 12 + 1, 1)
            return dt.date(year, month, 1), following - dt.timedelta(days=1)
        single = dt.date.fromisoformat(str(value)[:10])
        return single, single
    except ValueError:
        return None


def judgeable_terms(kb: Any, person_id: str, office: str) -> tuple[list[tuple[dt.date, dt.date | None]], bool] | None:
    """The person's terms in the office and whether the record shows they never held it; None
    when the record cannot judge the title: undated terms, or none recorded for an office the KB
    does not record in full (governors) or for a person whose career it lacks dates for."""
    terms = kb_terms(kb, person_id, office)
    never_held = terms == [] and office in FULLY_RECORDED and has_dated_record(kb, person_id)
    if terms is None or (terms == [] and not never_held):
        return None
    return terms, never_held


def kb_terms(kb: Any, person_id: str, office: str) -> list[tuple[dt.date, dt.date | None]] | None:
    """The person's terms in the office as (start, end) pairs, or None when the record is undated."""
    terms = []
    for interval in kb.intervals(person_id, office):
        if interval.start is None:
            return None
        terms.append((interval.start, interval.end))
    return sorted(terms)


def has_dated_record(kb: Any, person_id: str) -> bool:
    """True when the KB holds the person's career with dates: some positions, no undated roles."""
    return bool(kb.positions(person_id)) and not kb.undated_roles(person_id)


@article_memo
def present_claims(article: Article, kb: Any) -> list[TitleClaim]:
    """The article's checkable present-tense title claims, one per (person, office). Computed
    once per article and KB: the date window and three title checks all judge them (none
    modifies a claim)."""
    claims: dict[tuple[str, str], TitleClaim] = {}
    uncheckable: set[tuple[str, str]] = set()
    for kb_id, office, entity, mention in title_mentions(article):
        key = (kb_id, office)
        if key in uncheckable:
            continue
        if key not in claims:
            record = judgeable_terms(kb, kb_id, office)
            if record is None:
                uncheckable.add(key)
                continue
            claims[key] = TitleClaim(kb_id, office, entity, intervals=record[0], never_held=record[1])
        claims[key].mentions.append(mention)
    dates = SentenceDates(article)
    for claim in claims.values():
        claim.mentions = [m for m in claim.mentions if not dated_elsewhere(dates, m, claim)]
    return [c for c in claims.values() if c.mentions]


def claim_text(article: Article, claim: TitleClaim) -> str:
    """The words of the claim's first mention: "Vice President Biden", "Sens. … Kamala Harris"."""
    mention = claim.mentions[0]
    title = article.quote(mention.title)
    if mention.person is None:
        return title
    person = article.quote(mention.person)
    if mention.person.end <= mention.title.start:
        return f"{person} … {title}"
    if len(joined_span(mention.title, mention.person, article)) == 1:
        return article.text[mention.title.start : mention.person.end]
    return f"{title} … {person}"
