"""Realistic errors injected into real articles, one per variant, to measure the checks.

Each injector takes an original article (text, date, hand-checked `gold` mentions) and returns
variants that each carry exactly one new error, where it is (character span in the variant's
text) and which finding codes would correctly report it. Placement uses the gold mentions and
plain text patterns, not the reading stage, so recall is not measured only where the reader
already succeeds; quotes are the exception (see `altered_quote`).
"""

from __future__ import annotations

import datetime as dt
import random
import re
from dataclasses import dataclass
from typing import Any, Callable, Iterable

from copydesk.checks.passages import sentences
from copydesk.model import Article
from copydesk.vocab import US_STATES

# Title words as articles write them, per office, for "a title from another era".
TITLE_WORDS = {
    "president": "President",
    "vice_president": "Vice President",
    "senator": "Sen.",
    "representative": "Rep.",
    "speaker": "House Speaker",
}
STATE_NAMES = "|".join(sorted((name for name, _ in US_STATES.values()), key=len, reverse=True))
# What may precede the name in a gold mention: party word, state, "U.S.", a title.
TITLE_PREFIX = re.compile(
    rf"^(?:(?:Republican|Democratic|Democrat|Independent)\s+)?(?:(?:{STATE_NAMES})\s+)?(?:U\.S\.\s+)?"
    r"(?:(?P<title>Vice President|President|Senators|Senator|Sens\.|Sen\.|Representatives|Representative|Reps\.|"
    r"Rep\.|Congressman|Congresswoman|Congressmen|Congresswomen|House Speaker|Speaker of the House|Speaker|"
    r"(?:Senate |House )?(?:Majority |Minority )?(?:Leader|Whip))\s+)?"
)
PLURAL_TITLES = {"Senators", "Sens.", "Representatives", "Reps.", "Congressmen", "Congresswomen"}
TITLE_OFFICE = {
    "vice president": "vice_president", "president": "president", "senator": "senator", "sen.": "senator",
    "representative": "representative", "rep.": "representative", "congressman": "representative",
    "congresswoman": "representative", "house speaker": "speaker", "senators": "senator", "sens.": "senator",
    "representatives": "representative", "reps.": "representative", "congressmen": "representative",
    "congresswomen": "representative", "speaker of the house": "speaker",
    "speaker": "speaker",
}
PARTY_TAG = re.compile(r"(?:\(\s*|\b)(?P<party>[DRI])\s*[-–](?=\s*[A-Z])")
STATE_IN_TAG = re.compile(r"\(\s*[DRI]\s*[-–]\s*(?P<state>[A-Z][A-Za-z. ]*?)\s*(?:[-–]\s*\d+)?\s*\)")
STATE_AFTER_OF = re.compile(r"\bof (?P<state>[A-Z][a-z]+(?: [A-Z][a-z]+)?)\b")
NUMBER_WORDS = ["two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve"]
COUNT_WORD = re.compile(
    r"\b(?P<number>" + "|".join(NUMBER_WORDS) + r")\s+(?:[A-Za-z-]+\s+){0,2}?(?:senators|representatives|members|"
    r"lawmakers|colleagues|Democrats|Republicans|cosponsors|co-sponsors|governors|leaders|congressmen|legislators)\b",
    re.IGNORECASE,
)
QUOTE = re.compile(r"“(?P<quote>[^”]{30,300}?[,.!?])”|(?:(?<=\s)|^)\"(?P<plain>[A-Z][^\"\n]{30,300}?[,.!?])\"")
# Light rewording, as a spinner or a careless rewrite would do it.
REWORDINGS = [
    ("said", "stated"), ("announced", "said"), ("called on", "urged"), ("introduced", "put forward"),
    ("legislation", "bill"), ("important", "critical"), ("help", "assist"), ("today", "on Tuesday"),
    ("will", "would"), ("the bill", "this bill"), ("also", "additionally"), ("support", "backing"),
    ("to ensure", "to make sure"), ("because", "since"), ("many", "numerous"), ("new", "fresh"),
]
QUOTE_EDITS = [("not", ""), ("will", "would"), ("must", "should"), ("all", "every"), ("we", "they"),
               ("our", "their"), ("is", "was"), ("important", "vital"), ("the", "this")]
PLAIN_OPENERS = {"the", "this", "that", "it", "in", "a", "an", "on", "at", "for", "with", "we", "he", "she", "they"}
QUOTE_MARKS = set("“”\"")
ERA_CODES = ("ROLE_OUT_OF_TERM", "TITLE_CONFLICT", "SEAT_CONFLICT")


@dataclass(frozen=True, slots=True)
class Variant:
    """One article with one injected error."""

    id: str
    original: str
    kind: str
    code: str  # the code this variant measures recall for
    accepted: tuple[str, ...]  # codes that correctly report it
    text: str
    start: int  # the injected error in `text`
    end: int
    change: str  # what was changed, for a reader of the results


def replace(text: str, start: int, end: int, new: str) -> tuple[str, int, int]:
    return text[:start] + new + text[end:], start, start + len(new)


def typo(word: str, rng: random.Random) -> str | None:
    """A realistic misspelling: two inner letters swapped, one dropped or one doubled."""
    if len(word) < 4 or not word.isalpha():
        return None
    options = []
    for i in range(1, len(word) - 2):
        if word[i] != word[i + 1]:
            options.append(word[:i] + word[i + 1] + word[i] + word[i + 2 :])
    options += [word[:i] + word[i + 1 :] for i in range(1, len(word) - 1) if len(word) >= 5]
    options += [word[:i] + word[i] + word[i:] for i in range(1, len(word) - 1) if word[i] not in "aeiou"]
    options = [o for o in options if o.lower() != word.lower() and not o.lower().endswith(word[-1] * 2)]
    return rng.choice(options) if options else None


def reword(sentence: str, rng: random.Random) -> str:
    """One or two word swaps a spinner would make; "Again, …" when none applies."""
    reworded = sentence
    for old, new in rng.sample(REWORDINGS, len(REWORDINGS)):
        pattern = re.compile(rf"\b{re.escape(old)}\b")
        if pattern.search(reworded):
            reworded = pattern.sub(new, reworded, count=1)
            if rng.random() < 0.5:
                break
    if reworded == sentence:
        first, rest = sentence.split(" ", 1)
        reworded = f"Again, {first.lower() if first.lower() in PLAIN_OPENERS else first} {rest}"
    return reworded


def quoted(match: re.Match) -> str:
    return match["quote"] or match["plain"]


def name_start(gold_text: str) -> int:
    """Where the person's name begins in a gold mention ("Sen. Dick Durbin (R-IL)" -> 5)."""
    return TITLE_PREFIX.match(gold_text).end()


class Injector:
    """Makes variants of one original. `positions` maps (name, bioguide) to the person's KB positions."""

    def __init__(self, original: dict[str, Any], positions: Callable[[str, str], list[Any]], seed: int = 13):
        self.original = original
        self.text: str = original["text"]
        self.mentions = sorted(original["gold"], key=lambda g: g["start"])
        # Mentions already wrong in the original (real errors) are not injected into again.
        self.gold = [g for g in self.mentions if g["code"] == "OK"]
        self.positions = positions
        self.rng = random.Random(f"{seed}:{original['id']}")

    def variants(self) -> list[Variant]:
        makers = (self.title_eras, self.party_swaps, self.state_swaps, self.first_name_typos,
                  self.duplicated_items, self.wrong_counts, self.repeated_sentences, self.altered_quotes)
        return [variant for maker in makers for variant in maker()]

    def variant(self, kind: str, code: str, accepted: Iterable[str], edit: tuple[str, int, int], change: str) -> Variant:
        text, start, end = edit
        return Variant(f"{self.original['id']}#{kind}@{start}", self.original["id"], kind, code,
                       tuple(accepted), text, start, end, change)

    def title_eras(self, limit: int = 2) -> list[Variant]:
        """A title the person held in another era: "Sen. Dick Durbin" -> "Rep. Dick Durbin"."""
        if not self.original["date"]:
            return []
        date = dt.date.fromisoformat(self.original["date"])
        found = []
        for gold in self.rng.sample(self.gold, len(self.gold)):
            prefix = TITLE_PREFIX.match(gold["text"])
            if prefix["title"] in PLURAL_TITLES:
                continue  # a title shared by a list cannot change for one of its people
            current = TITLE_OFFICE.get((prefix["title"] or "").lower())
            name = gold["text"][name_start(gold["text"]) :].split(" (")[0].split(" of ")[0]
            held = self.positions(name, gold["bioguide"])
            other = sorted({p.office for p in held if p.office in TITLE_WORDS and p.office != current
                            and not any(q.office == p.office and q.holds_on(date) for q in held)})
            if not other:
                continue
            office = self.rng.choice(other)
            if prefix["title"]:
                start, end = gold["start"] + prefix.start("title"), gold["start"] + prefix.end("title")
                edit = replace(self.text, start, end, TITLE_WORDS[office])
            else:
                edit = replace(self.text, gold["start"], gold["start"], TITLE_WORDS[office] + " ")
            change = f"{gold['text']!r}: title -> {TITLE_WORDS[office]} (held {office} at another time)"
            text, start, _ = edit
            found.append(self.variant("title_era", "ROLE_OUT_OF_TERM", ERA_CODES,
                                      (text, start, start + len(TITLE_WORDS[office]) + 1 + len(name)), change))
            if len(found) == limit:
                break
        return found

    def tagged(self) -> list[dict[str, Any]]:
        return [g for g in self.gold if PARTY_TAG.search(g["text"][name_start(g["text"]) :])]

    def party_swaps(self) -> list[Variant]:
        """A swapped party letter in a tag: "(D-Minn.)" -> "(R-Minn.)"."""
        for gold in self.rng.sample(self.tagged(), len(self.tagged())):
            offset = name_start(gold["text"])
            match = PARTY_TAG.search(gold["text"], offset)
            letter = {"D": "R", "R": "D", "I": "R"}[match["party"]]
            start = gold["start"] + match.start("party")
            edit = replace(self.text, start, start + 1, letter)
            change = f"{gold['text']!r}: party {match['party']} -> {letter}"
            return [self.variant("party_swap", "AFFILIATION_MISMATCH", ("AFFILIATION_MISMATCH",),
                                 (edit[0], gold["start"], gold["end"]), change)]
        return []

    def state_swaps(self) -> list[Variant]:
        """A wrong state in a tag or "of <State>": "(D-IL)" -> "(D-IN)"."""
        for gold in self.rng.sample(self.gold, len(self.gold)):
            match = STATE_IN_TAG.search(gold["text"]) or STATE_AFTER_OF.search(gold["text"])
            if not match:
                continue
            written = match["state"].strip()
            style = next((i for code, forms in US_STATES.items() for i, form in enumerate((code, *forms))
                          if form == written and len(code) == 2 and code not in ("DC", "PR", "GU", "VI", "AS", "MP")),
                         None)
            if style is None:
                continue
            choices = [(code, *forms)[style] for code, forms in US_STATES.items()
                       if (code, *forms)[style] != written and code not in ("DC", "PR", "GU", "VI", "AS", "MP")]
            new = self.rng.choice(choices)
            start = gold["start"] + match.start("state")
            edit = replace(self.text, start, start + len(written), new)
            change = f"{gold['text']!r}: state {written} -> {new}"
            end = gold["end"] + len(new) - len(written)
            return [self.variant("state_swap", "AFFILIATION_MISMATCH", ("AFFILIATION_MISMATCH",),
                                 (edit[0], gold["start"], end), change)]
        return []

    def first_name_typos(self) -> list[Variant]:
        """A misspelled first name: "George Miller" -> "Geroge Miller"."""
        for gold in self.rng.sample(self.gold, len(self.gold)):
            offset = name_start(gold["text"])
            words = gold["text"][offset:].split()
            if len(words) < 2 or words[1].startswith("("):
                continue
            wrong = typo(words[0], self.rng)
            if not wrong:
                continue
            start = gold["start"] + offset
            edit = replace(self.text, start, start + len(words[0]), wrong)
            change = f"{gold['text']!r}: first name {words[0]} -> {wrong}"
            return [self.variant("first_name_typo", "NAME_VARIANT", ("NAME_VARIANT",),
                                 (edit[0], start, start + len(wrong) + 1 + len(words[1])), change)]
        return []

    def enumerations(self) -> list[list[dict[str, Any]]]:
        """Runs of gold mentions joined by ", " / " and " / ", and ": lists of people."""
        runs, current = [], []
        for gold in self.mentions:
            between = self.text[current[-1]["end"] : gold["start"]] if current else ""
            if current and re.fullmatch(r",?\s*(?:and\s+)?|\s*,\s*", between):
                current.append(gold)
            else:
                if len(current) >= 2:
                    runs.append(current)
                current = [gold]
        if len(current) >= 2:
            runs.append(current)
        return runs

    def duplicated_items(self) -> list[Variant]:
        """One list item again before the last item, misspelled every other time."""
        found = []
        for index, run in enumerate(self.enumerations()[:2]):
            correct = [g for g in run[:-1] if g["code"] == "OK"]
            if not correct:
                continue
            copied = self.rng.choice(correct)
            prefix = TITLE_PREFIX.match(copied["text"])
            # A shared plural title ("Sens.") is not repeated with the copied name.
            copy = copied["text"][prefix.end() :] if prefix["title"] in PLURAL_TITLES else copied["text"]
            misspelled = False
            if index % 2 == 1:
                offset = name_start(copy)
                first = copy[offset:].split()[0]
                wrong = typo(first, self.rng)
                if wrong:
                    copy, misspelled = copy[:offset] + wrong + copy[offset + len(first) :], True
            at = run[-2]["end"]
            edit = replace(self.text, at, at, ", " + copy)
            accepted = ("DUPLICATE_IN_LIST", "NAME_VARIANT") if misspelled else ("DUPLICATE_IN_LIST",)
            change = f"list item {copied['text']!r} repeated as {copy!r}"
            found.append(self.variant("duplicate_item", "DUPLICATE_IN_LIST", accepted,
                                      (edit[0], at + 2, at + 2 + len(copy)), change))
        return found

    def wrong_counts(self) -> list[Variant]:
        """A spelled-out count that counted the names in its sentence, made wrong."""
        for sentence in sentences(Article.from_paragraphs(self.text.split("\n\n"))):
            people = {g["bioguide"] for g in self.gold if sentence.start <= g["start"] < sentence.end}
            for match in COUNT_WORD.finditer(self.text[sentence.start : sentence.end]):
                value = NUMBER_WORDS.index(match["number"].lower()) + 2
                if len(people) < 2 or value != len(people):
                    continue
                wrong = NUMBER_WORDS[value - 1] if value < len(NUMBER_WORDS) + 1 else NUMBER_WORDS[value - 3]
                if match["number"][0].isupper():
                    wrong = wrong.capitalize()
                start = sentence.start + match.start()
                edit = replace(self.text, start, start + len(match["number"]), wrong)
                change = f"count {match['number']!r} -> {wrong!r} ({len(people)} names follow)"
                return [self.variant("wrong_count", "COUNT_MISMATCH", ("COUNT_MISMATCH",), edit, change)]
        return []

    def paragraph_bounds(self) -> list[tuple[int, int]]:
        bounds, offset = [], 0
        for paragraph in self.text.split("\n\n"):
            bounds.append((offset, offset + len(paragraph)))
            offset += len(paragraph) + 2
        return bounds

    def repeated_sentences(self) -> list[Variant]:
        """A sentence copied, lightly reworded, to the end of a later paragraph."""
        paragraphs = self.paragraph_bounds()
        spans = sentences(Article.from_paragraphs(self.text.split("\n\n")))
        middle = len(self.text) // 2
        early = [s for s in spans if s.end <= middle and len(self.text[s.start : s.end].split()) >= 12
                 and not QUOTE_MARKS.intersection(self.text[s.start : s.end])
                 and self.text.count(self.text[s.start : s.start + 40]) == 1]  # not already repeated
        later = [p for p in paragraphs if p[0] >= middle] or paragraphs[-1:]
        if not early:
            return []
        sentence = self.text[(chosen := self.rng.choice(early)).start : chosen.end].strip()
        reworded = reword(sentence, self.rng)
        at = self.rng.choice(later)[1]
        edit = replace(self.text, at, at, " " + reworded)
        change = f"sentence repeated later with rewording: {reworded[:80]!r}"
        return [self.variant("repeated_sentence", "REPEATED_PASSAGE", ("REPEATED_PASSAGE",),
                             (edit[0], at + 1, at + 1 + len(reworded)), change)]

    def altered_quotes(self) -> list[Variant]:
        """A quote repeated later with one word changed, attributed to the same speaker."""
        paragraphs = self.paragraph_bounds()
        quotes = [m for m in QUOTE.finditer(self.text) if len(quoted(m).split()) >= 8 and m.end() < paragraphs[-1][0]]
        for match in self.rng.sample(quotes, len(quotes)):
            words = quoted(match).split()
            for old, new in QUOTE_EDITS:
                if old in words:
                    index = words.index(old)
                    altered = " ".join(words[:index] + ([new] if new else []) + words[index + 1 :])
                    break
            else:
                continue
            later = next(p for p in paragraphs if p[0] > match.end())
            speaker = self.speaker_after(match.end())
            sentence = f"“{altered.rstrip(',.')},” {speaker} said." if speaker else f"“{altered.rstrip(',.')}.”"
            edit = replace(self.text, later[1], later[1], " " + sentence)
            change = f"quote repeated with {old!r} -> {new!r}"
            return [self.variant("altered_quote", "QUOTE_CONFLICT", ("QUOTE_CONFLICT", "REPEATED_PASSAGE"),
                                 (edit[0], later[1] + 1, later[1] + 1 + len(sentence)), change)]
        return []

    def speaker_after(self, position: int) -> str | None:
        """The speaker named right after a quote ("…,” Khanna said), when the text says so."""
        match = re.match(r"[,.]?\s*(?:said\s+)?(?P<name>[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?)\s+said",
                         self.text[position : position + 60])
        return match["name"] if match else None
