"""The public Python entry points. Each returns a `Report`; bad input raises `InputError`."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

from copydesk.model import Document, Report


def _doc_id(data: str | bytes) -> str:
    raw = data.encode("utf-8", "surrogatepass") if isinstance(data, str) else data
    return hashlib.sha1(raw).hexdigest()[:16]


def check_html(html: str | bytes, *, url: str | None = None, date: dt.date | None = None,
               title: str | None = None) -> Report:
    """Check an HTML page. `date` overrides the page's own date."""
    from copydesk.pipeline import analyse

    document = Document(id=_doc_id(html), raw=html, content_type="html", url=url,
                        source=url or "<html>")
    return analyse(document, date=date, title=title)


def check_text(text: str, *, title: str | None = None, date: dt.date | None = None) -> Report:
    """Check plain text; paragraphs are separated by blank lines."""
    from copydesk.pipeline import analyse

    document = Document(id=_doc_id(text), raw=text, content_type="text", source="<text>")
    return analyse(document, date=date, title=title)


def check_path(path: str | Path, *, date: dt.date | None = None, title: str | None = None) -> Report:
    """Check a file (HTML or text, sniffed from the name and content)."""
    from copydesk.ingest import read_path
    from copydesk.pipeline import analyse

    return analyse(read_path(Path(path)), date=date, title=title)
