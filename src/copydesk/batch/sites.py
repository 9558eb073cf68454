"""`copydesk sites`: per-site figures over batch output (DuckDB), and likely content farms.

Per site (registered domain): documents, analysed articles, the share of articles with at
least one error-severity finding, mean and p90 machine score, the most frequent finding codes,
articles carrying the content-farm marks (CHATBOT_ARTIFACT, PLACEHOLDER_TEXT, TRUNCATED_TEXT)
and stock paragraphs repeated across the site's articles
(`copydesk.batch.stock_paragraphs`). The farm score is a weighted mean of those shares; the
weights favour the marks that are almost never innocent (see `FARM_WEIGHTS`), and every
ranked site comes with the reasons that put it there.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from itertools import groupby
from operator import itemgetter
from pathlib import Path
from typing import Any

from copydesk.batch.shards import shard_files
from copydesk.errors import InputError

SITE_FORMATS = ("text", "csv", "json")
FARM_CODES = ("CHATBOT_ARTIFACT", "PLACEHOLDER_TEXT", "TRUNCATED_TEXT")
# Share of a site's articles showing each mark, and how much it weighs in the farm score.
FARM_WEIGHTS = {"chatbot": 3.0, "placeholder": 2.0, "stock": 2.0, "machine": 2.0, "errors": 1.0,
                "truncated": 1.0}
FARM_SCORE_FLOOR = 0.1  # below this a site is not listed as a likely farm
TOP_CODES = 3
STOCK_SAMPLE = 5000  # articles per site searched for stock paragraphs (memory ~ 1 KB per paragraph)
MAX_ROW_BYTES = 1 << 28  # a row holds the article text, and pages may be up to 50 MB (with --full, more)

_JSON_COLUMNS = {
    "id": "VARCHAR", "site": "VARCHAR", "ok": "BOOLEAN", "n_errors": "INTEGER",
    "machine_score": "DOUBLE", "machine_label": "VARCHAR", "text": "VARCHAR",
    "findings": "STRUCT(code VARCHAR, severity VARCHAR, count INTEGER)[]",
}


@dataclass
class SiteSummary:
    """The figures for one site."""

    site: str
    documents: int
    articles: int
    error_share: float  # share of articles with at least one error-severity finding
    machine_scored: int
    machine_mean: float | None
    machine_p90: float | None
    machine_share: float  # share of scored articles labelled likely_machine
    top_codes: list[tuple[str, int]]  # (code, articles carrying it), most frequent first
    farm_articles: dict[str, int]  # FARM_CODES -> articles carrying it
    stock_paragraphs: int = 0
    stock_articles: int = 0  # articles carrying at least one stock paragraph
    farm_score: float = 0.0
    reasons: list[str] = field(default_factory=list)


@dataclass
class SitesReport:
    sites: list[SiteSummary]  # by articles, most first
    farms: list[SiteSummary]  # likely content farms, most likely first
    rows: int
    rows_without_site: int
    min_articles: int

    def to_dict(self) -> dict[str, Any]:
        return {"rows": self.rows, "rows_without_site": self.rows_without_site,
                "min_articles": self.min_articles, "sites": [asdict(s) for s in self.sites],
                "likely_content_farms": [{"site": s.site, "farm_score": s.farm_score, "reasons": s.reasons}
                                         for s in self.farms]}


def summarise_sites(outputs: list[Path], *, min_articles: int = 5) -> SitesReport:
    """Summarise the complete shards of one or more batch output folders per site.

    Raises:
        InputError: a folder is not batch output, or holds no complete shard.
    """
    import duckdb

    if min_articles < 1:
        raise InputError("must be at least 1", source="--min-articles")
    files = shard_files(outputs)
    if not files:
        raise InputError("hold no completed shards yet", source=", ".join(map(str, outputs)), code="NO_ROWS")
    connection = duckdb.connect()
    connection.execute(f"CREATE VIEW batch_rows AS {_rows_query(files)}")
    rows, without_site = connection.execute(
        "SELECT count(*), count(*) FILTER (WHERE site IS NULL) FROM batch_rows").fetchone()
    sites = [_site_summary(row) for row in connection.execute(_SITE_QUERY, [min_articles]).fetchall()]
    by_name = {site.site: site for site in sites}
    for site, code, articles in connection.execute(_CODE_QUERY).fetchall():
        if site in by_name:
            summary = by_name[site]
            if code in FARM_CODES:
                summary.farm_articles[code] = articles
            if len(summary.top_codes) < TOP_CODES:
                summary.top_codes.append((code, articles))
    for name, articles in groupby(_site_texts(connection, list(by_name)), key=itemgetter(0)):
        _add_stock_paragraphs(by_name[name], articles)
    for site in sites:
        _score(site)
    farms = sorted((s for s in sites if s.farm_score >= FARM_SCORE_FLOOR),
                   key=lambda s: (-s.farm_score, s.site))
    return SitesReport(sites, farms, rows, without_site, min_articles)


def _rows_query(files: list[Path]) -> str:
    columns = ", ".join(_JSON_COLUMNS)
    parts = []
    jsonl = [str(f) for f in files if f.suffix == ".jsonl"]
    parquet = [str(f) for f in files if f.suffix == ".parquet"]
    if jsonl:
        spec = "{" + ", ".join(f"'{k}': '{v}'" for k, v in _JSON_COLUMNS.items()) + "}"
        parts.append(f"SELECT {columns} FROM read_json({_sql_list(jsonl)}, format='newline_delimited', "
                     f"columns={spec}, maximum_object_size={MAX_ROW_BYTES})")
    if parquet:
        parts.append(f"SELECT {columns} FROM read_parquet({_sql_list(parquet)})")
    return " UNION ALL ".join(parts)


def _sql_list(paths: list[str]) -> str:
    return "[" + ", ".join("'" + p.replace("'", "''") + "'" for p in paths) + "]"


_SITE_QUERY = """
SELECT site, count(*) AS documents, count(*) FILTER (WHERE ok) AS articles,
       coalesce(avg(CASE WHEN n_errors > 0 THEN 1.0 ELSE 0.0 END) FILTER (WHERE ok), 0) AS error_share,
       count(machine_score) FILTER (WHERE ok) AS scored,
       avg(machine_score) FILTER (WHERE ok) AS machine_mean,
       quantile_cont(machine_score, 0.9) FILTER (WHERE ok) AS machine_p90,
       coalesce(avg(CASE WHEN machine_label = 'likely_machine' THEN 1.0 ELSE 0.0 END)
                FILTER (WHERE ok AND machine_score IS NOT NULL), 0) AS machine_share
FROM batch_rows WHERE site IS NOT NULL
GROUP BY site HAVING count(*) FILTER (WHERE ok) >= ?
ORDER BY articles DESC, site
"""

_CODE_QUERY = """
SELECT site, finding.code AS code, count(DISTINCT id) AS articles
FROM (SELECT site, id, unnest(findings) AS finding FROM batch_rows WHERE ok AND site IS NOT NULL)
GROUP BY site, code ORDER BY site, articles DESC, code
"""


def _site_summary(row: tuple) -> SiteSummary:
    site, documents, articles, error_share, scored, mean, p90, machine_share = row
    return SiteSummary(site, documents, articles, round(error_share, 4), scored, _round(mean), _round(p90),
                       round(machine_share, 4), [], {code: 0 for code in FARM_CODES})


def _round(value: float | None) -> float | None:
    return round(value, 4) if value is not None else None


def _site_texts(connection, sites: list[str]) -> Iterator[tuple[str, str, list[str]]]:
    """`(site, article id, paragraphs)` for the stock-paragraph detector, ordered by site, in one
    pass over the rows; at most `STOCK_SAMPLE` articles per site (the first by id) bound memory."""
    if not sites:
        return
    connection.execute("CREATE TEMP TABLE ranked_sites (site VARCHAR)")
    connection.executemany("INSERT INTO ranked_sites VALUES (?)", [[site] for site in sites])
    cursor = connection.execute(f"""
        SELECT site, id, text FROM (
            SELECT site, id, text, row_number() OVER (PARTITION BY site ORDER BY id) AS position
            FROM batch_rows WHERE ok AND text IS NOT NULL AND site IN (SELECT site FROM ranked_sites))
        WHERE position <= {STOCK_SAMPLE} ORDER BY site, id""")
    while batch := cursor.fetchmany(1000):
        for site, article_id, text in batch:
            yield site, article_id or "(no id)", text.split("\n\n")


def _add_stock_paragraphs(site: SiteSummary, rows: Iterator[tuple[str, str, list[str]]]) -> None:
    from copydesk.batch.stock_paragraphs import find_stock_paragraphs

    groups = find_stock_paragraphs(rows).get(site.site, [])
    site.stock_paragraphs = len(groups)
    site.stock_articles = len({article for group in groups for article in group.articles})


def _score(site: SiteSummary) -> None:
    """Weighted mean of the per-article shares of each mark, with the reasons in words."""
    n = max(site.articles, 1)
    shares = {
        "chatbot": site.farm_articles["CHATBOT_ARTIFACT"] / n,
        "placeholder": site.farm_articles["PLACEHOLDER_TEXT"] / n,
        "truncated": site.farm_articles["TRUNCATED_TEXT"] / n,
        "stock": site.stock_articles / n,
        "machine": site.machine_share,
        "errors": site.error_share,
    }
    site.farm_score = round(sum(FARM_WEIGHTS[k] * v for k, v in shares.items()) / sum(FARM_WEIGHTS.values()), 4)
    site.reasons = _reasons(site)


def _reasons(site: SiteSummary) -> list[str]:
    reasons = []
    for code, what in (("CHATBOT_ARTIFACT", "chatbot text"), ("PLACEHOLDER_TEXT", "unfilled placeholders"),
                       ("TRUNCATED_TEXT", "text cut off mid-sentence")):
        if site.farm_articles[code]:
            reasons.append(f"{site.farm_articles[code]} of {site.articles} articles carry {what} ({code})")
    if site.stock_paragraphs:
        reasons.append(f"{site.stock_articles} articles share {site.stock_paragraphs} stock paragraph"
                       f"{'s' if site.stock_paragraphs > 1 else ''}")
    if site.machine_scored and site.machine_share:
        reasons.append(f"{site.machine_share:.0%} of scored articles read as machine-written "
                       f"(mean score {site.machine_mean:.2f}, p90 {site.machine_p90:.2f})")
    if site.error_share:
        reasons.append(f"{site.error_share:.0%} of articles have error findings")
    return reasons


def render_sites(report: SitesReport, fmt: str, *, top: int = 20) -> str:
    """The report as text tables, CSV (one row per site) or JSON."""
    if fmt == "json":
        return json.dumps(report.to_dict(), indent=2, ensure_ascii=False) + "\n"
    if fmt == "csv":
        return _csv(report)
    if fmt == "text":
        return _text(report, top)
    raise InputError(f"unknown format; choose one of {', '.join(SITE_FORMATS)}", source=fmt)


def _csv(report: SitesReport) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["site", "documents", "articles", "error_share", "machine_mean", "machine_p90",
                     "machine_share", *[c.lower() for c in FARM_CODES], "stock_paragraphs", "stock_articles",
                     "top_codes", "farm_score", "reasons"])
    for s in report.sites:
        writer.writerow([s.site, s.documents, s.articles, s.error_share, s.machine_mean, s.machine_p90,
                         s.machine_share, *[s.farm_articles[c] for c in FARM_CODES], s.stock_paragraphs,
                         s.stock_articles, " ".join(f"{c}:{n}" for c, n in s.top_codes), s.farm_score,
                         "; ".join(s.reasons)])
    return buffer.getvalue()


def _text(report: SitesReport, top: int) -> str:
    from rich.console import Console
    from rich.table import Table

    console = Console(file=io.StringIO(), width=160, color_system=None)
    console.print(f"{_count(report.rows, 'row')}; {_count(len(report.sites), 'site')} with at least "
                  f"{_count(report.min_articles, 'article')}; {_count(report.rows_without_site, 'row')} "
                  "without a site (no URL).")
    table = Table("site", "docs", "articles", "with errors", "machine mean", "p90", "top codes", title="Sites")
    for s in report.sites[:top]:
        table.add_row(s.site, str(s.documents), str(s.articles), f"{s.error_share:.0%}", _fmt(s.machine_mean),
                      _fmt(s.machine_p90), ", ".join(f"{c} ({n})" for c, n in s.top_codes))
    console.print(table)
    farms = Table("rank", "site", "farm score", "why", title="Likely content farms")
    for rank, s in enumerate(report.farms[:top], start=1):
        farms.add_row(str(rank), s.site, f"{s.farm_score:.2f}", "; ".join(s.reasons))
    console.print(farms if report.farms else "No site shows content-farm marks.")
    return console.file.getvalue()


def _count(n: int, noun: str) -> str:
    return f"{n:,} {noun}{'' if n == 1 else 's'}"


def _fmt(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f}"
