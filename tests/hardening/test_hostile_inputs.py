"""Hostile and broken pages: each gives a report or a clear InputError naming the input."""

from __future__ import annotations

import datetime as dt

import pytest

import copydesk
from copydesk.errors import InputError
from copydesk.ingest import MAX_INPUT_BYTES, document_from_bytes, read_path
from copydesk.report.json_report import report_to_dict

SENTENCE = "The senator said the bill would pass next week, according to two aides. "
PARAGRAPH = f"<p>{SENTENCE * 4}</p>"


def _page(body: str, head: str = "") -> str:
    return f"<html><head>{head}</head><body><article>{body}</article></body></html>"


def _check_or_input_error(html: str):
    try:
        return copydesk.check_html(html)
    except InputError as err:
        assert str(err).startswith("<html>"), "the error must name the input"
        return None


def test_deeply_nested_tags_give_a_report_or_a_clear_error():
    html = "<html><body>" + "<div>" * 10_000 + PARAGRAPH * 5 + "</div>" * 10_000 + "</body></html>"
    report = _check_or_input_error(html)
    assert report is None or SENTENCE.strip() in report.article.text


def test_single_five_megabyte_line_is_extracted():
    from copydesk.extract import extract

    line = SENTENCE * (5_000_000 // len(SENTENCE))  # one paragraph, no line break
    article = extract(document_from_bytes(_page(f"<p>{line}</p>"), source="big.html"))
    assert article.word_count() > 600_000 and len(article.paragraphs) == 1


def test_long_articles_are_read_up_to_the_limit_and_the_report_says_so(monkeypatch):
    from copydesk.read import stage

    monkeypatch.setattr(stage, "MAX_READ_CHARS", 20_000)
    paragraph = "Sen. Elizabeth Warren (D-Mass.) said the vote would come next week, aides said. " * 3
    report = copydesk.check_text("\n\n".join([paragraph] * 200), date=dt.date(2021, 6, 1))
    assert any("read in the first" in note for note in report.notes)
    assert all(span.end <= 20_000 for span in report.article.group("person"))


@pytest.mark.slow
def test_ten_megabyte_page_gives_a_report():
    report = copydesk.check_html(_page(PARAGRAPH * (10_000_000 // len(PARAGRAPH))))
    assert SENTENCE.strip() in report.article.text


def test_input_over_the_limit_is_refused_not_truncated(tmp_path):
    big = tmp_path / "huge.html"
    with big.open("wb") as handle:  # sparse: no 50 MB write needed
        handle.seek(MAX_INPUT_BYTES + 1)
        handle.write(b"x")
    with pytest.raises(InputError, match="over the .* limit") as caught:
        read_path(big)
    assert caught.value.code == "TOO_LARGE" and "huge.html" in str(caught.value)
    with pytest.raises(InputError, match="limit"):
        document_from_bytes(b"x" * (MAX_INPUT_BYTES + 1), source="inline")


def test_script_payloads_in_title_and_byline_stay_inert_text():
    head = ("<title><script>alert(1)</script>Budget vote</title>"
            "<meta name='author' content='<img src=x onerror=alert(1)>'>")
    report = copydesk.check_html(_page(PARAGRAPH * 4, head))
    data = report_to_dict(report)
    assert data["article"]["title"] is None or "Budget vote" in data["article"]["title"]
    assert "<script" not in report.article.text


@pytest.mark.parametrize("value", ["0000-00-00", "9999-12-31", "2021-02-30", "yesterday"])
def test_impossible_or_odd_dates_do_not_crash(value):
    head = f"<meta property='article:published_time' content='{value}'>"
    report = copydesk.check_html(_page(PARAGRAPH * 4, head))
    assert report.article.published is None or report.article.published.year < 9999


def test_names_with_combining_characters_and_rtl_marks_survive():
    text = ("Se\u0301ne\u0301gal's envoy Ame\u0301lie Nguye\u0302\u0303n met \u200fRep. Ilhan Omar\u200f "
            "on Tuesday to discuss the aid package and the vote expected next week.")
    report = copydesk.check_text("\n\n".join([text] * 3))
    assert "Ilhan Omar" in report.article.text
