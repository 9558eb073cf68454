"""Tokens and sentences for the detector: fast regexes, offsets kept for sentence spans."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

WORD_RE = re.compile(r"[A-Za-z]+(?:['’][A-Za-z]+)?|\d+(?:[.,]\d+)*")
TOKEN_RE = re.compile(r"[A-Za-z]+(?:['’][A-Za-z]+)?|\d+(?:[.,]\d+)*|[^\w\s]")
# A sentence ends at . ! ? (plus closing quotes/brackets) followed by whitespace, or at a line break.
SENTENCE_END_RE = re.compile(r"(?<=[.!?])[\"'”’)\]]*\s+|\n+")


QUOTES = str.maketrans({"“": '"', "”": '"', "„": '"', "‘": "'", "’": "'", "–": "-", "—": "-"})
SPACE_BEFORE_PUNCT_RE = re.compile(r" (?=[,.;:!?)\]]|'[a-z]|n't\b)")


def normalise(text: str) -> str:
    """Text as the detector sees it: one space between words, straight quotes, no space before punctuation.

    Why: the train data's human texts are single paragraphs and partly tokenised ("word , word"),
    its machine texts are not; a detector that saw layout would learn the corpus, not the writer.
    """
    flat = " ".join(unicodedata.normalize("NFKC", text).translate(QUOTES).split())
    return SPACE_BEFORE_PUNCT_RE.sub("", flat)  # `flat` has single spaces: no backtracking


def words(text: str) -> list[str]:
    """Lower-cased word tokens (letters with inner apostrophes, or numbers)."""
    return [match.group().lower().replace("’", "'") for match in WORD_RE.finditer(text)]


@lru_cache(maxsize=16)
def tokens(text: str) -> tuple[str, ...]:
    """Lower-cased word and punctuation tokens.

    Cached: the n-gram tables, language models and linear scorers each read the same text's
    tokens.
    """
    return tuple(match.group().lower().replace("’", "'") for match in TOKEN_RE.finditer(text))


def sentence_offsets(text: str) -> list[tuple[int, int]]:
    """`(start, end)` of each non-blank sentence, stripped of surrounding whitespace."""
    offsets, start = [], 0
    for match in SENTENCE_END_RE.finditer(text):
        offsets.append((start, match.start()))
        start = match.end()
    offsets.append((start, len(text)))
    return [stripped for span in offsets if (stripped := _strip(text, *span))]


def _strip(text: str, start: int, end: int) -> tuple[int, int] | None:
    """Shrink `[start, end)` past whitespace; None if nothing is left."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return (start, end) if start < end else None
