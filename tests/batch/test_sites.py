"""`copydesk sites` over batch output: per-site figures and the content-farm ranking."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from batch_helpers import LIGHT, random_story, write_jsonl

from copydesk.batch import BatchOptions, run_batch, summarise_sites
from copydesk.batch.sites import render_sites
from copydesk.cli import main
from copydesk.errors import InputError

STOCK = ("Our newsroom uses the latest technology to bring readers the most relevant stories of the day, "
         "and we are committed to accuracy, fairness and speed in everything we publish for you.")


def farm_article(n: int) -> str:
    paragraphs = random_story(100 + n)
    if n % 2 == 0:
        paragraphs.insert(1, "As an AI language model, I cannot browse the internet for the latest figures.")
    return "\n\n".join([*paragraphs, STOCK])


@pytest.fixture(scope="module")
def batch_output(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("sites")
    records = [{"id": f"farm-{n}", "url": f"https://www.content-farm.example.com/p/{n}", "text": farm_article(n)}
               for n in range(8)]
    records += [{"id": f"news-{n}", "url": f"https://news.example.org/story/{n}", "text": "\n\n".join(random_story(n))}
                for n in range(10)]
    records += [{"id": f"small-{n}", "url": f"https://tiny.example.net/{n}", "text": "\n\n".join(random_story(50 + n))}
                for n in range(2)]
    records.append({"id": "broken", "url": "https://news.example.org/broken"})
    path = write_jsonl(folder / "in.jsonl", records)
    out = folder / "out"
    run_batch(BatchOptions(inputs=[str(path)], output=out, workers=2, pipeline=LIGHT, progress=False, shard_size=5))
    return out


def test_sites_are_summarised_and_the_farm_ranked_first(batch_output: Path) -> None:
    report = summarise_sites([batch_output], min_articles=5)
    by_site = {site.site: site for site in report.sites}
    assert set(by_site) == {"example.com", "example.org"}  # tiny.example.net has 2 articles
    farm, news = by_site["example.com"], by_site["example.org"]
    assert (farm.documents, farm.articles, news.documents, news.articles) == (8, 8, 11, 10)
    assert farm.farm_articles == {"CHATBOT_ARTIFACT": 4, "PLACEHOLDER_TEXT": 0, "TRUNCATED_TEXT": 0}
    assert farm.error_share == 0.5 and farm.machine_share == 0.5
    assert farm.machine_mean == pytest.approx((4 * 0.95 + 4 * 0.1) / 8, abs=1e-4)
    assert farm.top_codes == [("CHATBOT_ARTIFACT", 4)]
    assert farm.stock_paragraphs == 2 and farm.stock_articles == 8  # STOCK, and the repeated chatbot line
    assert [site.site for site in report.farms] == ["example.com"]
    assert any("4 of 8 articles carry chatbot text" in reason for reason in farm.reasons)
    assert any("8 articles share 2 stock paragraphs" in reason for reason in farm.reasons)
    assert news.farm_score == 0 and news.stock_paragraphs == 0 and news.reasons == []
    assert report.rows == 21 and report.rows_without_site == 0


def test_sites_renders_csv_json_and_text(batch_output: Path) -> None:
    report = summarise_sites([batch_output], min_articles=1)
    rows = list(csv.DictReader(io.StringIO(render_sites(report, "csv"))))
    assert [row["site"] for row in rows] == ["example.org", "example.com", "example.net"]
    assert rows[1]["chatbot_artifact"] == "4" and rows[1]["stock_paragraphs"] == "2"
    data = json.loads(render_sites(report, "json"))
    assert data["likely_content_farms"][0]["site"] == "example.com"
    text = render_sites(report, "text")
    assert "Likely content farms" in text and "example.com" in text and "chatbot text" in text


def test_sites_command_and_its_errors(batch_output: Path, tmp_path: Path, capsys) -> None:
    assert main(["sites", str(batch_output), "--format", "json", "--min-articles", "5"]) == 0
    assert json.loads(capsys.readouterr().out)["likely_content_farms"][0]["site"] == "example.com"
    assert main(["sites", str(tmp_path)]) == 2
    assert "is not a copydesk batch output folder" in capsys.readouterr().err
    with pytest.raises(InputError, match="at least 1"):
        summarise_sites([batch_output], min_articles=0)
