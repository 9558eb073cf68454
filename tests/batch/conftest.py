"""Batch fixtures: WARC.gz, JSONL and folder inputs built in the test, with the awkward cases."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest
from batch_helpers import CHROME_ONLY_HTML, article_html, story, write_jsonl, write_warc


def build_crawl(tmp_path: Path) -> Path:
    """A WARC.gz with HTML responses, a PNG, a redirect, a request record, and a cut-off last member."""
    pages = [{"url": f"https://www.daily-example.com/news/{n}", "body": article_html(f"Story {n}", story(n)).encode()}
             for n in range(4)]
    records = [
        pages[0], {"type": "request", "url": pages[0]["url"]}, pages[1],
        {"url": "https://www.daily-example.com/logo.png", "body": b"\x89PNG\r\n\x1a\n" + bytes(64),
         "content_type": "image/png"},
        {"url": "https://daily-example.com/old", "body": b"", "status": "301 Moved Permanently"},
        {"url": "https://www.daily-example.com/chrome", "body": CHROME_ONLY_HTML.encode()},
        pages[2], pages[3],
    ]
    path = write_warc(tmp_path / "crawl.warc.gz", records)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) - 200])  # the last gzip member (pages[3]) is truncated
    return path


def build_jsonl(tmp_path: Path) -> Path:
    """JSONL with good lines, a blank line, bad JSON, a missing field, a non-object, a bad date."""
    return write_jsonl(tmp_path / "articles.jsonl", [
        {"id": "j1", "url": "https://news.example.org/a", "html": article_html("A", story(10)), "date": "2021-03-04"},
        {"id": "j2", "text": "\n\n".join(story(11, "Lorem ipsum dolor sit amet.")), "title": "Given title"},
        "",
        "{not json",
        {"id": "j3", "url": "https://news.example.org/c"},
        '["a", "list"]',
        {"id": "j4", "text": "\n\n".join(story(12)), "date": "yesterday"},
    ])


def build_folder(tmp_path: Path) -> Path:
    """Nested HTML and text files, a chrome-only page, an empty page, a JPEG and a .jsonl.gz."""
    folder = tmp_path / "site"
    (folder / "2024" / "05").mkdir(parents=True)
    (folder / "index.html").write_text(article_html("Front", story(20)), encoding="utf-8")
    (folder / "2024" / "05" / "brief.txt").write_text("\n\n".join(story(21)), encoding="utf-8")
    (folder / "2024" / "05" / "chrome.html").write_text(CHROME_ONLY_HTML, encoding="utf-8")
    (folder / "2024" / "05" / "empty.html").write_text("   ", encoding="utf-8")
    (folder / "2024" / "photo.jpg").write_bytes(b"\xff\xd8\xff" + bytes(32))
    with gzip.open(folder / "more.jsonl.gz", "wt", encoding="utf-8") as handle:
        handle.write('{"id": "g1", "text": "A short gzipped brief about the harbour reopening on Monday."}\n')
    return folder


@pytest.fixture
def crawl(tmp_path: Path) -> Path:
    return build_crawl(tmp_path)


@pytest.fixture
def jsonl_input(tmp_path: Path) -> Path:
    return build_jsonl(tmp_path)


@pytest.fixture
def folder_input(tmp_path: Path) -> Path:
    return build_folder(tmp_path)


@pytest.fixture(scope="session")
def mixed_inputs(tmp_path_factory) -> list[Path]:
    """The crawl, the JSONL and the folder together (built once; treat as read-only)."""
    base = tmp_path_factory.mktemp("mixed")
    return [build_crawl(base), build_jsonl(base), build_folder(base)]
