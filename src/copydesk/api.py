"""The public Python entry points. Each returns a `Report`; bad input raises `InputError`.

`date` is the article's date when known: a `datetime.date` or an ISO "YYYY-MM-DD" string.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from copydesk.model import Report


def check_html(html: str | bytes, *, url: str | None = None, date: dt.date | str | None = None,
               title: str | None = None) -> Report:
    """Check an HTML page (str, or bytes in any common encoding). `date` overrides the page's."""
    from copydesk.ingest import document_from_bytes
    from copydesk.pipeline import analyse

    document = document_from_bytes(html, source=url or "<html>", url=url, content_type="html")
    return analyse(document, date=date, title=title)


def check_text(text: str, *, title: str | None = None, date: dt.date | str | None = None) -> Report:
    """Check plain text; paragraphs are separated by blank lines."""
    from copydesk.ingest import document_from_bytes
    from copydesk.pipeline import analyse

    document = document_from_bytes(text, source="<text>", content_type="text")
    return analyse(document, date=date, title=title)


def check_path(path: str | Path, *, date: dt.date | str | None = None, title: str | None = None) -> Report:
    """Check a file (HTML or text, told apart by its name, else by its content)."""
    from copydesk.ingest import read_path
    from copydesk.pipeline import analyse

    return analyse(read_path(Path(path)), date=date, title=title)
