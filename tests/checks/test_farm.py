"""The farm-signals stage on realistic articles: leftovers fire, reporting about chatbots does not."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from copydesk.checks.farm import FarmSignalsStage
from copydesk.model import Article, Report, Span
from copydesk.pipeline import Pipeline

BUDGET_STORY = [
    "Springfield council approves $48 million budget after late-night session",
    "SPRINGFIELD, Ill. (Staff) — The city council approved a $48 million operating budget early "
    "Wednesday after a six-hour meeting in which residents packed the chamber to oppose cuts to the "
    "public library's weekend hours.",
    "The budget passed 7-2, with council members Dana Ortiz and Phil Kramer voting against it. "
    "Ortiz said the library cuts would fall hardest on families without internet at home.",
]


def run(paragraphs: list[str], **meta) -> Report:
    report = Report(article=Article.from_paragraphs(paragraphs, **meta), source={})
    FarmSignalsStage()(report)
    return report


def codes(report: Report) -> list[str]:
    return [finding.code for finding in report.findings]


def spanned(report: Report) -> list[str]:
    return [report.article.text[f.spans[0].start : f.spans[0].end] for f in report.findings]


def test_a_clean_news_story_has_no_findings():
    assert run(BUDGET_STORY).findings == []


def test_a_refusal_pasted_into_a_story_is_an_error_with_its_span():
    report = run(BUDGET_STORY + [
        "I'm sorry, but I cannot fulfill this request as it requires access to the council's "
        "confidential minutes. However, the budget is expected to take effect on July 1."
    ])
    assert codes(report) == ["CHATBOT_ARTIFACT"]
    finding = report.findings[0]
    assert finding.severity == "error"
    assert spanned(report) == ["I'm sorry, but I cannot fulfill this request"]
    assert finding.evidence[0].data["family"] == "refusal"
    assert "paragraph 4" in finding.message


def test_a_rewritten_story_keeps_the_preamble_prompt_and_signoff():
    report = run([
        "Rewrite this article in a neutral tone: Springfield council approves budget",
        "Certainly! Here is a rewritten version of the article:",
        *BUDGET_STORY[1:],
        "I hope this helps! Let me know if you need any further revisions.",
    ])
    found = [(f.evidence[0].data["pattern"], f.severity) for f in report.findings]
    assert found == [
        ("rewrite_instruction", "error"),
        ("certainly_here_is", "error"),
        ("hope_this_helps", "warning"),  # an advice columnist may write it; the rest no reporter does
        ("let_me_know", "error"),
    ]


def test_knowledge_cutoff_and_self_reference_in_a_profile():
    report = run([
        "Jane Doe has served as mayor of Springfield since 2015, according to city records.",
        "As of my last knowledge update in September 2021, Doe had not announced whether she would "
        "seek a third term. As an AI language model, I do not have access to more recent news.",
    ])
    assert [f.evidence[0].data["family"] for f in report.findings] == ["knowledge_cutoff", "self_reference"]


def test_placeholders_are_warnings():
    report = run([
        "[Insert company name] announced on Tuesday that it will open a distribution centre in "
        "Dayton, creating 300 jobs by the end of {{year}}.",
        "\u201cWe are proud to grow in Ohio,\u201d said [Your Name], the company's chief executive.",
    ])
    assert codes(report) == ["PLACEHOLDER_TEXT"] * 3
    assert {f.severity for f in report.findings} == {"warning"}
    assert spanned(report) == ["[Insert company name]", "{{year}}", "[Your Name]"]


def test_an_article_about_chatbots_quoting_them_does_not_fire():
    report = run([
        "Amazon reviews written by ChatGPT are easy to spot, researchers say.",
        "Dozens of five-star reviews on the site begin with \u201cAs an AI language model, I don't "
        "have personal experiences,\u201d according to a study by the University of Wisconsin.",
        "Another reviewer\u2019s post read: 'I\u2019m sorry, but I cannot fulfill that request.' The "
        "company removed it on Friday, a spokesperson said.",
        "The phrase As an AI language model has become a running joke online, said Dr. Lee.",
        "Asked about the election, ChatGPT replied:",
        "As an AI developed by OpenAI, I do not have opinions on candidates.",
    ])
    assert report.findings == []


def test_a_quote_span_from_the_reading_stage_is_respected():
    text = "Her bot ended every answer with I hope this helps. She found it funny."
    article = Article.from_paragraphs([text])
    start = text.index("I hope")
    article.spans["quote"] = [Span(start, start + len("I hope this helps."), "quote")]
    report = Report(article=article, source={})
    FarmSignalsStage()(report)
    assert report.findings == []


def test_quoted_placeholders_still_fire():
    report = run(['"We expect [Insert figure] visitors this year," the organiser said of the fair.'])
    assert codes(report) == ["PLACEHOLDER_TEXT"]


def test_editors_notes_sic_and_schedules_are_not_placeholders():
    report = run([
        "[Editor's note: An earlier version of this story misstated the date of the hearing.]",
        "The senator called the plan \"a non-starter [sic] for rural voters\" in a statement on Monday, "
        "and his office said a vote was unlikely before the recess.",
        "Kick-off time: TBD. The match between Leeds and Hull was moved after Super Bowl XXX coverage "
        "overran, the league said in a statement.",
    ])
    assert report.findings == []


def test_a_story_cut_mid_sentence_is_truncated():
    report = run(BUDGET_STORY + [
        "Kramer said he would bring an amendment at the next meeting to restore the library's Sunday "
        "hours, paid for by a small increase in parking fees that the mayor has said she would"
    ])
    assert codes(report) == ["TRUNCATED_TEXT"]
    finding = report.findings[0]
    assert finding.severity == "warning" and "mid-sentence" in finding.message
    assert finding.evidence[0].data["ending"] == "function word"
    assert report.article.text[finding.spans[0].start : finding.spans[0].end].startswith("Kramer said")
    assert report.article.text.endswith(report.article.text[finding.spans[0].start : finding.spans[0].end])


def test_a_story_cut_mid_word_says_so():
    report = run(BUDGET_STORY + [
        "The survey also revealed cultural barriers are impeding the uptake of both two weeks of "
        "statutory leave and additional paterni"
    ])
    assert codes(report) == ["TRUNCATED_TEXT"] and "mid-word" in report.findings[0].message
    assert report.findings[0].evidence[0].data["ending"] == "partial word"


def test_a_middle_paragraph_cut_off_is_truncated_too():
    report = run([
        BUDGET_STORY[1],
        "Residents who spoke against the cuts included teachers, a retired librarian and several "
        "parents who said the weekend hours were the only time their children could",
        BUDGET_STORY[2],
    ])
    assert codes(report) == ["TRUNCATED_TEXT"] and "Paragraph 2" in report.findings[0].message


def test_a_short_brief_and_non_prose_lines_are_not_truncated():
    report = run([
        "Road closed",
        "Main Street between Fifth and Ninth will be closed to traffic on Saturday for the annual "
        "street fair, the city said.",
        "Photo: Crowds at last year's street fair on Main Street, taken by a staff photographer for the paper",
        "Items banned from the fair include:",
        "- glass bottles, coolers and folding chairs brought in from outside the fair area by visitors",
        "Reporting by Ann Smith; additional reporting by the city desk staff and the metro editors team",
        "\"We want everyone to have a good time and get home safely, and that means planning ahead,\" "
        "the police chief said",
    ])
    assert codes(report) == []


def test_a_read_more_cut_is_not_truncation():
    teaser = ("The council will meet again next week to consider a proposal that would move the "
              "library's Sunday hours to")
    as_last_paragraph = run(BUDGET_STORY + [teaser, "Read more"])
    in_removed = run(BUDGET_STORY + [teaser], removed=["navigation", "read-more link"])
    behind_paywall = run(BUDGET_STORY + [teaser, "Subscribe to continue reading this story."])
    assert as_last_paragraph.findings == [] and in_removed.findings == [] and behind_paywall.findings == []


def test_a_paragraph_split_by_extraction_is_not_truncation():
    report = run([
        "The mayor said the library would keep its weekday hours and that the council would revisit "
        "the weekend schedule in the",
        "autumn, once the new sales-tax figures are available.",
    ])
    assert report.findings == []


def test_stage_fits_a_pipeline_and_reports_its_pattern_version():
    stage = FarmSignalsStage()
    pipeline = Pipeline([stage])
    report = pipeline.run(Report(article=Article.from_paragraphs(BUDGET_STORY), source={}))
    assert "farm_signals" in report.timings
    assert report.versions["farm_patterns"] == stage.patterns.version


def test_a_chatbot_headline_is_reported_without_a_span():
    report = run(BUDGET_STORY[1:], title="As an AI language model, I cannot write a headline about the budget")
    assert codes(report) == ["CHATBOT_ARTIFACT"]
    finding = report.findings[0]
    assert finding.spans == () and "headline" in finding.message
    assert finding.evidence[0].data["field"] == "title"


def test_a_headline_quoting_a_chatbot_is_not_reported():
    report = run(BUDGET_STORY[1:], title="Why reviews saying \u201cAs an AI language model, I\u201d flood online shops")
    assert report.findings == []


PIECES = [
    "The council met on Tuesday.", "I'm sorry, but I can't fulfill that request", "[Insert name]",
    "\u201cAs an AI language model,\u201d", "Read more", "and the mayor said that the", "Photo:", "- item",
    "XXX", "the", ",", "\u2019", "TBD", "Regenerate response", ":",
]


@settings(max_examples=80, deadline=None)
@given(st.lists(st.lists(st.sampled_from(PIECES), min_size=1, max_size=12).map(" ".join), min_size=1, max_size=6))
def test_every_finding_points_inside_the_article(paragraphs):
    report = run(paragraphs)
    text = report.article.text
    for finding in report.findings:
        for span in finding.spans:
            assert 0 <= span.start < span.end <= len(text)
            assert report.article.paragraph_of(span.start) == report.article.paragraph_of(span.end - 1)
        assert finding.message.endswith(".") and finding.evidence


def test_a_generated_story_with_its_disclaimer_and_interface_text():
    report = run([
        "Local Bakery Wins National Award for Sourdough",
        "The Corner Loaf, a family-run bakery on Elm Street, was named the country's best sourdough "
        "maker at the National Bread Awards in Chicago on Saturday.",
        "Note: This article is a fictional news report created for illustrative purposes.",
        "Regenerate response",
    ])
    assert [(f.evidence[0].data["family"], f.severity) for f in report.findings] == [
        ("disclaimer", "error"),
        ("interface", "error"),
    ]


def test_british_single_quotes_count_as_quotation():
    report = run([
        "One reader's review said the kettle was 'great, but as an AI language model, I can't boil "
        "water', which the retailer's spokesman called embarrassing.",
    ])
    assert report.findings == []


def test_apostrophes_do_not_open_a_quotation():
    report = run(["The mayor's aide didn't check the draft: As an AI language model, I cannot take sides."])
    assert codes(report) == ["CHATBOT_ARTIFACT"]
