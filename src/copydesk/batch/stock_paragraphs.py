"""Stock paragraphs: the same (or nearly the same) paragraph repeated across one site's articles.

Content farms pad machine-written stories with boilerplate ("In conclusion, the situation
remains fluid…", a fixed SEO blurb, a spun "about us"). A paragraph that recurs, word for word
or lightly reworded, in many articles of one site is a site-level signal for `copydesk sites`.

Near-duplicates are found with MinHash over word-pair shingles and an LSH index per site
(`datasketch`), then confirmed by the MinHash Jaccard estimate and grouped with union-find.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from datasketch import MinHash, MinHashLSH

from copydesk.errors import InputError

SHINGLE_WORDS = 2  # word pairs: a spinner's one-word swap changes two shingles, not three
NUM_PERM = 128
# The LSH index only proposes candidates, which the MinHash Jaccard estimate then confirms at the
# caller's threshold. It proposes a little below that threshold, since LSH misses pairs that sit
# right at it, and never above 0.95, where it cannot form two bands.
LSH_SLACK = 0.1
LSH_MAX_THRESHOLD = 0.95
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)?")


@dataclass(frozen=True, slots=True)
class StockParagraph:
    """One paragraph that recurs across a site's articles.

    `text` is the first occurrence seen; `occurrences` lists every `(article_id, paragraph_index)`
    in the group, so `len(articles)` is the number of distinct articles that carry it.
    """

    site: str
    text: str
    articles: tuple[str, ...]
    occurrences: tuple[tuple[str, int], ...]
    min_similarity: float  # lowest estimated Jaccard similarity of a member to the group's first text

    @property
    def article_count(self) -> int:
        return len(self.articles)


@dataclass(slots=True)
class _SiteIndex:
    """The paragraphs of one site seen so far, with their signatures and an LSH index."""

    lsh: MinHashLSH
    empty: MinHash  # copied for each paragraph: drawing fresh permutations per paragraph is slow
    texts: list[str] = field(default_factory=list)
    owners: list[tuple[str, int]] = field(default_factory=list)
    signatures: list[MinHash] = field(default_factory=list)


def find_stock_paragraphs(
    rows: Iterable[tuple[str, str, Sequence[str]]],
    *,
    threshold: float = 0.7,
    min_articles: int = 3,
    min_words: int = 12,
    num_perm: int = NUM_PERM,
) -> dict[str, list[StockParagraph]]:
    """Group near-identical paragraphs per site and keep those shared by enough articles.

    Args:
        rows: `(site, article_id, paragraphs)` per article, in any order; `paragraphs` is a
            sequence of paragraph strings (e.g. `[article.quote(p) for p in article.paragraphs]`).
            Paragraphs are only compared within the same site.
        threshold: estimated Jaccard similarity of word-pair shingles at or above which two
            paragraphs count as the same stock paragraph (1.0 = identical wording; 0.7 joins two
            copies of a 30-word paragraph that were each spun with a different one-word swap).
        min_articles: how many distinct articles of a site must carry a paragraph for it to be
            reported.
        min_words: shorter paragraphs (bylines, "Share this article", captions) are skipped,
            since short lines repeat on every site for innocent reasons.
        num_perm: MinHash permutations; memory is about 8 * num_perm bytes per kept paragraph.

    Returns:
        `{site: [StockParagraph, …]}` with the paragraphs carried by the most articles first;
        sites without any stock paragraph are absent.

    Raises:
        InputError: a row is not `(site, article_id, paragraphs)` with strings, or a parameter
            is out of range.
    """
    _check_parameters(threshold, min_articles, min_words, num_perm)
    sites: dict[str, _SiteIndex] = {}
    empty = MinHash(num_perm=num_perm)
    for position, row in enumerate(rows):
        site, article_id, paragraphs = _validated_row(row, position)
        index = sites.get(site)
        if index is None:
            index = sites[site] = _SiteIndex(
                MinHashLSH(threshold=min(max(threshold - LSH_SLACK, 0.05), LSH_MAX_THRESHOLD), num_perm=num_perm), empty
            )
        _add_article(index, article_id, paragraphs, min_words)
    found = {site: _stock_groups(site, index, threshold, min_articles) for site, index in sites.items()}
    return {site: groups for site, groups in found.items() if groups}


def _check_parameters(threshold: float, min_articles: int, min_words: int, num_perm: int) -> None:
    if not 0.0 < threshold <= 1.0:
        raise InputError(f"threshold must be in (0, 1], got {threshold!r}", source="find_stock_paragraphs")
    if min_articles < 2:
        raise InputError(f"min_articles must be at least 2, got {min_articles!r}", source="find_stock_paragraphs")
    if min_words < SHINGLE_WORDS or num_perm < 16:
        raise InputError(
            f"min_words must be >= {SHINGLE_WORDS} and num_perm >= 16, got {min_words!r} and {num_perm!r}",
            source="find_stock_paragraphs",
        )


def _validated_row(row: object, position: int) -> tuple[str, str, Sequence[str]]:
    where = f"stock-paragraph input row {position}"
    if not isinstance(row, (tuple, list)) or len(row) != 3:
        raise InputError("expected a (site, article_id, paragraphs) triple", source=where)
    site, article_id, paragraphs = row
    if not isinstance(site, str) or not site:
        raise InputError(f"site must be a non-empty string, got {site!r}", source=where)
    if not isinstance(article_id, str) or not article_id:
        raise InputError(f"article_id must be a non-empty string, got {article_id!r}", source=where)
    if isinstance(paragraphs, str) or not all(isinstance(p, str) for p in paragraphs):
        raise InputError("paragraphs must be a sequence of strings (not one string)", source=where)
    return site, article_id, paragraphs


def _add_article(index: _SiteIndex, article_id: str, paragraphs: Sequence[str], min_words: int) -> None:
    for paragraph_index, paragraph in enumerate(paragraphs):
        words = [word.lower() for word in _WORD.findall(paragraph)]
        if len(words) < min_words:
            continue
        signature = index.empty.copy()
        shingles = (" ".join(words[i : i + SHINGLE_WORDS]) for i in range(len(words) - SHINGLE_WORDS + 1))
        signature.update_batch(shingle.encode() for shingle in shingles)
        key = len(index.texts)
        index.lsh.insert(key, signature)
        index.texts.append(paragraph)
        index.owners.append((article_id, paragraph_index))
        index.signatures.append(signature)


def _stock_groups(site: str, index: _SiteIndex, threshold: float, min_articles: int) -> list[StockParagraph]:
    parent = list(range(len(index.texts)))

    def root(key: int) -> int:
        while parent[key] != key:
            parent[key] = parent[parent[key]]
            key = parent[key]
        return key

    for key, signature in enumerate(index.signatures):
        for other in index.lsh.query(signature):
            # LSH candidates can fall below the threshold; confirm with the Jaccard estimate.
            if other != key and signature.jaccard(index.signatures[other]) >= threshold:
                parent[root(other)] = root(key)
    members: dict[int, list[int]] = defaultdict(list)
    for key in range(len(index.texts)):
        members[root(key)].append(key)
    groups = [_group(site, index, keys) for keys in members.values()]
    kept = [group for group in groups if group.article_count >= min_articles]
    return sorted(kept, key=lambda group: (-group.article_count, group.occurrences))


def _group(site: str, index: _SiteIndex, keys: list[int]) -> StockParagraph:
    keys.sort()
    first = index.signatures[keys[0]]
    occurrences = tuple(index.owners[key] for key in keys)
    articles = tuple(dict.fromkeys(article for article, _ in occurrences))
    similarity = min((first.jaccard(index.signatures[key]) for key in keys), default=1.0)
    return StockParagraph(site, index.texts[keys[0]], articles, occurrences, round(similarity, 3))
