"""Property tests: the parsers either succeed with consistent offsets or raise InputError."""

from __future__ import annotations

import codecs

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from copydesk.errors import InputError, NoArticleError
from copydesk.extract.chrome import CHROME_LINES, SECTION_LABELS
from copydesk.extract.html import extract_html
from copydesk.extract.text import extract_text
from copydesk.ingest import document_from_bytes
from copydesk.model import Article, Document

CHARSET_LABELS = ["utf-8", "utf-16", "utf-32", "windows-1252", "iso-8859-1", "shift_jis", "koi8-r",
                  "idna", "punycode", "utf-7", "unicode_escape", "undefined", "rot13", "base64",
                  "cp037", "x-user-defined", "", "\x00"]
PREFIXES = [b"", codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, codecs.BOM_UTF32_LE,
            b"\x89PNG", b"%PDF", b"\x1f\x8b", b"<!DOCTYPE html><html><body><p>"]

page_bytes = st.one_of(
    st.binary(max_size=2000),
    st.builds(lambda prefix, body: prefix + body, st.sampled_from(PREFIXES), st.binary(max_size=500)),
    st.builds(lambda label, body: f'<html><head><meta charset="{label}"></head><body><p>'.encode(
        "utf-8", "surrogatepass") + body, st.sampled_from(CHARSET_LABELS), st.binary(max_size=300)),
    st.text(max_size=300).map(lambda t: t.encode("utf-8", "surrogatepass")),
)

# Text shaped like articles: words, punctuation, blank lines, chrome phrases and section labels.
article_like_text = st.lists(
    st.one_of(
        st.text(max_size=80),
        st.sampled_from(["News", "Politics", "Leave a Reply", "Back to top button", "Related Articles",
                         "\n\n", "\n \n", "\r\n\r\n", "\u00a0", "\u2028", "\x85", "Share", "Home",
                         "A headline without a full stop", "A sentence that ends properly."]),
    ),
    max_size=20,
).map("".join)


CHROME_WORDS = {word for phrase in [*CHROME_LINES, *SECTION_LABELS] for word in phrase.split()}


def assert_offsets_consistent(article: Article) -> None:
    pieces = [article.quote(span) for span in article.paragraphs]
    assert pieces and all(piece and piece == " ".join(piece.split()) for piece in pieces)
    assert article.text == "\n\n".join(pieces)
    for index, span in enumerate(article.paragraphs):
        assert article.paragraph_of(span.start) == index


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(page_bytes)
def test_document_from_bytes_only_raises_input_error(raw):
    try:
        document = document_from_bytes(raw, source="fuzz")
    except InputError as err:
        assert str(err).startswith("fuzz: ")
        return
    assert isinstance(document.raw, str) and document.raw.strip()
    assert "\x00" not in document.raw
    assert document.content_type in {"html", "text"}


@settings(max_examples=300, deadline=None)
@given(article_like_text)
def test_extract_text_only_raises_no_article_and_offsets_slice(text):
    document = Document(id="t", raw=text, content_type="text", source="fuzz")
    try:
        article = extract_text(document)
    except NoArticleError:
        assert set(text.casefold().split()) <= CHROME_WORDS  # nothing but chrome was there
        return
    assert_offsets_consistent(article)


html_fragments = st.lists(
    st.one_of(
        st.sampled_from(["<p>", "</p>", "<div>", "</div>", "<table><tr><td>", "</td></tr></table>",
                         "<h1>", "</h1>", "<nav>Home</nav>", "<article>", "</article>", "<br>",
                         "<meta charset='x'>", "<!--", "-->", "<script>", "</script>", "&amp;", "&#0;",
                         "<p>The council voted on Tuesday to approve the new budget for schools.</p>"]),
        st.text(max_size=40),
    ),
    max_size=25,
).map("".join)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(html_fragments)
def test_extract_html_only_raises_no_article_and_offsets_slice(html):
    document = Document(id="h", raw=html, content_type="html", source="fuzz")
    try:
        article = extract_html(document)
    except NoArticleError as err:
        assert "no article text found" in str(err)
        return
    assert_offsets_consistent(article)
