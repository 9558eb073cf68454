"""Dates given by users (`--date`, a JSONL `date`, the API's `date=`): the dashed ISO form only.

Python's `date.fromisoformat` also takes the basic form `20210203` and week dates such as
`2021-W05-3`; the help and the docs promise YYYY-MM-DD, so everything else is refused, with
a message that says so, rather than read in a way the user may not have meant. A full ISO
timestamp that starts with the dashed day (`2021-02-03T10:00:00Z`, as crawlers write) gives
that day.
"""

from __future__ import annotations

import datetime as dt
import re

from copydesk.errors import InputError

_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
_ISO_TIMESTAMP = re.compile(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}\S*")


def parse_iso_day(value: object, source: str) -> dt.date:
    """`value` as a date when it is a string YYYY-MM-DD (a real calendar day) or a timestamp on it.

    Raises:
        InputError: code BAD_DATE, naming `source` and quoting the value.
    """
    try:
        if isinstance(value, str) and _ISO_DAY.fullmatch(value):
            return dt.date.fromisoformat(value)
        if isinstance(value, str) and _ISO_TIMESTAMP.fullmatch(value):
            return dt.datetime.fromisoformat(value).date()
    except ValueError:
        pass  # 2021-02-30 or 25:00: the right shape, not a real day or time
    raise InputError(f"the date {str(value)[:40]!r} is not a date in the form YYYY-MM-DD",
                     source=source, code="BAD_DATE")
