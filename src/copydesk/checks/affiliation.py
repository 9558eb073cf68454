"""AFFILIATION_MISMATCH: party, state and district tags ("(D-Minn.)", "Sen. X of Ohio") against the
record at the article's date."""

from __future__ import annotations

import datetime as dt
from typing import Any

from copydesk.checks.base import (
    ARTICLE_DATE,
    READ_FACTS,
    Check,
    display_name,
    judging_window,
    make_finding,
    position_evidence,
    position_text,
    resolved_kb_id,
    window_text,
)
from copydesk.model import Report, Span, Verification
from copydesk.vocab import US_STATES


def tags(report: Report) -> list[Span]:
    """Affiliation tags plus titles that carry a state or district ("Ohio Sen. Brown").

    A title whose state comes from a tag on the same mention ("Sen. Brown of Ohio" gives the
    title state OH and the tag "Ohio") is left out: it is one claim, judged once, at the tag.
    """
    affiliations = report.article.group("affiliation")
    tagged_mentions = {_claim(a) for a in affiliations} - {None}
    titled = [t for t in report.article.group("title")
              if (t.attrs.get("state") or t.attrs.get("district")) and _claim(t) not in tagged_mentions]
    return [*affiliations, *titled]


def _claim(span: Span) -> tuple[Any, ...] | None:
    """The mention a tag or title belongs to and the state and district it claims (None: no mention)."""
    person = span.attrs.get("person_span")
    if not person:
        return None
    return (tuple(person), span.attrs.get("state"), district_of(span.attrs.get("district")))


def overlaps_window(position: Any, window: tuple[dt.date, dt.date | None]) -> bool:
    start, end = window
    return position.start <= (end or dt.date.max) and start <= (position.end or dt.date.max)


def district_of(value: Any) -> str | None:
    """Districts as comparable strings ("5"); at-large and missing as None."""
    if value in (None, "", "AL"):
        return None
    try:
        return str(int(value))
    except (TypeError, ValueError):
        return str(value)


def mismatches(tag: Span, positions: list[Any]) -> list[str]:
    """What in the tag no candidate position supports: "state AR in the tag, AZ in the record"."""
    wrong = []
    party, state, district = tag.attrs.get("party"), tag.attrs.get("state"), district_of(tag.attrs.get("district"))
    parties = {p.party for p in positions if p.party}
    if party and parties and party not in parties:
        wrong.append(f"party {party} in the tag, {' or '.join(sorted(parties))} in the record")
    states = {p.state for p in positions if p.state}
    if state and states and state not in states:
        wrong.append(f"state {state} in the tag, {' or '.join(sorted(states))} in the record")
    districts = {
        district_of(p.district)
        for p in positions
        if p.office == "representative" and p.state == (state or p.state) and district_of(p.district)
    }
    if district and districts and district not in districts:
        wrong.append(f"district {district} in the tag, {' or '.join(sorted(districts))} in the record")
    return wrong


def matching(tag: Span, positions: list[Any], window: tuple[dt.date, dt.date | None] | None) -> Any:
    """The position that best explains the tag: one that fits it and covers the most of the window."""
    state, party = tag.attrs.get("state"), tag.attrs.get("party")
    fitting = [p for p in positions if (not state or p.state == state) and (not party or p.party == party)]

    def coverage(position: Any) -> tuple[int, dt.date]:
        if window is None:
            return (0, position.start)
        start = max(position.start, window[0])
        end = min(position.end or dt.date.max, window[1] or dt.date.max)
        return ((end - start).days if end >= start else -1, position.start)

    return max(fitting or positions, key=coverage)


def tag_words(article, tag: Span) -> str:
    """The tag as written; for a title carrying a state, the title and the state's name."""
    if "office" not in tag.attrs:
        return article.quote(tag)
    state = tag.attrs.get("state")
    where = US_STATES.get(state, (state,))[0] if state else f"district {tag.attrs.get('district')}"
    return f"{article.quote(tag)} … {where}"


class AffiliationCheck(Check):
    """Compare each party/state/district tag with the person's positions in the window."""

    name = "affiliation"
    codes = ("AFFILIATION_MISMATCH",)
    needs_kb = True
    requires = ("spans:affiliation", *READ_FACTS, ARTICLE_DATE)

    def check(self, report: Report) -> None:
        window = judging_window(report)
        for tag in tags(report):
            kb_id = resolved_kb_id(report.article, tag.attrs.get("entity"))
            if kb_id is None:
                continue
            dated = [p for p in self.kb.positions(kb_id) if p.start is not None and (p.country or "US") == "US"]
            active = [p for p in dated if window is not None and overlaps_window(p, window)]
            self.judge(report, tag, active or dated, proven=bool(active), window=window)

    def judge(self, report: Report, tag: Span, positions: list[Any], proven: bool, window) -> None:
        if not positions:
            return
        article = report.article
        entity = tag.attrs.get("entity")
        name = display_name(article, entity)
        written = tag_words(article, tag)
        wrong = mismatches(tag, positions)
        when = f"at the article's date {window_text(report)}" if proven else "in any term it lists"
        evidence = [position_evidence(name, p) for p in positions]
        if wrong:
            message = f"{name} is tagged “{written}”, which the record contradicts {when}: {'; '.join(wrong)}."
            severity = "error" if proven else "warning"
            report.findings.append(
                make_finding("AFFILIATION_MISMATCH", message, (tag,), severity=severity, entity=entity, evidence=evidence)
            )
            return
        best = matching(tag, positions, window if proven else None)
        described = position_text(name, best).split(": ", 1)[1]
        message = f"{name} ({written.strip('()')}): consistent — {described}."
        report.verifications.append(Verification("affiliation", message, (tag,), entity=entity, evidence=tuple(evidence)))

