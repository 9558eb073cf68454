"""Person-name mentions: spaCy's PERSON entities, cleaned, plus rule layers for what it misses.

Layers, in order of trust: names right after a title ("Sen. Warren"), spaCy PERSON entities,
names after a role noun or a possessive ("CNN's Christiane Amanpour"), officeholder names the
knowledge base knows, and finally every other occurrence of a surname already found in the
article ("Khanna" after "Ro Khanna"). Each mention is the name as written, without its title.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from copydesk.read.lexicon import (
    LEADING_NOISE,
    NOT_NAME_WORDS,
    ORG_WORDS,
    ROLE_NOUNS,
    TITLE_OFFICES,
)

UPPER = "A-ZÀ-ÖØ-Þ"
LOWER = "a-zß-öø-ÿ"
# One name word: "Khanna", "McConnell", "O'Rourke", "Ocasio-Cortez", an initial "E.", or a suffix.
NAME_WORD = (
    rf"(?:[{UPPER}][{UPPER}{LOWER}]{{0,20}}(?:['’\-][{UPPER}][{UPPER}{LOWER}]{{0,20}})?[{LOWER}]"
    rf"|[{UPPER}]\.|Jr\.|Sr\.|II|III|IV)"
)
NAME_RUN = rf"{NAME_WORD}(?:[ \u00a0]{NAME_WORD}){{0,4}}"
NAME_RUN_RE = re.compile(rf"(?<![\w.’'\-]){NAME_RUN}")
POSSESSIVE_RE = re.compile(r"['’]s?$")
PARTICLES = {"de", "van", "von", "del", "della", "da", "di", "la", "le", "bin", "al"}
SUFFIXES = {"jr.", "sr.", "ii", "iii", "iv", "jr", "sr"}


@dataclass(slots=True)
class Mention:
    """A person-name mention while the stage works; `entity` is filled by clustering."""

    start: int
    end: int
    text: str
    source: str  # "title", "ner", "role", "possessive", "kb", "surname", "list"
    entity: int | None = None

    @property
    def words(self) -> list[str]:
        return self.text.split()

    @property
    def surname(self) -> str:
        """The last word that is not a suffix or an initial."""
        words = [w for w in self.words if w.lower() not in SUFFIXES and not w.endswith(".")]
        return words[-1] if words else self.text


def _title_alternation() -> str:
    forms = sorted(TITLE_OFFICES, key=len, reverse=True)
    return "|".join(re.escape(form).replace(r"\ ", r"\s{1,3}") for form in forms)


TITLE_ALT = _title_alternation()
LEADING_TITLE_RE = re.compile(
    rf"^(?:(?:Mr|Mrs|Ms|Dr|Gen|Lt|Col|Adm|Rev|Sgt|Capt)\.?\s{{1,3}}|(?i:(?:former|then-?|ex-)\s{{0,3}})?"
    rf"(?i:{TITLE_ALT})\.?(?:-elect)?\s{{1,3}})+"
)
ROLE_NAME_RE = re.compile(rf"\b(?:{'|'.join(ROLE_NOUNS)})s?\s{{1,3}}({NAME_RUN})")
POSSESSIVE_NAME_RE = re.compile(rf"[{UPPER}][\w.&]{{0,30}}['’]s\s{{1,3}}({NAME_RUN})")


def clean_name(text: str, start: int, end: int) -> tuple[int, int] | None:
    """Trim a candidate name range to the name itself, or None when it is not a name."""
    raw = text[start:end]
    if "\n" in raw or any(ch.isdigit() for ch in raw):
        return None
    start = _skip_leading(text, start, end)
    raw = text[start:end]
    possessive = POSSESSIVE_RE.search(raw)
    if possessive and len(raw) - possessive.start() <= 2:
        end -= len(raw) - possessive.start()
    while end > start and text[end - 1] in " ,;:-–—\u00a0":
        end -= 1
    words = text[start:end].split()
    while words and words[-1].lower().strip(".") in NOT_NAME_WORDS:
        end = start + text[start:end].rstrip().rfind(words[-1])
        end = len(text[:end].rstrip())
        words.pop()
    if not words or not looks_like_name(words):
        return None
    return start, end


LEADING_WORD_RE = re.compile(r"(\S{1,30})\s{1,3}")


def _skip_leading(text: str, start: int, end: int) -> int:
    """Move past titles and sentence-initial words before a name ("Thanks Senator Cardin")."""
    while True:
        window = text[start:end]
        lead = LEADING_TITLE_RE.match(window)
        if not lead:
            word = LEADING_WORD_RE.match(window)
            lead = word if word and word.group(1).lower().strip(".,") in LEADING_NOISE else None
        if not lead:
            return start
        start += lead.end()


def looks_like_name(words: list[str]) -> bool:
    """Capitalised words, not all function words, and not ending in an organisation word."""
    if not all(w[0].isupper() or w.lower() in PARTICLES for w in words):
        return False
    if all(w.lower().strip(".") in NOT_NAME_WORDS for w in words):
        return False
    if words[-1].lower().strip(".") in ORG_WORDS:
        return False
    return len(words) > 1 or len(words[0]) > 1


def from_entities(text: str, entities: Iterable[tuple[int, int, str]]) -> list[Mention]:
    """spaCy PERSON entities, trimmed of titles and possessives."""
    mentions = []
    for start, end, label in entities:
        if label != "PERSON":
            continue
        cleaned = clean_name(text, start, end)
        if cleaned:
            mentions.append(Mention(*cleaned, text[cleaned[0]:cleaned[1]], "ner"))
    return mentions


def from_pattern(text: str, pattern: re.Pattern, source: str, min_words: int = 2) -> list[Mention]:
    """Names captured by group 1 of `pattern` ("adviser Colin Kahl", "CNN's Christiane Amanpour")."""
    mentions = []
    for match in pattern.finditer(text):
        cleaned = clean_name(text, match.start(1), match.end(1))
        if not cleaned or cleaned[0] != match.start(1):
            continue  # the run opened with a non-name word ("the House's South Lawn")
        if len(text[cleaned[0]:cleaned[1]].split()) >= min_words:
            mentions.append(Mention(*cleaned, text[cleaned[0]:cleaned[1]], source))
    return mentions


def name_at(text: str, position: int) -> Mention | None:
    """The name run starting exactly at `position`, cleaned, or None."""
    match = NAME_RUN_RE.match(text, position)
    if not match:
        return None
    cleaned = clean_name(text, match.start(), match.end())
    if not cleaned or cleaned[0] != position:
        return None
    return Mention(*cleaned, text[cleaned[0]:cleaned[1]], "title")


CAPITAL_WORD_RE = re.compile(rf"(?<![\w’'\-.])[{UPPER}][\w\-]{{0,30}}")
RUN_BEFORE_RE = re.compile(rf"[{UPPER}][\w.]{{0,30}}[ \u00a0]$")
TITLE_ENDS_RE = re.compile(rf"(?i:{TITLE_ALT})\.?[ \u00a0]$")


def surname_mentions(text: str, mentions: list[Mention]) -> list[Mention]:
    """Every other standalone occurrence of a surname already found ("Khanna", "Khanna's")."""
    surnames = {m.surname for m in mentions if len(m.words) > 1 and len(m.surname) > 2}
    surnames |= {m.text for m in mentions if m.source == "title" and len(m.words) == 1}
    found = []
    for match in CAPITAL_WORD_RE.finditer(text):
        if match.group() not in surnames:
            continue
        after = text[match.end():match.end() + 3]
        if re.match(rf"[ \u00a0][{UPPER}][{LOWER}]", after):
            continue  # followed by another name word: a different, longer name
        before = text[max(0, match.start() - 20):match.start()]
        if RUN_BEFORE_RE.search(before) and not TITLE_ENDS_RE.search(before):
            continue  # part of a longer capitalised run ("Elizabeth Warren" is found whole)
        found.append(Mention(match.start(), match.end(), match.group(), "surname"))
    return found


def supported(text: str, mentions: list[Mention], is_surname: Callable[[str], bool]) -> list[Mention]:
    """Drop one-word model guesses nothing else supports ("Reduce", "Aleppo").

    A single word stays when a longer mention in the article ends with it, a title or another
    rule found it, or the knowledge base knows it as a surname.
    """
    surnames = {m.surname for m in mentions if len(m.words) > 1}
    return [m for m in mentions
            if len(m.words) > 1 or m.source != "ner" or m.text in surnames or is_surname(m.text)]


def join_adjacent(text: str, mentions: list[Mention], is_known: Callable[[str], bool]) -> list[Mention]:
    """Join mentions one space apart into the name the KB knows (the model splits some long names)."""
    joined: list[Mention] = []
    for mention in mentions:
        previous = joined[-1] if joined else None
        if (previous and text[previous.end:mention.start] == " "
                and is_known(text[previous.start:mention.end])):
            joined[-1] = Mention(previous.start, mention.end, text[previous.start:mention.end], previous.source)
        else:
            joined.append(mention)
    return joined


def merge(text_length: int, layers: Iterable[list[Mention]]) -> list[Mention]:
    """Union of mention layers: earlier layers win overlaps; result sorted by offset."""
    covered = bytearray(text_length)
    taken: list[Mention] = []
    for layer in layers:
        for mention in layer:
            if not any(covered[mention.start:mention.end]):
                taken.append(mention)
                covered[mention.start:mention.end] = b"\x01" * (mention.end - mention.start)
    return sorted(taken, key=lambda m: m.start)


def title_names(text: str) -> list[Mention]:
    """The name right after every title word ("Sen. Warren", "President of the United States X")."""
    found = []
    for match in TITLE_THEN_SPACE_RE.finditer(text):
        mention = name_at(text, match.end())
        if mention:
            found.append(mention)
    return found


TITLE_THEN_SPACE_RE = re.compile(
    rf"(?<![\w’'])(?:{TITLE_ALT})\.?(?:[\-‐]elect)?(?:\s{{1,3}}of\s{{1,3}}the\s{{1,3}}United\s{{1,3}}States)?[ \u00a0]{{1,3}}(?=[{UPPER}])",
    re.IGNORECASE,
)
WORD_RE = re.compile(r"\S+")


def known_name_mentions(text: str, taken: list[Mention], is_known: Callable[[str], bool]) -> list[Mention]:
    """Capitalised runs (or parts of them) not yet taken that the knowledge base knows as names.

    Args:
        text: the article text.
        taken: mentions already found; their ranges are not looked up again.
        is_known: whether a two-to-four-word string is a name the KB holds.
    """
    covered = bytearray(len(text))
    for mention in taken:
        covered[mention.start:mention.end] = b"\x01" * (mention.end - mention.start)
    found = []
    for run in NAME_RUN_RE.finditer(text):
        if any(covered[run.start():run.end()]):
            continue
        words = [(w.start() + run.start(), w.end() + run.start()) for w in WORD_RE.finditer(run.group())]
        found.extend(_known_subruns(text, words, is_known))
    return found


def _known_subruns(text: str, words: list[tuple[int, int]], is_known: Callable[[str], bool]) -> list[Mention]:
    """The longest known names inside one capitalised run, left to right."""
    found, index = [], 0
    while index < len(words) - 1:
        for size in (4, 3, 2):
            if index + size > len(words):
                continue
            start, end = words[index][0], words[index + size - 1][1]
            cleaned = clean_name(text, start, end)
            if cleaned and cleaned == (start, end) and is_known(text[start:end]):
                found.append(Mention(start, end, text[start:end], "kb"))
                index += size - 1
                break
        index += 1
    return found
