"""Long texts are judged on their opening, cut at a boundary, and the report says so."""

from __future__ import annotations

from copydesk.api import check_text
from copydesk.provenance.detector import MAX_JUDGED_CHARS, judged_opening

PARAGRAPH = ("The committee met on Tuesday to review the budget. Members asked about the new "
             "spending plan and the schedule for the next vote, and the chair promised answers. ")


def test_opening_is_cut_at_a_paragraph_end_within_the_limit():
    text = "\n\n".join([PARAGRAPH * 3] * 100)
    opening = judged_opening(text)
    assert len(opening) <= MAX_JUDGED_CHARS and text.startswith(opening)
    assert text[len(opening):].startswith("\n\n")
    assert judged_opening(PARAGRAPH) == PARAGRAPH  # short texts are whole


def test_opening_without_breaks_ends_after_a_sentence():
    opening = judged_opening(PARAGRAPH * 200, limit=1_000)
    assert opening.endswith("budget.") or opening.endswith("answers.")


def test_report_on_a_long_article_notes_what_provenance_judged():
    text = "\n\n".join([PARAGRAPH * 3] * 60)
    report = check_text(text)
    assert report.provenance.score is not None
    assert any(note.startswith("provenance: judged on the first 20,000 characters") for note in report.notes)
