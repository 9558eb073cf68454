"""What one check needs, as plain data, and the code that runs it in a thread or a worker process.

Threads share the server's pipeline but, under the GIL, use about one core. Worker processes
(`copydesk serve --processes N`) each load the default pipeline once and use N cores. A check
crosses the process boundary as a `CheckInput` and comes back as a `Report`; input errors come
back as `CheckFailed` and are turned into the original error class again.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from importlib import import_module
from typing import Literal

from copydesk.errors import CopydeskError
from copydesk.model import Document, Report
from copydesk.pipeline import Pipeline, analyse, default_pipeline


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


class CheckFailed(Exception):
    """A CopydeskError from a worker process, reduced to picklable strings."""

    def __init__(self, module: str, name: str, code: str, message: str):
        super().__init__(module, name, code, message)

    def original(self) -> CopydeskError:
        """The error as it was raised, same class, code and message."""
        module, name, code, message = self.args
        cls = getattr(import_module(module), name, CopydeskError)
        return cls(message, code=code)


_WORKER_PIPELINE: Pipeline | None = None


def load_worker_pipeline() -> None:
    """Process-pool initializer: load the default pipeline once in this worker."""
    global _WORKER_PIPELINE
    _WORKER_PIPELINE = default_pipeline()
    _WORKER_PIPELINE.load()


def worker_ready() -> bool:
    """A no-op task; finishing it means the worker's pipeline is loaded."""
    return _WORKER_PIPELINE is not None


def run_check_in_worker(item: CheckInput, policy: FetchPolicy) -> Report:
    """Check one input in a worker process, with errors the parent can rebuild."""
    try:
        return run_check(item, policy, _WORKER_PIPELINE or default_pipeline())
    except CopydeskError as err:
        raise CheckFailed(type(err).__module__, type(err).__qualname__, err.code, str(err)) from None
