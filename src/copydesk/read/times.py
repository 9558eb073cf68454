"""Time expressions, absolute and relative, normalised against the article's date when known.

`value` is an ISO 8601 date at the expression's resolution: "2021-01-20" (day), "2021-01"
(month), "2021" (year); for vague periods ("last week", "last summer") it is the first day of
the period. Relative expressions without a known article date get `value=None`.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from copydesk.read.lexicon import MONTHS, SEASONS, WEEKDAYS

MONTH_ALT = "|".join(m.title() for m in sorted(MONTHS, key=len, reverse=True))
WEEKDAY_ALT = "|".join(WEEKDAYS)
UNIT_NUMBERS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
                "seven": 7, "eight": 8, "nine": 9, "ten": 10, "several": None, "few": None}

PATTERNS: list[tuple[str, re.Pattern]] = [
    ("iso", re.compile(r"\b(?P<y>(?:19|20)\d\d)-(?P<m>[01]\d)-(?P<d>[0-3]\d)\b")),
    ("month_day", re.compile(
        rf"\b(?P<month>{MONTH_ALT})\.?\s{{1,3}}(?P<d>[0-3]?\d)(?:st|nd|rd|th)?\b(?:,?\s{{1,3}}(?P<y>(?:19|20)\d\d)\b)?")),
    ("day_month", re.compile(rf"\b(?P<d>[0-3]?\d)\s{{1,3}}(?P<month>{MONTH_ALT})\.?,?\s{{1,3}}(?P<y>(?:19|20)\d\d)\b")),
    ("month_year", re.compile(rf"\b(?P<month>{MONTH_ALT})\.?,?\s{{1,3}}(?P<y>(?:19|20)\d\d)\b")),
    ("numeric", re.compile(r"\b(?P<m>[01]?\d)/(?P<d>[0-3]?\d)/(?P<y>(?:19|20)?\d\d)\b")),
    ("year", re.compile(r"\b(?i:in|since|until|by|during|from|before|after|of|early|late|mid)[\s-]{1,3}(?P<y>(?:19|20)\d\d)\b(?!-)")),
    ("ago", re.compile(rf"\b(?P<n>\d{{1,3}}|{'|'.join(UNIT_NUMBERS)})\s{{1,3}}(?P<unit>day|week|month|year)s?\s{{1,3}}ago\b", re.IGNORECASE)),
    ("relative", re.compile(
        rf"\b(?:(?P<part>early|late|mid|earlier|later)[\s-]{{1,3}})?(?P<which>last|this|next|past)\s{{1,3}}"
        rf"(?P<unit>week(?:end)?|month|year|{'|'.join(SEASONS)}|{WEEKDAY_ALT})\b", re.IGNORECASE)),
    ("deictic", re.compile(r"\b(?P<word>yesterday|today|tomorrow|tonight)\b", re.IGNORECASE)),
    ("weekday", re.compile(rf"\b(?:on\s{{1,3}})?(?P<weekday>{WEEKDAY_ALT.title()})(?:\s{{1,3}}(?:night|morning|afternoon|evening))?\b")),
]


def find_times(text: str, base: dt.date | None) -> list[dict[str, Any]]:
    """Time expressions in `text`, earlier patterns winning overlaps, sorted by offset."""
    covered = bytearray(len(text))
    found = []
    for kind, pattern in PATTERNS:
        for match in pattern.finditer(text):
            start, end = match.start(), match.end()
            if kind == "year":
                start = match.start("y")
            if any(covered[start:end]):
                continue
            attrs = _normalise(kind, match.groupdict(), base)
            if attrs is None:
                continue
            covered[start:end] = b"\x01" * (end - start)
            found.append({"start": start, "end": end, "attrs": attrs})
    return sorted(found, key=lambda t: t["start"])


def _normalise(kind: str, groups: dict[str, str | None], base: dt.date | None) -> dict[str, Any] | None:
    if kind in ("iso", "month_day", "day_month", "numeric"):
        return _absolute_day(groups, base)
    if kind == "month_year":
        return _result("absolute", f"{int(groups['y']):04d}-{MONTHS[groups['month'].lower()]:02d}", "month")
    if kind == "year":
        return _result("absolute", groups["y"], "year")
    return _relative(kind, groups, base)


def _absolute_day(groups: dict[str, str | None], base: dt.date | None) -> dict[str, Any] | None:
    month = MONTHS[groups["month"].lower()] if groups.get("month") else int(groups["m"])
    day = int(groups["d"])
    year_text = groups.get("y")
    if year_text:
        year = int(year_text) if len(year_text) == 4 else 2000 + int(year_text)
    elif base:
        year = base.year if (month, day) <= (base.month, base.day) else base.year - 1
    else:
        year = None
    if year is None:
        return _result("absolute", None, "day") if _valid(2000, month, day) else None
    if not _valid(year, month, day):
        return None
    return _result("absolute", dt.date(year, month, day).isoformat(), "day")


def _valid(year: int, month: int, day: int) -> bool:
    try:
        dt.date(year, month, day)
    except ValueError:
        return False
    return True


def _relative(kind: str, groups: dict[str, str | None], base: dt.date | None) -> dict[str, Any]:
    if base is None:
        resolution = "day" if kind in ("deictic", "weekday") else "vague"
        return _result("relative", None, resolution)
    if kind == "deictic":
        shift = {"yesterday": -1, "today": 0, "tonight": 0, "tomorrow": 1}[groups["word"].lower()]
        return _result("relative", (base + dt.timedelta(days=shift)).isoformat(), "day")
    if kind == "weekday":
        return _result("relative", _previous_weekday(base, groups["weekday"], inclusive=True).isoformat(), "day")
    if kind == "ago":
        return _ago(groups, base)
    return _last_this_next(groups, base)


def _previous_weekday(base: dt.date, name: str, inclusive: bool) -> dt.date:
    back = (base.weekday() - WEEKDAYS.index(name.lower())) % 7
    if back == 0 and not inclusive:
        back = 7
    return base - dt.timedelta(days=back)


def _ago(groups: dict[str, str | None], base: dt.date) -> dict[str, Any]:
    number = groups["n"].lower()
    count = int(number) if number.isdigit() else UNIT_NUMBERS.get(number)
    unit = groups["unit"].lower()
    if count is None:
        return _result("relative", None, "vague")
    if unit == "day":
        return _result("relative", (base - dt.timedelta(days=count)).isoformat(), "day")
    if unit == "week":
        return _result("relative", (base - dt.timedelta(weeks=count)).isoformat(), "vague")
    if unit == "month":
        year, month = _shift_month(base.year, base.month, -count)
        return _result("relative", f"{year:04d}-{month:02d}", "month")
    return _result("relative", f"{base.year - count:04d}", "year")


def _last_this_next(groups: dict[str, str | None], base: dt.date) -> dict[str, Any]:
    which = {"past": -1, "last": -1, "this": 0, "next": 1}[groups["which"].lower()]
    unit = groups["unit"].lower()
    if unit in WEEKDAYS:
        if which == -1:
            return _result("relative", _previous_weekday(base, unit, inclusive=False).isoformat(), "day")
        ahead = (WEEKDAYS.index(unit) - base.weekday()) % 7 + (7 if which == 1 else 0)
        return _result("relative", (base + dt.timedelta(days=ahead)).isoformat(), "day")
    if unit == "month":
        year, month = _shift_month(base.year, base.month, which)
        return _result("relative", f"{year:04d}-{month:02d}", "month")
    if unit == "year":
        return _result("relative", f"{base.year + which:04d}", "year")
    if unit in ("week", "weekend"):
        monday = base - dt.timedelta(days=base.weekday()) + dt.timedelta(weeks=which)
        return _result("relative", monday.isoformat(), "vague")
    return _season(unit, which, base)


def _season(name: str, which: int, base: dt.date) -> dict[str, Any]:
    """"last summer": the most recent such season that started before the base date."""
    month = SEASONS[name]
    year = base.year if (month, 1) <= (base.month, base.day) else base.year - 1
    if which == -1 and (base.month - month) % 12 < 3:
        year -= 1  # in the season itself, "last summer" is the year before
    year += max(which, 0)
    return _result("relative", dt.date(year, month, 1).isoformat(), "vague")


def _shift_month(year: int, month: int, delta: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + delta
    return index // 12, index % 12 + 1


def _result(kind: str, value: str | None, resolution: str) -> dict[str, Any]:
    return {"kind": kind, "value": value, "resolution": resolution}
