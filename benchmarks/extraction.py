"""Extraction quality on the test fixture pages: copydesk against plain trafilatura.

For each page in tests/fixtures/pages with a hand-written `<name>.expected.txt`, both systems'
text is compared with the expected text on word 4-gram shingles (precision, recall, F1).
The baseline is `trafilatura.extract(raw_bytes, favor_precision=True)`, the same call a user
of trafilatura alone would make. Pages without an expected text (a section front) must give
no article: there we report what each system returned.

Run: python benchmarks/extraction.py   (writes benchmarks/results/extraction.{json,md})
"""

from __future__ import annotations

import json
import platform
import re
from importlib.metadata import version
from pathlib import Path

import trafilatura

from copydesk.errors import NoArticleError
from copydesk.extract import extract
from copydesk.ingest import read_path

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures"
PAGES = FIXTURES / "pages"
RESULTS = ROOT / "benchmarks" / "results"
SHINGLE = 4
SYSTEMS = ("copydesk", "trafilatura")


def shingles(text: str, size: int = SHINGLE) -> set[tuple[str, ...]]:
    """Word n-grams of the lower-cased text (punctuation ignored)."""
    words = re.findall(r"\w+", text.lower())
    return {tuple(words[i : i + size]) for i in range(max(len(words) - size + 1, 0))}


def scores(predicted: str, expected: str) -> dict[str, float]:
    """Shingle precision, recall and F1 of `predicted` against `expected`."""
    got, want = shingles(predicted), shingles(expected)
    overlap = len(got & want)
    precision = overlap / len(got) if got else 0.0
    recall = overlap / len(want) if want else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4)}


def page_html(name: str) -> Path:
    """The page for an expected text: in pages/, or the seed example one folder up."""
    return next(p for p in (PAGES / f"{name}.html", FIXTURES / f"{name}.html") if p.exists())


def copydesk_text(path: Path) -> str:
    try:
        return extract(read_path(path)).text
    except NoArticleError:
        return ""


def trafilatura_text(path: Path) -> str:
    return trafilatura.extract(path.read_bytes(), favor_precision=True) or ""


def run() -> dict:
    extractors = {"copydesk": copydesk_text, "trafilatura": trafilatura_text}
    pages = []
    for expected_path in sorted(PAGES.glob("*.expected.txt")):
        name = expected_path.name.removesuffix(".expected.txt")
        expected = expected_path.read_text(encoding="utf-8")
        row = {"page": name}
        for system in SYSTEMS:
            row[system] = scores(extractors[system](page_html(name)), expected)
        pages.append(row)
    no_article = []
    for path in sorted(PAGES.glob("*.html")):
        if not (PAGES / f"{path.stem}.expected.txt").exists():
            no_article.append({"page": path.stem, **{
                system: len(extractors[system](path).split()) for system in SYSTEMS}})
    return {
        "benchmark": "extraction",
        "metric": f"word {SHINGLE}-gram shingle precision/recall/F1 against hand-written expected text",
        "baseline": "trafilatura.extract(raw bytes, favor_precision=True)",
        "baseline_note": "trafilatura's defaults otherwise: it decodes the bytes itself and keeps comments",
        "pages": pages,
        "mean": {system: _mean([row[system] for row in pages]) for system in SYSTEMS},
        "no_article_pages": no_article,
        "no_article_note": "words returned on pages that hold no article (0 is right)",
        "versions": {"copydesk": version("copydesk"), "trafilatura": trafilatura.__version__,
                     "python": platform.python_version()},
    }


def _mean(rows: list[dict[str, float]]) -> dict[str, float]:
    return {key: round(sum(r[key] for r in rows) / len(rows), 4) for key in ("precision", "recall", "f1")}


def to_markdown(results: dict) -> str:
    lines = [
        "# Extraction on the fixture pages",
        "",
        f"Metric: {results['metric']}. Baseline: `{results['baseline']}` "
        f"({results['baseline_note']}).",
        "The pages were written for copydesk's tests and its extraction was fixed against them,",
        "so these figures show it handles these layouts and encodings; they are not an estimate",
        "of quality on unseen pages.",
        "",
        "| page | copydesk P | R | F1 | trafilatura P | R | F1 |",
        "|---|---|---|---|---|---|---|",
    ]
    for row in [*results["pages"], {"page": "**mean**", **results["mean"]}]:
        cells = [f"{row[s][k]:.3f}" for s in SYSTEMS for k in ("precision", "recall", "f1")]
        lines.append(f"| {row['page']} | " + " | ".join(cells) + " |")
    lines += ["", "Pages with no article (words returned; 0 is right):", ""]
    lines += [f"- {row['page']}: copydesk {row['copydesk']}, trafilatura {row['trafilatura']}"
              for row in results["no_article_pages"]]
    lines += ["", f"Versions: {results['versions']}.", ""]
    return "\n".join(lines)


def main() -> None:
    results = run()
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "extraction.json").write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    (RESULTS / "extraction.md").write_text(to_markdown(results), encoding="utf-8")
    print(to_markdown(results))


if __name__ == "__main__":
    main()
