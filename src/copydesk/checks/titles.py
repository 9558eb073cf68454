"""Title checks against the record: conflicting titles, titles out of term, too many seat holders,
and roles the knowledge base cannot confirm."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from itertools import combinations
from typing import Any

from copydesk.checks.base import (
    ARTICLE_DATE,
    READ_FACTS,
    Check,
    display_name,
    entity_by_id,
    joined_span,
    judging_window,
    kb_name,
    make_finding,
    office_label,
    paragraph_ref,
    period,
    position_evidence,
    span_evidence,
    window_text,
)
from copydesk.checks.claims import (
    Mention,
    TitleClaim,
    claim_text,
    courtesy_title,
    judgeable_terms,
    present_claims,
    title_mentions,
)
from copydesk.model import Article, Evidence, Report, Span, Verification
from copydesk.vocab import OFFICES


def mention_spans(article: Article, mention: Mention) -> tuple[Span, ...]:
    """The spans to highlight for a mention: "Vice President Biden", or "Sens." and "Harris"."""
    if mention.person is None:
        return (mention.title,)
    if mention.person.end <= mention.title.start:  # "Nancy Pelosi, the House Speaker"
        return (mention.person, mention.title)
    return joined_span(mention.title, mention.person, article)


def claim_spans(article: Article, claim: TitleClaim) -> tuple[Span, ...]:
    return tuple(span for mention in claim.mentions for span in mention_spans(article, mention))


def terms_text(claim: TitleClaim) -> str:
    return ", ".join(period(start, end) for start, end in claim.intervals)


def claim_evidence(kb: Any, name: str, claim: TitleClaim) -> list[Evidence]:
    """The KB positions behind the claim's terms."""
    return [position_evidence(name, p) for p in kb.positions(claim.person_id) if p.office == claim.office]


def in_window(claim: TitleClaim, window: tuple) -> bool:
    return claim.holds_throughout(*window)


class TitleConflictCheck(Check):
    """TITLE_CONFLICT: one person given two titles that no single date allows."""

    name = "title_conflict"
    codes = ("TITLE_CONFLICT",)
    needs_kb = True
    requires = (*READ_FACTS, ARTICLE_DATE)

    def check(self, report: Report) -> None:
        article, window = report.article, judging_window(report)
        by_person: dict[str, list[TitleClaim]] = defaultdict(list)
        for claim in present_claims(article, self.kb):
            if not claim.never_held:
                by_person[claim.person_id].append(claim)
        for claims in by_person.values():
            for first, second in combinations(claims, 2):
                if not terms_overlap(first, second):
                    suspect, other = pick_suspect(first, second, window)
                    report.findings.append(self.conflict(report, suspect, other))

    def conflict(self, report: Report, suspect: TitleClaim, other: TitleClaim):
        article = report.article
        name = display_name(article, suspect.entity)
        other_mention = other.mentions[0]
        message = (
            f"{name} is called {office_label(suspect.office)} here and {office_label(other.office)} in "
            f"{paragraph_ref(article, other_mention.title)}, but held the first {terms_text(suspect)} "
            f"and the second {terms_text(other)}, never both at once."
        )
        evidence = [
            *claim_evidence(self.kb, name, suspect),
            *claim_evidence(self.kb, name, other),
            span_evidence(article, mention_spans(article, other_mention)[0], "the other title:"),
        ]
        return make_finding(
            "TITLE_CONFLICT", message, claim_spans(article, suspect), entity=suspect.entity, evidence=evidence
        )


def terms_overlap(first: TitleClaim, second: TitleClaim) -> bool:
    """True when some day falls in a term of both claims."""
    last = dt.date.max
    return any(
        a_start <= (b_end or last) and b_start <= (a_end or last)
        for a_start, a_end in first.intervals
        for b_start, b_end in second.intervals
    )


def pick_suspect(first: TitleClaim, second: TitleClaim, window: tuple | None) -> tuple[TitleClaim, TitleClaim]:
    """The claim to flag: the one outside the article's window, else the one mentioned later."""
    if window is not None:
        if in_window(first, window) and not in_window(second, window):
            return second, first
        if in_window(second, window) and not in_window(first, window):
            return first, second
    if first.mentions[0].title.start > second.mentions[0].title.start:
        return first, second
    return second, first


class RoleOutOfTermCheck(Check):
    """ROLE_OUT_OF_TERM: a title the person did not hold at the article's date or window.

    Runs after `TitleConflictCheck` and leaves alone the claims it already flagged, so one
    wrong title gives one finding. Titles that hold are listed as verifications.
    """

    name = "role_out_of_term"
    codes = ("ROLE_OUT_OF_TERM",)
    needs_kb = True
    requires = (*READ_FACTS, ARTICLE_DATE, "checked:title_conflict")

    def check(self, report: Report) -> None:
        article, window = report.article, judging_window(report)
        flagged = {span for f in report.findings if f.code == "TITLE_CONFLICT" for span in f.spans}
        for claim in present_claims(article, self.kb):
            spans = claim_spans(article, claim)
            name = display_name(article, claim.entity)
            if claim.never_held:
                message = f"{name} never held the office of {office_label(claim.office)}, according to the record."
                report.findings.append(self.finding(report, claim, spans, message))
            elif window is None:
                continue
            elif in_window(claim, window):
                report.verifications.append(self.verified(report, claim, spans, name))
            elif courtesy_title(claim, self.kb, window):
                report.verifications.append(self.courtesy(report, claim, spans, name))
            elif not flagged.intersection(spans):
                message = (
                    f"{name} was {office_label(claim.office)} {terms_text(claim)}, "
                    f"not at the article's date {window_text(report)}{self.held_instead(claim, window)}."
                )
                report.findings.append(self.finding(report, claim, spans, message))
        if window is None:
            report.notes.append(f"{self.name}: titles were not checked against terms: the article's date is unknown.")

    def held_instead(self, claim: TitleClaim, window: tuple) -> str:
        """"; then Vice President" when the person held other offices in the window."""
        start, end = window
        last = dt.date.max
        offices = sorted({
            office_label(p.office) for p in self.kb.positions(claim.person_id)
            if p.office != claim.office and p.start <= (end or last) and start <= (p.end or last)
        })
        return f"; then {' and '.join(offices)}" if offices else ""

    def finding(self, report: Report, claim: TitleClaim, spans: tuple[Span, ...], message: str):
        name = display_name(report.article, claim.entity)
        window = report.date_window
        evidence = [
            *claim_evidence(self.kb, name, claim),
            Evidence(text=f"article date: {window_text(report)}", source=f"date:{window.basis}",
                     start=window.start, end=window.end),
        ]
        return make_finding("ROLE_OUT_OF_TERM", message, spans, entity=claim.entity, evidence=evidence)

    def verified(self, report: Report, claim: TitleClaim, spans: tuple[Span, ...], name: str) -> Verification:
        evidence = claim_evidence(self.kb, name, claim)
        window = judging_window(report)
        term = claim.term_covering(*window) if window else None
        held = period(*term) if term else terms_text(claim)
        message = (
            f"{claim_text(report.article, claim)}: consistent — {office_label(claim.office)}, {held}, "
            f"at {window_text(report)}."
        )
        return Verification("title", message, spans, entity=claim.entity, evidence=tuple(evidence))


    def courtesy(self, report: Report, claim: TitleClaim, spans: tuple[Span, ...], name: str) -> Verification:
        message = (
            f"{claim_text(report.article, claim)}: courtesy title — {office_label(claim.office)} "
            f"{terms_text(claim)}, no office at {window_text(report)}."
        )
        evidence = tuple(claim_evidence(self.kb, name, claim))
        return Verification("title", message, spans, entity=claim.entity, evidence=evidence)


class SeatConflictCheck(Check):
    """SEAT_CONFLICT: more people placed in an office at once than it has seats."""

    name = "seat_conflict"
    codes = ("SEAT_CONFLICT",)
    needs_kb = True
    requires = (*READ_FACTS, ARTICLE_DATE)

    def check(self, report: Report) -> None:
        article, window = report.article, judging_window(report)
        seats: dict[tuple[str, str | None], list[TitleClaim]] = defaultdict(list)
        for claim in present_claims(article, self.kb):
            if courtesy_title(claim, self.kb, window):
                continue
            scope = self.scope(report, claim)
            if scope is not None:
                seats[scope].append(claim)
        for (office, state), claims in seats.items():
            limit = OFFICES[office]["seats"]
            if limit and len(claims) > limit:
                report.findings.append(self.conflict(report, office, state, claims, window))

    def scope(self, report: Report, claim: TitleClaim) -> tuple[str, str | None] | None:
        """(office, state) the seat count applies in; None for district seats and unknown states."""
        scope = OFFICES[claim.office]["scope"]
        if scope == "nation":
            return (claim.office, None)
        if scope != "state":
            return None
        state = claim_state(report.article, claim) or next(
            (p.state for p in self.kb.positions(claim.person_id) if p.office == claim.office and p.state), None
        )
        return (claim.office, state) if state else None

    def conflict(self, report, office, state, claims, window):
        article = report.article
        suspects = [c for c in claims if window is None or not in_window(c, window)] or claims
        names = ", ".join(display_name(article, c.entity) for c in claims)
        where = f" from {state}" if state else ""
        message = (
            f"{len(claims)} people are called {office_label(office)}{where} here ({names}), "
            f"but the office has {OFFICES[office]['seats']} seat{'s' if OFFICES[office]['seats'] > 1 else ''}."
        )
        spans = [span for c in suspects for span in claim_spans(article, c)]
        evidence = [span_evidence(article, claim_spans(article, c)[0]) for c in claims if c not in suspects]
        if window is not None:
            for holder in self.kb.holders(office, window[0], state=state):
                evidence.append(position_evidence(kb_name(self.kb, holder.person_id), holder))
        return make_finding("SEAT_CONFLICT", message, spans, entity=suspects[0].entity, evidence=evidence)


def claim_state(article: Article, claim: TitleClaim) -> str | None:
    """The state the article gives for the claim: on the title itself or in a tag on the person."""
    for mention in claim.mentions:
        if mention.title.attrs.get("state"):
            return mention.title.attrs["state"]
    for tag in article.group("affiliation"):
        if tag.attrs.get("entity") == claim.entity and tag.attrs.get("state"):
            return tag.attrs["state"]
    return None


class UnverifiedRoleCheck(Check):
    """UNVERIFIED_ROLE (info): a role the knowledge base cannot confirm or refute: claimed for a
    person it does not hold, or for a known person in an office it has no dated record of
    ("Gov. Ron DeSantis": the KB holds no governors)."""

    name = "unverified_role"
    codes = ("UNVERIFIED_ROLE",)
    requires = ("spans:title", "entities")

    def check(self, report: Report) -> None:
        article, seen = report.article, set()
        for title, entity, reason in self._unconfirmable(article):
            written = article.quote(title)
            if (entity.id, written.lower()) in seen:
                continue
            seen.add((entity.id, written.lower()))
            message = f"{entity.name} is described as “{written}”, which the knowledge base cannot confirm{reason}."
            report.findings.append(make_finding("UNVERIFIED_ROLE", message, (title,), entity=entity.id))

    def _unconfirmable(self, article: Article) -> list[tuple[Span, Any, str]]:
        """(title, entity, why) in text order: titles of people not in the KB, then present-tense
        titles of known people the record cannot judge."""
        found = []
        for title in article.group("title"):
            entity = entity_by_id(article, title.attrs.get("entity"))
            if entity is not None and entity.kind == "person" and entity.status == "not_in_kb":
                found.append((title, entity, ""))
        if self.kb is not None:
            judgeable: dict[tuple[str, str], bool] = {}  # one look at the record per (person, office)
            for kb_id, office, entity_id, mention in title_mentions(article):
                if mention.title.label != "title":
                    continue  # a count over a list, judged with its list
                if (kb_id, office) not in judgeable:
                    judgeable[kb_id, office] = judgeable_terms(self.kb, kb_id, office) is not None
                if not judgeable[kb_id, office]:
                    reason = f": it has no dated record of this person as {office_label(office)}"
                    found.append((mention.title, entity_by_id(article, entity_id), reason))
        return sorted(found, key=lambda item: item[0].start)
