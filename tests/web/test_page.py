"""The HTML page: the form, the report in place, errors on the page, and escaping of echoed input."""

from __future__ import annotations

import re
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from webapp_support import app_with

sys.path.insert(0, str(Path(__file__).parents[1] / "report"))
from test_html import XSS_CORPUS  # noqa: E402  (one corpus for the report and the page)

# Tags the page itself writes (form and report); anything else came from the input.
PAGE_TAGS = {"html", "head", "meta", "title", "link", "script", "body", "header", "a", "span", "main",
             "form", "label", "textarea", "div", "select", "option", "input", "details", "summary",
             "button", "footer", "article", "p", "h1", "h2", "h3", "section", "mark", "aside", "ul",
             "li", "ol", "q", "strong", "svg", "rect", "line", "table", "thead", "tbody", "tr", "th", "td", "code"}


class Scan(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags, self.attrs, self.scripts, self.textarea = set(), [], [], ""
        self._in_textarea = False

    def handle_starttag(self, tag, attrs):
        self.tags.add(tag)
        self.attrs.extend(attrs)
        if tag == "script":
            self.scripts.append(dict(attrs).get("src"))
        self._in_textarea = tag == "textarea"

    def handle_endtag(self, tag):
        self._in_textarea = self._in_textarea and tag != "textarea"

    def handle_data(self, data):
        if self._in_textarea:
            self.textarea += data


def scan(page: str) -> Scan:
    parser = Scan()
    parser.feed(page)
    return parser


def assert_page_inert(parser: Scan) -> None:
    assert parser.tags <= PAGE_TAGS, parser.tags - PAGE_TAGS
    assert parser.scripts == ["/static/app.js"]
    assert not [n for n, _ in parser.attrs if n.startswith("on")]
    links = [v for n, v in parser.attrs if n in {"href", "src", "action"}]
    assert all(v.startswith(("/", "#")) or re.match(r"https?://", v) for v in links), links


def test_the_form_offers_text_url_and_file(client):
    page = client.get("/").text
    for field in ('name="text"', 'name="url"', 'name="file"', 'name="date"', 'name="title"'):
        assert field in page
    assert 'enctype="multipart/form-data"' in page and 'action="/"' in page
    assert_page_inert(scan(page))


def test_pasted_text_shows_the_annotated_report_under_the_form(client, seed_text):
    response = client.post("/", data={"text": seed_text, "date": "2022-10-25"})
    assert response.status_code == 200
    assert '<article class="cd-report">' in response.text and "2022-10-25" in response.text
    assert "Cory Booker" in response.text and 'name="text"' in response.text


def test_uploaded_html_file_is_extracted(client, seed_html):
    response = client.post("/", files={"file": ("seed.html", seed_html.encode(), "text/html")})
    assert response.status_code == 200
    assert "<h1>Amid Intense Backlash" in response.text and "Source: seed.html" in response.text


@pytest.mark.parametrize("data, message", [
    ({}, "Paste an article, give a URL or choose a file"),
    ({"text": "An article.", "url": "https://example.com/"}, "Give only one of: text, URL"),
    ({"text": "An article.", "date": "yesterday"}, "is not in the form YYYY-MM-DD"),
    ({"url": "http://169.254.169.254/latest/meta-data/"}, "a cloud metadata address"),
])
def test_problems_are_shown_on_the_page_with_a_4xx(client, data, message):
    response = client.post("/", data=data)
    assert 400 <= response.status_code < 500
    assert 'class="app-error"' in response.text and message in response.text


def test_oversized_form_is_refused_on_the_page():
    with app_with(max_bytes=2000) as small:
        response = small.post("/", data={"text": "x" * 5000})
    assert response.status_code == 413 and "2,000-byte limit" in response.text


def test_xss_corpus_pasted_as_text_is_echoed_and_reported_as_text(client):
    text = "\n\n".join(f"Paragraph {i} says {payload} and goes on." for i, payload in enumerate(XSS_CORPUS))
    title = XSS_CORPUS[3]
    response = client.post("/", data={"text": text, "title": title, "date": "2022-10-25"})
    assert response.status_code == 200
    parser = scan(response.text)
    assert_page_inert(parser)
    assert parser.textarea == text  # the echo is the text itself, not markup
    for payload in XSS_CORPUS:
        assert response.text.count(payload) == 0 or payload == "&lt;script&gt;alert(8)&lt;/script&gt;"


def test_xss_in_url_and_pasted_html_stays_inert(client):
    response = client.post("/", data={"url": "javascript:alert(1)//\"><script>alert(2)</script>"})
    assert response.status_code == 403
    parser = scan(response.text)
    assert_page_inert(parser)
    assert ("value", "javascript:alert(1)//\"><script>alert(2)</script>") in parser.attrs  # echoed inertly
    page = "<html><body><article><h1>Head</h1>" + "".join(
        f"<p>Para {i}: {p.replace('<', '&lt;')} continues here for a while.</p>" for i, p in enumerate(XSS_CORPUS)
    ) + "</article></body></html>"
    response = client.post("/", data={"text": page, "kind": "html"})
    assert response.status_code == 200
    assert_page_inert(scan(response.text))


def test_static_assets_are_served_with_their_types(client):
    assert client.get("/static/app.js").headers["content-type"].startswith("text/javascript")
    assert client.get("/static/app.css").headers["content-type"].startswith("text/css")
    assert ".cd-report" in client.get("/static/report.css").text
    assert client.get("/static/../app.py").status_code == 404
    assert client.get("/static/missing.js").status_code == 404


@pytest.mark.parametrize("format_name, media_type, check", [
    ("html", "text/html", lambda body: body.startswith("<!DOCTYPE html>") and "Content-Security-Policy" in body),
    ("json", "application/json", lambda body: '"schema": "copydesk.report/1"' in body),
    ("claimreview", "application/ld+json", lambda body: body.lstrip().startswith("[")),
])
def test_the_report_downloads_as_a_file(client, seed_text, format_name, media_type, check):
    response = client.post("/", data={"text": seed_text, "download": format_name})
    assert response.status_code == 200 and response.headers["content-type"].startswith(media_type)
    assert response.headers["content-disposition"].startswith("attachment; filename=\"copydesk-report.")
    assert check(response.text)
