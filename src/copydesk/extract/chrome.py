"""Page chrome: the navigation, share buttons, comment forms and other furniture around an article.

Both extractors use this one vocabulary, so "what was removed" reads the same for an HTML page
and for text someone copied out of one.
"""

from __future__ import annotations

import re

# Whole paragraphs that are page furniture, never article text, mapped to what they are.
CHROME_LINES: dict[str, str] = {
    "related articles": "related links", "related posts": "related links",
    "related stories": "related links", "you may also like": "related links",
    "more stories": "related links", "recommended for you": "related links",
    "read next": "related links", "most popular": "related links", "trending now": "related links",
    "leave a reply": "comment form", "leave a comment": "comment form",
    "post comment": "comment form", "comments": "comment form", "add comment": "comment form",
    "your email address will not be published. required fields are marked *": "comment form",
    "your email address will not be published.": "comment form",
    "required fields are marked *": "comment form",
    "back to top button": "back-to-top link", "back to top": "back-to-top link",
    "scroll to top": "back-to-top link",
    "share this article": "share buttons", "share this:": "share buttons", "share": "share buttons",
    "share via email": "share buttons", "facebook twitter": "share buttons",
    "subscribe to our newsletter": "newsletter sign-up", "sign up for our newsletter": "newsletter sign-up",
    "accept cookies": "cookie banner", "we use cookies": "cookie banner",
    "advertisement": "advertising", "sponsored content": "advertising",
    "skip to content": "navigation", "home": "navigation", "menu": "navigation",
}

# Section labels that sites print above a headline ("News", "Politics").
SECTION_LABELS = {
    "news", "breaking news", "latest news", "politics", "world", "us", "u.s.", "business",
    "opinion", "sports", "sport", "tech", "technology", "science", "health", "entertainment",
    "culture", "lifestyle", "local", "national", "international", "economy", "markets",
    "world news", "us news", "analysis", "commentary", "features", "elections",
}

# class/id fragments of HTML elements that hold chrome, mapped to what they are.
CHROME_MARKERS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern, re.I), label)
    for pattern, label in (
        (r"\b(?:main-)?nav(?:igation)?\b|\bmenu\b", "navigation"),
        (r"breadcrumb", "breadcrumbs"),
        (r"related", "related links"),
        (r"comment|respond|reply", "comment form"),
        (r"share|social", "share buttons"),
        (r"back-?to-?top|go-?to-?top|scroll-?top", "back-to-top link"),
        (r"cookie|consent|gdpr", "cookie banner"),
        (r"newsletter|subscribe|signup", "newsletter sign-up"),
        (r"\bads?\b|advert|sponsor|promo", "advertising"),
        (r"author-?box|about-?the-?author|author-?bio", "author box"),
        (r"sidebar|widget", "sidebar"),
        (r"footer", "footer"),
    )
)


def chrome_kind(paragraph: str) -> str | None:
    """What kind of page furniture a whole paragraph is, or None if it may be article text."""
    key = " ".join(paragraph.split()).lower()
    return CHROME_LINES.get(key) or CHROME_LINES.get(key.rstrip(":"))
