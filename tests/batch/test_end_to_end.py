"""The real default pipeline through `copydesk batch`: rows agree with `copydesk check`."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest
from batch_helpers import article_html, read_rows, write_warc

from copydesk.batch import BatchOptions, run_batch, summarise_sites
from copydesk.ingest import document_from_bytes
from copydesk.pipeline import analyse

pytestmark = pytest.mark.slow  # loads spaCy, the knowledge base and the detector in a worker

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "tests" / "fixtures" / "seed-article.html"
SEED_URL = "https://www.example-news.com/2022/10/25/letter"


@pytest.fixture(scope="module")
def real_run(tmp_path_factory):
    folder = tmp_path_factory.mktemp("e2e")
    seed = SEED.read_bytes()
    brief_text = "The harbour reopened on Monday after repairs to the sea wall, the port authority said."
    brief = article_html("Harbour reopens", [brief_text]).encode()
    crawl = write_warc(folder / "crawl.warc.gz", [
        {"url": SEED_URL, "body": seed},
        {"url": "https://www.example-news.com/2022/10/26/harbour", "body": brief},
        {"url": "https://www.example-news.com/feed.json", "body": b"{}", "content_type": "application/json"},
    ])
    out = folder / "out"
    result = run_batch(BatchOptions(inputs=[str(crawl)], output=out, workers=1, progress=False, full=True))
    return result, out, read_rows(out)


def test_batch_rows_match_the_single_article_report(real_run) -> None:
    result, _, rows = real_run
    assert result.complete and result.documents_in == result.rows_out == 3
    seed_row, brief_row, feed_row = rows
    assert seed_row["ok"] and brief_row["ok"] and feed_row["error"]["code"] == "NOT_HTML"
    single = analyse(document_from_bytes(SEED.read_bytes(), source="seed", url=SEED_URL, content_type="html"))
    counts = Counter((f.code, f.severity) for f in single.findings)
    assert {(f["code"], f["severity"]): f["count"] for f in seed_row["findings"]} == counts
    assert seed_row["findings"], "the seed article carries known errors"
    assert seed_row["text"] == single.article.text and seed_row["site"] == "example-news.com"
    assert seed_row["report"]["findings"] == single.to_dict()["findings"]
    assert seed_row["machine_score"] == (single.provenance.score if single.provenance else None)


def test_stats_and_sites_over_real_rows(real_run) -> None:
    _, out, _ = real_run
    stats = json.loads((out / "_stats.json").read_text())
    assert stats["findings"] and sum(stats["findings"].values()) == sum(
        f["count"] for row in read_rows(out) for f in row["findings"])
    assert 50 < stats["peak_rss_mb"]["worker"]
    report = summarise_sites([out], min_articles=1)
    assert [site.site for site in report.sites] == ["example-news.com"] and report.sites[0].articles == 2
