"""Batch runs on the local engine with the light pipeline: one row per document, always."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from batch_helpers import LIGHT, article_html, light_pipeline, read_rows, story, write_jsonl

from copydesk.batch import BatchOptions, run_batch
from copydesk.batch.inputs import expand_inputs, read_unit
from copydesk.batch.rows import analyse_item
from copydesk.errors import InputError


def run(inputs: list[Path], out: Path, **options):
    options = {"workers": 2, "pipeline": LIGHT, "progress": False, **options}
    return run_batch(BatchOptions(inputs=[str(p) for p in inputs], output=out, **options))


@pytest.fixture(scope="module")
def mixed_run(tmp_path_factory, mixed_inputs: list[Path]):
    out = tmp_path_factory.mktemp("mixed-run") / "out"
    result = run(mixed_inputs, out, shard_size=3)
    return result, out, read_rows(out)


def test_every_input_yields_exactly_one_row(mixed_run) -> None:
    result, _, rows = mixed_run
    assert result.complete and result.documents_in == result.rows_out == len(rows) == 18
    assert len({(row["source"], row["id"]) for row in rows}) == len(rows)
    errors = {Path(row["source"]).name.split("@")[0] + ":" + row["error"]["code"] for row in rows if not row["ok"]}
    assert errors == {
        "crawl.warc.gz:NOT_HTML", "crawl.warc.gz:HTTP_STATUS", "crawl.warc.gz:NO_ARTICLE",
        "crawl.warc.gz:TRUNCATED_INPUT", "articles.jsonl:4:BAD_JSON", "articles.jsonl:5:MISSING_FIELD",
        "articles.jsonl:6:BAD_JSON", "articles.jsonl:7:BAD_DATE", "chrome.html:NO_ARTICLE", "empty.html:EMPTY",
    }
    for row in rows:
        assert row["ok"] == (row["error"] is None)
        if not row["ok"]:
            assert row["source"].split("@")[0].split(":")[0] in row["error"]["message"]


def test_rows_carry_the_compact_projection(mixed_run) -> None:
    rows = {row["id"]: row for row in mixed_run[2]}
    j1, j2 = rows["j1"], rows["j2"]
    assert j1["site"] == "example.org" and j1["url"] == "https://news.example.org/a"
    assert j1["date_window"] == {"start": "2021-03-04", "end": "2021-03-04", "basis": "given"}
    assert j1["machine_score"] == 0.1 and j1["words"] == len(j1["text"].split()) > 40
    assert j2["title"] == "Given title" and j2["site"] is None
    assert j2["findings"] == [{"code": "PLACEHOLDER_TEXT", "severity": "warning", "count": 1}]
    assert j2["n_warnings"] == 1 and j2["n_errors"] == 0
    crawled = [row for row in rows.values() if row["site"] == "daily-example.com" and row["ok"]]
    assert len(crawled) == 3 and all("Story" in row["title"] for row in crawled)
    assert all("Subscribe" not in row["text"] and "All rights reserved" not in row["text"] for row in crawled)


def test_stats_file_counts_codes_and_throughput(mixed_run) -> None:
    result, out, _ = mixed_run
    stats = json.loads((out / "_stats.json").read_text())
    assert stats == result.stats
    assert stats["complete"] and stats["rows_out"] == stats["documents_in"] == 18 and stats["ok"] == 8
    assert stats["error_codes"] == {"BAD_JSON": 2, "NOT_HTML": 1, "HTTP_STATUS": 1, "NO_ARTICLE": 2, "EMPTY": 1,
                                    "TRUNCATED_INPUT": 1, "MISSING_FIELD": 1, "BAD_DATE": 1}
    assert stats["findings"] == {"PLACEHOLDER_TEXT": 1}
    assert stats["skipped"] == {"WARC warcinfo record": 1, "WARC request record": 1, "blank JSONL line": 1,
                                "file type .jpg in a folder": 1}
    assert stats["this_run"]["documents"] == 18 and stats["this_run"]["documents_per_second"] > 0
    assert 10 < stats["peak_rss_mb"]["worker"] < 2000
    markers = sorted(out.glob("part-*.done.json"))
    assert sum(json.loads(m.read_text())["rows"] for m in markers) == 18


def test_parquet_rows_equal_jsonl_rows(tmp_path: Path, mixed_run, mixed_inputs: list[Path]) -> None:
    run(mixed_inputs, tmp_path / "parquet", format="parquet", full=True, shard_size=3)
    parquet_rows = read_rows(tmp_path / "parquet")
    for row in parquet_rows:
        report = row.pop("report")
        assert (report is None) == (not row["ok"])
        if report:
            assert json.loads(report)["schema"] == "copydesk.report/1"
    assert parquet_rows == mixed_run[2]


def test_limit_stops_after_n_documents_in_input_order(tmp_path: Path, jsonl_input: Path, folder_input: Path) -> None:
    result = run([jsonl_input, folder_input], tmp_path / "out", limit=8, shard_size=4)
    rows = read_rows(tmp_path / "out")
    assert result.complete and len(rows) == 8
    assert [row["id"] for row in rows][:2] == ["j1", "j2"] and rows[-2]["id"] == "g1"
    assert rows[-1]["id"].endswith("brief.txt")


def test_slow_document_gets_a_timeout_row_and_the_rest_finish(tmp_path: Path) -> None:
    records = [{"id": f"n{n}", "text": "\n\n".join(story(n))} for n in range(4)]
    records.insert(1, {"id": "slow", "text": "A page that never ends. SLOW-PAGE"})
    path = write_jsonl(tmp_path / "in.jsonl", records)
    result = run([path], tmp_path / "out", timeout=1.0)
    rows = {row["id"]: row for row in read_rows(tmp_path / "out")}
    assert result.complete and len(rows) == 5
    assert rows["slow"]["error"]["code"] == "TIMEOUT" and "1 s limit" in rows["slow"]["error"]["message"]
    assert result.stats["engine_details"]["workers_killed_on_timeout"] == 0  # the alarm sufficed


def test_stalled_worker_is_killed_and_replaced(tmp_path: Path) -> None:
    records = [{"id": "stall", "text": "Blocked in C code, deaf to alarms. STALL-PAGE"}]
    records += [{"id": f"n{n}", "text": "\n\n".join(story(n))} for n in range(3)]
    path = write_jsonl(tmp_path / "in.jsonl", records)
    result = run([path], tmp_path / "out", timeout=0.5, workers=1)
    rows = {row["id"]: row for row in read_rows(tmp_path / "out")}
    assert result.complete and len(rows) == 4 and all(rows[f"n{n}"]["ok"] for n in range(3))
    assert rows["stall"]["error"]["code"] == "TIMEOUT" and "worker was stopped" in rows["stall"]["error"]["message"]
    assert result.stats["engine_details"]["workers_killed_on_timeout"] == 1


def test_a_document_that_kills_its_worker_twice_gets_an_error_row(tmp_path: Path) -> None:
    records = [{"id": f"n{n}", "text": "\n\n".join(story(n))} for n in range(3)]
    records.insert(1, {"id": "crash", "text": "This page brings its worker down. CRASH-PAGE"})
    path = write_jsonl(tmp_path / "in.jsonl", records)
    result = run([path], tmp_path / "out")
    rows = {row["id"]: row for row in read_rows(tmp_path / "out")}
    assert result.complete and len(rows) == 4
    assert rows["crash"]["error"]["code"] == "WORKER_CRASHED"
    assert result.stats["engine_details"]["documents_retried"] == 1


def test_output_folder_in_use_needs_resume(tmp_path: Path, jsonl_input: Path) -> None:
    run([jsonl_input], tmp_path / "out")
    with pytest.raises(InputError, match="pass --resume") as error:
        run([jsonl_input], tmp_path / "out")
    assert error.value.code == "OUTPUT_EXISTS"
    with pytest.raises(InputError, match="shard_size differ") as error:
        run([jsonl_input], tmp_path / "out", resume=True, shard_size=2)
    assert error.value.code == "RESUME_MISMATCH"
    (tmp_path / "other").mkdir()
    (tmp_path / "other" / "notes.txt").write_text("mine")
    with pytest.raises(InputError, match="holds no batch job"):
        run([jsonl_input], tmp_path / "other")


def test_page_html_with_a_10_mb_body_yields_a_row(tmp_path: Path) -> None:
    paragraph = "The senator said the budget would pass next week after a long debate. " * 8
    big = article_html("Huge page", [paragraph] * (10_000_000 // len(paragraph)))
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "big.html").write_text(big, encoding="utf-8")
    (tmp_path / "in" / "small.html").write_text(article_html("Small", story(1)), encoding="utf-8")
    result = run([tmp_path / "in"], tmp_path / "out", timeout=1.0)
    rows = {Path(row["id"]).name: row for row in read_rows(tmp_path / "out")}
    assert result.complete and set(rows) == {"big.html", "small.html"} and rows["small.html"]["ok"]
    assert rows["big.html"]["ok"] or rows["big.html"]["error"]["code"] == "TIMEOUT"


@pytest.mark.parametrize(("date", "day"), [
    ("2021-03-04", "2021-03-04"), ("2021-03-04T23:10:00+01:00", "2021-03-04"),
    ("20210304", None), (20210304, None), ("2021-W09-4", None), ("2021-02-30", None),
])
def test_jsonl_dates_must_be_dashed_iso_days(tmp_path: Path, date, day) -> None:
    source = write_jsonl(tmp_path / "dated.jsonl", [{"id": "d", "text": "\n\n".join(story(1)), "date": date}])
    units, skipped = expand_inputs([str(source)])
    [item] = read_unit(0, units[0], skipped)
    row = analyse_item(item, light_pipeline())
    if day:
        assert row["ok"] and (row["date_window"]["start"], row["date_window"]["basis"]) == (day, "given")
    else:
        assert row["error"]["code"] == "BAD_DATE"
        assert row["error"]["message"] == f"{source}:1: the date {str(date)!r} is not a date in the form YYYY-MM-DD"
