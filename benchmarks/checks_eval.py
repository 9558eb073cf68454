"""Evaluate the consistency checks on real articles with injected errors.

    python benchmarks/checks_eval.py            # all 56 dev articles + the seed, both date modes
    python benchmarks/checks_eval.py --limit 10 # a quick look

For each original (tests/data/articles-dev.jsonl, plus the seed article) the injector in
benchmarks/inject.py makes variants that each carry one realistic error. Every original and every
variant runs through the real pipeline (metadata date, reading stage, checks), once with the
article's date given (`--date`) and once with no date (window inferred from title claims).

Reported per finding code:
- recall: share of variants whose injected error gets a new finding with an accepted code that
  overlaps the injected span (for TITLE_CONFLICT and SEAT_CONFLICT, which are about a pair, the
  span given as evidence counts too);
- precision: of the findings that are new in a variant (absent from the same run on the
  original), the share that overlap the injected span with an accepted code (or report a copy of
  a real error the original holds). Findings already present on the original are judged once,
  in the clean-article list, not once per variant;
- on the unmodified originals: error/warning findings per article, each listed, with those that
  match a real error hand-marked in gold (`code != "OK"`) counted apart;
- the same rate on human-written news the checks were never tuned on (data/mgt, BBC/XSum);
- with no date, recall also on the title-era variants a date-free check can detect at all (no
  single date satisfies all their title claims).

Writes benchmarks/results/checks_eval.json and checks_eval.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import time
from collections import Counter, defaultdict
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

from inject import Injector, Variant  # noqa: E402

from copydesk.checks import default_check_stages  # noqa: E402
from copydesk.checks.claims import present_claims  # noqa: E402
from copydesk.checks.window import choose_window  # noqa: E402
from copydesk.kb import load_kb  # noqa: E402
from copydesk.model import Article, Document, Finding, Report  # noqa: E402
from copydesk.pipeline import DateWindowFromMetadata, Pipeline  # noqa: E402

ARTICLES = ROOT / "tests" / "data" / "articles-dev.jsonl"
SEED = ROOT / "tests" / "fixtures" / "seed-article.html"
HUMAN_NEWS = ROOT / "data" / "mgt" / "dev.jsonl"  # BBC news (XSum) the checks were never tuned on
RESULTS = ROOT / "benchmarks" / "results"
JUDGEMENTS = json.loads((ROOT / "benchmarks" / "checks_eval_judged.json").read_text(encoding="utf-8"))["judgements"]
KB_CODES = ("TITLE_CONFLICT", "ROLE_OUT_OF_TERM", "AFFILIATION_MISMATCH", "SEAT_CONFLICT", "NAME_VARIANT")
TARGETS = {"recall_kb_codes": 0.85, "precision_kb_codes": 0.95, "false_findings_per_clean_article": 0.05}
FLAGGING = ("error", "warning")
MODES = ("given", "inferred")
PAIR_CODES = ("TITLE_CONFLICT", "SEAT_CONFLICT")


def build_pipeline(kb: Any) -> Pipeline:
    from copydesk.read import ReadStage

    return Pipeline([DateWindowFromMetadata(), ReadStage(kb=kb), *default_check_stages(kb)])


def load_originals(limit: int | None) -> list[dict[str, Any]]:
    rows = [json.loads(line) for line in ARTICLES.read_text(encoding="utf-8").splitlines() if line.strip()]
    rows = rows[:limit] if limit else rows
    return rows + [seed_original()]


def seed_original() -> dict[str, Any]:
    """The seed article as extracted by the pipeline; no date, no gold (its errors are known)."""
    from copydesk.extract import extract

    html = SEED.read_text(encoding="utf-8")
    article = extract(Document(id="seed", raw=html, content_type="html", source=str(SEED)))
    return {"id": "seed", "date": None, "title": article.title, "text": article.text, "gold": [], "seed": True}


def load_unseen_news() -> list[dict[str, Any]]:
    """Human-written news from the provenance dev split, as extra clean text (no dates, no gold)."""
    rows = [json.loads(line) for line in HUMAN_NEWS.read_text(encoding="utf-8").splitlines() if line.strip()]
    news = [r for r in rows if r["label"] == "human" and r["domain"] == "news"]
    return [{"id": r["id"], "date": None, "title": None, "text": r["text"], "gold": []} for r in news]


def positions_lookup(kb: Any):
    """(name, gold bioguide) -> the person's KB positions, for title-era variants."""

    def positions(name: str, bioguide: str) -> list[Any]:
        wanted = bioguide[5:].replace("_", " ") if bioguide.startswith("EXEC_") else None
        for candidate in kb.candidates(wanted or name, limit=10):
            person = candidate.person
            if person.ids.get("bioguide") == bioguide or (wanted and person.name == wanted):
                return kb.positions(person.id)
        return []

    return positions


def run_article(pipeline: Pipeline, text: str, title: str | None, date: dt.date | None) -> Report:
    article = Article.from_paragraphs(text.split("\n\n"), title=title)
    report = Report(article=article, source={"name": "checks_eval"}, given_date=date)
    return pipeline.run(report)


def edit_bounds(original: str, variant: str) -> tuple[int, int, int]:
    """Where the variant differs: (start, end in the original, end in the variant)."""
    start = 0
    limit = min(len(original), len(variant))
    while start < limit and original[start] == variant[start]:
        start += 1
    tail = 0
    while tail < limit - start and original[-1 - tail] == variant[-1 - tail]:
        tail += 1
    return start, len(original) - tail, len(variant) - tail


def carried_over(finding: Finding, base: list[Finding], bounds: tuple[int, int, int]) -> bool:
    """True when the original run already had this finding (same code, same place after the edit)."""
    start, old_end, new_end = bounds

    def moved(offset: int) -> int:
        return offset if offset < start else offset + new_end - old_end if offset >= old_end else start

    return any(
        old.code == finding.code
        and any(moved(a.start) < b.end and b.start < max(moved(a.end), moved(a.start) + 1)
                for a in old.spans for b in finding.spans)
        for old in base
    )


def hits(finding: Finding, variant: Variant) -> bool:
    """True when the finding has an accepted code and points at the injected error.

    A conflict between two titles (or seat holders) is symmetric: without a date either title may
    be the wrong one, so for these codes the span given as evidence counts too.
    """
    places = list(finding.spans)
    if finding.code in PAIR_CODES:
        places += [e.span for e in finding.evidence if e.span is not None]
    return finding.code in variant.accepted and any(s.start < variant.end and variant.start < s.end for s in places)


def describe(report: Report, finding: Finding) -> dict[str, Any]:
    return {
        "code": finding.code,
        "severity": finding.severity,
        "text": " | ".join(report.article.quote(s) for s in finding.spans)[:160],
        "message": finding.message,
    }


def gold_errors(original: dict[str, Any]) -> list[dict[str, Any]]:
    return [g for g in original["gold"] if g["code"] != "OK"]


def confirms_gold(finding: Finding, original: dict[str, Any]) -> bool:
    """True when the finding reports a real error hand-marked in the original."""
    return any(
        g["code"] == finding.code and any(s.start < g["end"] and g["start"] < s.end for s in finding.spans)
        for g in gold_errors(original)
    )


_PIPELINE: list[Pipeline] = []


def worker_pipeline() -> Pipeline:
    """The pipeline of this worker process, built and loaded once."""
    if not _PIPELINE:
        kb = load_kb()
        _PIPELINE.append(build_pipeline(kb))
        _PIPELINE[0].load()
    return _PIPELINE[0]


def evaluate_original(original: dict[str, Any], variants: list[Variant], mode: str) -> dict[str, Any]:
    """Run one original and its variants with the date given (`mode="given"`) or inferred."""
    pipeline = worker_pipeline()
    date = dt.date.fromisoformat(original["date"]) if mode == "given" and original["date"] else None
    base = run_article(pipeline, original["text"], original.get("title"), date)
    flagged = []
    for finding in base.findings:
        if finding.severity in FLAGGING:
            flagged.append({"article": original["id"], "gold": confirms_gold(finding, original),
                            **describe(base, finding)})
    # A variant may copy a passage holding a real error; reporting the copy is right too.
    real = {(f["code"], f["text"]) for f in flagged if f["gold"] or (judged(f) or {}).get("verdict") == "true"}
    outcomes = []
    for variant in variants:
        report = run_article(pipeline, variant.text, original.get("title"), date)
        bounds = edit_bounds(original["text"], variant.text)
        new = [f for f in report.findings if not carried_over(f, base.findings, bounds)]
        outcomes.append({
            "variant": variant.id, "code": variant.code, "kind": variant.kind, "change": variant.change,
            "dateless_consistent": date is None and variant.kind == "title_era" and claims_agree(report),
            "caught": any(hits(f, variant) for f in new),
            "new": [{"hit": hits(f, variant), **describe(report, f)} for f in new],
            "repeats_real_error": [(f.code, describe(report, f)["text"]) in real for f in new],
        })
    return {"original": original["id"], "seed": bool(original.get("seed")), "window": window_outcome(base, original),
            "gold_errors": len(gold_errors(original)), "flagged": flagged, "variants": outcomes}


def judged(entry: dict[str, Any]) -> dict[str, str] | None:
    """A person's verdict on a finding gold does not list (benchmarks/checks_eval_judged.json)."""
    for judgement in JUDGEMENTS:
        if (judgement["article"], judgement["code"]) == (entry["article"], entry["code"]) and entry["text"].startswith(
            judgement["text"]
        ):
            return {"verdict": judgement["verdict"], "reason": judgement["reason"]}
    return None


def claims_agree(report: Report) -> bool:
    """True when some date satisfies every title claim: without a date, no check can tell."""
    kb = load_kb()
    claims = present_claims(report.article, kb)
    choice = choose_window(claims)
    return choice is not None and len(choice.satisfied) == len(claims)


def aggregate(runs: list[dict[str, Any]]) -> dict[str, Any]:
    """Per-code recall and precision, and the clean-article listing, from per-original runs."""
    detected: dict[str, list[bool]] = defaultdict(list)
    detected_by_kind: dict[str, list[bool]] = defaultdict(list)
    detectable: dict[str, list[bool]] = defaultdict(list)
    found_by_code: Counter = Counter()
    correct_by_code: Counter = Counter()
    clean_listing, real_found, seed_listing, false_new, missed = [], [], [], [], []
    for run in runs:
        for entry in run["flagged"]:
            verdict = judged(entry)
            if verdict:
                entry["judged"] = verdict
            if run["seed"]:
                seed_listing.append(entry)
            elif entry.pop("gold") or (verdict and verdict["verdict"] == "true"):
                real_found.append(entry)
            else:
                clean_listing.append(entry)
        for outcome in run["variants"]:
            detected[outcome["code"]].append(outcome["caught"])
            detected_by_kind[outcome["kind"]].append(outcome["caught"])
            if not outcome["dateless_consistent"]:
                detectable[outcome["code"]].append(outcome["caught"])
            for finding, repeats_real in zip(outcome["new"], outcome["repeats_real_error"]):
                found_by_code[finding["code"]] += 1
                correct_by_code[finding["code"]] += finding["hit"] or repeats_real
                if not (finding["hit"] or repeats_real) and finding["severity"] in FLAGGING:
                    false_new.append({"variant": outcome["variant"], "change": outcome["change"], **finding})
            if not outcome["caught"]:
                missed.append({"variant": outcome["variant"], "change": outcome["change"], "found": outcome["new"]})
    clean_articles = sum(not run["seed"] for run in runs)
    return {
        "recall": {code: ratio(v) for code, v in sorted(detected.items())},
        "recall_by_kind": {kind: ratio(v) for kind, v in sorted(detected_by_kind.items())},
        "recall_where_detectable": {code: ratio(v) for code, v in sorted(detectable.items())},
        "precision": {
            code: {"correct": correct_by_code[code], "new_findings": n,
                   "precision": round(correct_by_code[code] / n, 3) if n else None}
            for code, n in sorted(found_by_code.items())
        },
        "clean": {
            "articles": clean_articles,
            "error_warning_findings": len(clean_listing),
            "per_article": round(len(clean_listing) / clean_articles, 3) if clean_articles else None,
            "by_code": dict(Counter(f["code"] for f in clean_listing)),
            "findings": clean_listing,
        },
        "real_errors": {"gold_total": sum(run["gold_errors"] for run in runs),
                        "found_in_gold": sum(1 for f in real_found if "judged" not in f),
                        "found_judged_true": sum(1 for f in real_found if "judged" in f), "findings": real_found},
        "seed_findings": seed_listing,
        "date_windows": dict(Counter(run["window"] for run in runs)),
        "false_new_findings": false_new,
        "missed": missed,
    }


def window_outcome(report: Report, original: dict[str, Any]) -> str:
    """How the date window came out: given, inferred containing the true date, inferred wrong, unknown."""
    window = report.date_window
    if window.basis != "inferred" or not original["date"]:
        return window.basis
    day = dt.date.fromisoformat(original["date"])
    inside = window.start <= day and (window.end is None or day <= window.end)
    return "inferred, contains the true date" if inside else "inferred, misses the true date"


def ratio(values: list[bool]) -> dict[str, Any]:
    return {"n": len(values), "detected": sum(values), "recall": round(sum(values) / len(values), 3) if values else None}


def markdown(results: dict[str, Any]) -> str:
    lines = ["# Consistency checks on real articles with injected errors", "",
             f"{results['originals']} originals (56 dev articles + the seed), {results['variants']} variants, "
             f"{results['seconds']} s on {results['workers']} processes. Command: `python benchmarks/checks_eval.py`.", "",
             f"Variants per kind: {results['variant_kinds']}.", "",
             "Targets: recall ≥ 0.85 and precision ≥ 0.95 for KB-backed codes; ≤ 0.05 false error/warning "
             "findings per clean article.", "",
             "Each variant kind is counted under the code it is meant for: the title-era variants under "
             "ROLE_OUT_OF_TERM, where TITLE_CONFLICT or SEAT_CONFLICT on the injected title also counts as "
             "caught; a misspelled duplicate list item may be caught as DUPLICATE_IN_LIST only. No variant "
             "targets SEAT_CONFLICT, TITLE_CONFLICT or UNVERIFIED_ROLE (info): their rows give precision only, "
             "and UNVERIFIED_ROLE's new findings are people an injected error made unresolvable. "
             "PARTICIPANT_CONFLICT has no injector: the dev articles offer no realistic site (letters whose "
             "senders are named in one paragraph and other people in another); it is measured on the seed only.", ""]
    for mode, figures in results["modes"].items():
        lines += [f"## Date {mode}", "",
                  "| code | variants | recall | recall where detectable (n) | new findings | precision |",
                  "|---|---|---|---|---|---|"]
        codes = sorted(set(figures["recall"]) | set(figures["precision"]))
        for code in codes:
            recall = figures["recall"].get(code, {})
            precision = figures["precision"].get(code, {})
            possible = figures["recall_where_detectable"].get(code, {})
            lines.append(f"| {code} | {recall.get('n', 0)} | {recall.get('recall', '–')} | "
                         f"{possible.get('recall', '–')} ({possible.get('n', 0)}) | "
                         f"{precision.get('new_findings', 0)} | {precision.get('precision', '–')} |")
        if mode == "inferred":
            lines += ["", "Without a date, a title from another era is detectable only when no single date "
                          "satisfies every title claim of the variant; 'recall where detectable' leaves out the "
                          "variants where one does (the injected title agrees with all the others).", ""]
        clean = figures["clean"]
        lines += ["", f"Clean originals: {clean['error_warning_findings']} error/warning findings on "
                      f"{clean['articles']} articles = **{clean['per_article']} per article** {clean['by_code']}. "
                      f"Real errors found: {figures['real_errors']['found_in_gold']} of the "
                      f"{figures['real_errors']['gold_total']} marked in gold, plus "
                      f"{figures['real_errors']['found_judged_true']} findings gold does not list, judged true "
                      f"(benchmarks/checks_eval_judged.json). Date windows: {figures['date_windows']}.", ""]
        judged_true = [f for f in figures["real_errors"]["findings"] if "judged" in f]
        if judged_true:
            lines += ["Findings gold does not list, judged true by reading the text and the record:", ""]
            lines += [f"- `{f['article']}` {f['code']}: “{f['text']}” — {f['judged']['reason']}" for f in judged_true]
            lines.append("")
        if clean["findings"]:
            lines += ["Findings on the unmodified originals (judge each):", ""]
            lines += [f"- `{f['article']}` {f['code']} ({f['severity']}): “{f['text']}” — {f['message']}"
                      for f in clean["findings"]]
            lines.append("")
    seed = results["modes"]["inferred"]["seed_findings"]
    lines += ["## The seed (no date)", ""]
    lines += [f"- {f['code']} ({f['severity']}): “{f['text']}” — {f['message']}" for f in seed]
    lines.append("")
    unseen = results["unseen_human_news"]
    lines += ["## Unseen human news (no date)", "",
              f"{unseen['articles']} human-written news texts ({unseen['source']}): {unseen['error_warning_findings']} "
              f"error/warning findings = **{unseen['per_article']} per article**.", ""]
    lines += [f"- `{f['article']}` {f['code']} ({f['severity']}): “{f['text']}” — {f['message']}" for f in unseen["findings"]]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--limit", type=int, help="only the first N dev articles")
    parser.add_argument("--out", type=Path, default=RESULTS)
    parser.add_argument("--workers", type=int, default=2, help="processes (default 2)")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    kb = load_kb()
    originals = load_originals(args.limit)
    lookup = positions_lookup(kb)
    variants_by_original = {o["id"]: Injector(o, lookup).variants() for o in originals}
    tasks = [(o, variants_by_original[o["id"]], mode) for mode in MODES for o in originals]
    unseen = load_unseen_news()
    with ProcessPoolExecutor(max_workers=args.workers) as pool:
        runs = list(pool.map(evaluate_original, *zip(*tasks)))
        unseen_runs = list(pool.map(evaluate_original, unseen, [[]] * len(unseen), ["inferred"] * len(unseen)))
    unseen_findings = [f for run in unseen_runs for f in run["flagged"]]
    results: dict[str, Any] = {
        "originals": len(originals),
        "variants": sum(len(v) for v in variants_by_original.values()),
        "variant_kinds": dict(Counter(v.kind for vs in variants_by_original.values() for v in vs)),
        "targets": TARGETS,
        "workers": args.workers,
        "kb": kb.version,
        "modes": {mode: aggregate([r for r, t in zip(runs, tasks) if t[2] == mode]) for mode in MODES},
        "unseen_human_news": {
            "source": "data/mgt/dev.jsonl, label human, domain news (BBC, XSum via Fast-DetectGPT); no date given",
            "articles": len(unseen),
            "error_warning_findings": len(unseen_findings),
            "per_article": round(len(unseen_findings) / len(unseen), 3) if unseen else None,
            "findings": unseen_findings,
        },
    }
    results["seconds"] = round(time.perf_counter() - started, 1)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "checks_eval.json").write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    (args.out / "checks_eval.md").write_text(markdown(results), encoding="utf-8")
    print(markdown(results).split("\n## ")[0])
    for mode, figures in results["modes"].items():
        print(mode, {c: r["recall"] for c, r in figures["recall"].items()},
              {c: p["precision"] for c, p in figures["precision"].items()}, "clean/article", figures["clean"]["per_article"])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
