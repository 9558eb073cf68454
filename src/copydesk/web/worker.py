"""What one check needs, as plain data, and the function a pool thread runs for it.

Reading the input (and fetching a URL) happens in the pool thread too, inside the check's time
limit, never on the server's event loop.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

from copydesk.model import Document, Report
from copydesk.pipeline import Pipeline, analyse


@dataclass(frozen=True, slots=True)
class FetchPolicy:
    """How URLs may be fetched: time and size limits, and whether private addresses are allowed."""

    timeout: float
    max_bytes: int
    allow_private: bool


@dataclass(frozen=True, slots=True)
class CheckInput:
    """One article to check: pasted text or HTML, an uploaded file's bytes, or a URL."""

    kind: Literal["text", "html", "file", "url"]
    payload: str | bytes
    source: str
    content_type: str | None = None  # for files: "html" or "text" from the name, None to sniff
    date: dt.date | None = None
    title: str | None = None

    def document(self, policy: FetchPolicy) -> Document:
        """Read or fetch the input into a Document (raises InputError subclasses)."""
        from copydesk.ingest import document_from_bytes
        from copydesk.ingest.fetch import fetch_url

        if self.kind == "url":
            return fetch_url(str(self.payload).strip(), timeout=policy.timeout, max_bytes=policy.max_bytes,
                             allow_private=policy.allow_private)
        content_type = self.content_type if self.kind == "file" else self.kind
        return document_from_bytes(self.payload, source=self.source, content_type=content_type)


def run_check(item: CheckInput, policy: FetchPolicy, pipeline: Pipeline) -> Report:
    """Check one input with `pipeline` (in the calling thread)."""
    return analyse(item.document(policy), pipeline=pipeline, date=item.date, title=item.title)
