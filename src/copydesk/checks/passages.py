"""Text-only checks on repetition: sentences repeated or near-repeated, and quotes that come
back with altered wording or a different speaker."""

from __future__ import annotations

import re
from difflib import SequenceMatcher
from collections import Counter
from itertools import combinations

from copydesk.checks.base import Check, entity_by_id, make_finding, paragraph_ref, span_evidence
from copydesk.model import Article, Report, Span

WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
SENTENCE_END = re.compile(r"(?:(?<=[.!?])|(?<=[.!?][\"”’)]))\s+(?=[\"“‘(]?[A-Z])")
# Titles and initials whose period does not end a sentence ("Sen. Warren", "U.S. Senate").
ABBREVIATION = re.compile(r"(?:\b(?:Sens?|Reps?|Gov|Govs|Mr|Mrs|Ms|Dr|St|Jr|Sr|Lt|Gen|Col|Rev|Hon)|\b[A-Z]|U\.S)\.$")

# A repeated sentence must be long enough to be more than a stock phrase.
MIN_SENTENCE_WORDS = 8
# Near-repeats: most words in the same order, or a long run of words shared verbatim.
SIMILAR_RATIO = 0.8
SHARED_RUN_WORDS = 12
SHARED_RUN_SHARE = 0.5
# Quotes: long enough to compare, alike enough to be one quote, not so alike as to be identical.
MIN_QUOTE_WORDS = 5
ALTERED_QUOTE_RATIO = 0.75


def words(text: str) -> list[str]:
    """Lower-case words with typographic apostrophes folded, punctuation dropped."""
    return WORD.findall(text.lower().replace("’", "'").replace("‘", "'"))


def sentences(article: Article) -> list[Span]:
    """The reader's sentences, or a plain split of each paragraph when there are none."""
    given = article.group("sentence")
    if given:
        return given
    found = []
    for paragraph in article.paragraphs:
        start = paragraph.start
        for cut in SENTENCE_END.finditer(article.quote(paragraph)):
            end = paragraph.start + cut.start()
            if not ABBREVIATION.search(article.text[start:end]):
                found.append(Span(start, end, "sentence"))
                start = paragraph.start + cut.end()
        found.append(Span(start, paragraph.end, "sentence"))
    return found


def near_repeat(first: list[str], second: list[str]) -> bool:
    """True when two word sequences are one passage with small changes."""
    matcher = SequenceMatcher(None, first, second, autojunk=False)
    if matcher.ratio() >= SIMILAR_RATIO:
        return True
    longest = max((block.size for block in matcher.get_matching_blocks()), default=0)
    return longest >= SHARED_RUN_WORDS and longest >= SHARED_RUN_SHARE * min(len(first), len(second))


def shingles(tokens: list[str], size: int = 3) -> set[tuple[str, ...]]:
    return {tuple(tokens[i : i + size]) for i in range(len(tokens) - size + 1)}


# Bounds that keep the search near-linear on hostile input (a page of one sentence repeated
# 50,000 times): a word triple shared by more sentences than this says nothing about which
# two are near-repeats, and each sentence is compared with at most this many candidates.
MAX_SHINGLE_POSTINGS = 50
MAX_COMPARISONS = 20


def repeated_groups(article: Article) -> list[list[Span]]:
    """Groups of sentences that repeat one another, each in text order."""
    candidates = [(s, words(article.quote(s))) for s in sentences(article)]
    candidates = [(s, w) for s, w in candidates if len(w) >= MIN_SENTENCE_WORDS]
    parent = list(range(len(candidates)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    # Verbatim repeats: one pass over a dictionary.
    first_of: dict[tuple[str, ...], int] = {}
    for index, (_, tokens) in enumerate(candidates):
        parent[index] = first_of.setdefault(tuple(tokens), index)
    distinct = list(first_of.values())
    # Near-repeats: compare only sentences that share several word triples.
    for i, j in _near_repeat_pairs([candidates[k][1] for k in distinct]):
        a, b = distinct[i], distinct[j]
        if root(a) != root(b) and near_repeat(candidates[a][1], candidates[b][1]):
            parent[root(b)] = root(a)
    groups: dict[int, list[Span]] = {}
    for index, (span, _) in enumerate(candidates):
        groups.setdefault(root(index), []).append(span)
    return [sorted(g, key=lambda s: s.start) for g in groups.values() if len(g) > 1]


def _near_repeat_pairs(token_lists: list[list[str]]) -> list[tuple[int, int]]:
    """Index pairs (i < j) sharing at least three word triples, through an inverted index."""
    postings: dict[tuple[str, ...], list[int]] = {}
    grams = [shingles(tokens) for tokens in token_lists]
    for index, gram_set in enumerate(grams):
        for gram in gram_set:
            postings.setdefault(gram, []).append(index)
    pairs = []
    for index, gram_set in enumerate(grams):
        shared: Counter[int] = Counter()
        for gram in gram_set:
            others = postings[gram]
            if len(others) <= MAX_SHINGLE_POSTINGS:
                shared.update(other for other in others if other > index)
        pairs.extend((index, other) for other, count in shared.most_common(MAX_COMPARISONS) if count >= 3)
    return pairs


class RepeatedPassageCheck(Check):
    """REPEATED_PASSAGE: one sentence or passage twice or more, verbatim or lightly reworded."""

    name = "repeated_passage"
    codes = ("REPEATED_PASSAGE",)
    requires = ("spans:sentence",)

    def check(self, report: Report) -> None:
        article = report.article
        for group in repeated_groups(article):
            places = ", ".join(paragraph_ref(article, s) for s in group)
            identical = len({" ".join(words(article.quote(s))) for s in group}) == 1
            how = "word for word" if identical else "with small changes"
            message = f"The same sentence appears {len(group)} times {how} ({places})."
            evidence = tuple(span_evidence(article, s, "first written at") for s in group[:1])
            report.findings.append(make_finding("REPEATED_PASSAGE", message, group[1:], evidence=evidence))


class QuoteConflictCheck(Check):
    """QUOTE_CONFLICT: a quote repeated with altered wording, or given to a different speaker."""

    name = "quote_conflict"
    codes = ("QUOTE_CONFLICT",)
    requires = ("spans:quote", "entities")

    def check(self, report: Report) -> None:
        article = report.article
        quotes = [(q, words(article.quote(q))) for q in article.group("quote")]
        quotes = [(q, w) for q, w in quotes if len(w) >= MIN_QUOTE_WORDS]
        for (first, a), (second, b) in combinations(quotes, 2):
            if first.overlaps(second):
                continue
            problem = quote_problem(article, first, a, second, b)
            if problem:
                report.findings.append(
                    make_finding(
                        "QUOTE_CONFLICT",
                        problem,
                        (second,),
                        entity=second.attrs.get("speaker"),
                        evidence=(span_evidence(article, first, "the other version:"),),
                    )
                )


def quote_problem(article: Article, first: Span, a: list[str], second: Span, b: list[str]) -> str | None:
    """Why two quotes conflict, in one sentence, or None when they do not."""
    joined_a, joined_b = " ".join(a), " ".join(b)
    ratio = SequenceMatcher(None, a, b, autojunk=False).ratio()
    if ratio < ALTERED_QUOTE_RATIO:
        return None
    speakers = [speaker_name(article, q) for q in (first, second)]
    if all(speakers) and speakers[0] != speakers[1]:
        return (
            f"The quote in {paragraph_ref(article, second)} is given to {speakers[1]}, but the same words are "
            f"{speakers[0]}'s in {paragraph_ref(article, first)}."
        )
    if joined_a == joined_b or joined_a in joined_b or joined_b in joined_a:
        return None
    return f"The quote in {paragraph_ref(article, second)} repeats the one in {paragraph_ref(article, first)} with different wording."


def speaker_name(article: Article, quote: Span) -> str | None:
    """The person a quote is attributed to, when it is a person the reader identified."""
    if quote.attrs.get("speaker_kind") != "person":
        return None
    entity = entity_by_id(article, quote.attrs.get("speaker"))
    return entity.name if entity else None
