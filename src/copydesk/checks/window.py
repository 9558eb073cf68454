"""The article's date window, inferred from its title claims when no date is known.

Each present-tense title claim ("President Biden", "Sen. Warren") holds on the union of the
person's terms in that office. The window is the stretch of days on which the most claims hold.
Ties are broken, in order, by the number of claims made directly on a person rather than spread
over a list ("Sens. A, B and C"), then by how many mentions make the satisfied claims (the
people the article is about are named most), then by recency. A one-day window (a transition
day, on which the KB counts both the outgoing and the incoming holder) is chosen only when no
longer one holds any claim. Every other window holding as
many claims is reported in `alternatives`. Claims that do not hold in the window are the suspects the title checks report.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from copydesk.checks.base import ARTICLE_DATE, READ_FACTS
from copydesk.checks.claims import TitleClaim, claim_text, present_claims
from copydesk.model import DateWindow, Report

ONE_DAY = dt.timedelta(days=1)


@dataclass(frozen=True, slots=True)
class WindowChoice:
    """The best-supported window, the claims it satisfies and equally good alternatives."""

    start: dt.date
    end: dt.date | None
    satisfied: frozenset[tuple[str, str]]
    alternatives: tuple[tuple[dt.date, dt.date | None], ...] = ()


def elementary_segments(claims: list[TitleClaim]) -> list[tuple[dt.date, dt.date | None]]:
    """Cut the timeline at every term boundary, so each segment is uniformly in or out of each term."""
    points = set()
    for claim in claims:
        for start, end in claim.intervals:
            points.add(start)
            if end is not None:
                points.add(end + ONE_DAY)
    ordered = sorted(points)
    return [
        (point, ordered[i + 1] - ONE_DAY if i + 1 < len(ordered) else None)
        for i, point in enumerate(ordered)
    ]


def choose_window(claims: list[TitleClaim]) -> WindowChoice | None:
    """The window satisfying the most claims (see module docstring for ties), or None."""
    runs: list[tuple[dt.date, dt.date | None, frozenset]] = []
    for start, end in elementary_segments(claims):
        satisfied = frozenset(c.key for c in claims if c.holds_throughout(start, end))
        if runs and runs[-1][2] == satisfied and runs[-1][1] is not None and runs[-1][1] + ONE_DAY == start:
            runs[-1] = (runs[-1][0], end, satisfied)
        else:
            runs.append((start, end, satisfied))
    by_key = {c.key: c for c in claims}

    def score(run: tuple[dt.date, dt.date | None, frozenset]) -> tuple[int, int, int, dt.date]:
        held = [by_key[key] for key in run[2]]
        return (len(held), sum(c.direct for c in held), sum(len(c.mentions) for c in held), run[0])

    candidates = [run for run in runs if run[2]]
    if not candidates:
        return None
    # On a transition day the outgoing and the incoming holder both count (KB convention), so a
    # one-day window can satisfy claims no real date does; it is used only when nothing else is.
    candidates = [run for run in candidates if run[1] is None or run[1] > run[0]] or candidates
    best = max(candidates, key=score)
    tied = [run for run in candidates if len(run[2]) == len(best[2]) and run is not best]
    return WindowChoice(best[0], best[1], best[2], tuple((r[0], r[1]) for r in tied))


class DateWindowInference:
    """Infer the date window from title claims when neither `--date` nor a published date is known."""

    name = "date_window_inference"
    requires = ("date_window", *READ_FACTS)
    provides = (ARTICLE_DATE,)
    needs_kb = True

    def __init__(self, kb: Any | None = None):
        self.kb = kb

    def __call__(self, report: Report) -> None:
        if report.date_window.basis in ("published", "given"):
            return
        if self.kb is None:
            report.notes.append(f"{self.name}: skipped: no knowledge base is loaded to date title claims by.")
            return
        claims = present_claims(report.article, self.kb)
        choice = choose_window(claims)
        if choice is None:
            report.date_window = DateWindow.unknown(
                "no title claim the knowledge base can date" if not claims else "no date satisfies any title claim"
            )
            return
        report.date_window = DateWindow(
            start=choice.start,
            end=choice.end,
            basis="inferred",
            support=len(choice.satisfied),
            total=len(claims),
            note=window_note(report, claims, choice),
            alternatives=choice.alternatives,
        )


def window_note(report: Report, claims: list[TitleClaim], choice: WindowChoice) -> str:
    """One sentence: how many claims agree and which do not."""
    outside = [c for c in claims if c.key not in choice.satisfied]
    note = f"inferred from {len(claims)} title claims ({len(choice.satisfied)} agree"
    if outside:
        quoted = ", ".join(f"“{claim_text(report.article, c)}”" for c in outside)
        note += f"; {quoted} {'does' if len(outside) == 1 else 'do'} not"
    note += ")"
    if choice.alternatives:
        others = "; ".join(f"{s} … {e or ''}".rstrip() for s, e in choice.alternatives)
        note += f"; equally supported: {others}"
    return note + "."
