"""Test helpers for batch: a light pipeline with controllable behaviour, and input builders.

Importable by worker processes (spawn passes sys.path; CLI subprocesses get PYTHONPATH), so
`--pipeline batch_helpers:light_pipeline` works in tests.

Markers in a document's text steer the light stage:
- "lorem ipsum" -> a PLACEHOLDER_TEXT finding; "as an AI language model" -> CHATBOT_ARTIFACT
  and a machine score of 0.95 (others score 0.1);
- "SLOW-PAGE" spends 60 s in Python (the worker's time limit must stop it);
- "STALL-PAGE" sleeps 60 s with SIGALRM blocked (only killing the worker stops it);
- "CRASH-PAGE" kills its own worker process.
`COPYDESK_TEST_DELAY` (seconds) slows every document, so a test can kill a run mid-way.
"""

from __future__ import annotations

import io
import json
import os
import signal
import time
from pathlib import Path

from copydesk.model import Finding, ProvenanceResult, Report, Span
from copydesk.pipeline import DateWindowFromMetadata, Pipeline

ROOT = Path(__file__).resolve().parents[2]
HELPERS_DIR = Path(__file__).resolve().parent


class MarkerStage:
    name = "test_markers"
    requires = ("text",)
    provides = ("findings", "provenance")

    def __call__(self, report: Report) -> None:
        text = report.article.text
        lowered = text.lower()
        delay = float(os.environ.get("COPYDESK_TEST_DELAY", "0"))
        if delay:
            time.sleep(delay)
        if "SLOW-PAGE" in text:
            for _ in range(600):  # slow Python code, in short steps as real work would be
                time.sleep(0.1)
        if "STALL-PAGE" in text:
            signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGALRM})
            time.sleep(60)
        if "CRASH-PAGE" in text:
            os.kill(os.getpid(), signal.SIGKILL)
        for phrase, code, severity in (("lorem ipsum", "PLACEHOLDER_TEXT", "warning"),
                                       ("as an ai language model", "CHATBOT_ARTIFACT", "error")):
            start = lowered.find(phrase)
            if start >= 0:
                report.findings.append(Finding(code, severity, f"{phrase!r} in the text",
                                               (Span(start, start + len(phrase)),)))
        machine = "as an ai language model" in lowered
        report.provenance = ProvenanceResult(
            score=0.95 if machine else 0.1, label="likely_machine" if machine else "likely_human",
            threshold=0.5, fpr=0.01, calibration="test", detector="test-markers")


def light_pipeline() -> Pipeline:
    """A cheap pipeline: extraction (always run by `analyse`), the date window and the markers."""
    return Pipeline([DateWindowFromMetadata(), MarkerStage()])


LIGHT = "batch_helpers:light_pipeline"


def article_html(title: str, paragraphs: list[str], *, url: str | None = None) -> str:
    """A news page with realistic chrome around the article."""
    body = "\n".join(f"<p>{p}</p>" for p in paragraphs)
    canonical = f'<link rel="canonical" href="{url}">' if url else ""
    return f"""<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{title} | Daily Example</title>
{canonical}</head><body>
<header><nav><a href="/">Home</a> <a href="/politics">Politics</a> <a href="/sports">Sports</a>
<a href="/subscribe">Subscribe</a></nav></header>
<main><article><h1>{title}</h1><p class="byline">By Jane Reporter</p>
{body}
</article></main>
<aside><h3>Most read</h3><ul><li><a href="/a">Storm hits coast</a></li><li><a href="/b">Council vote</a></li></ul></aside>
<footer><p>Copyright 2024 Daily Example. All rights reserved.</p><a href="/privacy">Privacy</a></footer>
</body></html>"""


CHROME_ONLY_HTML = """<!doctype html><html><head><title>Daily Example</title></head><body>
<header><nav><a href="/">Home</a> <a href="/politics">Politics</a> <a href="/sports">Sports</a></nav></header>
<footer><p>Copyright 2024 Daily Example. All rights reserved.</p><a href="/privacy">Privacy</a></footer>
</body></html>"""


def story(n: int, extra: str = "") -> list[str]:
    """Paragraphs of a plausible, distinct news story number `n`."""
    return [
        f"City council member number {n} proposed a new budget on Tuesday that would add {n + 3} "
        f"bus routes and extend library hours across the northern districts. {extra}".strip(),
        (f"The proposal drew support from {n % 7 + 2} neighbourhood associations, whose leaders said the "
         "changes were overdue after years of cuts to public services in the area."),
        f"A final vote is expected next month, after a public hearing scheduled for the {n % 28 + 1}th.",
    ]


_WORDS = ["council", "budget", "harbour", "school", "mayor", "vote", "river", "bridge", "library", "police", "court", "election", "storm", "museum", "teacher", "nurse", "farm", "bus", "train", "road", "tax", "park", "housing", "rent", "clinic", "market", "festival", "mine", "factory", "port", "airport", "union", "strike", "court", "judge", "governor", "senator"]


def random_story(seed: int, paragraphs: int = 4) -> list[str]:
    """Distinct paragraphs (no shared word 3-grams to speak of) for article number `seed`."""
    import random

    rng = random.Random(seed)
    return [" ".join(rng.choice(_WORDS) for _ in range(25)).capitalize() + "." for _ in range(paragraphs)]


def write_jsonl(path: Path, records: list[dict | str]) -> Path:
    """Write records (dicts as JSON, strings verbatim) one per line."""
    with path.open("w", encoding="utf-8") as handle:
        for record in records:
            handle.write((record if isinstance(record, str) else json.dumps(record)) + "\n")
    return path


def write_warc(path: Path, records: list[dict]) -> Path:
    """Write a gzipped WARC. Each record: {type, url, body (bytes), content_type, status}."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with path.open("wb") as handle:
        writer = WARCWriter(handle, gzip=path.name.endswith(".gz"))
        writer.write_record(writer.create_warcinfo_record(path.name, {"software": "copydesk-tests"}))
        for record in records:
            kind = record.get("type", "response")
            body = record.get("body", b"")
            http = None
            if kind == "response":
                status = record.get("status", "200 OK")
                http = StatusAndHeaders(status, [("Content-Type", record.get("content_type", "text/html; charset=utf-8"))],
                                        protocol="HTTP/1.1")
            elif kind == "request":
                http = StatusAndHeaders("GET / HTTP/1.1", [("Host", "example.com")], is_http_request=True)
            warc_record = writer.create_warc_record(record["url"], kind, payload=io.BytesIO(body),
                                                    http_headers=http)
            writer.write_record(warc_record)
    return path


def read_rows(out: Path) -> list[dict]:
    """Every row of a batch output folder, in shard order (JSONL or Parquet)."""
    rows = []
    for shard in sorted(out.glob("part-*.jsonl")):
        rows += [json.loads(line) for line in shard.read_text(encoding="utf-8").splitlines()]
    for shard in sorted(out.glob("part-*.parquet")):
        import pyarrow.parquet as pq

        rows += pq.read_table(shard).to_pylist()
    return rows


def cli_env(**extra: str) -> dict[str, str]:
    """Environment for a `copydesk` subprocess that can import the light pipeline."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(HELPERS_DIR), str(ROOT / "src"), env.get("PYTHONPATH")]))
    env.update(extra)
    return env
