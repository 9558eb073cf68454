"""Stages composed into a pipeline that runs unchanged on one article, a process pool or Ray.

A stage is any object with a `name`, the facts it `requires` and `provides`, and
`__call__(report) -> None` that adds to the report. `Pipeline` checks the chain when it is
built (spaCy-style), so a missing stage fails at start-up, not halfway through a crawl.
Heavy resources (spaCy model, knowledge base, detector) are loaded lazily by each stage's
`load()`, once per process, and shared by every article that process sees.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Protocol, runtime_checkable

from copydesk import __version__
from copydesk.errors import PipelineError
from copydesk.ingest.dates import parse_iso_day
from copydesk.model import DateWindow, Document, Report

# Facts present before any stage runs: extraction made the article.
INITIAL_FACTS = ("article", "text", "paragraphs", "metadata")


@runtime_checkable
class Stage(Protocol):
    name: str
    requires: tuple[str, ...]
    provides: tuple[str, ...]

    def __call__(self, report: Report) -> None: ...


class Pipeline:
    """An ordered list of stages, validated when built."""

    def __init__(self, stages: Sequence[Stage]):
        self.stages = list(stages)
        self._validate()

    def _validate(self) -> None:
        available = set(INITIAL_FACTS)
        for stage in self.stages:
            missing = [need for need in stage.requires if need not in available]
            if missing:
                raise PipelineError(
                    f"[E001] Stage {stage.name!r} requires {missing}, which no earlier stage "
                    f"provides. Available: {sorted(available)}. Add the providing stage before it."
                )
            available.update(stage.provides)

    @property
    def names(self) -> list[str]:
        return [stage.name for stage in self.stages]

    def load(self) -> None:
        """Load every stage's heavy resources now (batch workers and the server call this)."""
        for stage in self.stages:
            loader = getattr(stage, "load", None)
            if loader:
                loader()

    def versions(self) -> dict[str, str]:
        versions = {"copydesk": __version__}
        for stage in self.stages:
            versions.update(getattr(stage, "versions", dict)())
        return versions

    def run(self, report: Report) -> Report:
        for stage in self.stages:
            started = time.perf_counter()
            stage(report)
            report.timings[stage.name] = round(time.perf_counter() - started, 6)
        report.versions.update(self.versions())
        report.article.derived.clear()  # shared work of the stages; the report carries content only
        return report


class DateWindowFromMetadata:
    """The article's date when it is known: `--date` first, then the published date.

    When neither is known the window stays `unknown` here; the inference stage in
    `copydesk.checks` narrows it from the titles the article uses.
    """

    name = "date_window"
    requires = ("metadata",)
    provides = ("date_window",)

    def __call__(self, report: Report) -> None:
        if report.given_date:
            report.date_window = DateWindow.on(report.given_date, "given")
        elif report.article.published:
            report.date_window = DateWindow.on(report.article.published, "published")
        else:
            report.date_window = DateWindow.unknown("no published date in the page and no --date given")


def default_stages(*, kb_path: Path | None = None) -> list[Stage]:
    """The stages `copydesk check` runs, in order. `kb_path` replaces the shipped KB.

    Reading resolves people against the KB; the date stages fix the date the claims are
    judged at; the checks then compare claims with the KB and with each other; the
    content-farm patterns run before provenance, which reports chatbot leftovers as artifacts.
    """
    from copydesk.checks import default_check_stages
    from copydesk.checks.farm import FarmSignalsStage
    from copydesk.kb import load_kb
    from copydesk.provenance import ProvenanceStage
    from copydesk.read import ReadStage

    kb = load_kb(kb_path)
    return [
        ReadStage(kb=kb),
        DateWindowFromMetadata(),
        *default_check_stages(kb),
        FarmSignalsStage(),
        ProvenanceStage(),
    ]


_DEFAULT: Pipeline | None = None


def default_pipeline() -> Pipeline:
    """The process-wide default pipeline, built once."""
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = Pipeline(default_stages())
    return _DEFAULT


def pipeline_for(*, kb_path: Path | None = None) -> Pipeline:
    """The default pipeline, or one built around a user's knowledge-base file."""
    return default_pipeline() if kb_path is None else Pipeline(default_stages(kb_path=kb_path))


def analyse(
    document: Document,
    *,
    pipeline: Pipeline | None = None,
    date: dt.date | str | None = None,
    title: str | None = None,
) -> Report:
    """Extract the article from `document` and run the pipeline over it.

    `date` (a date or "YYYY-MM-DD") is the article's date when the caller knows it.
    Raises `InputError` (or a subclass) when the document holds no readable article
    or the date is not a date.
    """
    from copydesk.extract import extract

    given_date = as_date(date, document.source)
    started = time.perf_counter()
    article = extract(document)
    if title:
        article.title = title
    report = Report(article=article, source=source_info(document), given_date=given_date)
    report.notes.extend(document.meta.get("notes", ()))  # what ingest guessed (an encoding)
    report.timings["extract"] = round(time.perf_counter() - started, 6)
    return (pipeline or default_pipeline()).run(report)


def as_date(value: dt.date | str | None, source: str) -> dt.date | None:
    """A caller's date as a `date`; a datetime keeps its day, a string must be ISO YYYY-MM-DD."""
    if value is None or type(value) is dt.date:
        return value
    if isinstance(value, dt.datetime):
        return value.date()
    return parse_iso_day(value.strip() if isinstance(value, str) else value, source)


def source_info(document: Document) -> dict[str, object]:
    return {
        "id": document.id,
        "name": document.source,
        "url": document.url,
        "content_type": document.content_type,
        "fetched_at": document.fetched_at.isoformat() if document.fetched_at else None,
    }
