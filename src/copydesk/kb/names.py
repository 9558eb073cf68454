"""Name normalisation and alias generation, shared by the builder and the resolver.

A key is the form lookups compare: accents folded to ASCII, case folded, punctuation dropped,
hyphens turned into spaces ("Luján" -> "lujan", "Ocasio-Cortez" -> "ocasio cortez",
"J.D." -> "jd"). Both sides of every comparison go through `name_key`, so the two always agree.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass

SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv", "v"})

# Common English given-name short forms; a person named "Robert" is also looked up as "Bob".
NICKNAMES: dict[str, tuple[str, ...]] = {
    "abraham": ("abe",), "alexander": ("alex",), "alexandra": ("alex",), "andrew": ("andy",),
    "anthony": ("tony",), "benjamin": ("ben",), "bernard": ("bernie",), "charles": ("chuck", "charlie"),
    "christopher": ("chris",), "daniel": ("dan", "danny"), "david": ("dave",), "donald": ("don",),
    "edward": ("ed", "ted"), "elizabeth": ("liz", "beth"), "frederick": ("fred",),
    "gerald": ("jerry",), "gregory": ("greg",), "henry": ("hank",), "james": ("jim", "jimmy"),
    "jeffrey": ("jeff",), "john": ("jack",), "jonathan": ("jon",), "joseph": ("joe",),
    "katherine": ("kate", "kathy"), "kenneth": ("ken",), "lawrence": ("larry",),
    "margaret": ("peggy", "maggie"), "matthew": ("matt",), "michael": ("mike",),
    "nicholas": ("nick",), "patrick": ("pat",), "patricia": ("pat",), "peter": ("pete",),
    "richard": ("dick", "rick", "rich"), "robert": ("bob", "bobby", "rob"), "ronald": ("ron",),
    "samuel": ("sam",), "stephen": ("steve",), "steven": ("steve",), "susan": ("sue",),
    "theodore": ("ted",), "thomas": ("tom",), "timothy": ("tim",), "william": ("bill", "will"),
}

_NOT_WORD = re.compile(r"[^\w\s]+")
_SEPARATORS = re.compile(r"[\s\-‐‑‒–—_/]+")


def folded(text: str) -> str:
    """Case folded, separators made spaces, other punctuation dropped (spaces not collapsed)."""
    return _NOT_WORD.sub("", _SEPARATORS.sub(" ", text.casefold()))


# `folded` works character by character, so for ASCII text one translation table does the same
# three passes in one (most names are ASCII; a first-sight lookup spends much of its time here).
_ASCII_FOLD = {code: folded(chr(code)) for code in range(128)}


@functools.lru_cache(maxsize=1 << 16)
def name_key(text: str) -> str:
    """The normalised lookup key for a name (may be empty for punctuation-only input)."""
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text)
        text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return " ".join((text.translate(_ASCII_FOLD) if text.isascii() else folded(text)).split())


@dataclass(frozen=True, slots=True)
class NameParts:
    """A person's name as sources give it; any part may be empty."""

    first: str = ""
    middle: str = ""
    last: str = ""
    suffix: str = ""
    nickname: str = ""
    official: str = ""

    def display(self) -> str:
        """The full name to show: the official form if any, else first middle last suffix."""
        if self.official:
            return self.official
        core = " ".join(part for part in (self.first, self.middle, self.last) if part)
        return f"{core}, {self.suffix}" if self.suffix and core else (core or self.suffix)


def split_full_name(full: str) -> NameParts:
    """Split "Given Names Family, Jr." into parts (family = last token before any suffix)."""
    tokens = full.replace(",", " ").split()
    suffix = ""
    if len(tokens) > 1 and name_key(tokens[-1]) in SUFFIXES:
        suffix = tokens.pop()
    if not tokens:
        return NameParts(suffix=suffix, official=full.strip())
    return NameParts(first=" ".join(tokens[:-1]), last=tokens[-1], suffix=suffix,
                     official=full.strip())


def given_forms(parts: NameParts) -> list[str]:
    """Forms a writer may use before the surname: first, nickname, initials, with middle names."""
    forms: list[str] = []
    first_token = parts.first.split()[0] if parts.first.split() else ""
    # Given names that may be followed by the middle name: the real first name(s) only.
    with_middle = [f for f in dict.fromkeys((parts.first, first_token)) if f.strip()]
    firsts = list(with_middle) + ([parts.nickname] if parts.nickname.strip() else [])
    if _is_initial(first_token) and parts.middle.strip():
        firsts.append(parts.middle)  # "J. Dennis Hastert" goes by "Dennis Hastert"
    for first in list(firsts):
        for short in NICKNAMES.get(name_key(first), ()):
            firsts.append(short.capitalize())
    forms.extend(firsts)
    if parts.middle.strip():
        for first in with_middle:
            forms.append(f"{first} {parts.middle}")
            forms.append(f"{first} {parts.middle.strip()[:1]}.")
    if parts.first.strip():
        initials = "".join(f"{token[0]}." for token in parts.first.split())
        forms.append(initials)  # "J." or "J.D."
        if parts.middle.strip():
            forms.append(f"{initials}{parts.middle.strip()[0]}.")
    seen: set[str] = set()
    return [form for form in forms if not (name_key(form) in seen or seen.add(name_key(form)))]


def generate_aliases(parts: NameParts, other_names: tuple[str, ...] = ()) -> list[tuple[str, str, str]]:
    """All name forms for a person as (text, key, kind), kinds: official, full, surname, other.

    Args:
        parts: the person's name parts.
        other_names: further full names or former surnames recorded by a source.

    Returns:
        Distinct forms by key, the most canonical first (the display name is always first).
    """
    forms: list[tuple[str, str]] = [(parts.display(), "official")]
    last = parts.last.strip()
    if last:
        for given in given_forms(parts):
            forms.append((f"{given} {last}", "full"))
            if parts.suffix:
                forms.append((f"{given} {last} {parts.suffix}", "full"))
        forms.append((last, "surname"))
    for other in other_names:
        forms.append((other, "other"))
    unique: list[tuple[str, str, str]] = []
    seen: set[str] = set()
    for text, kind in forms:
        key = name_key(text)
        if key and key not in seen:
            seen.add(key)
            unique.append((text, key, kind))
    return unique


def _is_initial(token: str) -> bool:
    """Whether a name token is an initial ("J." or "J")."""
    return len(token.rstrip(".")) == 1


def deletions(key: str) -> set[str]:
    """The key and every string one character shorter: the symmetric-delete neighbourhood."""
    return {key} | {key[:i] + key[i + 1:] for i in range(len(key))}
