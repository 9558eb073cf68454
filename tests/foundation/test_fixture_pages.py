"""Realistic pages of different layouts: metadata, exact paragraphs, and no page chrome.

Each page in tests/fixtures/pages has `<name>.expected.txt` beside it: the article's paragraphs,
written by hand, separated by blank lines.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from copydesk import check_path
from copydesk.cli import main
from copydesk.errors import NoArticleError
from copydesk.extract import extract
from copydesk.ingest import read_path

PAGES_DIR = Path(__file__).parents[1] / "fixtures" / "pages"
MOJIBAKE = ["\ufffd", "Ã", "â€", "\x92", "\x93", "\x94"]


@dataclass(frozen=True)
class Page:
    title: str
    byline: str | None
    published: dt.date | None
    site: str
    chrome: list[str]  # phrases on the page that must not reach the article
    removed: list[str] = field(default_factory=list)  # kinds of chrome the summary must name
    kept: list[str] = field(default_factory=list)  # exact spellings that must survive decoding


PAGES = {
    "cookie-newsletter": Page(
        title="Council approves $4.8m flood barrier for Foundry district", byline="Maria Okafor",
        published=dt.date(2024, 3, 12), site="Riverton Gazette",
        chrome=["We use cookies", "Accept all cookies", "Manage preferences", "The Morning Briefing",
                "Sign up for our free newsletter", "Subscribe", "Most read", "Ridge Road to close",
                "Share on Facebook", "All rights reserved", "Cookie policy"],
        removed=["cookie banner", "newsletter sign-up", "navigation", "share buttons"],
        kept=["7–2", "“Twice in five years"]),
    "amp-article": Page(
        title="Calder Bay port approves $310m expansion with two new berths", byline="Daniel Reyes",
        published=dt.date(2023, 11, 8), site="Coastal Courier",
        chrome=["Advertisement", "Back to top", "Privacy", "Cranes at the", "© 2023", "Weather"],
        removed=["advertising", "back-to-top link"], kept=["port authority’s board"]),
    "author-box": Page(
        title="Tarn Glacier records its worst year of ice loss since 1968", byline="Priya Natarajan",
        published=dt.date(2025, 2, 3), site="The Northern Ledger",
        chrome=["About the author", "is the science correspondent", "More stories by",
                "Recent Posts", "Previous:", "Wolf census", "Tagged", "Skip to content",
                "Independent news from the north"],
        removed=["author box", "navigation", "sidebar"]),
    "comments-thread": Page(
        title="Ashby mill to become flats and a library after plans approved", byline="Tom Whitcombe",
        published=dt.date(2022, 9, 15), site="Ashby Weekly Post",
        chrome=["My grandmother worked the looms", "is a joke", "Best news this town",
                "thoughts on", "Leave a Reply", "Your email address will not be published",
                "Post Comment", "Related stories", "Mill chimney given listed status", "Share this",
                "Posted by", "What's On", "Back to top"],
        removed=["comment form", "related links", "share buttons", "back-to-top link"],
        kept=["brick façade"]),
    "windows-1252": Page(
        title="Festival opens with drama shot on the town’s own quay", byline="Renée Dubois",
        published=dt.date(2023, 10, 6), site="Harbourside Chronicle",
        chrome=["Reproduction without permission", "Latest news", "Letters", "Events"],
        kept=["“Les Lumières du Port”", "Soraya Benaïssa", "José Álvarez", "being made — they saw",
              "It’s only right", "€9", "Bjørn Sæther", "Zoë Müller", "Léman", "café"]),
    "latin1-undeclared": Page(
        title="Community garden’s record harvest goes to food bank", byline="Joël Lefèvre",
        published=dt.date(2023, 9, 29), site="Linden Street Echo",
        chrome=["Reproduction without permission", "Archive", "Latest news"],
        kept=["Hélène Marchetti", "René Castaño", "We’ve never", "St. Agnes’ Church", "ten o’clock"]),
    "utf16-bom": Page(
        title="Westbrook buses to take contactless payments from next month", byline="Oliver Grant",
        published=dt.date(2024, 6, 20), site="Westbrook Observer",
        chrome=["São Paulo", "Transport correspondent", "Weather", "© 2024"],
        kept=["£3.6 million", "“Most people already carry"]),
}


def expected_paragraphs(name: str) -> list[str]:
    text = (PAGES_DIR / f"{name}.expected.txt").read_text(encoding="utf-8")
    return [" ".join(block.split()) for block in text.strip().split("\n\n")]


@pytest.fixture(scope="module")
def articles():
    return {name: extract(read_path(PAGES_DIR / f"{name}.html")) for name in PAGES}


def test_every_page_in_the_folder_is_covered():
    on_disk = {path.stem for path in PAGES_DIR.glob("*.html")}
    assert on_disk == set(PAGES) | {"section-front"}
    for name in PAGES:
        assert 4 <= len(expected_paragraphs(name)) <= 8


@pytest.mark.parametrize("name", sorted(PAGES))
def test_page_gives_exactly_its_paragraphs(name, articles):
    article = articles[name]
    assert [article.quote(span) for span in article.paragraphs] == expected_paragraphs(name)


@pytest.mark.parametrize("name", sorted(PAGES))
def test_page_metadata(name, articles):
    article, page = articles[name], PAGES[name]
    assert (article.title, article.byline, article.published, article.site) == \
        (page.title, page.byline, page.published, page.site)


@pytest.mark.parametrize("name", sorted(PAGES))
def test_page_chrome_is_dropped_and_named(name, articles):
    article, page = articles[name], PAGES[name]
    for phrase in page.chrome:
        assert phrase not in article.text
    assert not article.text.startswith(page.title)  # the headline is the title, not ¶1
    for kind in page.removed:
        assert kind in article.removed


@pytest.mark.parametrize("name", sorted(PAGES))
def test_page_text_survives_decoding(name, articles):
    article, page = articles[name], PAGES[name]
    for spelling in page.kept:
        assert spelling in article.text
    for garbage in MOJIBAKE:
        assert garbage not in article.text
        assert garbage not in (article.title or "") + (article.byline or "")


def test_undeclared_latin1_bytes_really_are_not_utf8():
    raw = (PAGES_DIR / "latin1-undeclared.html").read_bytes()
    assert b"charset" not in raw.lower()
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    assert "é".encode("cp1252") in raw and "’".encode("cp1252") in raw


def test_utf16_page_starts_with_a_byte_order_mark():
    assert (PAGES_DIR / "utf16-bom.html").read_bytes()[:2] in (b"\xff\xfe", b"\xfe\xff")


@pytest.mark.parametrize("name", sorted(PAGES))
def test_page_report_validates(name, valid_report):
    data = valid_report(check_path(PAGES_DIR / f"{name}.html"))
    assert data["date_window"]["basis"] == "published"
    assert data["date_window"]["start"] == PAGES[name].published.isoformat()


def test_section_front_has_no_article():
    with pytest.raises(NoArticleError, match="no article text found"):
        extract(read_path(PAGES_DIR / "section-front.html"))


def test_section_front_exits_2_with_a_clear_message(capsys):
    assert main(["check", str(PAGES_DIR / "section-front.html")]) == 2
    captured = capsys.readouterr()
    assert "no article text found" in captured.err
    assert "section-front.html" in captured.err
    assert "Traceback" not in captured.err
    assert captured.out == ""
