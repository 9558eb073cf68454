"""The reading stage: article text in, span groups and resolved person entities out."""

from __future__ import annotations

import bisect
import datetime as dt
import threading
from collections.abc import Callable
from typing import Any

from copydesk.errors import InputError
from copydesk.model import Entity, Report, Span
from copydesk.read import entities as clustering
from copydesk.read import mentions as names
from copydesk.read.groups import distribute_titles, find_counts, find_lists
from copydesk.read.nlp import load_model, model_version, parse
from copydesk.read.quotes import find_quotes
from copydesk.read.times import find_times
from copydesk.read.titles import (
    Attachment,
    affiliations,
    settle_countries,
    title_states_after,
    titles_after,
    titles_before,
)

_LOCK = threading.Lock()
_NLP: list[Any] = []  # the spaCy pipeline, loaded once per process
KNOWN_NAME_MATCHES = ("exact", "alias")
KNOWN_CACHE_SIZE = 100_000
NO_KB = object()  # pass as `kb=` to read without any knowledge base
INTERNAL_ATTRS = ("plural", "title_key")  # working notes of the title rules, not part of the contract


# spaCy reads about 4,000 words a second on one core: a 5 MB page would take minutes. Longer
# articles are read up to this many characters (a paragraph boundary), and the report says so.
MAX_READ_CHARS = 1_000_000


def readable_prefix(report: Report, limit: int | None = None) -> str:
    """The part of the article the stage reads: all of it, or the first `limit` characters."""
    limit = limit or MAX_READ_CHARS
    text = report.article.text
    if len(text) <= limit:
        return text
    cut = text.rfind("\n\n", 0, limit)
    cut = cut if cut > 0 else limit
    report.notes.append(f"read: the article has {len(text):,} characters; people, titles, lists and "
                        f"quotes were read in the first {cut:,} only (limit {limit:,}).")
    return text[:cut]


class ReadStage:
    """Find people, titles, affiliations, lists, counts, quotes and dates; resolve people.

    Args:
        kb: a `copydesk.kb.KnowledgeBase`; None loads the shipped KB on `load()`;
            `NO_KB` reads without one (entities stay unresolved, with that reason).
    """

    name = "read"
    requires = ("text",)
    provides = ("spans:sentence", "spans:person", "spans:org", "spans:title", "spans:affiliation",
                "spans:list", "spans:count", "spans:quote", "spans:time", "entities")

    def __init__(self, kb: Any = None):
        self._kb = kb
        self._kb_ready = False
        self._kb_note = ""
        self._nlp = None
        self._known: dict[tuple, bool] = {}  # (text, match kinds) -> whether the KB knows it

    def load(self) -> None:
        """Load spaCy and the knowledge base (each once per process)."""
        with _LOCK:
            if not _NLP:
                _NLP.append(load_model())
            self._nlp = _NLP[0]
            if not self._kb_ready:
                self._load_kb()

    def _load_kb(self) -> None:
        if self._kb is None:
            self._kb, self._kb_note = _default_kb()
        elif self._kb is NO_KB:
            self._kb, self._kb_note = None, "read: no knowledge base given; people left unresolved"
        self._kb_ready = True

    def is_known_name(self, run: str) -> bool:
        """Whether the KB holds `run` as a person's full name or alias (cached)."""
        return self._kb_knows(run, KNOWN_NAME_MATCHES)

    def is_known_surname(self, word: str) -> bool:
        """Whether the KB holds `word`, spelled exactly so, as someone's surname (cached)."""
        return self._kb_knows(word, ("surname",))

    def _kb_knows(self, text: str, matches: tuple[str, ...]) -> bool:
        if self._kb is None:
            return False
        key = (text, matches)
        if key not in self._known:
            if len(self._known) >= KNOWN_CACHE_SIZE:
                self._known.clear()
            self._known[key] = any(c.match in matches and c.distance == 0
                                   for c in self._kb.candidates(text, limit=3))
        return self._known[key]

    def versions(self) -> dict[str, str]:
        self.load()
        versions = {"spacy_model": model_version(self._nlp)}
        if self._kb is not None:
            versions["kb"] = self._kb.version
        return versions

    def pipe_names(self) -> list[str]:
        """The spaCy components this stage runs."""
        self.load()
        return list(self._nlp.pipe_names)

    def __call__(self, report: Report) -> None:
        self.load()
        date = report.given_date or report.article.published
        spans, people = self.read(readable_prefix(report), date=date)
        report.article.spans.update(spans)
        report.article.entities = list(people)
        if self._kb_note:
            report.notes.append(self._kb_note)

    def read(self, text: str, *, date: dt.date | None = None) -> tuple[dict[str, list[Span]], tuple[Entity, ...]]:
        """Read `text`: the span groups of docs/spans.md and the person entities.

        Args:
            text: the article text (any string; empty gives empty groups).
            date: the day relative dates and KB look-ups are judged at, when known.

        Returns:
            (span groups by name, entities in order of first mention).
        """
        self.load()
        parsed = parse(self._nlp, text)
        mentions = find_mentions(text, parsed.entities, self.is_known_name, self.is_known_surname)
        tags, tags_end = affiliations(text, mentions)
        titles = titles_before(text, mentions) + titles_after(text, mentions, tags_end)
        starts = [s for s, _ in parsed.sentences]
        lists = find_lists(text, mentions, titles, [bisect.bisect_right(starts, m.start) - 1 for m in mentions])
        titles += distribute_titles(lists, titles)
        # After distributing: in "Sens. A of Indiana and B of Ohio" each state is its item's own.
        title_states_after(text, mentions, titles)
        clusters = self._entity_clusters(mentions, titles, tags, date)
        entity_ids = _entity_ids(clusters)
        people = _entities(clusters, mentions, entity_ids)
        offices = _direct_offices(titles)
        spans = {
            "sentence": [Span(s, e, "sentence") for s, e in parsed.sentences],
            "person": sorted((s for e in people for s in e.mentions), key=lambda s: s.start),
            "org": _orgs(text, parsed.entities, mentions),
            "title": sorted((_attached(a, "title", mentions, entity_ids) for a in titles),
                            key=lambda s: (s.start, s.attrs["person_span"][0])),
            "affiliation": sorted((_attached(a, "affiliation", mentions, entity_ids) for a in tags),
                                  key=lambda s: s.start),
            "list": [_list_span(l, mentions, entity_ids, offices) for l in lists],
            "count": [Span(c["start"], c["end"], "count", c["attrs"]) for c in find_counts(text, lists, parsed.sentences)],
            "quote": [_quote_span(q, entity_ids) for q in find_quotes(text, mentions)],
            "time": [Span(t["start"], t["end"], "time", t["attrs"]) for t in find_times(text, date)],
        }
        return spans, people

    def _entity_clusters(self, mentions: list[names.Mention], titles: list[Attachment],
                         tags: list[Attachment], date: dt.date | None) -> list[clustering.Cluster]:
        """Cluster and resolve the mentions, then settle each title's country from its entity."""
        clusters = clustering.cluster(mentions)
        clustering.collect_context(clusters, titles, tags)
        clustering.resolve(clusters, mentions, self._kb, date)
        clusters = clustering.merge_same_person(clusters, mentions)
        settle_countries(titles, clustering.entity_countries(clusters, titles))
        return clusters


def find_mentions(text: str, entities: list[tuple[int, int, str]], is_known: Callable[[str], bool],
                  is_known_surname: Callable[[str], bool]) -> list[names.Mention]:
    """Every person-name mention, from the most trusted layer down."""
    layers = [
        names.title_names(text),
        names.from_entities(text, entities),
        names.from_pattern(text, names.ROLE_NAME_RE, "role"),
        names.from_pattern(text, names.POSSESSIVE_NAME_RE, "possessive"),
    ]
    found = names.join_adjacent(text, names.merge(len(text), layers), is_known)
    found = names.supported(text, found, is_known_surname)
    found = names.merge(len(text), [found, names.known_name_mentions(text, found, is_known)])
    return names.merge(len(text), [found, names.surname_mentions(text, found)])


def _default_kb() -> tuple[Any, str]:
    """The shipped KB and no note, or no KB and a note saying why."""
    from copydesk.kb.base import load_kb

    try:
        return load_kb(), ""
    except InputError as err:
        return None, f"read: knowledge base not available ({err}); people left unresolved"


def _entity_ids(clusters: list[clustering.Cluster]) -> dict[int, str]:
    """Mention index -> entity id ("E1", …) in order of first mention."""
    return {index: f"E{number}" for number, group in enumerate(clusters, 1) for index in group.mentions}


def _entities(clusters: list[clustering.Cluster], mentions: list[names.Mention],
              entity_ids: dict[int, str]) -> tuple[Entity, ...]:
    people = []
    for group in clusters:
        entity_id = entity_ids[group.mentions[0]]
        spans = []
        for index in group.mentions:
            mention = mentions[index]
            variant, distance = group.variants.get(mention.text, (None, 0))
            spans.append(Span(mention.start, mention.end, "person",
                              {"entity": entity_id, "variant_of": variant, "distance": distance,
                               "source": mention.source}))
        resolution = group.resolution
        person = resolution.get("person")
        people.append(Entity(
            id=entity_id, name=clustering.fullest_mention(group, mentions).text, kind="person",
            mentions=tuple(spans), kb_id=person.id if person else None,
            ids=dict(person.ids) if person else {}, status=resolution["status"],
            confidence=resolution.get("confidence", 0.0), reason=resolution.get("reason", ""),
            candidates=resolution.get("candidates", ()),
            canonical_name=person.name if person else None,
        ))
    return tuple(people)


def _attached(attachment: Attachment, label: str, mentions: list[names.Mention],
              entity_ids: dict[int, str]) -> Span:
    mention = mentions[attachment.mention]
    attrs = {k: v for k, v in attachment.attrs.items() if k not in INTERNAL_ATTRS}
    attrs.update(entity=entity_ids.get(attachment.mention), person_span=[mention.start, mention.end])
    return Span(attachment.start, attachment.end, label, attrs)


def _direct_offices(titles: list[Attachment]) -> dict[int, str | None]:
    """Mention index -> the office of the title written in front of it (own or distributed)."""
    offices: dict[int, str | None] = {}
    for title in titles:
        if not title.attrs.get("apposition"):
            offices.setdefault(title.mention, title.attrs.get("office"))
    return offices


def _list_span(person_list, mentions, entity_ids, offices: dict[int, str | None]) -> Span:
    items = [{"start": mentions[i].start, "end": mentions[i].end, "entity": entity_ids.get(i),
              "office": offices.get(i)} for i in person_list.items]
    return Span(person_list.start, person_list.end, "list", dict(person_list.attrs, items=items))


def _quote_span(quote, entity_ids: dict[int, str]) -> Span:
    return Span(quote.start, quote.end, "quote", {
        "speaker": entity_ids.get(quote.speaker) if quote.speaker is not None else None,
        "speaker_text": quote.speaker_text, "speaker_kind": quote.speaker_kind, "outlet": quote.outlet,
    })


def _orgs(text: str, entities: list[tuple[int, int, str]], mentions: list[names.Mention]) -> list[Span]:
    """spaCy ORG entities that are not person mentions, possessive dropped."""
    people = bytearray(len(text))
    for mention in mentions:
        people[mention.start:mention.end] = b"\x01" * (mention.end - mention.start)
    orgs = []
    for start, end, label in entities:
        if label != "ORG" or any(people[start:end]) or "\n" in text[start:end]:
            continue
        if text[start:end].endswith(("’s", "'s")):
            end -= 2
        orgs.append(Span(start, end, "org", {"entity": None}))
    return orgs
