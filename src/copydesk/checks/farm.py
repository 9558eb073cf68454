"""Content-farm signals: chatbot leftovers, unfilled template slots and truncated text.

Sites that publish machine-written news at scale leave marks no newsroom leaves: a chatbot's
refusal or sign-off pasted into the story, "[Insert company name]", an answer cut off
mid-sentence. The phrase patterns live in `farm_patterns.yaml` (one family per kind of
leftover, each pattern with an id and an example). They are matched behind one Aho-Corasick
automaton of the literals each pattern requires (see `PatternSet`). The loader refuses
unbounded repetition, so every match attempt is bounded by the longest pattern and the scan is
linear in the text however hostile it is.

A match inside quotation marks (an article *about* chatbots quoting one) is not reported.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

# The regex parser is private API, stable since Python 3.11; the prefilter reads the parsed
# patterns to find the literals every match must contain.
from re import _constants as _sre  # type: ignore[attr-defined]
from re import _parser as _sre_parser  # type: ignore[attr-defined]
from typing import Any

import ahocorasick
import yaml

from copydesk.checks.codes import code as catalogue_code
from copydesk.errors import InputError
from copydesk.model import Article, Evidence, Finding, Report, Span

PATTERN_FILE = "farm_patterns.yaml"

# Curly quotes, apostrophes and odd spaces read as their plain forms; one char for one char,
# so offsets into the translated text are offsets into the article.
_PLAIN = {
    "\u2018": "'", "\u2019": "'", "\u02bc": "'", "\u2032": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u2033": '"',
    "\u00a0": " ", "\u2009": " ", "\u202f": " ", "\u2007": " ",
}


def plain_text(text: str) -> str:
    """`text` with curly quotes and odd spaces made plain, char for char (str.replace is fast)."""
    if text.isascii():
        return text
    for fancy, plain in _PLAIN.items():
        text = text.replace(fancy, plain)
    return text


# A space in a pattern: up to three whitespace characters, at most one line break, so that no
# phrase is matched across a paragraph break ("\n\n").
_SPACE = r"(?:[^\S\n]{1,3}|[^\S\n]{0,2}\n[^\S\n]{0,2})"
_FLAGS = re.IGNORECASE | re.MULTILINE
_LOOKAROUND_MARGIN = 64  # characters past a window for lookaheads and `$`
_UNBOUNDED_BRACE = re.compile(r"\{\d*,\}")
# Prefilter tuning: how common a literal is (see `rarest_group`), and how many strings a run of
# alternated literals may expand to before it stops growing.
_EVERYWHERE = 1e9
_SHORT_LITERAL_FLOOR = {2: 1e7, 3: 1e5}
_MAX_RUN_STRINGS = 64


class PatternFileError(InputError):
    """The content-farm pattern file is missing, malformed, or holds an unsafe pattern."""

    code = "BAD_PATTERN_FILE"


@dataclass(frozen=True, slots=True)
class FarmPattern:
    """One phrase pattern from the data file."""

    family: str
    id: str
    code: str
    severity: str
    message: str  # the family's message: "A chatbot's refusal was left in the text"
    regex: str  # as written in the file
    example: str
    counterexample: str | None = None

    @property
    def key(self) -> str:
        return f"{self.family}/{self.id}"


@dataclass(frozen=True, slots=True)
class PatternMatch:
    pattern: FarmPattern
    start: int
    end: int


class PatternSet:
    """The patterns of one file behind one Aho-Corasick automaton of required literals.

    Running dozens of case-insensitive regexes over every character is slow (about 0.3 MB/s in
    CPython) and almost all text contains none of them. Every match of a pattern must contain
    one string of its `trigger` (the rarest group of literals the parsed regex requires, as
    RE2's prefilter works them out). `find` runs one automaton over the lower-cased text, then
    only the regexes whose trigger occurred; each regex is bounded, so the scan stays linear.
    """

    def __init__(self, patterns: list[FarmPattern], *, version: str, source: str):
        self.patterns = patterns
        self.version = version
        self.source = source
        expanded = [_expand_spaces(p.regex) for p in patterns]
        self.compiled = [re.compile(regex, _FLAGS) for regex in expanded]
        self.widths = [_sre_parser.parse(regex, _FLAGS).getwidth()[1] for regex in expanded]
        self.triggers = [rarest_group(required_literals(regex)) for regex in expanded]
        self._automaton = ahocorasick.Automaton()
        by_literal: dict[str, list[int]] = {}
        for index, trigger in enumerate(self.triggers):
            for literal in trigger:
                by_literal.setdefault(literal, []).append(index)
        for literal, indices in by_literal.items():
            self._automaton.add_word(literal, (len(literal), tuple(indices)))
        self._automaton.make_automaton()  # stays empty (not iterable) when no pattern has a literal

    def find(self, text: str) -> list[PatternMatch]:
        """Every pattern match in `text`, leftmost first; a match overlapping an earlier one is dropped."""
        plain = plain_text(text)
        whole = (0, len(plain))
        windows: dict[int, list[tuple[int, int]]] = {
            index: [whole] for index, trigger in enumerate(self.triggers) if not trigger
        }
        lowered = plain.lower()
        aligned = len(lowered) == len(plain)  # lower() lengthens a few letters ("İ"); then search everywhere
        trigger_hits = self._automaton.iter(lowered) if self._automaton.kind == ahocorasick.AHOCORASICK else ()
        for last, (length, indices) in trigger_hits:
            for index in indices:
                window = self._window(index, last + 1 - length, last + 1, len(plain)) if aligned else whole
                windows.setdefault(index, []).append(window)
        found = sorted(
            (start, index, end)
            for index, near in windows.items()
            for start, end in self._matches_in(index, plain, near)
        )
        matches, covered_to = [], -1
        for start, index, end in found:
            if start >= covered_to:
                matches.append(PatternMatch(self.patterns[index], *_trim(text, start, end)))
                covered_to = end
        return matches

    def _window(self, index: int, start: int, end: int, length: int) -> tuple[int, int]:
        """Where a match of pattern `index` containing the trigger hit `[start, end)` can lie."""
        width = self.widths[index]
        return max(0, end - width), min(length, start + width + _LOOKAROUND_MARGIN)

    def _matches_in(self, index: int, plain: str, windows: list[tuple[int, int]]) -> Iterator[tuple[int, int]]:
        """Matches of pattern `index` inside `windows`, each confirmed on the whole text."""
        regex = self.compiled[index]
        reached = 0
        for low, high in _merge(windows):
            position = max(low, reached)
            while (candidate := regex.search(plain, position, high)) is not None:
                # Re-match on the whole string: a window's end could fake `$` or cut a lookahead.
                real = regex.match(plain, candidate.start())
                if real:
                    yield real.start(), real.end()
                    reached = real.end()
                position = max(candidate.start() + 1, reached)


def _merge(windows: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Overlapping `(low, high)` windows joined, in order."""
    merged: list[tuple[int, int]] = []
    for low, high in sorted(windows):
        if merged and low <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], high))
        else:
            merged.append((low, high))
    return merged


def required_literals(regex: str) -> list[frozenset[str]]:
    """Groups of lower-cased strings such that every match of `regex` contains one string of each group."""
    try:
        parsed = _sre_parser.parse(regex, _FLAGS)
    except re.error:
        return []
    return _required_in_sequence(list(parsed))


def rarest_group(groups: list[frozenset[str]]) -> frozenset[str]:
    """The group least likely to occur in ordinary English (empty when every group is everywhere)."""
    usable = [group for group in groups if _group_commonness(group) < _EVERYWHERE]
    return min(usable, key=_group_commonness, default=frozenset())


def _group_commonness(group: frozenset[str]) -> float:
    """How often some string of the group turns up in English text (higher: more often)."""
    return sum(_literal_commonness(literal) for literal in group)


@lru_cache(maxsize=4096)
def _literal_commonness(literal: str) -> float:
    from wordfreq import zipf_frequency

    if not any(char.isalpha() for char in literal):
        # Punctuation: a lone ":" or "!" is about as common as "said"; "{{" is rare.
        return 1e6 if len(literal) == 1 else 1e3
    if len(literal) == 1:
        return _EVERYWHERE
    # Word frequency, plus a floor for short strings that hide inside other words ("ai" in "said").
    return 10.0 ** zipf_frequency(literal, "en") + _SHORT_LITERAL_FLOOR.get(len(literal), 0.0)


def _required_in_sequence(items: list) -> list[frozenset[str]]:
    """Every requirement of a sequence: its literal runs and the requirements of its required parts.

    A run grows through literals and through alternations of literals ("t(?:bd|ba)" gives
    {"tbd", "tba"}), so triggers stay as long, and as rare, as the pattern allows.
    """
    groups: list[frozenset[str]] = []
    run: frozenset[str] = frozenset({""})
    for op, arg in items:
        exact = _exact_strings([(op, arg)])
        if exact is not None and len(run) * len(exact) <= _MAX_RUN_STRINGS:
            run = frozenset(prefix + option for prefix in run for option in exact)
            continue
        if run != {""}:
            groups.append(run)
        run = frozenset({""}) if exact is None else exact
        if op is _sre.SUBPATTERN:
            groups += _required_in_sequence(list(arg[-1]))
        elif op is _sre.BRANCH:
            groups += _required_in_branches(arg[1])
        elif op in (_sre.MAX_REPEAT, _sre.MIN_REPEAT) and arg[0] >= 1:
            body = _exact_strings(list(arg[2]))
            if body is not None and len(body) == 1:  # "X{2,6}" requires "xx"
                groups.append(frozenset({next(iter(body)) * arg[0]}))
            else:
                groups += _required_in_sequence(list(arg[2]))
    if run != {""}:
        groups.append(run)
    return [group for group in groups if all(group)]


def _exact_strings(items: list) -> frozenset[str] | None:
    """The few strings a sequence of literals, fixed repeats and alternations matches, else None."""
    strings = frozenset({""})
    for op, arg in items:
        if op is _sre.LITERAL:
            options = frozenset({chr(arg).lower()})
        elif op is _sre.SUBPATTERN:
            options = _exact_strings(list(arg[-1]))
        elif op is _sre.BRANCH:
            branches = [_exact_strings(list(branch)) for branch in arg[1]]
            options = None if None in branches else frozenset().union(*branches)
        elif op is _sre.IN and all(kind is _sre.LITERAL for kind, _ in arg):
            options = frozenset(chr(code).lower() for _, code in arg)  # "T(?:BD|BA)" parses as "TB[DA]"
        elif op is _sre.MAX_REPEAT and arg[0] == arg[1]:
            body = _exact_strings(list(arg[2]))
            options = None if body is None or len(body) != 1 else frozenset({next(iter(body)) * arg[0]})
        else:
            return None
        if options is None or len(strings) * len(options) > _MAX_RUN_STRINGS:
            return None
        strings = frozenset(prefix + option for prefix in strings for option in options)
    return strings


def _required_in_branches(branches: list) -> list[frozenset[str]]:
    """One group for an alternation: the rarest requirement of each branch, pooled."""
    pooled: set[str] = set()
    for branch in branches:
        options = _required_in_sequence(list(branch))
        if not options:
            return []  # a branch that requires nothing makes the whole alternation optional
        pooled |= min(options, key=_group_commonness)
    return [frozenset(pooled)]


def load_patterns(path: str | Path | None = None) -> PatternSet:
    """Load and compile a pattern file (the packaged one by default).

    Args:
        path: a YAML file in the format of the packaged `farm_patterns.yaml`.

    Returns:
        The compiled `PatternSet`.

    Raises:
        PatternFileError: the file cannot be read, or a pattern is malformed or unsafe.
    """
    if path is None:
        return _packaged_patterns()
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        raise PatternFileError(f"cannot read the pattern file ({err.__class__.__name__})", source=str(path)) from None
    return _load(text, str(path))


@lru_cache(maxsize=1)
def _packaged_patterns() -> PatternSet:
    text = resources.files("copydesk.checks").joinpath(PATTERN_FILE).read_text(encoding="utf-8")
    return _load(text, PATTERN_FILE)


def _load(text: str, source: str) -> PatternSet:
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as err:
        raise PatternFileError(f"not valid YAML ({err})", source=source) from None
    if not isinstance(data, dict) or not isinstance(data.get("families"), dict):
        raise PatternFileError("expected a mapping with a 'families' mapping", source=source)
    patterns = [
        _parse_pattern(family, spec, entry, source)
        for family, spec in data["families"].items()
        for entry in _family_entries(family, spec, source)
    ]
    ids = [p.key for p in patterns]
    duplicates = sorted({key for key in ids if ids.count(key) > 1})
    if duplicates:
        raise PatternFileError(f"duplicate pattern ids {duplicates}", source=source)
    return PatternSet(patterns, version=str(data.get("version", "0")), source=source)


def _family_entries(family: str, spec: Any, source: str) -> list[dict[str, Any]]:
    if not isinstance(spec, dict) or not isinstance(spec.get("patterns"), list):
        raise PatternFileError(f"family {family!r} needs a 'patterns' list", source=source)
    for key in ("code", "severity", "message"):
        if not isinstance(spec.get(key), str):
            raise PatternFileError(f"family {family!r} needs a {key!r} string", source=source)
    try:
        catalogue_code(spec["code"])
    except KeyError as err:
        raise PatternFileError(str(err.args[0]), source=source) from None
    return spec["patterns"]


def _parse_pattern(family: str, spec: dict[str, Any], entry: Any, source: str) -> FarmPattern:
    where = f"{source}: pattern {family}/{entry.get('id') if isinstance(entry, dict) else entry}"
    if not isinstance(entry, dict) or not all(isinstance(entry.get(k), str) for k in ("id", "regex", "example")):
        raise PatternFileError("needs string fields 'id', 'regex' and 'example'", source=where)
    _check_bounded(entry["regex"], where)
    try:
        compiled = re.compile(_expand_spaces(entry["regex"]), _FLAGS)
    except re.error as err:
        raise PatternFileError(f"regex does not compile ({err})", source=where) from None
    if compiled.groups:
        raise PatternFileError("use (?:...) instead of capturing groups", source=where)
    return FarmPattern(
        family=family,
        id=entry["id"],
        code=spec["code"],
        severity=entry.get("severity", spec["severity"]),
        message=spec["message"],
        regex=entry["regex"],
        example=entry["example"],
        counterexample=entry.get("counterexample"),
    )


def _regex_tokens(regex: str) -> Iterator[tuple[int, str, bool]]:
    """Walk a regex as (offset, token, is_syntax): escapes and character classes are not syntax."""
    index, in_class = 0, False
    while index < len(regex):
        char = regex[index]
        if char == "\\":
            yield index, regex[index : index + 2], False
            index += 2
            continue
        if in_class:
            in_class = char != "]"
            yield index, char, False
        else:
            in_class = char == "["
            yield index, char, not in_class
        index += 1


def _check_bounded(regex: str, where: str) -> None:
    """Refuse `*`, `+` and `{n,}` outside character classes: they would break the linear bound."""
    for index, token, is_syntax in _regex_tokens(regex):
        if is_syntax and (token in "*+" or (token == "{" and _UNBOUNDED_BRACE.match(regex, index))):
            raise PatternFileError(
                f"unbounded repetition {token!r} at offset {index}; write a bounded {{0,n}} instead",
                source=where,
            )


def _expand_spaces(regex: str) -> str:
    """Let a literal space outside character classes match a short run of whitespace."""
    return "".join(_SPACE if is_syntax and token == " " else token
                   for _, token, is_syntax in _regex_tokens(regex))


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Shrink a match so its span starts and ends on visible characters."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


# ---------------------------------------------------------------------------------------------
# Quotation: an article about chatbots may quote one; that is reporting, not a leftover.

_QUOTE_OPENERS = "\"'\u201c\u2018\u00ab"
_MENTION_CUE = re.compile(
    r"\b(?:phrase|phrases|words|line|message|sentence|disclaimer|response|reply|wording|text|boilerplate)"
    r"\s{0,3}(?:like|such as|reading)?\s{0,3}[:,]?\s{0,3}$",
    re.IGNORECASE,
)
_CHATBOT_NAME = re.compile(
    r"\b(?:ChatGPT|GPT-\d|Bard|Gemini|Claude|Copilot|Bing|chatbot|the bot|the AI|language model)\b", re.IGNORECASE
)
_SINGLE_OPENING = re.compile(r"(?:^|(?<=[\s(\[]))'(?=\w)")
_SINGLE_CLOSING = re.compile(r"(?<=\S)'(?=[\s.,;:!?)\]]|$)")
_REPORTING_VERB = re.compile(
    r"\b(?:replied|responded|answered|wrote|said|read|reads|stated|returned|produced|generated|output)\b",
    re.IGNORECASE,
)


def is_quoted(article: Article, start: int, end: int) -> bool:
    """True when `[start, end)` is quoted, mentioned as a phrase, or inside a quoted chatbot reply."""
    if any(span.start <= start and end <= span.end for span in article.group("quote")):
        return True
    paragraph = _paragraph_index(article, start)
    if paragraph is None:
        return False
    para_start = article.paragraphs[paragraph].start
    return quoted_after(article.text[para_start:start]) or _introduced_as_chatbot_reply(article, paragraph)


def quoted_after(before: str) -> bool:
    """True when text following `before` (its line or paragraph so far) sits inside quotation marks
    or is mentioned as a phrase ("the phrase As an AI language model")."""
    plain_before = plain_text(before)
    return (
        (bool(before) and before[-1] in _QUOTE_OPENERS)
        or plain_before.count('"') % 2 == 1
        or _inside_single_quotes(before)
        or bool(_MENTION_CUE.search(plain_before[-60:]))
    )


def _inside_single_quotes(before: str) -> bool:
    """A single quote opened earlier in the paragraph and not closed since.

    An opening quote follows a space or bracket and precedes a letter (‘ or '); a closing one
    follows a non-space and precedes a space or punctuation. An apostrophe inside a word ("can't")
    is neither; a plural possessive ("voters' rights") reads as a closing quote, which errs
    towards reporting.
    """
    plain = plain_text(before)
    openings = [m.start() for m in _SINGLE_OPENING.finditer(plain)]
    return bool(openings) and not _SINGLE_CLOSING.search(plain, openings[-1] + 1)


def _introduced_as_chatbot_reply(article: Article, paragraph: int) -> bool:
    """The paragraph follows one like 'Asked about the vote, ChatGPT replied:'."""
    if paragraph == 0:
        return False
    previous = article.quote(article.paragraphs[paragraph - 1]).rstrip()
    return previous.endswith(":") and bool(_CHATBOT_NAME.search(previous)) and bool(_REPORTING_VERB.search(previous))


def _paragraph_index(article: Article, offset: int) -> int | None:
    starts = [p.start for p in article.paragraphs]
    index = bisect.bisect_right(starts, offset) - 1
    if index >= 0 and offset < article.paragraphs[index].end:
        return index
    return None


# ---------------------------------------------------------------------------------------------
# Truncation: a paragraph of prose that stops mid-sentence.

_SENTENCE_END = re.compile(r"[.!?\u2026:;)\]\"'\u201d\u2019\u00bb*]\s*$")
_DANGLING_END = re.compile(r"(?:(?<![\w.@/#])[a-z][a-z'\u2019-]{0,40}|[,\-\u2013\u2014(])\s*$")
_LAST_SENTENCE_START = re.compile(r"[.!?][\"'\u201d\u2019)]?\s+(?=\S)")
_LIST_ITEM = re.compile(r"^\s*(?:[-\u2022*\u00b7\u25aa\u25ba\u2013]|\d{1,2}[.)])\s")
_NOT_PROSE_PREFIX = re.compile(
    r"^\s*(?:photo|photos|image|picture|video|credit|source|sources|caption|file photo|pictured|"
    r"related|see also|tags?|filed under|copyright|\u00a9|by|reporting by|editing by|written by|"
    r"additional reporting|contact|follow|share|sign up|subscribe|click|watch|listen|advertisement)\b",
    re.IGNORECASE,
)
_READ_MORE = re.compile(
    r"\b(?:read[- ]more|read the (?:full|rest|whole|complete)|continue reading|keep reading|"
    r"full (?:story|article)|see more|click here to read|more after the (?:jump|break)|\(more\)|"
    r"paywall|subscribe to (?:continue|read)|for subscribers only|subscriber[- ]only)",
    re.IGNORECASE,
)
_LAST_WORD = re.compile(r"[A-Za-z'-]{1,40}$")
# Words an English sentence does not end on: a paragraph stopping on one was cut off.
_FUNCTION_WORDS = frozenset(
    "a an the and or but nor of to in on at by for from with into onto about after before while when "
    "where whether if because although though than that which who whom whose as is are was were be "
    "been being has have had will would could should can may might must shall his her their its our "
    "my your this these those such very most some any each every no not".split()
)
MIN_PROSE_WORDS = 15
# A paragraph ending "..., the police chief said" lacks only its full stop; nothing is cut off.
_ATTRIBUTION_END = re.compile(
    r"\b(?:said|says|added|adds|explained|noted|wrote|writes|stated|continued|replied|reported|asked)\s*$"
)


@dataclass(frozen=True, slots=True)
class Truncation:
    paragraph: int
    start: int  # where the unfinished sentence starts
    end: int
    ending: str  # "partial word", "function word", "comma or dash" (strong signs) or "content word"


def find_truncations(article: Article) -> list[Truncation]:
    """Paragraphs of running prose that end mid-sentence, skipping a teaser before a 'Read more' cut."""
    last = _last_checkable_paragraph(article)
    hits = []
    for index, span in enumerate(article.paragraphs[: last + 1]):
        text = article.quote(span)
        if _ends_unfinished(text) and _is_prose(article, index) and not _continues_in_next(article, index):
            start, end = span.start + _unfinished_sentence_start(text), span.start + len(text.rstrip())
            hits.append(Truncation(index, start, end, _ending_kind(text)))
    return hits


def _last_checkable_paragraph(article: Article) -> int:
    """Index of the last paragraph to check: a page cut at 'Read more' is not truncated text."""
    last = len(article.paragraphs) - 1
    if last < 0:
        return last
    if any(_READ_MORE.search(note) for note in article.removed):
        return last - 1
    closing = article.quote(article.paragraphs[last])
    if _READ_MORE.search(closing) and len(closing.split()) <= 12:
        return last - 2  # the read-more line and the teaser it cuts
    return last


def _ends_unfinished(text: str) -> bool:
    stripped = text.rstrip()
    return (
        bool(stripped)
        and not _SENTENCE_END.search(stripped)
        and not _ATTRIBUTION_END.search(stripped)
        and bool(_DANGLING_END.search(stripped))
    )


def _is_prose(article: Article, index: int) -> bool:
    """Running text, not a heading, caption, byline, list item or a line introducing a list."""
    text = article.quote(article.paragraphs[index])
    words = text.split()
    if len(words) < MIN_PROSE_WORDS or _NOT_PROSE_PREFIX.match(text) or _LIST_ITEM.match(text):
        return False
    capitalised = sum(word[:1].isupper() for word in words)
    if capitalised > 0.6 * len(words):  # a headline run into the text
        return False
    previous = article.quote(article.paragraphs[index - 1]).rstrip() if index else ""
    return not previous.endswith(":")


def _continues_in_next(article: Article, index: int) -> bool:
    """The next paragraph starts in lower case: extraction split a sentence, nothing is missing."""
    if index + 1 >= len(article.paragraphs):
        return False
    following = article.quote(article.paragraphs[index + 1]).lstrip()
    return following[:1].islower() or bool(_LIST_ITEM.match(following))


def _unfinished_sentence_start(text: str) -> int:
    boundaries = [m.end() for m in _LAST_SENTENCE_START.finditer(text)]
    return boundaries[-1] if boundaries else 0


def _ending_kind(text: str) -> str:
    """How the paragraph stops: a partial word ('paterni') or a word no sentence ends on ('the')
    is near-certain truncation; a content word may also be a dropped full stop."""
    from wordfreq import zipf_frequency

    last_word = _LAST_WORD.search(text.rstrip())
    if not last_word:
        return "comma or dash"
    word = last_word[0].lower()
    if word in _FUNCTION_WORDS:
        return "function word"
    if len(word) > 2 and zipf_frequency(word, "en") == 0:
        return "partial word"
    return "content word"


# ---------------------------------------------------------------------------------------------
# The stage.


class FarmSignalsStage:
    """Report chatbot leftovers, unfilled template slots and truncated paragraphs."""

    name = "farm_signals"
    requires = ("text",)
    provides = ("findings:farm",)
    codes = ("CHATBOT_ARTIFACT", "PLACEHOLDER_TEXT", "TRUNCATED_TEXT")

    def __init__(self, patterns: PatternSet | None = None):
        self._patterns = patterns

    @property
    def patterns(self) -> PatternSet:
        if self._patterns is None:
            self._patterns = load_patterns()
        return self._patterns

    def load(self) -> None:
        _ = self.patterns

    def versions(self) -> dict[str, str]:
        return {"farm_patterns": self.patterns.version}

    def __call__(self, report: Report) -> None:
        article = report.article
        report.findings.extend(self.title_findings(article))
        report.findings.extend(self.pattern_findings(article))
        report.findings.extend(truncation_finding(article, hit) for hit in find_truncations(article))

    def pattern_findings(self, article: Article) -> list[Finding]:
        """A finding for every pattern match, except chatbot phrases the article quotes."""
        return [
            self._pattern_finding(article, match)
            for match in self.patterns.find(article.text)
            if match.pattern.code != "CHATBOT_ARTIFACT" or not is_quoted(article, match.start, match.end)
        ]

    def title_findings(self, article: Article) -> list[Finding]:
        """Pattern matches in the headline, which lies outside `article.text`, so they carry no span."""
        title = article.title or ""
        return [
            self._title_finding(title, match)
            for match in self.patterns.find(title)
            if match.pattern.code != "CHATBOT_ARTIFACT" or not quoted_after(title[: match.start])
        ]

    def _title_finding(self, title: str, match: PatternMatch) -> Finding:
        pattern = match.pattern
        return Finding(
            code=catalogue_code(pattern.code).code,
            severity=pattern.severity,
            message=f'{pattern.message} (headline: "{_shorten(title[match.start : match.end])}").',
            spans=(),
            evidence=(self._evidence(pattern, {"field": "title", "start": match.start, "end": match.end}),),
        )

    def _evidence(self, pattern: FarmPattern, where: dict[str, Any]) -> Evidence:
        return Evidence(
            text=f"Matches pattern {pattern.key} of the content-farm pattern list (version {self.patterns.version}).",
            source=f"copydesk:{self.patterns.source}",
            data={"family": pattern.family, "pattern": pattern.id, **where},
        )

    def _pattern_finding(self, article: Article, match: PatternMatch) -> Finding:
        pattern = match.pattern
        paragraph = _paragraph_index(article, match.start)
        excerpt = article.text[match.start : match.end]
        where = f"paragraph {paragraph + 1}" if paragraph is not None else "the text"
        evidence = self._evidence(pattern, {"field": "text", "paragraph": paragraph})
        return Finding(
            code=catalogue_code(pattern.code).code,
            severity=pattern.severity,
            message=f'{pattern.message} ({where}: "{_shorten(excerpt)}").',
            spans=(
                Span(match.start, match.end, pattern.code.lower(), {"family": pattern.family, "pattern": pattern.id}),
            ),
            evidence=(evidence,),
        )


def truncation_finding(article: Article, hit: Truncation) -> Finding:
    """The TRUNCATED_TEXT finding for one unfinished paragraph."""
    is_last = hit.paragraph == len(article.paragraphs) - 1
    which = "The article's last paragraph" if is_last else f"Paragraph {hit.paragraph + 1}"
    how = "mid-word" if hit.ending == "partial word" else "mid-sentence"
    tail = article.text[max(hit.start, hit.end - 60) : hit.end]
    evidence = Evidence(
        text=f"The paragraph is running prose that stops without sentence-final punctuation, on a {hit.ending}.",
        source="article",
        data={"paragraph": hit.paragraph, "ending": hit.ending},
    )
    return Finding(
        code=catalogue_code("TRUNCATED_TEXT").code,
        severity="warning",
        message=f'{which} ends {how}: "…{tail}".',
        spans=(Span(hit.start, hit.end, "truncated_text", {"paragraph": hit.paragraph}),),
        evidence=(evidence,),
    )


def _shorten(excerpt: str, limit: int = 80) -> str:
    flat = " ".join(excerpt.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"
