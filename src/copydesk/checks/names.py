"""NAME_VARIANT: a name spelled unlike the record ("Corey Booker"), or two ways in one article."""

from __future__ import annotations

from itertools import combinations

from rapidfuzz import fuzz

from copydesk.checks.base import Check, entity_by_id, make_finding, resolved_kb_id, span_evidence
from copydesk.model import Article, Evidence, Report, Span

# First names this alike under one surname are one name misspelled ("Geroge"/"George"), while
# different names of relatives or namesakes ("Mark"/"Tom" Udall) fall well below it.
FIRST_NAME_SIMILARITY = 80


class NameVariantCheck(Check):
    """Flag mentions the reader matched to a KB name spelled differently, and in-article variants."""

    name = "name_variant"
    codes = ("NAME_VARIANT",)
    requires = ("spans:person", "entities")

    def check(self, report: Report) -> None:
        article = report.article
        flagged: set[tuple[str | None, str]] = set()
        for mention in article.group("person"):
            record = mention.attrs.get("variant_of")
            written = article.quote(mention)
            key = (mention.attrs.get("entity"), written)
            if record and key not in flagged and self.is_misspelling(article, mention, written, record):
                flagged.add(key)
                report.findings.append(self.against_record(article, mention, written, record))
        for first, second in in_article_variants(article):
            if (second.attrs.get("entity"), article.quote(second)) not in flagged:
                flagged.add((second.attrs.get("entity"), article.quote(second)))
                report.findings.append(self.two_ways(article, first, second))

    def is_misspelling(self, article: Article, mention: Span, written: str, record: str) -> bool:
        """False for forms that are not misspellings: plurals and possessives ("the Trumps"),
        transliterations of names from outside the US ("Zelensky"/"Zelenskyy"), which vary, and
        fuzzy matches too loose to be the same name."""
        if written.rstrip("’'s") == record or written == record + "s":
            return False
        words, record_words = written.lower().split(), record.lower().split()
        # A lone surname, or a name differing in both first and last word, is more likely another
        # person (or not a name at all) than a misspelling.
        if len(words) < 2 or (words[0] != record_words[0] and words[-1] != record_words[-1]):
            return False
        kb_id = resolved_kb_id(article, mention.attrs.get("entity"))
        person = self.kb.person(kb_id) if self.kb is not None and kb_id else None
        return person is None or person.country == "US"

    def against_record(self, article: Article, mention: Span, written: str, record: str):
        message = f"“{written}” — the record spells it “{record}”."
        evidence = Evidence(text=f"record name: {record}", source="kb", data={"distance": mention.attrs.get("distance")})
        return make_finding(
            "NAME_VARIANT", message, (mention,), entity=mention.attrs.get("entity"), evidence=(evidence,)
        )

    def two_ways(self, article: Article, first: Span, second: Span):
        message = f"“{article.quote(second)}” is spelled “{article.quote(first)}” elsewhere in the article."
        return make_finding(
            "NAME_VARIANT",
            message,
            (second,),
            entity=second.attrs.get("entity"),
            evidence=(span_evidence(article, first, "other spelling at"),),
        )


def in_article_variants(article: Article) -> list[tuple[Span, Span]]:
    """Pairs (usual spelling, suspect) of full names with one surname and near-identical first names.

    The suspect is the spelling used less often; on a tie, the one whose first name is not the
    record's for its person, else the later one.
    """
    full_names: dict[str, Span] = {}
    uses: dict[str, int] = {}
    for mention in article.group("person"):
        words = article.quote(mention).split()
        if len(words) >= 2:
            name = " ".join(words)
            full_names.setdefault(name, mention)
            uses[name] = uses.get(name, 0) + 1
    variants = []
    for (a_name, a), (b_name, b) in combinations(full_names.items(), 2):
        a_words, b_words = a_name.split(), b_name.split()
        if a_words[-1] != b_words[-1] or a_words[0] == b_words[0]:
            continue
        a_kb, b_kb = resolved_kb_id(article, a.attrs.get("entity")), resolved_kb_id(article, b.attrs.get("entity"))
        if a_kb and b_kb and a_kb != b_kb:
            continue  # the record knows them as two people
        if a_kb and a_kb == b_kb and not (a.attrs.get("variant_of") or b.attrs.get("variant_of")):
            continue  # both spellings are the record's own (aliases, nicknames)
        if fuzz.ratio(a_words[0].lower(), b_words[0].lower()) >= FIRST_NAME_SIMILARITY:
            a_suspect = (uses[a_name], is_record_name(article, a)) < (uses[b_name], is_record_name(article, b))
            variants.append((b, a) if a_suspect else (a, b))
    return variants


def is_record_name(article: Article, mention: Span) -> bool:
    """True when the mention's first name is the one the KB gives its person."""
    entity = entity_by_id(article, mention.attrs.get("entity"))
    if not (entity and entity.canonical_name):
        return False
    return article.quote(mention).split()[0].lower() == entity.canonical_name.split()[0].lower()
