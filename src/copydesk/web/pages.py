"""The web app's one HTML page: the check form, and below it the report or an error.

The page works as a plain form; `static/app.js` only makes submitting stay in place. Every
value echoed back (the pasted text, the URL, the title) is escaped.
"""

from __future__ import annotations

import html
from collections.abc import Mapping

from copydesk import __version__
from copydesk.model import Report
from copydesk.report.html import render_report_section


def render_page(fields: Mapping[str, str] | None = None, *, report: Report | None = None,
                error: str | None = None) -> str:
    """The whole page, with the form filled from `fields` and the report or error below it.

    Args:
        fields: the submitted form fields (text, url, kind, date, title), echoed back.
        report: the report to show under the form.
        error: a message to show instead of a report.

    Returns:
        A complete HTML document; it loads only /static assets of this server.
    """
    fields = fields or {}
    title = "copydesk" if report is None else f"copydesk: {report.article.title or 'report'}"
    return (
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        f"<title>{_esc(title)}</title>\n"
        "<link rel=\"icon\" href=\"/static/favicon.svg\" type=\"image/svg+xml\">\n"
        "<link rel=\"stylesheet\" href=\"/static/app.css\">\n"
        "<link rel=\"stylesheet\" href=\"/static/report.css\">\n"
        "<script src=\"/static/app.js\" defer></script>\n</head>\n<body>\n"
        "<header class=\"app-bar\"><a class=\"app-name\" href=\"/\">copydesk</a>"
        "<span class=\"app-tagline\">reads a news article and reports what is wrong with it, with evidence</span>"
        "<a class=\"app-link\" href=\"/docs\">API</a></header>\n"
        f"<main class=\"app-main\">\n{_form(fields)}\n"
        f"<div id=\"result\" class=\"app-result\" aria-live=\"polite\">{_result(report, error)}</div>\n"
        "</main>\n"
        f"<footer class=\"app-foot\">copydesk {_esc(__version__)} · runs offline · "
        "<a href=\"/v1/health\">health</a> · <a href=\"/openapi.json\">OpenAPI</a></footer>\n"
        "</body>\n</html>\n"
    )


def _esc(value: object) -> str:
    return html.escape(str(value), quote=True)


def _form(fields: Mapping[str, str]) -> str:
    kind_html = " selected" if fields.get("kind") == "html" else ""
    return (
        "<form id=\"check-form\" class=\"app-form\" method=\"post\" action=\"/\" enctype=\"multipart/form-data\">\n"
        "<label class=\"app-label\" for=\"text\">Paste an article</label>\n"
        "<textarea id=\"text\" name=\"text\" rows=\"10\" spellcheck=\"false\" "
        "placeholder=\"Headline&#10;&#10;First paragraph…&#10;&#10;Second paragraph…\">"
        f"{_esc(fields.get('text', ''))}</textarea>\n"
        "<div class=\"app-row\">"
        "<label class=\"app-inline\">The pasted text is <select name=\"kind\" id=\"kind\">"
        f"<option value=\"text\">plain text</option><option value=\"html\"{kind_html}>HTML source</option>"
        "</select></label></div>\n"
        "<div class=\"app-or\"><span>or</span></div>\n"
        "<div class=\"app-grid\">"
        "<label class=\"app-field\"><span class=\"app-label\">Fetch a URL</span>"
        "<input type=\"url\" id=\"url\" name=\"url\" placeholder=\"https://…\" "
        f"value=\"{_esc(fields.get('url', ''))}\">"
        "</label>"
        "<label class=\"app-field\"><span class=\"app-label\">Upload a file (.html, .txt)</span>"
        "<input type=\"file\" id=\"file\" name=\"file\" accept=\".html,.htm,.txt,.md,text/html,text/plain\"></label>"
        "</div>\n"
        "<details class=\"app-options\"" + (" open" if fields.get("date") or fields.get("title") else "") + ">"
        "<summary>Options</summary><div class=\"app-grid\">"
        "<label class=\"app-field\"><span class=\"app-label\">Article date (overrides the page's)</span>"
        f"<input type=\"date\" id=\"date\" name=\"date\" value=\"{_esc(fields.get('date', ''))}\"></label>"
        "<label class=\"app-field\"><span class=\"app-label\">Title (overrides the extracted one)</span>"
        "<input type=\"text\" id=\"title\" name=\"title\" maxlength=\"2000\" "
        f"value=\"{_esc(fields.get('title', ''))}\">"
        "</label></div></details>\n"
        "<div class=\"app-actions\"><button type=\"submit\" id=\"submit\">Check the article</button>"
        "<span class=\"app-status\" id=\"status\" role=\"status\"></span>"
        "<span class=\"app-downloads\">or download the report as "
        "<button type=\"submit\" name=\"download\" value=\"html\" class=\"app-link-button\">HTML</button> "
        "<button type=\"submit\" name=\"download\" value=\"json\" class=\"app-link-button\">JSON</button> "
        "<button type=\"submit\" name=\"download\" value=\"claimreview\" class=\"app-link-button\">"
        "ClaimReview</button></span></div>\n"
        "</form>"
    )


def _result(report: Report | None, error: str | None) -> str:
    if error:
        return f"<div class=\"app-error\" role=\"alert\"><strong>Could not check this.</strong> {_esc(error)}</div>"
    if report is None:
        return ""
    return render_report_section(report)
