"""The readable terminal summary: what a copy editor reads, findings grouped by severity."""

from __future__ import annotations

import io
import textwrap

from rich.console import Console
from rich.text import Text

from copydesk.model import SEVERITIES, Article, Report, Span

_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}
_HEADING = {"error": "ERRORS", "warning": "WARNINGS", "info": "INFO"}
_CONTEXT = 60  # characters of quote shown around a span


def render_text(report: Report, *, color: bool = False, width: int = 100) -> str:
    """Render the report for a terminal; ANSI colours only when `color` is true."""
    buffer = io.StringIO()
    console = Console(file=buffer, force_terminal=color, no_color=not color, width=width,
                      highlight=False, soft_wrap=False)
    _header(console, report)
    _findings(console, report)
    _verifications(console, report)
    _provenance(console, report)
    for note in report.notes:
        _say(console, f"note: {note}", style="dim")
    return buffer.getvalue()


def _header(console: Console, report: Report) -> None:
    article = report.article
    _say(console, article.title or "(untitled)", style="bold")
    facts = [article.site or "unknown site",
             f"published {article.published}" if article.published else "no dateline",
             f"{len(article.paragraphs)} paragraphs", f"{article.word_count()} words"]
    if article.byline:
        facts.insert(1, f"by {article.byline}")
    if article.removed:
        facts.append("removed: " + ", ".join(article.removed))
    _say(console, " · ".join(facts), style="dim")
    _say(console, _date_line(report))
    console.print()


def _date_line(report: Report) -> str:
    window = report.date_window
    if window.basis == "unknown":
        return f"Date: unknown{f' ({window.note})' if window.note else ''}"
    span = str(window.start) if window.start == window.end else f"{window.start} … {window.end or 'now'}"
    line = f"Date: {window.basis} {span}"
    if window.note:  # the note names the basis and counts the claims behind the window
        return f"Date: {span} — {window.note}"
    if window.basis == "inferred":
        line += f" from {window.total} title claims ({window.support} agree)"
    return line


def _findings(console: Console, report: Report) -> None:
    if not report.findings:
        console.print(Text("No findings.", style="green"))
        console.print()
        return
    for severity in SEVERITIES:
        group = [f for f in report.findings if f.severity == severity]
        if not group:
            continue
        console.print(Text(f"{_HEADING[severity]} ({len(group)})", style=_STYLE[severity]))
        for finding in group:
            where = _where(report.article, finding.spans)
            _say(console, f"{finding.code.ljust(22)}{where}", 2, _STYLE[severity])
            _say(console, finding.message, 6)
            for evidence in finding.evidence:
                _say(console, f"· {evidence.text} [{evidence.source}]", 6, "dim")
        console.print()


def _say(console: Console, text: str, indent: int = 0, style: str = "") -> None:
    """Print `text` wrapped to the console's width, every line indented (no trailing blanks:
    rich's own wrapping pads the lines it breaks)."""
    pad = " " * indent
    console.print(Text(textwrap.fill(text, width=console.width, initial_indent=pad,
                                     subsequent_indent=pad + "  ", break_on_hyphens=False,
                                     break_long_words=False),
                       style=style))


def _where(article: Article, spans: tuple[Span, ...]) -> str:
    if not spans:
        return ""
    paragraphs = sorted({i + 1 for s in spans if (i := article.paragraph_of(s.start)) is not None})
    marker = ", ".join(f"¶{i}" for i in paragraphs)
    if len(spans) > 1 and spans[-1].start - spans[0].end < 300:  # one passage: quote each part
        return f"{marker}  " + " … ".join(f"“{article.quote(s)[:80]}”" for s in spans)
    return f"{marker}  {quote_in_context(article, spans[0])}"


def quote_in_context(article: Article, span: Span, context: int = _CONTEXT) -> str:
    """The span's text with a little of what surrounds it, on one line."""
    start, end = max(0, span.start - context // 3), min(len(article.text), span.end + context // 3)
    before, middle, after = article.text[start:span.start], article.quote(span), article.text[span.end:end]
    snippet = " ".join(f"{before}«{middle}»{after}".split())
    return f"{'…' if start else ''}{snippet}{'…' if end < len(article.text) else ''}"


def _verifications(console: Console, report: Report) -> None:
    if not report.verifications:
        return
    console.print(Text(f"VERIFIED ({len(report.verifications)} consistent with the record)", style="green"))
    for verification in report.verifications:
        _say(console, f"✓ {verification.message}", 2)
    console.print()


def _provenance(console: Console, report: Report) -> None:
    result = report.provenance
    if result is None:
        return
    if result.score is None:
        _say(console, f"PROVENANCE  not scored: {result.reason}", style="dim")
    else:
        _say(console, f"PROVENANCE  machine-written likelihood {result.score:.2f} ({result.label}; "
             f"threshold {result.threshold:.2f} at {result.fpr:.0%} false positives on {result.calibration})")
        top = ", ".join(s.name for s in result.signals[:5])
        if top:
            _say(console, f"signals: {top}", 2, "dim")
    if result.artifacts:
        _say(console, f"chatbot artifacts present: {', '.join(result.artifacts)}", 2, "bold red")
    console.print()
