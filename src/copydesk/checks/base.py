"""What every check shares: the stage shape, the KB skip rule, and how findings are worded.

A check is a small stage: it reads span groups and entities filled by the reading stage, may ask
the knowledge base, and appends `Finding`s and `Verification`s to the report. A check that
needs the KB says so (`needs_kb`) and, when none is loaded, leaves a note instead of guessing.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_right
from collections.abc import Callable
from functools import wraps
from typing import Any

from copydesk.checks.codes import code as catalogue_code
from copydesk.model import Article, Entity, Evidence, Finding, Report, Severity, Span
from copydesk.vocab import OFFICES

# Facts the reading stage provides (docs/spans.md) that title claims are read from, and the
# fact the inference stage adds.
READ_FACTS = ("spans:title", "spans:list", "spans:count", "spans:time", "spans:sentence", "entities")
ARTICLE_DATE = "article_date"


class Check:
    """Base for check stages: subclasses set `name`, `codes` and implement `check`."""

    name = "check"
    codes: tuple[str, ...] = ()
    needs_kb = False
    requires: tuple[str, ...] = READ_FACTS
    provides: tuple[str, ...] = ()

    def __init__(self, kb: Any | None = None):
        self.kb = kb
        if not self.provides:
            self.provides = (f"checked:{self.name}",)

    def __call__(self, report: Report) -> None:
        if self.needs_kb and self.kb is None:
            report.notes.append(
                f"{self.name}: skipped ({', '.join(self.codes)}): no knowledge base is loaded."
            )
            return
        self.check(report)

    def check(self, report: Report) -> None:  # pragma: no cover - every subclass overrides
        raise NotImplementedError


def make_finding(
    name: str,
    message: str,
    spans: tuple[Span, ...] | list[Span],
    *,
    severity: Severity | None = None,
    entity: str | None = None,
    evidence: tuple[Evidence, ...] | list[Evidence] = (),
) -> Finding:
    """A finding whose code is checked against the catalogue (a typo fails loudly)."""
    entry = catalogue_code(name)
    return Finding(
        code=entry.code,
        severity=severity or entry.default_severity,
        message=message,
        spans=tuple(sorted(spans, key=lambda s: (s.start, s.end))),
        entity=entity,
        evidence=tuple(evidence),
    )


def entity_by_id(article: Article, entity_id: str | None) -> Entity | None:
    return next((e for e in article.entities if e.id == entity_id), None)


def resolved_kb_id(article: Article, entity_id: str | None) -> str | None:
    """The KB id of a mention's entity when the reader resolved it, else None."""
    entity = entity_by_id(article, entity_id)
    if entity is None or entity.status != "resolved":
        return None
    return entity.kb_id


def display_name(article: Article, entity_id: str | None, fallback: str = "") -> str:
    """The person's name as the article writes it at its fullest ("Kamala Harris", "Biden")."""
    entity = entity_by_id(article, entity_id)
    if entity is None:
        return fallback
    return entity.name or entity.canonical_name or fallback


def office_label(office: str | None) -> str:
    return OFFICES.get(office or "", {}).get("label", office or "an unnamed role")


def paragraph_ref(article: Article, span: Span) -> str:
    """"¶4" for a span in the fourth paragraph (1-based, as an editor counts)."""
    index = article.paragraph_of(span.start)
    return f"¶{index + 1}" if index is not None else "the text"


def day(value: dt.date | None) -> str:
    return value.isoformat() if value else "…"


def period(start: dt.date | None, end: dt.date | None) -> str:
    """"2021-01-20 … 2025-01-20", "2019-01-03 …" (open), or one day."""
    if start is not None and start == end:
        return start.isoformat()
    return f"{day(start)} … {day(end)}" if end else f"{day(start)} …"


class SentenceIndex:
    """Which sentence holds an offset, found by bisection (the reader's sentences are ordered
    and do not overlap), so asking for every mention of a long article stays linear."""

    def __init__(self, article: Article):
        self.article = article
        self.sentences = sorted(article.group("sentence"), key=lambda span: span.start)
        self.starts = [sentence.start for sentence in self.sentences]

    def sentence_of(self, offset: int) -> Span:
        """The sentence holding `offset`, or its paragraph when the reader gave no sentences."""
        index = bisect_right(self.starts, offset) - 1
        if index >= 0 and offset < self.sentences[index].end:
            return self.sentences[index]
        paragraph = self.article.paragraph_of(offset)
        if paragraph is not None:
            return self.article.paragraphs[paragraph]
        return Span(offset, offset)


def article_memo(compute: Callable[..., Any]) -> Callable[..., Any]:
    """`compute(article, *context)` computed once per article and context (such as the KB):
    several check stages need the same reading of one article (title claims feed four stages),
    and recomputing it is what makes long articles slow.

    The value is kept in `article.derived` and used only while its inputs are unchanged: the
    same context objects, and the article's text, paragraphs, entities and span groups the same
    objects with the same lengths (lists grown in place count as changed).
    """
    name = compute.__qualname__

    @wraps(compute)
    def memoised(article: Article, *context: Any) -> Any:
        inputs, lengths = article_state(article, context)
        entry = article.derived.get(name)
        if entry is not None and entry[1] == lengths and all(a is b for a, b in zip(entry[0], inputs, strict=True)):
            return entry[2]
        value = compute(article, *context)
        article.derived[name] = (inputs, lengths, value)
        return value

    return memoised


def article_state(article: Article, context: tuple[Any, ...]) -> tuple[tuple[Any, ...], tuple[int, ...]]:
    """The objects a derived value depends on, and their lengths."""
    groups = [article.spans[name] for name in sorted(article.spans)]
    inputs = (*context, article.text, article.paragraphs, article.entities, *groups)
    lengths = (len(context), len(article.text), len(article.paragraphs), len(article.entities), *map(len, groups))
    return inputs, lengths


def joined_span(title: Span, person: Span, article: Article) -> tuple[Span, ...]:
    """One span over "Vice President Biden" when the title runs straight into the name, else both."""
    between = article.text[title.end : person.start]
    if title.end <= person.start and not between.strip(" -\u00a0"):
        return (Span(title.start, person.end, title.label, title.attrs),)
    return tuple(sorted((title, person), key=lambda s: s.start))


def position_text(name: str, position: Any) -> str:
    """"Ilhan Omar: U.S. Representative, MN-5, Democrat, 2019-01-03 …"."""
    where = position.state or ""
    if position.district not in (None, "", 0) and position.office == "representative":
        where = f"{where}-{position.district}"
    parts = [office_label(position.office), where, position.party or ""]
    described = ", ".join(part for part in parts if part)
    return f"{name}: {described}, {period(position.start, position.end)}"


def position_evidence(name: str, position: Any) -> Evidence:
    """A KB position as evidence, naming the file it came from."""
    return Evidence(
        text=position_text(name, position),
        source=f"kb:{position.source}" if position.source else "kb",
        start=position.start,
        end=position.end,
        data={"office": position.office, "state": position.state, "district": position.district,
              "party": position.party},
    )


def span_evidence(article: Article, span: Span, what: str = "") -> Evidence:
    """Another place in the article as evidence: "¶4: “President Biden”"."""
    quoted = f"{paragraph_ref(article, span)}: “{article.quote(span)}”"
    return Evidence(text=f"{what} {quoted}".strip(), source="article", span=span)


def judging_window(report: Report) -> tuple[dt.date, dt.date | None] | None:
    """The dates claims are judged at: the known day, the inferred window, or None if unknown."""
    window = report.date_window
    if window.start is None:
        return None
    return (window.start, window.end if window.basis == "inferred" else window.start)


def window_text(report: Report) -> str:
    window = report.date_window
    return f"{period(window.start, window.end)} ({window.basis})"


def kb_name(kb: Any, person_id: str) -> str:
    """The KB's name for a person, or the id when the record has none."""
    person = kb.person(person_id)
    return getattr(person, "name", None) or person_id
