"""The data model every stage shares.

One `Article` owns the text. Everything a later stage finds (mentions, titles, lists,
quotes, findings) points into `Article.text` by character offsets, so a report can always
quote and highlight exactly what it talks about.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

SCHEMA_ID = "copydesk.report/1"

Severity = Literal["error", "warning", "info"]
SEVERITIES: tuple[Severity, ...] = ("error", "warning", "info")

DateBasis = Literal["published", "given", "inferred", "unknown"]


@dataclass(slots=True)
class Document:
    """What was read, before extraction: raw bytes or text plus where it came from."""

    id: str
    raw: bytes | str
    content_type: str  # "html" or "text"
    url: str | None = None
    source: str = ""  # human-readable origin: a path, a URL, "<stdin>", "batch.jsonl:17"
    fetched_at: dt.datetime | None = None
    meta: dict[str, Any] = field(default_factory=dict)  # e.g. given title/date from JSONL


@dataclass(frozen=True, slots=True)
class Span:
    """A labelled character range `[start, end)` of `Article.text`."""

    start: int
    end: int
    label: str = ""
    attrs: Mapping[str, Any] = field(default_factory=dict)

    def __hash__(self) -> int:  # attrs may hold unhashable values; identity is the range
        return hash((self.start, self.end, self.label))

    def overlaps(self, other: Span) -> bool:
        return self.start < other.end and other.start < self.end


@dataclass(slots=True)
class Article:
    """The extracted article. `text` is the paragraphs joined by a blank line."""

    text: str
    paragraphs: list[Span]
    title: str | None = None
    byline: str | None = None
    published: dt.date | None = None
    site: str | None = None
    url: str | None = None
    language: str | None = None
    removed: list[str] = field(default_factory=list)  # what extraction dropped, in words
    spans: dict[str, list[Span]] = field(default_factory=dict)
    entities: list[Entity] = field(default_factory=list)
    # Values stages derive from the text and spans and share (title claims feed four checks),
    # kept with the article so they go with it; not part of its content or of any report.
    derived: dict[Any, Any] = field(default_factory=dict, init=False, repr=False, compare=False)

    @classmethod
    def from_paragraphs(cls, paragraphs: list[str], **meta: Any) -> Article:
        """Join paragraphs with blank lines and record each paragraph's offsets."""
        spans, pieces, offset = [], [], 0
        for index, paragraph in enumerate(paragraphs):
            if pieces:
                pieces.append("\n\n")
                offset += 2
            spans.append(Span(offset, offset + len(paragraph), "paragraph", {"index": index}))
            pieces.append(paragraph)
            offset += len(paragraph)
        return cls(text="".join(pieces), paragraphs=spans, **meta)

    def paragraph_of(self, offset: int) -> int | None:
        """Index of the paragraph that contains `offset`, or None if it falls between them."""
        for index, paragraph in enumerate(self.paragraphs):
            if paragraph.start <= offset < paragraph.end:
                return index
        return None

    def group(self, name: str) -> list[Span]:
        """The span group `name` (empty if no stage has filled it)."""
        return self.spans.get(name, [])

    def quote(self, span: Span) -> str:
        return self.text[span.start : span.end]

    def word_count(self) -> int:
        return len(self.text.split())


@dataclass(frozen=True, slots=True)
class Entity:
    """The mentions of one person or organisation in an article, resolved or not."""

    id: str  # "E1", "E2", … unique within the article
    name: str  # the fullest form written in the article
    kind: Literal["person", "org"]
    mentions: tuple[Span, ...]
    kb_id: str | None = None
    ids: Mapping[str, str] = field(default_factory=dict)  # cross-links: bioguide, wikidata, …
    status: Literal["resolved", "ambiguous", "unresolved", "not_in_kb"] = "unresolved"
    confidence: float = 0.0
    reason: str = ""
    candidates: tuple[str, ...] = ()  # KB ids considered, best first
    canonical_name: str | None = None  # the KB's name for the person


@dataclass(frozen=True, slots=True)
class Evidence:
    """One fact a finding or verification rests on, with where it comes from."""

    text: str  # one plain sentence: "Kamala Harris: U.S. Senator, CA, 2017-01-03 … 2021-01-18"
    source: str  # "kb:executive.yaml", "article", "kb:legislators-current.yaml", …
    span: Span | None = None  # another place in the article, when the evidence is textual
    start: dt.date | None = None
    end: dt.date | None = None
    data: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Finding:
    """A problem in the article. `code` comes from `copydesk.checks.codes.CATALOGUE`."""

    code: str
    severity: Severity
    message: str  # one sentence a copy editor would write
    spans: tuple[Span, ...]
    entity: str | None = None  # Entity.id
    evidence: tuple[Evidence, ...] = ()


@dataclass(frozen=True, slots=True)
class Verification:
    """A claim that was checked and found consistent with the record."""

    kind: Literal["title", "affiliation", "list", "count", "name"]
    message: str
    spans: tuple[Span, ...]
    entity: str | None = None
    evidence: tuple[Evidence, ...] = ()


@dataclass(frozen=True, slots=True)
class DateWindow:
    """The dates the article's claims are judged at, and why."""

    start: dt.date | None
    end: dt.date | None
    basis: DateBasis
    support: int = 0  # title claims that agree with the window (inferred basis)
    total: int = 0  # title claims considered
    note: str = ""
    alternatives: tuple[tuple[dt.date, dt.date | None], ...] = ()  # equally supported windows

    @classmethod
    def on(cls, day: dt.date, basis: DateBasis) -> DateWindow:
        return cls(start=day, end=day, basis=basis)

    @classmethod
    def unknown(cls, note: str = "") -> DateWindow:
        return cls(start=None, end=None, basis="unknown", note=note)


@dataclass(frozen=True, slots=True)
class Signal:
    """One named input to the provenance score and which way it pushed."""

    name: str
    value: float
    effect: float  # contribution to the log-odds; positive means "more machine-like"
    description: str = ""


@dataclass(frozen=True, slots=True)
class ProvenanceResult:
    """How likely the text is machine-generated, with its calibration basis.

    `score` is None when the detector refuses (too short, not English); `reason` says why.
    """

    score: float | None
    label: Literal["likely_machine", "likely_human", "uncertain"] | None
    threshold: float | None  # score at or above which the label is "likely_machine"
    fpr: float | None  # false-positive rate at `threshold` on `calibration` data
    calibration: str  # what the threshold was set on, e.g. "human news, dev split, n=59"
    detector: str  # name and version of the model that produced the score
    reason: str = ""
    signals: tuple[Signal, ...] = ()
    sentences: tuple[Span, ...] = ()  # most machine-like sentences, attrs["score"]
    artifacts: tuple[str, ...] = ()  # finding codes that prove machine authorship outright


@dataclass(slots=True)
class Report:
    """The whole answer for one article. Stages fill it in order."""

    article: Article
    source: Mapping[str, Any]
    date_window: DateWindow = field(default_factory=DateWindow.unknown)
    findings: list[Finding] = field(default_factory=list)
    verifications: list[Verification] = field(default_factory=list)
    provenance: ProvenanceResult | None = None
    timings: dict[str, float] = field(default_factory=dict)
    versions: dict[str, str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)  # what was skipped and why
    given_date: dt.date | None = None  # --date, which overrides the published date

    def to_dict(self) -> dict[str, Any]:
        from copydesk.report.json_report import report_to_dict

        return report_to_dict(self)

    def to_json(self, indent: int | None = 2) -> str:
        from copydesk.report.json_report import report_to_json

        return report_to_json(self, indent=indent)

    def entity(self, entity_id: str | None) -> Entity | None:
        return next((e for e in self.article.entities if e.id == entity_id), None)
