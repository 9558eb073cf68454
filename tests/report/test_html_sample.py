"""A hand-made report on the seed article that exercises every element of the HTML report.

The checks fill reports for real; this sample pins the renderers down independently of them:
findings of every severity (overlapping spans, a span shared by two findings, a finding with
three spans), evidence with dates and a textual span, verifications, an inferred date window
with an equally supported alternative, and a provenance result with signals and sentences.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from copydesk.model import (
    Article,
    DateWindow,
    Evidence,
    Finding,
    ProvenanceResult,
    Report,
    Signal,
    Span,
    Verification,
)

SEED_TEXT = Path(__file__).parents[1] / "fixtures" / "seed-article.txt"
ARTICLE_URL = "https://news.example/2022/progressive-letter"


def seed_paragraphs() -> tuple[str, list[str]]:
    """The seed's title and body paragraphs (section label and page furniture dropped)."""
    blocks = [b.strip() for b in SEED_TEXT.read_text(encoding="utf-8").split("\n\n") if b.strip()]
    title = blocks[1]
    body = blocks[2:blocks.index("Related Articles")]
    return title, body


def find(article: Article, needle: str, occurrence: int = 0) -> Span:
    """The span of the `occurrence`-th appearance of `needle` in the article text."""
    start = -1
    for _ in range(occurrence + 1):
        start = article.text.index(needle, start + 1)
    return Span(start, start + len(needle))


def sample_report(article: Article | None = None) -> Report:
    """A full report on the seed (or on `article`, whose text must contain the seed's phrases)."""
    if article is None:
        title, body = seed_paragraphs()
        article = Article.from_paragraphs(body, title=title, site="Example News", url=ARTICLE_URL,
                                          removed=["navigation", "related links", "comment form"])
    day = dt.date
    biden_vp = find(article, "Vice President Biden")
    biden_president = find(article, "President Biden")
    harris = find(article, "Kamala Harris")
    cory, corey = find(article, "Cory Booker"), find(article, "Corey Booker")
    signers = find(article, "House Speaker Nancy Pelosi and Sens. Elizabeth Warren")
    repeated = "elevate diplomacy with Russia"
    last_repeat = find(article, repeated, 3)
    findings = [
        Finding("TITLE_CONFLICT", "error",
                "Biden is called Vice President here but President earlier; no single date allows both.",
                (biden_vp, biden_president), entity="E1",
                evidence=(Evidence("Joe Biden: Vice President", "kb:executive.yaml",
                                   start=day(2009, 1, 20), end=day(2017, 1, 20)),
                          Evidence("Joe Biden: President", "kb:executive.yaml",
                                   start=day(2021, 1, 20), end=day(2025, 1, 20)),
                          Evidence("Called President Biden in the same article", "article",
                                   span=biden_president))),
        Finding("ROLE_OUT_OF_TERM", "error",
                "Kamala Harris was not a senator in the article's date window.",
                (harris,), entity="E5",
                evidence=(Evidence("Kamala Harris: U.S. Senator, CA", "kb:legislators-historical.yaml",
                                   start=day(2017, 1, 3), end=day(2021, 1, 18)),
                          Evidence("Kamala Harris: Vice President", "kb:executive.yaml",
                                   start=day(2021, 1, 20), end=None))),
        Finding("DUPLICATE_IN_LIST", "error",
                "Cory Booker appears twice in one list of signers.", (cory, corey), entity="E6"),
        Finding("NAME_VARIANT", "warning", "“Corey Booker” is spelled “Cory Booker” in the record.",
                (corey,), entity="E6",
                evidence=(Evidence("Cory Booker: U.S. Senator, NJ", "kb:legislators-current.yaml",
                                   start=day(2013, 10, 31), end=None),)),
        Finding("PARTICIPANT_CONFLICT", "warning",
                "The letter is sent by three representatives, then signed by eight others.",
                (find(article, "sent to President Biden by Ro Khanna"), signers)),
        Finding("REPEATED_PASSAGE", "warning", "The same sentence appears three times.",
                tuple(find(article, repeated, n) for n in (0, 2, 3))),
        Finding("UNVERIFIED_ROLE", "info",
                "Michael Cohen, “a former top adviser to President Bill Clinton”, is not in the knowledge base.",
                (find(article, "a former top adviser to President Bill Clinton"),)),
    ]
    verifications = [
        Verification("affiliation", "Ilhan Omar (D-Minn.): consistent (House, MN-5, 2019-)",
                     (find(article, "Ilhan Omar (D-Minn.)"),), entity="E3",
                     evidence=(Evidence("Ilhan Omar: U.S. Representative, MN-5, Democrat",
                                        "kb:legislators-current.yaml", start=day(2019, 1, 3)),)),
        Verification("affiliation", "Rashida Tlaib (D-Mich.): consistent (House, MI-13, 2019-)",
                     (find(article, "Rashida Tlaib (D-Mich.)"),), entity="E4"),
        Verification("title", "House Speaker Nancy Pelosi: consistent (Speaker, 2019-2023)",
                     (find(article, "House Speaker Nancy Pelosi"),), entity="E7"),
    ]
    provenance = ProvenanceResult(
        score=0.87, label="likely_machine", threshold=0.71, fpr=0.01,
        calibration="human news, dev split, n=400", detector="copydesk-lr 0.1",
        signals=(Signal("repeated_sentences", 3.0, 1.2, "near-identical sentences"),
                 Signal("type_token_ratio", 0.41, 0.4, "low lexical variety"),
                 Signal("quote_density", 0.2, -0.3, "quotes are typical of human news")),
        sentences=(Span(last_repeat.start - 40, last_repeat.end + 40, "sentence", {"score": 0.93}),),
    )
    return Report(
        article=article, source={"name": ARTICLE_URL, "url": ARTICLE_URL},
        date_window=DateWindow(day(2021, 1, 20), day(2023, 1, 3), "inferred", support=11, total=13,
                               note="“Vice President Biden” and “Sen. Harris” do not fit.",
                               alternatives=((day(2019, 1, 3), day(2021, 1, 18)),)),
        findings=findings, verifications=verifications, provenance=provenance,
        timings={"extract": 0.01, "read": 0.2}, versions={"copydesk": "0.1.0", "kb": "test"},
        notes=["quote checks skipped: no quotes found"],
    )


def test_sample_exercises_every_kind_of_element():
    report = sample_report()
    assert {f.severity for f in report.findings} == {"error", "warning", "info"}
    assert any(len(f.spans) > 2 for f in report.findings)
    shared = [s for f in report.findings for s in f.spans]
    assert any(a.overlaps(b) and a != b for a in shared for b in shared), "needs overlapping spans"
    assert all(report.article.quote(s) for s in shared)
    assert report.date_window.alternatives and report.provenance.signals
