"""Ingest: every kind of bad input is refused with an InputError that names it."""

from __future__ import annotations

import datetime as dt
import gzip
import io
import os
import random
import socket
import threading

import pytest

from copydesk.errors import InputError
from copydesk.ingest import decode_bytes, document_from_bytes, read_path, read_source
from copydesk.ingest.dates import parse_iso_day

BINARY_SAMPLES = {
    "image.png": (b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, "PNG image"),
    "paper.pdf": (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n", "PDF"),
    "page.html.gz": (gzip.compress(b"<html><body><p>Hello there.</p></body></html>"), "gzip"),
    "photo.jpg": (b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(64), "JPEG"),
    "archive.docx": (b"PK\x03\x04" + bytes(range(200)), "ZIP"),
}


@pytest.mark.parametrize("filename", sorted(BINARY_SAMPLES))
def test_binary_files_are_refused_by_what_they_are(tmp_path, filename):
    content, what = BINARY_SAMPLES[filename]
    path = tmp_path / filename
    path.write_bytes(content)
    with pytest.raises(InputError) as caught:
        read_path(path)
    assert str(path) in str(caught.value)
    assert what in str(caught.value)
    assert caught.value.code == "BINARY"


@pytest.mark.parametrize("padding", [b"", bytes(1024)])
@pytest.mark.parametrize("seed", range(3))
def test_random_bytes_are_refused(tmp_path, seed, padding):
    path = tmp_path / "noise.bin"
    path.write_bytes(random.Random(seed).randbytes(4096) + padding)
    with pytest.raises(InputError, match="binary") as caught:
        read_path(path)
    assert str(path) in str(caught.value)


@pytest.mark.parametrize("content", [b"", b"   \n\t\r\n  ", b"\xef\xbb\xbf", b"\x00\x00\n"])
@pytest.mark.parametrize("suffix", [".html", ".txt", ".dat"])
def test_empty_and_whitespace_files_are_refused(tmp_path, content, suffix):
    path = tmp_path / f"blank{suffix}"
    path.write_bytes(content)
    with pytest.raises(InputError, match="is empty") as caught:
        read_path(path)
    assert caught.value.code == "EMPTY"
    assert str(path) in str(caught.value)


def test_missing_file(tmp_path):
    missing = tmp_path / "nope.html"
    with pytest.raises(InputError, match="no such file") as caught:
        read_source(str(missing))
    assert str(missing) in str(caught.value)
    assert caught.value.code == "NOT_FOUND"


def test_folder_is_refused(tmp_path):
    with pytest.raises(InputError, match="is a folder") as caught:
        read_source(str(tmp_path))
    assert str(tmp_path) in str(caught.value)


def test_too_large_file_is_refused_not_truncated(tmp_path):
    path = tmp_path / "big.txt"
    path.write_text("word " * 100, encoding="utf-8")
    with pytest.raises(InputError, match="over the 100-byte limit") as caught:
        read_source(str(path), max_bytes=100)
    assert caught.value.code == "TOO_LARGE"
    assert read_source(str(path), max_bytes=500).raw.startswith("word")


def test_stdin_too_large_is_refused(monkeypatch):
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(b"x" * 200)))
    with pytest.raises(InputError, match="<stdin>.*over the 100-byte limit"):
        read_source("-", max_bytes=100)


def test_stdin_is_read_and_sniffed(monkeypatch, seed_html):
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(seed_html.encode("utf-8"))))
    document = read_source("-")
    assert (document.source, document.content_type) == ("<stdin>", "html")
    assert document.raw == seed_html


@pytest.mark.parametrize(("suffix", "content", "kind"), [
    (".html", "Just words, no markup.", "html"),  # the name decides
    (".txt", "<p>Tags in a text file stay text.</p>", "text"),
    (".page", "<!DOCTYPE html><html><body><p>Sniffed.</p></body></html>", "html"),
    (".page", "Plain words.\n\nTwo paragraphs.", "text"),
])
def test_suffix_decides_else_content_is_sniffed(tmp_path, suffix, content, kind):
    path = tmp_path / f"input{suffix}"
    path.write_text(content, encoding="utf-8")
    assert read_path(path).content_type == kind


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16-le", "utf-16-be", "utf-16"])
def test_byte_order_marks(encoding):
    text = "Zoë said “yes” — at 5 °C."
    raw = text.encode(encoding)
    if encoding in ("utf-16-le", "utf-16-be"):
        raw = "\ufeff".encode(encoding) + raw
    assert decode_bytes(raw, source="x").lstrip("\ufeff") == text


def test_declared_charset_is_used_before_detection():
    raw = "Müller’s “café”".encode("cp1252")
    assert decode_bytes(raw, source="x", declared="windows-1252") == "Müller’s “café”"


def test_latin1_label_is_read_as_windows_1252_like_browsers():
    raw = b'<meta charset="iso-8859-1"><p>It\x92s Ren\xe9e\x97really.</p>'
    assert "It’s Renée—really." in decode_bytes(raw, source="x")


@pytest.mark.parametrize("label", ["utf-16", "unicode_escape", "utf-7", "cp037", "undefined", "bogus-9"])
def test_meta_labels_that_cannot_be_true_are_ignored(label):
    raw = f'<html><head><meta charset="{label}"></head><body><p>Caf'.encode("ascii") + \
        "é \\x41 +AGEA- ok.</p></body></html>".encode("utf-8")
    assert "Café \\x41 +AGEA- ok." in decode_bytes(raw, source="x")


def test_nul_characters_are_dropped_not_fatal():
    document = document_from_bytes("Some\x00 text.", source="x", content_type="text")
    assert document.raw == "Some text."


def test_document_id_is_stable_for_the_same_content(seed_html):
    first = document_from_bytes(seed_html.encode("utf-8"), source="a")
    second = document_from_bytes(seed_html.encode("utf-8"), source="b")
    assert first.id == second.id and len(first.id) == 16


def test_character_device_is_read_bounded_and_refused_as_too_large():
    with pytest.raises(InputError) as caught:
        read_source("/dev/zero", max_bytes=1000)
    assert caught.value.code == "TOO_LARGE"
    assert str(caught.value) == "/dev/zero: is a character device that gave more than the 1,000-byte limit"


def _fifo_fed_with(path, content: bytes) -> threading.Thread:
    os.mkfifo(path)

    def feed():
        with open(path, "wb") as pipe:
            pipe.write(content)

    writer = threading.Thread(target=feed, daemon=True)
    writer.start()
    return writer


def test_named_pipe_is_read_like_a_file(tmp_path):
    path = tmp_path / "article.txt"
    writer = _fifo_fed_with(path, "Sen. Elizabeth Warren spoke on Tuesday.".encode())
    document = read_path(path)
    writer.join(timeout=5)
    assert (document.raw, document.content_type) == ("Sen. Elizabeth Warren spoke on Tuesday.", "text")


def test_named_pipe_over_the_limit_is_refused_not_read_to_the_end(tmp_path):
    path = tmp_path / "endless"
    _fifo_fed_with(path, b"x" * 5000)
    with pytest.raises(InputError, match="is a named pipe \\(FIFO\\) that gave more than the 1,000-byte limit") as caught:
        read_path(path, max_bytes=1000)
    assert caught.value.code == "TOO_LARGE"


def test_socket_is_refused_by_what_it_is(tmp_path):
    path = tmp_path / "s.sock"
    with socket.socket(socket.AF_UNIX) as server:
        server.bind(str(path))
        with pytest.raises(InputError, match="is a socket, not a file to read") as caught:
            read_path(path)
    assert caught.value.code == "NOT_A_FILE" and str(path) in str(caught.value)


@pytest.mark.parametrize("url", ["ftp://example.com/a", "file:///etc/passwd", "gopher://example.com//x",
                                 "DATA://text/plain,hi"])
def test_other_url_schemes_are_refused_naming_the_input_as_given(url):
    with pytest.raises(InputError) as caught:
        read_source(url)
    assert str(caught.value) == f"{url}: only http and https URLs can be fetched"
    assert caught.value.code == "URL_BLOCKED"


SHORT_WESTERN = {
    "French": "Café naïve resumé. The senator said the naïve plan would fail.",
    "German": "Der Bürgermeister sagte, die Größe sei „gut“.",
    "Spanish": "¿Qué dijo el alcalde? Que la región crecerá.",
    "curly quotes": "The mayor said “yes” – and then “no”…",
}


@pytest.mark.parametrize("language", sorted(SHORT_WESTERN))
def test_short_undeclared_western_text_reads_as_windows_1252_with_a_note(language):
    text = SHORT_WESTERN[language]
    document = document_from_bytes(text.encode("cp1252"), source="x", content_type="text")
    assert document.raw == text
    assert document.meta["notes"] == ["ingest: the text was decoded as windows-1252, a guess: no charset "
                                      "was declared and it is not valid UTF-8."]


@pytest.mark.parametrize(("text", "encoding"), [
    ("Сенатор сказал, что план провалится. Президент согласен.", "1251"),
    ("Ο γερουσιαστής είπε ότι το σχέδιο θα αποτύχει.", "1253"),
    ("<html><body><div class=\"article main body\"><p>Сенатор сказал.</p></div></body></html>", "1251"),
])
def test_other_scripts_are_not_forced_into_windows_1252(text, encoding):
    document = document_from_bytes(text.encode(f"cp{encoding}"), source="x")
    assert document.raw == text
    assert document.meta["notes"][0].startswith(f"ingest: the text was decoded as windows-{encoding}, a guess")


def test_central_european_symbols_are_not_taken_for_western_text():
    polish = "Zażółć gęślą jaźń, powiedział senator."  # "ł" would read as "³" in Windows-1252
    document = document_from_bytes(polish.encode("cp1250"), source="x", content_type="text")
    assert "³" not in document.raw and "guess" in document.meta["notes"][0]


@pytest.mark.parametrize("raw", ["Café".encode("utf-8"), b'<meta charset="windows-1252"><p>Caf\xe9</p>',
                                 b"\xef\xbb\xbfCaf\xc3\xa9"])
def test_declared_or_utf8_text_carries_no_guess_note(raw):
    assert "notes" not in document_from_bytes(raw, source="x").meta


@pytest.mark.parametrize(("value", "day"), [
    ("2021-02-03", dt.date(2021, 2, 3)), ("2021-02-03T23:30:00Z", dt.date(2021, 2, 3)),
    ("2021-02-03 08:00", dt.date(2021, 2, 3)),
])
def test_dates_in_the_dashed_iso_form_are_read(value, day):
    assert parse_iso_day(value, "--date") == day


@pytest.mark.parametrize("value", ["20210203", 20210203, "2021-W05-3", "2021-02-30", "2021-02-03T25:00",
                                   "yesterday", "", None, "2021-2-3"])
def test_other_date_forms_are_refused_naming_the_source(value):
    with pytest.raises(InputError) as caught:
        parse_iso_day(value, "--date")
    assert caught.value.code == "BAD_DATE"
    assert str(caught.value) == f"--date: the date {str(value)!r} is not a date in the form YYYY-MM-DD"


@pytest.mark.parametrize(("text", "encoding"), [
    ("Başkan dağıtım için söz verdi, şehir halkı sevindi.", "cp1254"),
    ("Starosta řekl, že škola bude otevřena.", "cp1250"),
])
def test_the_western_shortcut_leaves_turkish_and_czech_letters_to_detection(text, encoding):
    from copydesk.ingest import _as_western

    assert _as_western(text.encode(encoding)) is None
    assert _as_western("Café naïve résumé.".encode("cp1252")) == "Café naïve résumé."


@pytest.mark.parametrize(("text", "paragraphs"), [
    ("Line about Sen. Warren.\nLine about Rep. Omar.\n", ["Line about Sen. Warren.", "Line about Rep. Omar."]),
    ("First said the senator on Tuesday that the\nplan would fail.\nThe mayor agreed.",
     ["First said the senator on Tuesday that the plan would fail.", "The mayor agreed."]),  # a wrapped line
    ("One paragraph.\n\nAnother, wrapped\nacross two lines.", ["One paragraph.", "Another, wrapped across two lines."]),
    ("Only one line.\n", ["Only one line."]),
])
def test_plain_text_without_blank_lines_has_a_paragraph_per_line(text, paragraphs):
    from copydesk.extract import extract

    article = extract(document_from_bytes(text, source="x", content_type="text"))
    assert [article.quote(span) for span in article.paragraphs] == paragraphs


def test_the_seed_text_keeps_its_paragraphs(seed_text):
    from copydesk.extract import extract

    article = extract(document_from_bytes(seed_text, source="seed", content_type="text"))
    blocks = [" ".join(block.split()) for block in seed_text.split("\n\n") if block.strip()]
    paragraphs = [article.quote(span) for span in article.paragraphs]
    assert len(paragraphs) > 10 and paragraphs == blocks[2:2 + len(paragraphs)]  # after "News" and the headline
    assert article.title == blocks[1]


def test_a_guessed_encoding_is_noted_in_the_report(tmp_path):
    from copydesk.api import check_path

    path = tmp_path / "latin1.txt"
    path.write_bytes("Café naïve résumé, the senator said on Tuesday.".encode("cp1252"))
    report = check_path(path)
    assert "Café naïve résumé" in report.article.text
    assert "ingest: the text was decoded as windows-1252, a guess: no charset was declared and it is not " \
           "valid UTF-8." in report.notes


@pytest.mark.parametrize("value", ["20210203", 20210203, "2021-W05-3"])
def test_the_api_and_the_cli_refuse_dates_without_dashes(value):
    import argparse

    from copydesk.api import check_text
    from copydesk.cli import parse_date

    with pytest.raises(InputError, match="is not a date in the form YYYY-MM-DD") as caught:
        check_text("Sen. Elizabeth Warren spoke on Tuesday.", date=value)
    assert caught.value.code == "BAD_DATE"
    with pytest.raises(argparse.ArgumentTypeError, match="is not a date in the form YYYY-MM-DD"):
        parse_date(str(value))
    assert parse_date("2021-02-03") == dt.date(2021, 2, 3)
