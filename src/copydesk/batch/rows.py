"""One output row per input document: the analysis of one `Item`, and the row schema.

A row is `id, url, site, source, ok` and then either the compact projection of the report
(title, dates, finding counts, machine score, word count, article text) or an `error`
`{code, message}`. With `full=True` the row also holds the whole `copydesk.report/1` report.
Rows hold no timings, so the same input gives the same rows on any engine and after resume.
"""

from __future__ import annotations

import ctypes
import datetime as dt
import signal
import threading
from collections import Counter
from contextlib import contextmanager
from functools import lru_cache
from typing import Any

from copydesk.batch.inputs import Item, read_error
from copydesk.errors import CopydeskError
from copydesk.ingest.dates import parse_iso_day
from copydesk.model import Report
from copydesk.pipeline import Pipeline, analyse

ROW_SCHEMA_ID = "copydesk.batch-row/1"


class DocumentTimeout(BaseException):
    """Raised inside a worker when one document exceeds its time limit.

    A BaseException so that no stage's `except Exception` can swallow it.
    """


def row_schema(full: bool):
    """The Arrow schema of a row (Parquet output; JSONL rows have the same fields)."""
    import pyarrow as pa

    fields = [
        ("id", pa.string()), ("url", pa.string()), ("site", pa.string()), ("source", pa.string()),
        ("ok", pa.bool_()),
        ("error", pa.struct([("code", pa.string()), ("message", pa.string())])),
        ("title", pa.string()), ("published", pa.string()),
        ("date_window", pa.struct([("start", pa.string()), ("end", pa.string()), ("basis", pa.string())])),
        ("findings", pa.list_(pa.struct([("code", pa.string()), ("severity", pa.string()),
                                         ("count", pa.int32())]))),
        ("n_errors", pa.int32()), ("n_warnings", pa.int32()),
        ("machine_score", pa.float64()), ("machine_label", pa.string()),
        ("words", pa.int32()), ("text", pa.large_string()),
    ]
    if full:
        fields.append(("report", pa.large_string()))  # the JSON report, as text
    return pa.schema(fields)


def analyse_item(item: Item, pipeline: Pipeline, *, full: bool = False,
                 timeout: float | None = None) -> dict[str, Any]:
    """Analyse one item into its row; every failure becomes an error row naming the input."""
    from copydesk.ingest import document_from_bytes

    if item.error:
        return error_row(item, item.error)
    try:
        with time_limit(timeout):
            document = document_from_bytes(
                item.raw, source=item.source, id=item.id, url=item.url,
                content_type=item.content_type, charset=item.charset, meta=item.meta,
                fetched_at=_parse_datetime(item.meta.get("fetched_at")))
            report = analyse(document, pipeline=pipeline, date=_given_date(item),
                             title=item.meta.get("title"))
            return report_row(item, report, full=full)
    except CopydeskError as err:
        return error_row(item, err.to_dict())
    except DocumentTimeout:
        return error_row(item, read_error(f"took longer than the {timeout:g} s limit per document",
                                          item.source, "TIMEOUT"))
    except RecursionError:
        return error_row(item, read_error("is nested too deeply to analyse", item.source, "TOO_DEEP"))
    except Exception as err:  # a bug of ours must cost one row, never the run
        return error_row(item, read_error(f"internal error {type(err).__name__}: {err}",
                                          item.source, "INTERNAL"))


def _given_date(item: Item) -> dt.date | None:
    value = item.meta.get("date")
    return parse_iso_day(value, item.source) if value else None


def _parse_datetime(value: str | None) -> dt.datetime | None:
    return dt.datetime.fromisoformat(value) if value else None


def report_row(item: Item, report: Report, *, full: bool = False) -> dict[str, Any]:
    """The compact projection of a report (plus the report itself when `full`)."""
    article = report.article
    url = item.url or article.url
    counts = Counter((f.code, f.severity) for f in report.findings)
    severities = Counter(f.severity for f in report.findings)
    window = report.date_window
    provenance = report.provenance
    row = {
        "id": item.id, "url": url, "site": site_of(url), "source": item.source, "ok": True,
        "error": None,
        "title": article.title,
        "published": article.published.isoformat() if article.published else None,
        "date_window": {"start": _iso(window.start), "end": _iso(window.end), "basis": window.basis},
        "findings": [{"code": code, "severity": severity, "count": n}
                     for (code, severity), n in sorted(counts.items())],
        "n_errors": severities["error"], "n_warnings": severities["warning"],
        "machine_score": provenance.score if provenance else None,
        "machine_label": provenance.label if provenance else None,
        "words": article.word_count(),
        "text": article.text,
    }
    if full:
        row["report"] = report.to_dict()
    return row


def error_row(item: Item, error: dict[str, str]) -> dict[str, Any]:
    """The row of a document that could not be analysed."""
    return {
        "id": item.id, "url": item.url, "site": site_of(item.url), "source": item.source,
        "ok": False, "error": {"code": error["code"], "message": error["message"]},
        "title": None, "published": None, "date_window": None, "findings": [],
        "n_errors": 0, "n_warnings": 0, "machine_score": None, "machine_label": None,
        "words": 0, "text": None,
    }


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


@lru_cache(maxsize=1)
def _domain_extractor():
    import tldextract

    # The public-suffix snapshot bundled with tldextract: never fetched, never cached to disk.
    return tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)


@lru_cache(maxsize=65536)
def site_of(url: str | None) -> str | None:
    """The registered domain of `url` ("bbc.co.uk"), or None when it has none."""
    if not url:
        return None
    parts = _domain_extractor()(url)
    if parts.domain and parts.suffix:
        return f"{parts.domain}.{parts.suffix}".lower()
    return None


@contextmanager
def time_limit(seconds: float | None):
    """Raise `DocumentTimeout` in this thread once `seconds` have passed.

    On the main thread (local workers) a SIGALRM timer; on other threads (Ray actors run their
    methods off the main thread) a watchdog that raises the exception asynchronously in this
    thread. Both stop Python code; a stall inside C code is only stopped by the local engine,
    which kills and replaces the worker (see `copydesk.batch.local`).
    """
    if not seconds:
        yield
    elif threading.current_thread() is threading.main_thread():
        with _alarm(seconds):
            yield
    else:
        with _watchdog(seconds):
            yield


@contextmanager
def _alarm(seconds: float):
    def _expire(signum, frame):
        raise DocumentTimeout()

    previous = signal.signal(signal.SIGALRM, _expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@contextmanager
def _watchdog(seconds: float):
    thread_id = ctypes.c_ulong(threading.get_ident())
    lock = threading.Lock()
    state = {"active": True, "fired": False}

    def _expire() -> None:
        with lock:
            if state["active"]:
                state["fired"] = True
                ctypes.pythonapi.PyThreadState_SetAsyncExc(thread_id, ctypes.py_object(DocumentTimeout))

    timer = threading.Timer(seconds, _expire)
    timer.daemon = True
    timer.start()
    try:
        yield
    finally:
        with lock:
            state["active"] = False
            timer.cancel()
            if state["fired"]:  # withdraw the exception if it has not been delivered yet
                ctypes.pythonapi.PyThreadState_SetAsyncExc(thread_id, None)
