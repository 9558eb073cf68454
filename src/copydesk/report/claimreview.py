"""schema.org ClaimReview JSON-LD: one review per error or warning finding.

Fact-checkers publish ClaimReview so search engines and aggregators can show a verdict next
to a claim. Info findings are notes, not verdicts, so they get no review. Reviews are numbered
like the HTML report (`#F1`, `#F2`, …), so `review_url` may point at a published HTML report.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from copydesk.checks.codes import CATALOGUE
from copydesk.model import Finding, Report
from copydesk.report.html import ordered_findings

MAX_CLAIM_CHARS = 75
REVIEWED_SEVERITIES = ("error", "warning")
# Ratings on a 1 (worst) to 5 (best) scale; alternateName is the verdict readers see.
RATINGS = {"error": (1, "Incorrect"), "warning": (2, "Needs review")}
BEST_RATING, WORST_RATING = 5, 1


def render_claimreview(report: Report, *, author: str = "copydesk", review_url: str | None = None,
                       date_published: dt.date | None = None) -> str:
    """Render the report's error and warning findings as a JSON-LD list of ClaimReview objects.

    Args:
        report: the finished report of one article.
        author: the organisation publishing the reviews.
        review_url: where the reviews are published (e.g. the HTML report); each review's
            `url` is this plus `#F<n>`. Without it, a `urn:copydesk:` identifier is used.
        date_published: the date of the reviews; today (UTC) when not given.

    Returns:
        JSON text (a list, possibly empty) safe to embed in a `<script type="application/ld+json">`.
    """
    reviewed_on = (date_published or dt.datetime.now(dt.timezone.utc).date()).isoformat()
    base = review_url or f"urn:copydesk:report:{report.source.get('id') or 'article'}"
    reviews = [
        claim_review(report, finding, number=number, author=author, url=f"{base}#F{number}",
                     date_published=reviewed_on)
        for number, finding in enumerate(ordered_findings(report.findings), start=1)
        if finding.severity in REVIEWED_SEVERITIES
    ]
    text = json.dumps(reviews, ensure_ascii=False, indent=2)
    # JSON-LD usually lives inside <script>; escaping these keeps article text from closing it.
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026") + "\n"


def claim_review(report: Report, finding: Finding, *, number: int, author: str, url: str,
                 date_published: str) -> dict[str, Any]:
    """One ClaimReview object for one finding."""
    value, verdict = RATINGS[finding.severity]
    entry = CATALOGUE.get(finding.code)
    return {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "identifier": f"F{number}",
        "url": url,
        "claimReviewed": claim_text(report, finding),
        "reviewBody": finding.message,
        "datePublished": date_published,
        "author": {"@type": "Organization", "name": author},
        "reviewRating": {
            "@type": "Rating",
            "ratingValue": value,
            "bestRating": BEST_RATING,
            "worstRating": WORST_RATING,
            "alternateName": f"{verdict}: {entry.description if entry else finding.code}",
        },
        "itemReviewed": item_reviewed(report),
        "keywords": finding.code,
    }


def claim_text(report: Report, finding: Finding) -> str:
    """The claim as the article words it (its first span), at most MAX_CLAIM_CHARS long."""
    text = report.article.text
    quoted = [text[s.start:s.end] for s in finding.spans if 0 <= s.start < s.end <= len(text)]
    claim = " … ".join(quoted) if quoted else finding.message
    return shorten(" ".join(claim.split()), MAX_CLAIM_CHARS)


def shorten(text: str, limit: int) -> str:
    """`text` cut at a word boundary to at most `limit` characters, ending in "…" when cut."""
    if len(text) <= limit:
        return text
    cut = text[:limit - 1]
    if " " in cut[limit // 2:]:
        cut = cut[:cut.rindex(" ")]
    return cut.rstrip(" ,;:…") + "…"


def item_reviewed(report: Report) -> dict[str, Any]:
    """The Claim: made in the article (its appearance), by its byline or site."""
    article = report.article
    appearance: dict[str, Any] = {"@type": "NewsArticle"}
    url = article.url or report.source.get("url")
    if url:
        appearance["url"] = url
    if article.title:
        appearance["headline"] = article.title
    if article.published:
        appearance["datePublished"] = article.published.isoformat()
    claim: dict[str, Any] = {"@type": "Claim", "appearance": appearance}
    if article.byline:
        claim["author"] = {"@type": "Person", "name": article.byline}
    elif article.site:
        claim["author"] = {"@type": "Organization", "name": article.site}
    if article.published:
        claim["datePublished"] = article.published.isoformat()
    return claim
