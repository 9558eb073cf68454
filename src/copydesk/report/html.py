"""The annotated HTML report: one self-contained page a fact-checker can read without JSON.

The article is shown as extracted, with every finding's spans highlighted inline (colour by
severity, a label with the code) and linked both ways to a list of findings with their
evidence. Verified claims, the date window, the provenance score and what extraction removed
follow. Every string that comes from the article or the pipeline passes through `_esc`; the
page carries a Content-Security-Policy that forbids scripts and remote loads, so even a bug in
escaping could not run code or call home.
"""

from __future__ import annotations

import datetime as dt
import html
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Iterable, Sequence
from urllib.parse import urlsplit

from copydesk.checks.codes import CATALOGUE
from copydesk.model import (
    SEVERITIES,
    Article,
    DateWindow,
    Evidence,
    Finding,
    ProvenanceResult,
    Report,
    Span,
    Verification,
)

PAGE_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'"
SEVERITY_RANK = {severity: rank for rank, severity in enumerate(SEVERITIES)}  # error first
SEVERITY_HEADINGS = {"error": "Errors", "warning": "Warnings", "info": "Notes"}
SEVERITY_NOUNS = {"error": ("error", "errors"), "warning": ("warning", "warnings"),
                  "info": ("note", "notes")}
CONTEXT_CHARS = 60  # article text shown either side of a quoted span in a finding card
MAX_CONTENTS = 8  # errors and warnings listed in the summary card
LABELS = {"likely_machine": "Likely machine-written", "likely_human": "Likely human-written",
          "uncertain": "Uncertain"}


def render_html(report: Report) -> str:
    """Render a report as one self-contained HTML page.

    Args:
        report: the finished report of one article.

    Returns:
        A complete HTML document (inline CSS, no scripts, no external requests).
    """
    title = report.article.title or report.source.get("name") or "article"
    return (
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        f"<meta http-equiv=\"Content-Security-Policy\" content=\"{PAGE_CSP}\">\n"
        "<meta name=\"referrer\" content=\"no-referrer\">\n"
        f"<title>copydesk report: {_esc(title)}</title>\n"
        f"<style>\n{report_stylesheet()}</style>\n</head>\n<body>\n"
        f"{render_report_section(report)}\n</body>\n</html>\n"
    )


def render_report_section(report: Report) -> str:
    """The report as one `<article class="cd-report">` element, for embedding in a page.

    Args:
        report: the finished report of one article.

    Returns:
        HTML that needs `report_stylesheet()` (inline or linked) to look right.
    """
    numbered = _number_findings(report.findings)
    return (
        "<article class=\"cd-report\">\n"
        + _header(report)
        + _summary(report, numbered)
        + "<div class=\"cd-columns\">\n"
        + _article_section(report.article, numbered, report.verifications)
        + _findings_section(report.article, numbered, report.verifications)
        + "</div>\n"
        + _provenance_section(report.article, report.provenance)
        + _extraction_section(report)
        + _footer(report)
        + "</article>"
    )


@lru_cache(maxsize=1)
def report_stylesheet() -> str:
    """The report's CSS, shipped as `copydesk/report/report.css`."""
    return resources.files("copydesk.report").joinpath("report.css").read_text(encoding="utf-8")


# ---------------------------------------------------------------- shared helpers


def _esc(value: object) -> str:
    """Escape any value for an HTML text node or a quoted attribute."""
    return html.escape(str(value), quote=True)


def _safe_href(url: str | None) -> str | None:
    """The URL if it is plain http(s), else None (no javascript:, data: or relative tricks)."""
    if not url:
        return None
    parts = urlsplit(url.strip())
    return url.strip() if parts.scheme.lower() in {"http", "https"} and parts.netloc else None


def _link_or_text(url: str | None, label: str | None = None) -> str:
    href = _safe_href(url)
    shown = _esc(label or url or "")
    if href is None:
        return shown
    return f"<a href=\"{_esc(href)}\" rel=\"noopener noreferrer nofollow\">{shown}</a>"


def _plural(count: int, singular: str, plural: str) -> str:
    return f"{count} {singular if count == 1 else plural}"


def _date(value: dt.date | None) -> str:
    return value.isoformat() if value else "open"


def _date_range(start: dt.date | None, end: dt.date | None) -> str:
    if start and end and start == end:
        return start.isoformat()
    if start and not end:
        return f"{start.isoformat()} onwards"
    return f"{_date(start)} – {_date(end)}"


def _valid_span(article: Article, span: Span) -> bool:
    return 0 <= span.start < span.end <= len(article.text)


def _paragraph_label(article: Article, span: Span) -> str:
    index = article.paragraph_of(span.start)
    return f"¶{index + 1}" if index is not None else "¶?"


@dataclass(frozen=True, slots=True)
class _Numbered:
    """A finding with its 1-based number in the report (its anchor is `F{number}`)."""

    number: int
    finding: Finding

    @property
    def anchor(self) -> str:
        return f"F{self.number}"

    def span_anchor(self, index: int) -> str:
        return f"F{self.number}-s{index + 1}"


def ordered_findings(findings: Sequence[Finding]) -> list[Finding]:
    """Findings by severity, then by first position in the text: finding N is anchor `#FN`."""
    def position(finding: Finding) -> int:
        return min((s.start for s in finding.spans), default=1 << 62)

    return sorted(findings, key=lambda f: (SEVERITY_RANK.get(f.severity, 99), position(f)))


def _number_findings(findings: Sequence[Finding]) -> list[_Numbered]:
    return [_Numbered(number, finding) for number, finding in enumerate(ordered_findings(findings), start=1)]


# ---------------------------------------------------------------- header and summary


def _header(report: Report) -> str:
    article = report.article
    facts = [
        _esc(article.site) if article.site else None,
        f"by {_esc(article.byline)}" if article.byline else None,
        f"published {article.published.isoformat()}" if article.published else "no published date",
        _plural(len(article.paragraphs), "paragraph", "paragraphs"),
        _plural(article.word_count(), "word", "words"),
    ]
    url = article.url or report.source.get("url")
    source = _link_or_text(url) if url else _esc(report.source.get("name") or "")
    title = _esc(article.title) if article.title else "<span class=\"cd-muted\">Untitled article</span>"
    return (
        "<header class=\"cd-head\">\n<p class=\"cd-kicker\">copydesk report</p>\n"
        f"<h1>{title}</h1>\n"
        f"<p class=\"cd-meta\">{' · '.join(f for f in facts if f)}</p>\n"
        + (f"<p class=\"cd-meta cd-source\">Source: {source}</p>\n" if source else "")
        + "</header>\n"
    )


def _summary(report: Report, numbered: list[_Numbered]) -> str:
    counts = {severity: 0 for severity in SEVERITIES}
    for item in numbered:
        counts[item.finding.severity] = counts.get(item.finding.severity, 0) + 1
    chips = "".join(
        f"<a class=\"cd-chip cd-{severity}\" href=\"#cd-{severity}\">"
        f"{_plural(counts[severity], *SEVERITY_NOUNS[severity])}</a>"
        for severity in SEVERITIES
    )
    chips += (f"<a class=\"cd-chip cd-ok\" href=\"#cd-verified\">"
              f"{len(report.verifications)} verified</a>")
    verdict = _verdict(counts)
    return (
        "<section class=\"cd-summary\" aria-label=\"Summary\">\n"
        f"<div class=\"cd-card cd-verdict\"><p class=\"cd-verdict-line\">{verdict}</p>"
        f"<p class=\"cd-chips\">{chips}</p>{_contents(report.article, numbered)}</div>\n"
        f"{_date_window_card(report.date_window)}"
        f"{_provenance_card(report.provenance)}"
        "</section>\n"
    )


def _contents(article: Article, numbered: list[_Numbered]) -> str:
    """A short list of the errors and warnings, each linked to its finding."""
    rows = [
        f"<li class=\"cd-{_esc(item.finding.severity)}\"><a href=\"#{item.anchor}\">"
        f"<span class=\"cd-code\">{_esc(item.finding.code)}</span></a> "
        f"<span class=\"cd-muted\">{_esc(_paragraphs_of(article, item.finding.spans))}</span></li>"
        for item in numbered if item.finding.severity in ("error", "warning")
    ]
    if not rows:
        return ""
    shown = rows[:MAX_CONTENTS] + ([f"<li class=\"cd-muted\">and {len(rows) - MAX_CONTENTS} more</li>"]
                                   if len(rows) > MAX_CONTENTS else [])
    return f"<ol class=\"cd-contents\">{''.join(shown)}</ol>"


def _paragraphs_of(article: Article, spans: Sequence[Span]) -> str:
    labels = dict.fromkeys(_paragraph_label(article, s) for s in spans if _valid_span(article, s))
    return ", ".join(labels)


def _verdict(counts: dict[str, int]) -> str:
    if counts["error"]:
        return f"{_plural(counts['error'], 'error', 'errors')} to fix before publishing."
    if counts["warning"]:
        return f"No errors; {_plural(counts['warning'], 'warning', 'warnings')} to review."
    return "No errors or warnings found."


def _date_window_card(window: DateWindow) -> str:
    return (
        "<div class=\"cd-card cd-date\"><h2>Date checked against</h2>"
        f"<p class=\"cd-big\">{_esc(_window_value(window))}</p>"
        f"<p>{_esc(_window_basis(window))}</p>"
        + "".join(f"<p class=\"cd-muted\">Equally supported: {_esc(_date_range(start, end))}</p>"
                  for start, end in window.alternatives
                  if not (start and start.isoformat() in window.note))  # the note may say it already
        + (f"<p class=\"cd-muted\">{_esc(window.note)}</p>" if window.note else "")
        + "</div>\n"
    )


def _window_value(window: DateWindow) -> str:
    if window.basis == "unknown" or (window.start is None and window.end is None):
        return "Unknown"
    return _date_range(window.start, window.end)


def _window_basis(window: DateWindow) -> str:
    if window.basis == "published":
        return "Basis: the page's published date."
    if window.basis == "given":
        return "Basis: the date given with the request (--date)."
    if window.basis == "inferred":
        agree = f"{window.support} of {window.total}" if window.total else "no"
        return f"Basis: inferred from the titles the article uses ({agree} title claims agree)."
    return "Basis: none; claims that depend on the date were not judged."


# ---------------------------------------------------------------- article with highlights


@dataclass(frozen=True, slots=True)
class _Mark:
    """One highlighted range: a finding's span (with its index) or a verification's span."""

    start: int
    end: int
    item: _Numbered | None = None
    span_index: int = 0
    verification: Verification | None = None


def _article_section(article: Article, numbered: list[_Numbered],
                     verifications: Sequence[Verification]) -> str:
    marks = _collect_marks(article, numbered, verifications)
    paragraphs = article.paragraphs or [Span(0, len(article.text), "paragraph")]
    anchored: set[str] = set()  # a span across paragraphs gets its jump target once, where it starts
    body = "".join(_paragraph_html(article, index, paragraph, marks, anchored)
                   for index, paragraph in enumerate(paragraphs))
    return (
        "<section class=\"cd-article\" aria-labelledby=\"cd-article-h\">\n"
        "<h2 id=\"cd-article-h\">The article as extracted</h2>\n"
        "<p class=\"cd-legend\"><mark class=\"cd-hl cd-error\">error</mark> "
        "<mark class=\"cd-hl cd-warning\">warning</mark> <mark class=\"cd-hl cd-info\">note</mark> "
        "<span class=\"cd-verified\">verified</span> · select a highlight to see the finding</p>\n"
        f"<div class=\"cd-text\">\n{body}</div>\n</section>\n"
    )


def _collect_marks(article: Article, numbered: list[_Numbered],
                   verifications: Sequence[Verification]) -> list[_Mark]:
    marks = [_Mark(span.start, span.end, item=item, span_index=index)
             for item in numbered for index, span in enumerate(item.finding.spans)
             if _valid_span(article, span)]
    marks += [_Mark(span.start, span.end, verification=verification)
              for verification in verifications for span in verification.spans
              if _valid_span(article, span)]
    return marks


def _paragraph_html(article: Article, index: int, paragraph: Span, marks: list[_Mark],
                    anchored: set[str]) -> str:
    inside = [m for m in marks if m.start < paragraph.end and paragraph.start < m.end]
    pieces = []
    for start, end in _segments(paragraph.start, paragraph.end, inside):
        pieces.append(_anchors_at(start, paragraph.start, inside, anchored))
        covering = [m for m in inside if m.start < end and start < m.end]
        pieces.append(_segment_html(article.text[start:end], covering))
        pieces.append(_labels_at(end, paragraph.end, inside))
    return (f"<p id=\"p{index + 1}\" class=\"cd-para\"><a class=\"cd-pnum\" href=\"#p{index + 1}\">"
            f"¶{index + 1}</a>{''.join(pieces)}</p>\n")


def _segments(start: int, end: int, marks: Iterable[_Mark]) -> list[tuple[int, int]]:
    """Cut `[start, end)` at every mark boundary, so overlapping marks become plain segments."""
    cuts = {start, end}
    for mark in marks:
        cuts.update(point for point in (mark.start, mark.end) if start < point < end)
    points = sorted(cuts)
    return list(zip(points, points[1:]))


def _anchors_at(offset: int, paragraph_start: int, marks: list[_Mark], anchored: set[str]) -> str:
    """Empty jump targets for every finding span that starts here (or is clipped to here)."""
    pieces = []
    for mark in marks:
        if mark.item and max(mark.start, paragraph_start) == offset:
            anchor = mark.item.span_anchor(mark.span_index)
            if anchor not in anchored:
                anchored.add(anchor)
                pieces.append(f"<span class=\"cd-anchor\" id=\"{anchor}\"></span>")
    return "".join(pieces)


def _labels_at(offset: int, paragraph_end: int, marks: list[_Mark]) -> str:
    """The code label after each finding span that ends here (or is clipped to here)."""
    ending = sorted({m.item.number: m.item for m in marks
                     if m.item and min(m.end, paragraph_end) == offset}.values(),
                    key=lambda item: item.number)
    return "".join(
        f"<a class=\"cd-tag cd-{_esc(item.finding.severity)}\" href=\"#{item.anchor}\">"
        f"{item.number}·{_esc(item.finding.code)}</a>"
        for item in ending
    )


def _segment_html(text: str, covering: list[_Mark]) -> str:
    findings = sorted({m.item.number: m.item for m in covering if m.item}.values(),
                      key=lambda item: (SEVERITY_RANK.get(item.finding.severity, 99), item.number))
    if findings:
        lead = findings[0]
        classes = f"cd-hl cd-{_esc(lead.finding.severity)}" + (" cd-multi" if len(findings) > 1 else "")
        tip = " | ".join(f"{item.number}. {item.finding.code}: {item.finding.message}" for item in findings)
        return (f"<mark class=\"{classes}\" title=\"{_esc(tip)}\">"
                f"<a href=\"#{lead.anchor}\">{_esc(text)}</a></mark>")
    verified = [m.verification for m in covering if m.verification]
    if verified:
        tip = " | ".join(f"verified: {v.message}" for v in verified)
        return f"<span class=\"cd-verified\" title=\"{_esc(tip)}\">{_esc(text)}</span>"
    return _esc(text)


# ---------------------------------------------------------------- findings and verifications


def _findings_section(article: Article, numbered: list[_Numbered],
                      verifications: Sequence[Verification]) -> str:
    groups = []
    for severity in SEVERITIES:
        items = [item for item in numbered if item.finding.severity == severity]
        cards = "".join(_finding_card(article, item) for item in items) or \
            f"<p class=\"cd-muted\">No {SEVERITY_NOUNS[severity][1]}.</p>\n"
        groups.append(f"<h3 id=\"cd-{severity}\" class=\"cd-group cd-{severity}\">"
                      f"{SEVERITY_HEADINGS[severity]} ({len(items)})</h3>\n{cards}")
    return (
        "<aside class=\"cd-findings\" aria-labelledby=\"cd-findings-h\">\n"
        "<h2 id=\"cd-findings-h\">Findings</h2>\n"
        + "".join(groups)
        + _verifications_html(article, verifications)
        + "</aside>\n"
    )


def _finding_card(article: Article, item: _Numbered) -> str:
    finding = item.finding
    entry = CATALOGUE.get(finding.code)
    description = f"<p class=\"cd-desc\">{_esc(entry.description)}</p>" if entry else ""
    quotes = "".join(_quote_html(article, span, item.span_anchor(index))
                     for index, span in enumerate(finding.spans))
    evidence = _evidence_html(article, finding.evidence)
    return (
        f"<section class=\"cd-finding cd-{_esc(finding.severity)}\" id=\"{item.anchor}\">\n"
        f"<p class=\"cd-finding-head\"><span class=\"cd-num\">{item.number}</span>"
        f"<span class=\"cd-code\">{_esc(finding.code)}</span>"
        f"<span class=\"cd-sev\">{_esc(finding.severity)}</span></p>\n"
        f"<p class=\"cd-message\">{_esc(finding.message)}</p>\n{description}"
        + (f"<ul class=\"cd-quotes\">{quotes}</ul>\n" if quotes else "")
        + evidence
        + "</section>\n"
    )


def _quote_html(article: Article, span: Span, anchor: str | None) -> str:
    """One quoted span with some context, linked to its place in the text."""
    if not _valid_span(article, span):
        return (f"<li class=\"cd-bad-span\">A span at characters {span.start}–{span.end} "
                f"lies outside the article text ({len(article.text)} characters).</li>")
    before, after = _context(article.text, span)
    label = _esc(_paragraph_label(article, span))
    shown = any(span.overlaps(p) for p in article.paragraphs) or not article.paragraphs
    target = anchor if anchor and shown else f"p{(article.paragraph_of(span.start) or 0) + 1}"
    return (f"<li><a class=\"cd-where\" href=\"#{target}\">{label}</a> "
            f"<q class=\"cd-context\">{_esc(before)}<strong>{_esc(article.quote(span))}</strong>"
            f"{_esc(after)}</q></li>")


def _context(text: str, span: Span) -> tuple[str, str]:
    """Up to CONTEXT_CHARS of the span's paragraph either side, cut at whole words."""
    before = text[max(0, span.start - CONTEXT_CHARS):span.start]
    after = text[span.end:span.end + CONTEXT_CHARS]
    if "\n" in before:
        before = before.rsplit("\n", 1)[1]
    elif span.start > CONTEXT_CHARS:
        before = "…" + before.split(" ", 1)[-1]
    if "\n" in after:
        after = after.split("\n", 1)[0]
    elif span.end + CONTEXT_CHARS < len(text):
        after = after.rsplit(" ", 1)[0] + "…"
    return before, after


def _evidence_html(article: Article, evidence: Sequence[Evidence]) -> str:
    if not evidence:
        return ""
    rows = []
    for item in evidence:
        stated = any(day and day.isoformat() in item.text for day in (item.start, item.end))
        dates = (f" <span class=\"cd-dates\">{_esc(_date_range(item.start, item.end))}</span>"
                 if (item.start or item.end) and not stated else "")
        quote = ""
        if item.span is not None:
            quote = f"<ul class=\"cd-quotes\">{_quote_html(article, item.span, None)}</ul>"
        rows.append(f"<li>{_esc(item.text)}{dates} <span class=\"cd-src\">"
                    f"{_esc(item.source)}</span>{quote}</li>")
    return f"<div class=\"cd-evidence\"><p class=\"cd-label\">Evidence</p><ul>{''.join(rows)}</ul></div>\n"


def _verifications_html(article: Article, verifications: Sequence[Verification]) -> str:
    rows = []
    for verification in verifications:
        where = ", ".join(
            f"<a href=\"#p{(article.paragraph_of(span.start) or 0) + 1}\">"
            f"{_esc(_paragraph_label(article, span))}</a>"
            for span in verification.spans if _valid_span(article, span))
        sources = sorted({e.source for e in verification.evidence})
        source = f" <span class=\"cd-src\">{_esc(', '.join(sources))}</span>" if sources else ""
        rows.append(f"<li><span class=\"cd-kind\">{_esc(verification.kind)}</span> "
                    f"{_esc(verification.message)}{source}"
                    + (f" <span class=\"cd-where\">{where}</span>" if where else "") + "</li>")
    body = f"<ul class=\"cd-verified-list\">{''.join(rows)}</ul>" if rows else \
        "<p class=\"cd-muted\">Nothing was verified against the record.</p>"
    return (f"<h3 id=\"cd-verified\" class=\"cd-group cd-ok\">Verified, consistent with the record "
            f"({len(verifications)})</h3>\n{body}\n")


# ---------------------------------------------------------------- provenance


def _gauge_svg(score: float, threshold: float | None) -> str:
    """A 0–1 bar with the score filled in and the threshold marked (SVG, no inline style)."""
    width = max(0.0, min(1.0, score)) * 100
    over = threshold is not None and score >= threshold
    marker = ""
    if threshold is not None:
        at = max(0.0, min(1.0, threshold)) * 100
        marker = (f"<line class=\"cd-gauge-threshold\" x1=\"{at:.2f}\" x2=\"{at:.2f}\" y1=\"0\" y2=\"14\"/>")
    return (
        "<svg class=\"cd-gauge\" viewBox=\"0 0 100 14\" preserveAspectRatio=\"none\" role=\"img\" "
        f"aria-label=\"score {score:.2f} of 1\">"
        "<rect class=\"cd-gauge-track\" x=\"0\" y=\"3\" width=\"100\" height=\"8\" rx=\"2\"/>"
        f"<rect class=\"cd-gauge-fill{' cd-over' if over else ''}\" x=\"0\" y=\"3\" "
        f"width=\"{width:.2f}\" height=\"8\" rx=\"2\"/>{marker}</svg>"
    )


def _provenance_card(provenance: ProvenanceResult | None) -> str:
    if provenance is None:
        return ("<div class=\"cd-card cd-prov\"><h2>Machine-written?</h2>"
                "<p class=\"cd-muted\">No provenance score: the detector did not run.</p></div>\n")
    if provenance.score is None:
        return ("<div class=\"cd-card cd-prov\"><h2>Machine-written?</h2>"
                f"<p class=\"cd-big\">No score</p><p>{_esc(provenance.reason or 'The detector refused.')}</p>"
                f"<p class=\"cd-muted\">{_esc(provenance.detector)}</p></div>\n")
    label = LABELS.get(provenance.label or "", provenance.label or "")
    return (
        "<div class=\"cd-card cd-prov\"><h2>Machine-written?</h2>"
        f"<p class=\"cd-big\">{provenance.score:.2f} <span class=\"cd-prov-label\">{_esc(label)}</span></p>"
        f"{_gauge_svg(provenance.score, provenance.threshold)}"
        f"<p class=\"cd-gauge-scale\"><span>0 human</span><span>1 machine</span></p>"
        f"<p>{_calibration_sentence(provenance)}</p>"
        f"<p><a href=\"#cd-provenance\">Signals and sentences</a></p></div>\n"
    )


def _calibration_sentence(provenance: ProvenanceResult) -> str:
    if provenance.threshold is None:
        return f"No calibrated threshold; {_esc(provenance.calibration or 'no calibration data')}."
    fpr = f"{provenance.fpr:.1%}" if provenance.fpr is not None else "an unknown share"
    return (f"Threshold {provenance.threshold:.2f} (the line): at it, {_esc(fpr)} of human-written "
            f"texts are wrongly flagged ({_esc(provenance.calibration)}).")


def _provenance_section(article: Article, provenance: ProvenanceResult | None) -> str:
    if provenance is None:
        return ""
    rows = "".join(
        f"<tr><td>{_esc(signal.name)}</td><td class=\"cd-numcell\">{signal.value:.3g}</td>"
        f"<td class=\"{'cd-push-machine' if signal.effect > 0 else 'cd-push-human'}\">"
        f"{'→ machine' if signal.effect > 0 else '→ human'} ({signal.effect:+.2f})</td>"
        f"<td>{_esc(signal.description)}</td></tr>"
        for signal in provenance.signals
    )
    table = ("<table class=\"cd-signals\"><thead><tr><th>Signal</th><th>Value</th><th>Pushes</th>"
             f"<th>Meaning</th></tr></thead><tbody>{rows}</tbody></table>") if rows else ""
    sentences = "".join(_quote_html(article, span, None) +
                        (f" <span class=\"cd-muted\">score {float(span.attrs['score']):.2f}</span>"
                         if "score" in span.attrs else "")
                        for span in provenance.sentences)
    artifacts = ", ".join(_esc(code) for code in provenance.artifacts)
    return (
        "<section class=\"cd-provenance\" id=\"cd-provenance\">\n<h2>Provenance details</h2>\n"
        f"<p>Detector: {_esc(provenance.detector)}.</p>\n"
        + (f"<p>{_esc(provenance.reason)}</p>\n" if provenance.reason else "")
        + (f"<p><strong>Proof of machine authorship:</strong> {artifacts}</p>\n" if artifacts else "")
        + table
        + (f"<h3>Most machine-like sentences</h3><ul class=\"cd-quotes\">{sentences}</ul>\n"
           if sentences else "")
        + "</section>\n"
    )


# ---------------------------------------------------------------- extraction and footer


def _extraction_section(report: Report) -> str:
    removed = "".join(f"<li>{_esc(item)}</li>" for item in report.article.removed)
    notes = "".join(f"<li>{_esc(note)}</li>" for note in report.notes)
    return (
        "<section class=\"cd-extraction\">\n<h2>What extraction removed</h2>\n"
        + (f"<ul>{removed}</ul>\n" if removed else
           "<p class=\"cd-muted\">Nothing: the input was taken as it came.</p>\n")
        + (f"<h3>Not checked</h3><ul>{notes}</ul>\n" if notes else "")
        + "</section>\n"
    )


def _footer(report: Report) -> str:
    versions = ", ".join(f"{_esc(name)} {_esc(version)}" for name, version in sorted(report.versions.items()))
    total = sum(report.timings.values())
    return (
        "<footer class=\"cd-foot\">"
        f"<p>Checked by {versions or 'copydesk'}"
        + (f" in {total:.2f} s" if report.timings else "")
        + ". Offsets and codes in the JSON report (<code>--format json</code>) match this page.</p>"
        "</footer>\n"
    )
