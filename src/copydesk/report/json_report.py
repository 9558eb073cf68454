"""The JSON report, schema `copydesk.report/1` (published as `report.schema.json` beside this file).

Every span is written as `{start, end, text}` with offsets into `article.text`, so a consumer
can highlight without re-tokenising. Dates are ISO strings. Field order is stable.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from pathlib import Path
from typing import Any

from copydesk.model import (SCHEMA_ID, Article, DateWindow, Entity, Evidence, Finding,
                            ProvenanceResult, Report, Span, Verification)

SCHEMA_PATH = Path(__file__).with_name("report.schema.json")


def report_to_dict(report: Report) -> dict[str, Any]:
    """The report as plain JSON-ready data."""
    text = report.article.text
    return {
        "schema": SCHEMA_ID,
        "source": dict(report.source),
        "article": article_to_dict(report.article),
        "date_window": date_window_to_dict(report.date_window),
        "entities": [entity_to_dict(e, text) for e in report.article.entities],
        "findings": [finding_to_dict(f, text) for f in report.findings],
        "verifications": [verification_to_dict(v, text) for v in report.verifications],
        "provenance": provenance_to_dict(report.provenance, text),
        "notes": list(report.notes),
        "timings": dict(report.timings),
        "versions": dict(report.versions),
    }


def report_to_json(report: Report, indent: int | None = 2) -> str:
    return json.dumps(report_to_dict(report), ensure_ascii=False, indent=indent)


def load_schema() -> dict[str, Any]:
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


def span_to_dict(span: Span, text: str, *, with_label: bool = False) -> dict[str, Any]:
    data: dict[str, Any] = {"start": span.start, "end": span.end, "text": text[span.start : span.end]}
    if with_label and span.label:
        data["label"] = span.label
    return data


def article_to_dict(article: Article) -> dict[str, Any]:
    return {
        "title": article.title,
        "byline": article.byline,
        "published": _iso(article.published),
        "site": article.site,
        "url": article.url,
        "language": article.language,
        "text": article.text,
        "paragraphs": [{"start": p.start, "end": p.end} for p in article.paragraphs],
        "removed": list(article.removed),
    }


def date_window_to_dict(window: DateWindow) -> dict[str, Any]:
    return {
        "start": _iso(window.start),
        "end": _iso(window.end),
        "basis": window.basis,
        "support": window.support,
        "total": window.total,
        "note": window.note,
        "alternatives": [{"start": _iso(s), "end": _iso(e)} for s, e in window.alternatives],
    }


def entity_to_dict(entity: Entity, text: str) -> dict[str, Any]:
    return {
        "id": entity.id,
        "name": entity.name,
        "kind": entity.kind,
        "kb_id": entity.kb_id,
        "canonical_name": entity.canonical_name,
        "ids": dict(entity.ids),
        "status": entity.status,
        "confidence": round(entity.confidence, 4),
        "reason": entity.reason,
        "candidates": list(entity.candidates),
        "mentions": [_mention(m, text) for m in entity.mentions],
    }


def _mention(span: Span, text: str) -> dict[str, Any]:
    data = span_to_dict(span, text)
    if span.attrs.get("variant_of"):
        data["variant_of"] = span.attrs["variant_of"]
    return data


def evidence_to_dict(evidence: Evidence, text: str) -> dict[str, Any]:
    return {
        "text": evidence.text,
        "source": evidence.source,
        "span": span_to_dict(evidence.span, text) if evidence.span else None,
        "start": _iso(evidence.start),
        "end": _iso(evidence.end),
        "data": _jsonable(dict(evidence.data)),
    }


def finding_to_dict(finding: Finding, text: str) -> dict[str, Any]:
    return {
        "code": finding.code,
        "severity": finding.severity,
        "message": finding.message,
        "spans": [span_to_dict(s, text) for s in finding.spans],
        "entity": finding.entity,
        "evidence": [evidence_to_dict(e, text) for e in finding.evidence],
    }


def verification_to_dict(verification: Verification, text: str) -> dict[str, Any]:
    return {
        "kind": verification.kind,
        "message": verification.message,
        "spans": [span_to_dict(s, text) for s in verification.spans],
        "entity": verification.entity,
        "evidence": [evidence_to_dict(e, text) for e in verification.evidence],
    }


def provenance_to_dict(result: ProvenanceResult | None, text: str) -> dict[str, Any] | None:
    if result is None:
        return None
    return {
        "score": None if result.score is None else round(result.score, 4),
        "label": result.label,
        "threshold": result.threshold,
        "fpr": result.fpr,
        "calibration": result.calibration,
        "detector": result.detector,
        "reason": result.reason,
        "signals": [_jsonable(dataclasses.asdict(s)) for s in result.signals],
        "sentences": [
            {**span_to_dict(s, text), "score": _jsonable(s.attrs.get("score"))} for s in result.sentences
        ],
        "artifacts": list(result.artifacts),
    }


def _iso(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def _jsonable(value: Any) -> Any:
    """Make evidence data JSON-safe: dates to ISO strings, spans to ranges, tuples to lists."""
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, Span):
        return {"start": value.start, "end": value.end}
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [_jsonable(v) for v in value]
    if isinstance(value, float):
        return round(value, 6)
    if value is None or isinstance(value, (str, int, bool)):
        return value
    return str(value)
