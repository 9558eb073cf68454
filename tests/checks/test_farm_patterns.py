"""Every pattern in farm_patterns.yaml fires on its own example, and the loader refuses unsafe ones."""

from __future__ import annotations

import time
from importlib import resources

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from copydesk.checks.codes import CATALOGUE
from copydesk.checks.farm import FarmSignalsStage, PatternFileError, load_patterns
from copydesk.errors import InputError
from copydesk.model import Article, Report

PATTERNS = load_patterns()
EXPECTED_FAMILIES = {
    "refusal", "disclaimer", "self_reference", "assistant_preamble", "assistant_signoff",
    "prompt_echo", "knowledge_cutoff", "interface", "placeholder",
}


def run_stage(*paragraphs: str) -> Report:
    report = Report(article=Article.from_paragraphs(list(paragraphs)), source={})
    FarmSignalsStage()(report)
    return report


def pattern_findings(report: Report, pattern_id: str) -> list:
    return [f for f in report.findings if f.evidence and f.evidence[0].data.get("pattern") == pattern_id]


def test_every_family_is_present_with_a_catalogued_code():
    assert {p.family for p in PATTERNS.patterns} == EXPECTED_FAMILIES
    assert {p.code for p in PATTERNS.patterns} <= set(CATALOGUE)


def test_chatbot_families_default_to_error_and_placeholders_to_warning():
    data = yaml.safe_load(resources.files("copydesk.checks").joinpath("farm_patterns.yaml").read_text())
    for name, family in data["families"].items():
        assert family["severity"] == ("error" if family["code"] == "CHATBOT_ARTIFACT" else "warning"), name
    # Phrases a human advice columnist also writes are downgraded, never upgraded.
    assert {p.severity for p in PATTERNS.patterns if p.code == "PLACEHOLDER_TEXT"} == {"warning"}


@pytest.mark.parametrize("pattern", PATTERNS.patterns, ids=[p.key for p in PATTERNS.patterns])
def test_example_fires_with_code_and_span(pattern):
    lead = "The county board met on Monday evening to discuss the budget."
    report = run_stage(lead, pattern.example)
    hits = pattern_findings(report, pattern.id)
    assert hits, f"{pattern.key} did not fire on its example"
    finding = hits[0]
    assert finding.code == pattern.code
    assert finding.severity == pattern.severity
    span = finding.spans[0]
    second_paragraph = report.article.paragraphs[1]
    assert second_paragraph.start <= span.start < span.end <= second_paragraph.end
    matched = report.article.text[span.start : span.end]
    assert matched == matched.strip() and matched in pattern.example
    assert pattern.key in finding.evidence[0].text


@pytest.mark.parametrize(
    "pattern",
    [p for p in PATTERNS.patterns if p.counterexample],
    ids=[p.key for p in PATTERNS.patterns if p.counterexample],
)
def test_counterexample_does_not_fire(pattern):
    assert not pattern_findings(run_stage(pattern.counterexample), pattern.id)


def test_curly_apostrophes_match_like_straight_ones():
    report = run_stage("I\u2019m sorry, but I can\u2019t fulfill that request about the senator.")
    assert [f.code for f in report.findings] == ["CHATBOT_ARTIFACT"]


def write_patterns(tmp_path, regex: str, **extra: str):
    lines = [
        "version: 1", "families:", "  refusal:", "    code: CHATBOT_ARTIFACT", "    severity: error",
        "    message: A refusal", "    patterns:", "      - id: probe", f"        regex: '{regex}'",
        "        example: probe",
    ] + [f"        {key}: {value}" for key, value in extra.items()]
    path = tmp_path / "patterns.yaml"
    path.write_text("\n".join(lines) + "\n")
    return path


@pytest.mark.parametrize("regex", ["a+b", "(?:ab)*", "x{2,}", "[a-z]+"])
def test_unbounded_repetition_is_refused(tmp_path, regex):
    with pytest.raises(PatternFileError, match="unbounded repetition"):
        load_patterns(write_patterns(tmp_path, regex))


def test_capturing_groups_are_refused(tmp_path):
    with pytest.raises(PatternFileError, match="capturing"):
        load_patterns(write_patterns(tmp_path, "(probe)"))


def test_bounded_repetition_and_literal_plus_in_a_class_are_allowed(tmp_path):
    patterns = load_patterns(write_patterns(tmp_path, "pro[+]{0,1}be{1,3}"))
    assert [m.pattern.id for m in patterns.find("a probe here")] == ["probe"]


def test_unknown_code_names_the_file(tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text("families:\n  x:\n    code: NOPE\n    severity: error\n    message: m\n    patterns: []\n")
    with pytest.raises(PatternFileError, match="bad.yaml.*NOPE"):
        load_patterns(path)


def test_missing_and_malformed_files_are_input_errors(tmp_path):
    with pytest.raises(InputError, match="cannot read"):
        load_patterns(tmp_path / "absent.yaml")
    broken = tmp_path / "broken.yaml"
    broken.write_text("families: [unclosed\n")
    with pytest.raises(InputError, match="not valid YAML"):
        load_patterns(broken)


HOSTILE = [
    "As an AI " * 5_000,
    "[Insert " * 5_000,
    "I'm sorry, but I " * 3_000,
    " " * 50_000 + "x",
    "{{" * 20_000,
    "Rewrite this article " * 3_000 + "\n",
    "a" * 100_000,
    ("as of my " + " " * 2) * 5_000,
]


@pytest.mark.parametrize("text", HOSTILE, ids=[t[:12] for t in HOSTILE])
def test_combined_pattern_set_is_fast_on_hostile_input(text):
    started = time.perf_counter()
    list(PATTERNS.find(text))
    # A backtracking blow-up on ~100 kB takes minutes; linear scanning takes milliseconds.
    assert time.perf_counter() - started < 2.0


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("As an AI I'm sorry [Insert]{}<>\"'\u201c\u2019.,!?\n")), max_size=400))
def test_spans_always_lie_inside_the_text(text):
    for match in PATTERNS.find(text):
        assert 0 <= match.start < match.end <= len(text)
        assert text[match.start : match.end].strip() == text[match.start : match.end]


def test_every_pattern_has_a_prefilter_trigger():
    # A pattern without one runs over the whole of every text and slows the stage tenfold.
    assert all(PATTERNS.triggers), [p.key for p, t in zip(PATTERNS.patterns, PATTERNS.triggers) if not t]


def brute_force(text: str) -> list[tuple[str, int, int]]:
    """Every pattern run over the whole text, no prefilter: what `find` must reproduce."""
    from copydesk.checks.farm import plain_text

    plain = plain_text(text)
    found = sorted((m.start(), i, m.end()) for i, r in enumerate(PATTERNS.compiled) for m in r.finditer(plain))
    kept, covered_to = [], -1
    for start, index, end in found:
        if start >= covered_to:
            kept.append(PATTERNS.patterns[index].key)
            covered_to = end
    return kept


FRAGMENTS = [p.example for p in PATTERNS.patterns] + [
    "The mayor said on Tuesday that", "\n\n", " ", "\u2019", "\u201c", "said ", "As an AI ", "[", "]",
]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(FRAGMENTS), min_size=1, max_size=8))
def test_prefilter_finds_exactly_what_running_every_pattern_finds(pieces):
    text = " ".join(pieces)
    assert [m.pattern.key for m in PATTERNS.find(text)] == brute_force(text)


@pytest.mark.parametrize(
    "regex, required",
    [
        ("(?-i:T(?:BD|BA))", {frozenset({"tbd", "tba"})}),
        ("[$] ?X{2,6}", {frozenset({"xx"})}),
        ("sorry(?:, but)? I", {frozenset({"sorry"})}),
        ("(?:please )?rewrite", {frozenset({"rewrite"})}),
        ("a|\\w", set()),  # one branch requires no literal, so the alternation requires none
    ],
)
def test_required_literals_are_what_every_match_must_contain(regex, required):
    from copydesk.checks.farm import required_literals

    assert set(required_literals(regex)) >= required
    assert required or required_literals(regex) == []


def test_a_pattern_without_literals_is_searched_everywhere(tmp_path):
    patterns = load_patterns(write_patterns(tmp_path, "[0-9]{3}"))
    assert patterns.triggers == [frozenset()]
    text = "word " * 2_000 + "code 123"
    assert [(m.start, m.end) for m in patterns.find(text)] == [(len(text) - 3, len(text))]


def test_letters_that_lengthen_when_lowered_do_not_shift_matches():
    text = "\u0130stanbul " * 50 + "I'm sorry, but I can't fulfill that request."
    [match] = PATTERNS.find(text)
    assert text[match.start : match.end] == "I'm sorry, but I can't fulfill that request"
