"""The pipeline stage: fills report.provenance and keeps chatbot artefacts apart from the score."""

from __future__ import annotations

from copydesk.model import Article, Finding, Report, Span
from copydesk.pipeline import Pipeline
from copydesk.provenance import DETECTOR_NAME, ProvenanceStage, score


def _report(text: str, findings=()) -> Report:
    return Report(article=Article.from_paragraphs(text.split("\n\n")), source={}, findings=list(findings))


def test_stage_scores_the_article_text(seed_text):
    report = _report(seed_text)
    Pipeline([ProvenanceStage()]).run(report)
    assert report.provenance.score == score(report.article.text).score
    assert report.provenance.artifacts == ()
    assert report.versions["detector"] == DETECTOR_NAME
    assert "provenance" in report.timings


def test_stage_records_chatbot_artifacts_separately(seed_text):
    leftover = Finding("CHATBOT_ARTIFACT", "error", "A chatbot refusal was left in the text.", (Span(0, 5),))
    other = Finding("MISSPELLING", "warning", "A typo.", (Span(0, 5),))
    report = _report(seed_text, [leftover, other])
    ProvenanceStage()(report)
    assert report.provenance.artifacts == ("CHATBOT_ARTIFACT",)
    assert report.provenance.score == score(report.article.text).score


def test_stage_passes_refusals_through():
    report = _report("Too short to judge.", [])
    stage = ProvenanceStage()
    stage.load()
    stage(report)
    assert report.provenance.score is None and report.provenance.reason
