"""Input readers: every record is either an item (maybe carrying an error) or a counted skip."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from copydesk.batch.inputs import expand_inputs, read_unit
from copydesk.errors import InputError


def items_of(arguments: list[str]):
    units, skipped = expand_inputs(arguments)
    items = [item for index, unit in enumerate(units) for item in read_unit(index, unit, skipped)]
    return units, items, skipped


def test_warc_records_become_items_errors_or_counted_skips(crawl: Path) -> None:
    _, items, skipped = items_of([str(crawl)])
    by_url = {item.url: item for item in items}
    assert skipped == Counter({"WARC warcinfo record": 1, "WARC request record": 1})
    assert by_url["https://www.daily-example.com/logo.png"].error["code"] == "NOT_HTML"
    assert by_url["https://daily-example.com/old"].error["code"] == "HTTP_STATUS"
    ok = [item for item in items if not item.error]
    assert [item.url.rsplit("/", 1)[1] for item in ok] == ["0", "1", "chrome", "2"]
    assert all(item.content_type == "html" and item.charset == "utf-8" and item.raw.startswith(b"<!doctype html>") for item in ok)
    assert all(item.id.startswith("<urn:uuid:") for item in ok)
    last = items[-1]
    assert last.error["code"] == "TRUNCATED_INPUT" and str(crawl) in last.error["message"]
    assert [item.index for item in items] == list(range(len(items)))


def test_jsonl_lines_each_become_one_item(jsonl_input: Path) -> None:
    _, items, skipped = items_of([str(jsonl_input)])
    assert skipped == Counter({"blank JSONL line": 1})
    assert [item.id for item in items] == ["j1", "j2", f"{jsonl_input}:4", "j3", f"{jsonl_input}:6", "j4"]
    codes = [item.error["code"] if item.error else None for item in items]
    assert codes == [None, None, "BAD_JSON", "MISSING_FIELD", "BAD_JSON", None]
    assert items[0].meta == {"date": "2021-03-04"} and items[0].content_type == "html"
    assert items[1].meta == {"title": "Given title"} and items[1].content_type == "text"
    assert f"{jsonl_input}:4" in items[2].error["message"]


def test_jsonl_lines_are_decoded_as_utf8_only(tmp_path: Path) -> None:
    path = tmp_path / "bom.jsonl"
    path.write_bytes(b'\xff\xfe{"id": "x", "text": "t"}\n' + b'\xef\xbb\xbf{"id": "y", "text": "t"}\n'
                     + '{"id": "z", "text": "Zo\u00eb"}\n'.encode("latin-1"))
    _, items, _ = items_of([str(path)])
    assert items[0].error["code"] == "BAD_JSON"
    assert items[0].error["message"].startswith(f"{path}:1: is not valid UTF-8 (byte 0xff at position 0)")
    assert "utf-16" not in items[0].error["message"].lower()
    assert (items[1].error, items[1].id) == (None, "y")  # a UTF-8 byte-order mark is allowed
    assert "is not valid UTF-8 (byte 0xeb" in items[2].error["message"]


def test_folders_recurse_and_split_out_containers(folder_input: Path) -> None:
    units, items, skipped = items_of([str(folder_input)])
    assert [unit.kind for unit in units] == ["jsonl", "files"]
    assert skipped == Counter({"file type .jpg in a folder": 1})
    names = [Path(item.source).name for item in items]
    assert names == ["more.jsonl.gz:1", "brief.txt", "chrome.html", "empty.html", "index.html"]


def test_globs_and_missing_inputs(folder_input: Path) -> None:
    _, items, _ = items_of([str(folder_input / "**" / "*.html")])
    assert sorted(Path(item.source).name for item in items) == ["chrome.html", "empty.html", "index.html"]
    with pytest.raises(InputError, match="no such file or folder") as error:
        expand_inputs([str(folder_input / "nope")])
    assert str(folder_input / "nope") in str(error.value)
    with pytest.raises(InputError, match="matches no files"):
        expand_inputs([str(folder_input / "*.xml")])


def test_oversized_documents_are_error_items(tmp_path: Path) -> None:
    (tmp_path / "big.html").write_bytes(b"<p>" + b"x" * 2000 + b"</p>")
    units, skipped = expand_inputs([str(tmp_path)])
    [item] = list(read_unit(0, units[0], skipped, max_bytes=1000))
    assert item.error["code"] == "TOO_LARGE" and item.raw is None


@settings(max_examples=60, deadline=None)
@given(lines=st.lists(st.one_of(
    st.text(max_size=40),
    st.fixed_dictionaries({"id": st.text(max_size=5)}, optional={
        "text": st.text(max_size=30), "html": st.one_of(st.none(), st.integers()), "date": st.text(max_size=10)},
    ).map(json.dumps)), max_size=12))
def test_jsonl_reader_never_loses_or_invents_a_line(tmp_path_factory, lines: list[str]) -> None:
    path = tmp_path_factory.mktemp("jsonl") / "fuzz.jsonl"
    cleaned = [line.replace("\n", " ") for line in lines]
    path.write_text("".join(line + "\n" for line in cleaned), encoding="utf-8")
    _, items, skipped = items_of([str(path)])
    blank = sum(1 for line in cleaned if not line.encode().strip())  # JSON whitespace only
    assert len(items) + skipped["blank JSONL line"] == len(cleaned)
    assert skipped["blank JSONL line"] == blank
    assert all(item.error or isinstance(item.raw, str) for item in items)


_RECORD = st.fixed_dictionaries({
    "type": st.sampled_from(["response", "response", "request", "metadata", "resource"]),
    "body": st.binary(max_size=300),
    "content_type": st.sampled_from(["text/html; charset=utf-8", "text/plain", "image/gif", "application/pdf", ""]),
    "status": st.sampled_from(["200 OK", "404 Not Found", "302 Found"]),
})


@settings(max_examples=40, deadline=None)
@given(records=st.lists(_RECORD, max_size=8), cut=st.one_of(st.none(), st.integers(min_value=1, max_value=400)))
def test_warc_reader_accounts_for_every_record(tmp_path_factory, records: list[dict], cut: int | None) -> None:
    from batch_helpers import write_warc

    path = tmp_path_factory.mktemp("warc") / "fuzz.warc.gz"
    write_warc(path, [{**record, "url": f"https://example.com/{n}"} for n, record in enumerate(records)])
    if cut:
        path.write_bytes(path.read_bytes()[:-cut])
    _, items, skipped = items_of([str(path)])
    documents = sum(record["type"] in ("response", "resource") for record in records)
    non_documents = sum(skipped.values())
    assert [item.index for item in items] == list(range(len(items)))
    assert all(item.error or item.raw is not None for item in items)
    if not cut:
        assert len(items) == documents and non_documents == len(records) + 1 - documents  # + warcinfo
    elif not _ends_on_member_boundary(path):  # cut inside a member: the last item must say so
        assert items and items[-1].error and items[-1].error["code"] == "TRUNCATED_INPUT"
        assert len(items) + non_documents <= len(records) + 2  # each record (and the warcinfo) once, plus one damage row
    bodies = {f"https://example.com/{n}": record["body"] for n, record in enumerate(records)}
    assert all(item.raw == bodies[item.url] for item in items if not item.error)  # never a silently cut body


def _ends_on_member_boundary(path: Path) -> bool:
    """True when a cut gzip file is still whole (the cut fell between two records)."""
    import gzip

    try:
        gzip.decompress(path.read_bytes())
        return True
    except (EOFError, OSError):
        return False
