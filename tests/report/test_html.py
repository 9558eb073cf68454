"""The annotated HTML report: structure, links, escaping, and text preserved under highlights."""

from __future__ import annotations

import datetime as dt
import re
from html.parser import HTMLParser

from hypothesis import given, settings
from hypothesis import strategies as st
from test_html_sample import find, sample_report

from copydesk.model import Article, DateWindow, Evidence, Finding, ProvenanceResult, Report, Span
from copydesk.report.html import render_html, render_report_section, report_stylesheet

XSS_CORPUS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(2)>",
    "<a href=\"javascript:alert(3)\">click</a>",
    "</style><script>alert(4)</script>",
    "\"><svg onload=alert(5)>",
    "' onmouseover='alert(6)' x='",
    "<iframe src=\"https://evil.example/\"></iframe>",
    "</textarea><script>alert(7)</script>",
    "<!-- comment --> ]]> <![CDATA[ x ]]>",
    "&lt;script&gt;alert(8)&lt;/script&gt;",
    "<style>body{background:url(https://evil.example/x)}</style>",
    "<meta http-equiv=\"refresh\" content=\"0;url=https://evil.example\">",
]
# Tags the renderer itself writes; anything else in the output came from the input.
OWN_TAGS = {"html", "head", "meta", "title", "style", "body", "article", "header", "p", "h1", "h2",
            "h3", "section", "div", "a", "span", "mark", "aside", "ul", "li", "q", "strong", "svg",
            "rect", "line", "table", "thead", "tbody", "tr", "th", "td", "footer", "code", "ol"}


class PageParser(HTMLParser):
    """Collects tags, attributes, ids, links, style text and the article's text content."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags, self.attrs, self.ids, self.hrefs, self.id_list = set(), [], set(), [], []
        self.styles, self.paragraphs = [], []
        self._stack: list[tuple[str, str]] = []
        self._in_style = False

    def handle_starttag(self, tag, attrs):
        self.tags.add(tag)
        attributes = dict(attrs)
        self.attrs.extend(attrs)
        if "id" in attributes:
            self.ids.add(attributes["id"])
            self.id_list.append(attributes["id"])
        if tag == "a":
            self.hrefs.append(attributes.get("href", ""))
        if tag == "style":
            self._in_style = True
            self.styles.append("")
        classes = attributes.get("class") or ""
        if tag == "p" and "cd-para" in classes:
            self.paragraphs.append("")
        if tag not in {"meta", "line", "rect"}:
            self._stack.append((tag, classes))

    def handle_endtag(self, tag):
        if tag == "style":
            self._in_style = False
        while self._stack:
            if self._stack.pop()[0] == tag:
                break

    def handle_data(self, data):
        if self._in_style:
            self.styles[-1] += data
            return
        in_para = any("cd-para" in c for _, c in self._stack)
        decoration = any("cd-pnum" in c or "cd-tag" in c for _, c in self._stack)
        if in_para and not decoration:
            self.paragraphs[-1] += data


def parse(page: str) -> PageParser:
    parser = PageParser()
    parser.feed(page)
    parser.close()
    return parser


def assert_inert(parser: PageParser) -> None:
    """No foreign tags, no event handlers, no script or remote URLs anywhere in the page."""
    assert parser.tags <= OWN_TAGS, parser.tags - OWN_TAGS
    assert not [name for name, _ in parser.attrs if name.lower().startswith("on")]
    assert all(h.startswith("#") or re.match(r"https?://", h) for h in parser.hrefs), parser.hrefs
    assert not [v for n, v in parser.attrs if n in {"src", "srcset", "action", "formaction"}]
    assert [s.strip() for s in parser.styles] == [report_stylesheet().strip()]


def test_every_finding_is_listed_with_its_code_message_and_evidence():
    report = sample_report()
    page = render_html(report)
    for finding in report.findings:  # in its card, and (errors and warnings) in the summary
        assert page.count(f">{finding.code}</span>") == (1 if finding.severity == "info" else 2)
        assert finding.message.replace("“", "") .split()[0] in page
        for evidence in finding.evidence:
            assert evidence.source in page
            if evidence.start:
                assert evidence.start.isoformat() in page
    assert "2009-01-20 – 2017-01-20" in page and "2021-01-20 onwards" in page


def test_every_finding_span_is_highlighted_and_labelled_with_its_code():
    report = sample_report()
    page = render_html(report)
    for number in range(1, len(report.findings) + 1):
        assert f'href="#F{number}"' in page
    assert page.count("1·TITLE_CONFLICT") == 2  # one label after each of its two spans
    assert page.count("·REPEATED_PASSAGE") == 3
    assert 'class="cd-hl cd-error cd-multi"' in page  # "Corey Booker": an error and a warning


def test_links_all_land_on_an_element_of_the_page():
    parser = parse(render_html(sample_report()))
    internal = {href[1:] for href in parser.hrefs if href.startswith("#")}
    assert internal and internal <= parser.ids, internal - parser.ids
    assert {"F1-s1", "F1-s2", "F1"} <= parser.ids


def test_article_text_survives_highlighting_unchanged():
    report = sample_report()
    parser = parse(render_html(report))
    expected = [report.article.quote(p) for p in report.article.paragraphs]
    assert parser.paragraphs == expected


def test_date_window_basis_alternative_and_provenance_gauge_are_shown():
    page = render_html(sample_report())
    assert "2021-01-20 – 2023-01-03" in page
    assert "11 of 13 title claims agree" in page
    assert "Equally supported: 2019-01-03 – 2021-01-18" in page
    assert "0.87" in page and "Threshold 0.71" in page and "1.0%" in page
    assert 'class="cd-gauge-fill cd-over"' in page and 'x1="71.00"' in page
    assert "repeated_sentences" in page and "→ machine (+1.20)" in page and "→ human (-0.30)" in page


def test_extraction_removals_verifications_and_notes_are_shown():
    page = render_html(sample_report())
    for removed in ("navigation", "related links", "comment form"):
        assert f"<li>{removed}</li>" in page
    assert "Ilhan Omar (D-Minn.): consistent" in page and "Verified, consistent with the record (3)" in page
    assert "quote checks skipped" in page


def test_refused_provenance_states_the_reason():
    report = sample_report()
    report.provenance = ProvenanceResult(None, None, None, None, "human news", "copydesk-lr 0.1",
                                         reason="The text has 40 words; the detector needs 80.")
    page = render_html(report)
    assert "No score" in page and "the detector needs 80" in page and "<svg" not in page


def test_page_is_self_contained_and_forbids_scripts():
    page = render_html(sample_report())
    assert "<script" not in page.lower()
    assert "Content-Security-Policy" in page and "default-src 'none'" in page
    assert "@import" not in page and "url(" not in report_stylesheet()
    assert_inert(parse(page))


def xss_report() -> Report:
    """The sample report with every text field the page shows replaced by an attack string."""
    report = sample_report()
    payloads = list(XSS_CORPUS)
    article = Article.from_paragraphs(
        [p + " " + payloads[i % len(payloads)] for i, p in enumerate(report.article.text.split("\n\n"))],
        title=payloads[0], byline=payloads[1], site=payloads[4], url="javascript:alert(9)",
        removed=payloads[:3])
    attacked = sample_report(article)
    script = find(article, payloads[0], 1)
    attacked.findings.append(Finding(
        "CHATBOT_ARTIFACT", "error", payloads[3], (script, find(article, payloads[1])),
        evidence=(Evidence(payloads[5], payloads[6], span=find(article, payloads[7]),
                           start=dt.date(2020, 1, 1)),)))
    attacked.notes.append(payloads[9])
    attacked.versions["<b>kb</b>"] = payloads[10]
    attacked.date_window = DateWindow.unknown(payloads[11])
    attacked.source = {"name": payloads[2], "url": "javascript:alert(10)"}
    return attacked


def test_xss_corpus_renders_as_text_in_every_field():
    report = xss_report()
    page = render_html(report)
    parser = parse(page)
    assert_inert(parser)
    text = "".join(parser.paragraphs)
    for payload in XSS_CORPUS:
        assert payload in text  # shown to the reader literally, not interpreted
    assert "javascript:" not in " ".join(parser.hrefs)
    assert "&amp;lt;script&amp;gt;" in page  # already-escaped text is escaped again, not decoded


@settings(max_examples=60, deadline=None)
@given(st.lists(st.text(min_size=1, max_size=40), min_size=1, max_size=4), st.data())
def test_any_text_and_any_spans_render_inert_and_lossless(paragraphs, data):
    article = Article.from_paragraphs(paragraphs)
    size = len(article.text)
    bounds = st.tuples(st.integers(0, size), st.integers(0, size + 3)).filter(lambda b: b[0] < b[1])
    spans = data.draw(st.lists(bounds, max_size=6))
    findings = [Finding("REPEATED_PASSAGE", data.draw(st.sampled_from(["error", "warning", "info"])),
                        "m", (Span(start, end),)) for start, end in spans]
    parser = parse(render_html(Report(article=article, source={}, findings=findings)))
    assert parser.tags <= OWN_TAGS
    assert len(parser.id_list) == len(parser.ids)  # no id twice, even for spans across paragraphs
    assert {h[1:] for h in parser.hrefs if h.startswith("#")} <= parser.ids
    assert [p.replace("\r\n", "\n").replace("\r", "\n") for p in parser.paragraphs] == \
        [p.replace("\r\n", "\n").replace("\r", "\n") for p in (article.quote(s) for s in article.paragraphs)]


def test_span_outside_the_text_is_reported_not_dropped():
    report = sample_report()
    size = len(report.article.text)
    report.findings.append(Finding("TRUNCATED_TEXT", "warning", "Ends mid-word.", (Span(size, size + 5),)))
    page = render_html(report)
    assert "Ends mid-word." in page and "lies outside the article text" in page


def test_empty_report_renders_every_section():
    article = Article.from_paragraphs(["A short note."])
    section = render_report_section(Report(article=article, source={"name": "<text>"}))
    assert "No errors or warnings found." in section and "Untitled article" in section
    assert "Unknown" in section and "the detector did not run" in section
    assert "Nothing was verified" in section and "Nothing: the input was taken as it came." in section


def test_the_seed_end_to_end_highlights_its_title_conflict():
    from pathlib import Path

    import copydesk

    report = copydesk.check_path(Path(__file__).parents[1] / "fixtures" / "seed-article.html")
    page = render_html(report)
    parser = parse(page)
    assert_inert(parser)
    assert {h[1:] for h in parser.hrefs if h.startswith("#")} <= parser.ids
    conflict = re.search(r'<p id="p11" class="cd-para">.*?</p>', page, re.S).group(0)
    assert re.search(r'<mark class="cd-hl cd-error[^"]*"[^>]*><a href="#F\d+">Vice President Biden</a></mark>', conflict)
    assert re.search(r"\d+·TITLE_CONFLICT</a>", conflict)
    assert parser.paragraphs == [report.article.quote(p) for p in report.article.paragraphs]
