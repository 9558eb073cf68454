"""Time expressions, normalised against a known article date (no spaCy needed)."""

from __future__ import annotations

import datetime as dt

import pytest

from copydesk.read.times import find_times

THURSDAY = dt.date(2022, 2, 3)


def found(text: str, base=THURSDAY) -> dict[str, dict]:
    return {text[t["start"]:t["end"]]: t["attrs"] for t in find_times(text, base)}


@pytest.mark.parametrize("text, expression, value, resolution", [
    ("It was sent last Thursday.", "last Thursday", "2022-01-27", "day"),
    ("They met on Wednesday night.", "on Wednesday night", "2022-02-02", "day"),
    ("It was signed late last month.", "late last month", "2022-01", "month"),
    ("A cease-fire last summer held.", "last summer", "2021-06-01", "vague"),
    ("It happened last week.", "last week", "2022-01-24", "vague"),
    ("We spoke yesterday.", "yesterday", "2022-02-02", "day"),
    ("Three days ago it rained.", "Three days ago", "2022-01-31", "day"),
    ("It passed last year.", "last year", "2021", "year"),
])
def test_relative_expressions(text, expression, value, resolution):
    attrs = found(text)[expression]
    assert attrs["kind"] == "relative" and attrs["value"] == value and attrs["resolution"] == resolution


@pytest.mark.parametrize("text, expression, value, resolution", [
    ("Inaugurated on January 20, 2021.", "January 20, 2021", "2021-01-20", "day"),
    ("Filed 2021-01-20 in court.", "2021-01-20", "2021-01-20", "day"),
    ("By 20 January 2021 it was over.", "20 January 2021", "2021-01-20", "day"),
    ("In March 2019 he left.", "March 2019", "2019-03", "month"),
    ("It began in 2016 and ended.", "2016", "2016", "year"),
    ("Signed Jan. 5 by the governor.", "Jan. 5", "2022-01-05", "day"),
])
def test_absolute_expressions(text, expression, value, resolution):
    attrs = found(text)[expression]
    assert attrs["kind"] == "absolute" and attrs["value"] == value and attrs["resolution"] == resolution


def test_relative_without_a_date_has_no_value():
    attrs = found("It was sent last Thursday.", base=None)["last Thursday"]
    assert attrs["value"] is None and attrs["kind"] == "relative"


def test_impossible_dates_are_not_times():
    assert "February 30, 2021" not in found("On February 30, 2021 nothing happened.")


def test_may_as_a_verb_is_not_a_month():
    assert all(t["attrs"]["kind"] != "absolute" for t in find_times("Officials may 2 weeks later decide.", THURSDAY))
