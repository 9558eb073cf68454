"""Quality of the reading stage on 56 real, dated articles with hand-checked person mentions.

    python benchmarks/read_quality.py [--show-misses]

Writes benchmarks/results/read_quality.json and read_quality.md. Data:
- tests/data/articles-dev.jsonl: gold person mentions (offsets, bioguide or EXEC_<Name> ids);
  a gold span covers title + name + tag ("Sen. Charles E. Schumer (D-NY)").
- tests/data/read/officeholder-labels.jsonl: for each gold mention written with a title or a
  party/state/district tag, the office and the tag as written (see the README beside it).

Measures:
- person mentions: recall (a gold mention is found when a person span overlaps it) and
  precision against gold, a lower bound: gold omits people it could not resolve (anyone out of
  Congress before September 2012, journalists, foreign leaders); and audited precision, where
  spans outside gold count as right only when tests/data/read/extra-mentions-audit.json lists
  their text as a person (texts it does not list count as wrong);
- resolution accuracy: of the found gold mentions, how many sit in an entity resolved to the
  gold person (bioguide id, or for EXEC_<First>_<Last> a KB person with that name);
- title and affiliation attachment: precision and recall of the titles/tags the stage attaches
  to a gold mention from inside its span, against the labels.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import time
from collections import Counter
from pathlib import Path

from copydesk.kb import load_kb
from copydesk.read import ReadStage

ROOT = Path(__file__).resolve().parents[1]
ARTICLES = ROOT / "tests" / "data" / "articles-dev.jsonl"
LABELS = ROOT / "tests" / "data" / "read" / "officeholder-labels.jsonl"
AUDIT = ROOT / "tests" / "data" / "read" / "extra-mentions-audit.json"
RESULTS = ROOT / "benchmarks" / "results"
TARGETS = {"person_recall": 0.95, "title_precision": 0.95, "affiliation_precision": 0.95}


def ratio(numerator: int, denominator: int) -> float | None:
    return round(numerator / denominator, 4) if denominator else None


def overlaps(a_start: int, a_end: int, b_start: int, b_end: int) -> bool:
    return a_start < b_end and b_start < a_end


class Tally:
    """Counts for one article set, with the misses kept for inspection."""

    def __init__(self):
        self.counts = Counter()
        self.misses: list[str] = []


def gold_matches_entity(gold_id: str, entity, kb) -> bool:
    """Whether the entity resolved to the gold person (bioguide or EXEC_<First>_<Last>)."""
    if entity is None or entity.status != "resolved":
        return False
    if not gold_id.startswith("EXEC_"):
        return entity.ids.get("bioguide") == gold_id
    person = kb.person(entity.kb_id)
    wanted = gold_id[len("EXEC_"):].replace("_", " ")
    return person is not None and (wanted in person.aliases or wanted == person.name)


def score_people(article: dict, spans: dict, entities, kb, audit: dict, tally: Tally) -> None:
    persons = spans["person"]
    by_id = {e.id: e for e in entities}
    for gold in article["gold"]:
        found = [p for p in persons if overlaps(p.start, p.end, gold["start"], gold["end"])]
        tally.counts["gold_mentions"] += 1
        if not found:
            tally.misses.append(f"MISSED {article['id']}: {gold['text']!r}")
            continue
        tally.counts["gold_found"] += 1
        entity = by_id.get(found[-1].attrs["entity"])
        if gold_matches_entity(gold["bioguide"], entity, kb):
            tally.counts["resolved_right"] += 1
        else:
            got = f"{entity.status} {entity.canonical_name or entity.name}" if entity else "none"
            tally.misses.append(f"WRONG-ID {article['id']}: {gold['text']!r} gold={gold['bioguide']} got={got}")
    for person in persons:
        tally.counts["predicted"] += 1
        if any(overlaps(person.start, person.end, g["start"], g["end"]) for g in article["gold"]):
            tally.counts["predicted_in_gold"] += 1
            continue
        text = article["text"][person.start:person.end]
        if text in audit["person"]:
            tally.counts["predicted_audited_person"] += 1
        else:
            kind = "NOT-PERSON" if text in audit["not_person"] else "UNAUDITED"
            tally.misses.append(f"EXTRA {article['id']}: {text!r} {kind}")


def score_attachments(article: dict, spans: dict, labels: list[dict], tally: Tally) -> None:
    for label in labels:
        start, end = label["start"], label["end"]
        titles = [t for t in spans["title"] if overlaps(t.start, t.end, start, end)
                  and overlaps(*t.attrs["person_span"], start, end)]
        tags = [t for t in spans["affiliation"] if overlaps(t.start, t.end, start, end)
                and overlaps(*t.attrs["person_span"], start, end)]
        _compare(tally, "title", label["title"], titles, lambda t: (t.attrs["office"],),
                 lambda lab: (lab["office"],), label["text"])
        _compare(tally, "affiliation", label["affiliation"], tags,
                 lambda t: (t.attrs["party"], t.attrs["state"], t.attrs["district"]),
                 lambda lab: (lab["party"], lab["state"], lab["district"]), label["text"])


def agrees(predicted: tuple, expected: tuple) -> bool:
    """Every value the stage read equals the label ("Democrat" alone agrees with "(D-TX)")."""
    return any(v is not None for v in predicted) and all(
        p is None or p == e for p, e in zip(predicted, expected))


def _compare(tally: Tally, kind: str, expected, predicted: list, value_of, label_value, text: str) -> None:
    """Precision counts every attached span; recall needs one span reading the whole label."""
    if expected is not None:
        tally.counts[f"{kind}_labelled"] += 1
    for span in predicted:
        tally.counts[f"{kind}_predicted"] += 1
        if expected is not None and agrees(value_of(span), label_value(expected)):
            tally.counts[f"{kind}_correct"] += 1
        else:
            tally.misses.append(f"BAD-{kind.upper()} {text!r}: got {value_of(span)}, "
                                f"label {label_value(expected) if expected else None}")
    if expected is not None:
        if any(value_of(s) == label_value(expected) for s in predicted):
            tally.counts[f"{kind}_found"] += 1
        else:
            tally.misses.append(f"NO-{kind.upper()} {text!r}: label {label_value(expected)}")


def group_counts(all_spans: list[dict]) -> dict[str, int]:
    """How many spans of each group the stage produced over the whole set."""
    totals = Counter()
    for spans in all_spans:
        for name, group in spans.items():
            totals[name] += len(group)
    return dict(sorted(totals.items()))


def run(show_misses: bool) -> dict:
    articles = [json.loads(line) for line in ARTICLES.read_text(encoding="utf-8").splitlines()]
    labels: dict[str, list[dict]] = {}
    for line in LABELS.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        labels.setdefault(record["article"], []).append(record)
    audit = json.loads(AUDIT.read_text(encoding="utf-8"))
    audit = {key: set(audit[key]) for key in ("person", "not_person")}
    kb = load_kb()
    stage = ReadStage(kb=kb)
    stage.load()
    tally, all_spans = Tally(), []
    started = time.perf_counter()
    for article in articles:
        spans, entities = stage.read(article["text"], date=dt.date.fromisoformat(article["date"]))
        all_spans.append(spans)
        score_people(article, spans, entities, kb, audit, tally)
        score_attachments(article, spans, labels.get(article["id"], []), tally)
    elapsed = time.perf_counter() - started
    c = tally.counts
    figures = {
        "articles": len(articles),
        "gold_mentions": c["gold_mentions"],
        "person_recall": ratio(c["gold_found"], c["gold_mentions"]),
        "person_precision_lower_bound": ratio(c["predicted_in_gold"], c["predicted"]),
        "person_precision_audited": ratio(c["predicted_in_gold"] + c["predicted_audited_person"], c["predicted"]),
        "person_predicted": c["predicted"],
        "resolution_accuracy": ratio(c["resolved_right"], c["gold_found"]),
        "title_labelled": c["title_labelled"], "title_predicted": c["title_predicted"],
        "title_precision": ratio(c["title_correct"], c["title_predicted"]),
        "title_recall": ratio(c["title_found"], c["title_labelled"]),
        "affiliation_labelled": c["affiliation_labelled"], "affiliation_predicted": c["affiliation_predicted"],
        "affiliation_precision": ratio(c["affiliation_correct"], c["affiliation_predicted"]),
        "affiliation_recall": ratio(c["affiliation_found"], c["affiliation_labelled"]),
        "span_counts": group_counts(all_spans),
        "seconds": round(elapsed, 2),
        "targets": TARGETS,
        "kb_version": kb.version,
        "versions": stage.versions(),
    }
    figures["targets_met"] = {k: (figures[k] or 0) >= v for k, v in TARGETS.items()}
    if show_misses:
        print("\n".join(tally.misses))
    figures["miss_kinds"] = dict(Counter(m.split()[0] + (" " + m.split()[-1] if m.startswith("EXTRA") else "")
                                         for m in tally.misses))
    return figures


def write(figures: dict) -> None:
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "read_quality.json").write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    rows = [
        ("person mention recall", figures["person_recall"], f"≥ {TARGETS['person_recall']}"),
        ("person mention precision (lower bound vs gold)", figures["person_precision_lower_bound"], ""),
        ("person mention precision (gold + hand audit of the rest)", figures["person_precision_audited"], ""),
        ("resolution accuracy (found gold mentions)", figures["resolution_accuracy"], ""),
        ("title attachment precision", figures["title_precision"], f"≥ {TARGETS['title_precision']}"),
        ("title attachment recall", figures["title_recall"], ""),
        ("affiliation attachment precision", figures["affiliation_precision"],
         f"≥ {TARGETS['affiliation_precision']}"),
        ("affiliation attachment recall", figures["affiliation_recall"], ""),
    ]
    lines = [
        "# Reading stage quality (benchmarks/read_quality.py)",
        "",
        f"{figures['articles']} articles, {figures['gold_mentions']} gold person mentions; "
        f"{figures['title_labelled']} labelled titles, {figures['affiliation_labelled']} labelled tags. "
        f"KB {figures['kb_version']}; model {figures['versions'].get('spacy_model')}.",
        "",
        "| measure | value | target |",
        "|---|---|---|",
        *[f"| {name} | {value} | {target} |" for name, value, target in rows],
        "",
        "Precision against gold is a lower bound: gold lists only people resolvable against the "
        "US officeholder data (no journalists, foreign leaders, or members who left before 2012). "
        "The audited figure also credits spans outside gold that a hand audit judged to be whole "
        "person names (tests/data/read/extra-mentions-audit.json).",
        "",
        "Caveat: the rules were developed on this same set (there is no held-out split), so these "
        "figures are optimistic for unseen text; the seed article is covered by tests instead.",
        "",
        f"Spans produced: {', '.join(f'{k} {v}' for k, v in figures['span_counts'].items())}.",
        "",
    ]
    (RESULTS / "read_quality.md").write_text("\n".join(lines), encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--show-misses", action="store_true", help="print every miss, extra and wrong id")
    figures = run(parser.parse_args().show_misses)
    write(figures)
    print(json.dumps({k: v for k, v in figures.items() if k not in ("span_counts",)}, indent=2))


if __name__ == "__main__":
    main()
