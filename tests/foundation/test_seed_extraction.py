"""The seed example: its 14 body paragraphs, in order, from the HTML page and its text twin."""

from __future__ import annotations

import pytest

from copydesk import check_html, check_text
from copydesk.extract import extract
from copydesk.ingest import document_from_bytes

TITLE = ("Amid Intense Backlash, Progressive Lawmakers Retracted A Letter Pressing Biden To Talk "
         "With Russia About Ukraine")
# The first words of each body paragraph, in page order.
PARAGRAPH_OPENINGS = [
    "The letter, sent last Thursday, called on Biden",
    "Progressive lawmakers retract letter pressing Biden",
    "In response to The Washington Post’s questions about the criticism, Khanna’s office said he had dropped his support for the letter. He said",
    "This letter was sent to President Biden by Ro Khanna",
    "The letter reads:",
    "“We believe that direct negotiations",
    "The letter, sent last week, provoked swift pushback",
    "Khanna told The Hill",
    "In response to The Washington Post’s questions about the criticism, Khanna’s office said he had dropped his support for the letter and that Reps",
    "The lawmakers’ letter signed by House Speaker Nancy Pelosi",
    "“We did not anticipate",
    "“Senators have sent letters",
    "The letter called on Biden",
    "The letter read: “In order to bring peace",
]
CHROME = ["Leave a Reply", "Your email address will not be published", "Related Articles",
          "Back to top", "Post Comment", "Contact Us", "Required fields", "Share via Email",
          "Senate passes Ukraine aid package", "All rights reserved"]
MENU_ITEMS = ["Home", "News", "Politics", "World", "Business", "Contact Us"]


@pytest.fixture(scope="module")
def html_article(seed_html):
    return extract(document_from_bytes(seed_html.encode("utf-8"), source="seed-article.html",
                                       content_type="html"))


@pytest.fixture(scope="module")
def text_article(seed_text):
    return extract(document_from_bytes(seed_text, source="seed-article.txt", content_type="text"))


def _paragraph_texts(article) -> list[str]:
    return [article.quote(span) for span in article.paragraphs]


@pytest.mark.parametrize("which", ["html_article", "text_article"])
def test_seed_gives_its_fourteen_paragraphs_in_order(which, request):
    article = request.getfixturevalue(which)
    paragraphs = _paragraph_texts(article)
    assert len(paragraphs) == 14
    for paragraph, opening in zip(paragraphs, PARAGRAPH_OPENINGS, strict=True):
        assert paragraph.startswith(opening)
    assert paragraphs[-1].endswith("not tough enough on Moscow.")
    assert article.title == TITLE


@pytest.mark.parametrize("which", ["html_article", "text_article"])
def test_seed_page_chrome_is_dropped(which, request):
    article = request.getfixturevalue(which)
    for phrase in CHROME:
        assert phrase not in article.text
    paragraphs = _paragraph_texts(article)
    for item in MENU_ITEMS:
        assert item not in paragraphs
    assert TITLE not in paragraphs


def test_seed_html_metadata_and_removed_summary(html_article):
    assert html_article.site == "Example News"
    assert html_article.published is None  # the page carries no date
    for kind in ("navigation", "related links", "comment form", "back-to-top link", "share buttons"):
        assert kind in html_article.removed


def test_seed_text_twin_drops_section_label_and_trailing_chrome(text_article):
    assert not text_article.text.startswith("News")
    assert text_article.removed == ["section label", "related links", "comment form", "back-to-top link"]


def test_seed_html_and_text_twin_give_identical_text(html_article, text_article):
    assert html_article.text == text_article.text
    assert [(p.start, p.end) for p in html_article.paragraphs] == \
        [(p.start, p.end) for p in text_article.paragraphs]


def test_seed_through_the_public_api(seed_html, seed_text, valid_report):
    from_html, from_text = check_html(seed_html), check_text(seed_text)
    assert from_html.article.text == from_text.article.text
    valid_report(from_html)
    valid_report(from_text)


def test_given_title_and_date_override_the_page(seed_html, valid_report):
    import datetime as dt

    report = check_html(seed_html, title="A Given Title", date=dt.date(2022, 10, 30))
    assert report.article.title == "A Given Title"
    data = valid_report(report)
    assert data["date_window"] == {**data["date_window"], "start": "2022-10-30", "end": "2022-10-30",
                                   "basis": "given"}


def test_check_html_accepts_bytes_in_a_declared_legacy_encoding(pages_dir, valid_report):
    report = check_html((pages_dir / "windows-1252.html").read_bytes())
    assert "José Álvarez" in report.article.text
    assert valid_report(report)["source"]["content_type"] == "html"
