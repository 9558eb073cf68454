"""Checks that need only the text: duplicates, counts, participants, repeats, quotes, name variants."""

from __future__ import annotations

from dataclasses import replace

from checks_fixtures import ArticleBuilder, codes, run

from copydesk.checks import (
    CountCheck,
    DuplicateInListCheck,
    NameVariantCheck,
    ParticipantCheck,
    QuoteConflictCheck,
    RepeatedPassageCheck,
)

SIGNERS = "Sens. Elizabeth Warren, Cory Booker, Amy Klobuchar and Corey Booker signed it."


def signers(text: str = SIGNERS, variant: bool = True) -> ArticleBuilder:
    b = ArticleBuilder(text)
    names = ["Elizabeth Warren", "Cory Booker", "Amy Klobuchar", text.split(" and ")[-1].split(" signed")[0]]
    ids = ["warren", "booker", "klobuchar", "booker" if variant else "other"]
    people = []
    for index, (name, kb_id) in enumerate(zip(names, ids)):
        attrs = {"variant_of": "Cory Booker", "distance": 1} if name == "Corey Booker" and variant else {}
        people.append(b.person(name, f"E{index}" if kb_id != "booker" else "E1", kb_id, **attrs))
    b.enumeration(people, "Elizabeth Warren", title="senator", event="sign", object="letter", trigger="signed")
    return b


def test_same_person_twice_in_a_list_however_spelled():
    report = run(signers().report(), DuplicateInListCheck())
    [finding] = report.findings
    assert finding.code == "DUPLICATE_IN_LIST" and finding.severity == "error"
    assert [report.article.quote(s) for s in finding.spans] == ["Cory Booker", "Corey Booker"]
    assert "“Cory Booker” and “Corey Booker”" in finding.message


def test_similar_surnames_of_different_people_are_not_duplicates():
    text = "Sens. Elizabeth Warren, Cory Booker, Amy Klobuchar and Tim Booker signed it."
    report = run(signers(text, variant=False).report(), DuplicateInListCheck())
    assert codes(report) == []
    assert report.verifications[0].kind == "list" and "4 names" in report.verifications[0].message


def test_name_spelled_unlike_the_record():
    report = run(signers().report(), NameVariantCheck())
    [finding] = report.findings
    assert finding.code == "NAME_VARIANT" and "the record spells it “Cory Booker”" in finding.message


def test_name_spelled_two_ways_in_one_article_without_the_record():
    b = ArticleBuilder("Rep. George Miller spoke. Later Geroge Miller left. Mark Udall and Tom Udall stayed.")
    for index, name in enumerate(["George Miller", "Geroge Miller", "Mark Udall", "Tom Udall"]):
        b.person(name, f"E{index}", None, status="unresolved")
    report = run(b.report(), NameVariantCheck())
    assert [report.article.quote(f.spans[0]) for f in report.findings] == ["Geroge Miller"]


def counted(number: str) -> ArticleBuilder:
    b = ArticleBuilder(f"The letter was sent by Ro Khanna, Ilhan Omar and Rashida Tlaib. The {number} "
                       "Democratic representatives signed it.")
    people = [b.person(n, f"E{i}", k) for i, (n, k) in
              enumerate([("Ro Khanna", "khanna"), ("Ilhan Omar", "omar"), ("Rashida Tlaib", "tlaib")])]
    b.enumeration(people, "Ro Khanna", event="send", object="letter", trigger="sent by")
    b.add("count", f"{number} Democratic representatives", value={"three": 3, "four": 4}[number],
          noun="representatives", office="representative", list=0)
    return b


def test_count_that_disagrees_with_its_list():
    report = run(counted("four").report(), CountCheck())
    [finding] = report.findings
    assert finding.code == "COUNT_MISMATCH" and "says 4" in finding.message and "names 3" in finding.message


def test_count_that_agrees_is_verified():
    report = run(counted("three").report(), CountCheck())
    assert codes(report) == [] and report.verifications[0].kind == "count"


def two_accounts(second_trigger: str, second_event: str) -> ArticleBuilder:
    b = ArticleBuilder(
        "This letter was sent to the president by Ro Khanna, Ilhan Omar and Rashida Tlaib.",
        f"The letter {second_trigger} Nancy Pelosi and Elizabeth Warren called for talks.",
    )
    first = [b.person(n, f"E{i}", k) for i, (n, k) in
             enumerate([("Ro Khanna", "khanna"), ("Ilhan Omar", "omar"), ("Rashida Tlaib", "tlaib")])]
    b.enumeration(first, "Ro Khanna", event="send", object="letter", trigger="sent … by")
    second = [b.person("Nancy Pelosi", "E5", "pelosi"), b.person("Elizabeth Warren", "E6", "warren")]
    b.enumeration(second, "Nancy Pelosi", event=second_event, object="letter", trigger=second_trigger)
    return b


def test_one_letter_sent_and_signed_by_disjoint_groups():
    report = run(two_accounts("signed by", "sign").report(), ParticipantCheck())
    [finding] = report.findings
    assert finding.code == "PARTICIPANT_CONFLICT" and "¶1" in finding.message and "¶2" in finding.message


def test_additional_signers_and_sponsors_are_not_a_conflict():
    assert codes(run(two_accounts("also signed by", "sign").report(), ParticipantCheck())) == []
    assert codes(run(two_accounts("cosponsored by", "cosponsor").report(), ParticipantCheck())) == []


REPEATED = (
    "The letter called on Biden to elevate diplomacy with Russia and try new ways to end the conflict.",
    "Khanna said he had spoken with the adviser about talks.",
    "The letter called for Biden to elevate diplomacy with Russia and to try new ways to end the conflict.",
)


def test_sentence_repeated_with_light_rewording():
    report = run(ArticleBuilder(*REPEATED).report(), RepeatedPassageCheck())
    [finding] = report.findings
    assert finding.code == "REPEATED_PASSAGE" and "2 times with small changes (¶1, ¶3)" in finding.message
    assert report.article.quote(finding.spans[0]).startswith("The letter called for Biden")


def test_sentences_on_one_topic_are_not_repeats():
    text = ("The letter called on Biden to elevate diplomacy with Russia and end the war.",
            "The senators asked the Pentagon to speed weapons deliveries to Ukraine this spring.",
            "The letter was retracted a day later after criticism from within the party.")
    assert codes(run(ArticleBuilder(*text).report(), RepeatedPassageCheck())) == []


def quoted(second_quote: str, second_speaker: str) -> ArticleBuilder:
    first_quote = "We did not anticipate that our call for negotiations would be misconstrued"
    b = ArticleBuilder(f"“{first_quote},” Khanna said.", f"“{second_quote},” {second_speaker} said.")
    khanna = b.person("Khanna", "E1", "khanna")
    speaker = khanna if second_speaker == "Khanna" else b.person(second_speaker, "E2", "omar")
    b.add("quote", first_quote, speaker="E1", speaker_kind="person", speaker_text="Khanna")
    nth = b.article.text.count(second_quote) - 1
    b.add("quote", second_quote, nth, speaker=speaker.attrs["entity"], speaker_kind="person", speaker_text=second_speaker)
    return b


def test_quote_with_altered_wording():
    report = run(quoted("We did not expect that our call for negotiations would be misconstrued", "Khanna").report(),
                 QuoteConflictCheck())
    assert codes(report) == ["QUOTE_CONFLICT"] and "different wording" in report.findings[0].message


def test_same_quote_given_to_another_speaker():
    report = run(quoted("We did not anticipate that our call for negotiations would be misconstrued", "Omar").report(),
                 QuoteConflictCheck())
    assert codes(report) == ["QUOTE_CONFLICT"] and "given to Omar" in report.findings[0].message


def test_quote_repeated_exactly_or_in_part_by_the_same_speaker_is_fine():
    same = quoted("We did not anticipate that our call for negotiations would be misconstrued", "Khanna")
    part = quoted("our call for negotiations would be misconstrued", "Khanna")
    assert codes(run(same.report(), QuoteConflictCheck())) == []
    assert codes(run(part.report(), QuoteConflictCheck())) == []


def test_plural_and_transliterated_names_are_not_misspellings(kb):
    b = ArticleBuilder("The Trumps met Volodymyr Zelensky and Corey Booker.")
    b.person("Trumps", "E1", "trump", variant_of="Trump", distance=1)
    b.person("Volodymyr Zelensky", "E2", "zelenskyy", variant_of="Volodymyr Zelenskyy", distance=1)
    b.person("Corey Booker", "E3", "booker", variant_of="Cory Booker", distance=1)
    kb.persons["zelenskyy"] = type(kb.persons["trump"])(id="zelenskyy", name="Volodymyr Zelenskyy", country="UA")
    report = run(b.report(), NameVariantCheck(kb))
    assert [report.article.quote(f.spans[0]) for f in report.findings] == ["Corey Booker"]


def test_sentences_are_split_from_paragraphs_when_the_reader_gave_none():
    from copydesk.checks.passages import sentences

    article = ArticleBuilder("Sen. Warren spoke first. “We will act,” she said. Then the vote began.").article
    assert [article.quote(s) for s in sentences(article)] == [
        "Sen. Warren spoke first.", "“We will act,” she said.", "Then the vote began."]


def test_large_or_approximate_counts_introduce_examples_not_enumerations():
    for phrase, value in (("dozen", 12), ("61", 61)):
        b = ArticleBuilder(f"The {phrase} House Democrats, including Ro Khanna and Ilhan Omar, signed it.")
        people = [b.person("Ro Khanna", "E1", "khanna"), b.person("Ilhan Omar", "E2", "omar")]
        b.enumeration(people, "Ro Khanna")
        b.add("count", f"{phrase} House Democrats", value=value, noun="Democrats", list=0)
        assert codes(run(b.report(), CountCheck())) == []


def test_in_article_variant_flags_the_spelling_unlike_the_record():
    b = ArticleBuilder("Rep. Hnery Cuellar spoke. Later Henry Cuellar left.")
    b.person("Hnery Cuellar", "E1", None, status="unresolved")
    b.person("Henry Cuellar", "E2", "cuellar")
    report = b.report()
    report.article.entities[1] = replace(report.article.entities[1], canonical_name="Henry Cuellar")
    run(report, NameVariantCheck())
    assert [report.article.quote(f.spans[0]) for f in report.findings] == ["Hnery Cuellar"]


def test_duplicate_in_a_run_of_names_the_reader_did_not_mark_as_a_list():
    b = ArticleBuilder("Signers: Congressman Joe Wilson (SC-2) Congressman Ted Yoho (FL-3) Congressman Joe Wilson (SC-2).")
    for nth in (0, 1):
        wilson = b.person("Joe Wilson", "E1", "wilson", nth=nth)
        b.title("Congressman", wilson, "representative", nth=2 * nth)
        b.tag("(SC-2)", wilson, nth=nth, state="SC", district="2")
    yoho = b.person("Ted Yoho", "E2", "yoho")
    b.title("Congressman", yoho, "representative", nth=1)
    b.tag("(FL-3)", yoho, state="FL", district="3")
    report = run(b.report(), DuplicateInListCheck())
    assert codes(report) == ["DUPLICATE_IN_LIST"]

    b = ArticleBuilder("Joe Wilson spoke first. Later, after the vote on the floor, Joe Wilson left.")
    b.person("Joe Wilson", "E1", "wilson")
    b.person("Joe Wilson", "E1", "wilson", nth=1)
    assert codes(run(b.report(), DuplicateInListCheck())) == []


def test_a_name_written_twice_in_a_row_is_not_a_list():
    b = ArticleBuilder("About John Hervey Wheeler John Hervey Wheeler. Photo courtesy of the library.")
    b.person("John Hervey Wheeler", "E1", None, status="unresolved")
    b.person("John Hervey Wheeler", "E1", None, nth=1, status="unresolved")
    assert codes(run(b.report(), DuplicateInListCheck())) == []


def test_a_repeat_is_found_past_an_of_that_a_later_name_completes():
    # The search for Wilson's repeat does not stop at the gap ", of " before Yoho: with Yoho
    # blanked out, "of … Texas" reads as a state, so the whole run is separators.
    b = ArticleBuilder("Signers: Joe Wilson, of Ted Yoho Texas, Joe Wilson and others.")
    b.person("Joe Wilson", "E1", "wilson")
    b.person("Ted Yoho", "E2", "yoho")
    b.person("Joe Wilson", "E1", "wilson", nth=1)
    assert codes(run(b.report(), DuplicateInListCheck())) == ["DUPLICATE_IN_LIST"]
