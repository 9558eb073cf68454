"""HTML extraction with trafilatura: the article's paragraphs and metadata, page chrome dropped.

Trafilatura (favor_precision) decides what is article text; we do not post-process its text
beyond splitting it into paragraphs, because dropping sentences it kept would cost recall on
real pages. What it left out is summarised in `Article.removed` by looking at the page's own
structure (nav, comment forms, related links, share buttons …).
"""

from __future__ import annotations

import datetime as dt
import re

import trafilatura
from lxml import html as lxml_html

from copydesk.errors import NoArticleError
from copydesk.extract.chrome import CHROME_MARKERS, CHROME_LINES, chrome_kind
from copydesk.model import Article, Document

_CHROME_TAGS = {"nav": "navigation", "footer": "footer", "aside": "sidebar", "form": "form"}
_MAX_CHROME_SCAN = 5000  # elements examined for the removed-summary; enough for real pages


def extract_html(document: Document) -> Article:
    """Extract the article from an HTML document.

    Raises:
        NoArticleError: trafilatura finds no article text on the page.
    """
    html = str(document.raw)
    result = _run_trafilatura(html, document.url, favor_precision=True)
    if result is None or not (result.text or "").strip():
        # Precision mode gives up on some short pages that plainly hold an article.
        result = _run_trafilatura(html, document.url, favor_precision=False)
    paragraphs = _paragraphs(result.text if result else "")
    if not paragraphs:
        raise NoArticleError("no article text found on the page", source=document.source)
    meta = document.meta
    return Article.from_paragraphs(
        paragraphs,
        title=meta.get("title") or _clean(result.title),
        byline=_clean(result.author),
        published=_parse_date(result.date),
        site=_clean(result.sitename),
        url=document.url or _clean(result.url),
        language=_clean(result.language),
        removed=summarise_removed(html, "\n".join(paragraphs)),
    )


def _run_trafilatura(html: str, url: str | None, *, favor_precision: bool):
    try:
        return trafilatura.bare_extraction(
            html, url=url, favor_precision=favor_precision, with_metadata=True,
            include_comments=False, include_tables=True, deduplicate=False,
        )
    except (ValueError, TypeError, RecursionError):
        # trafilatura raises these on markup it cannot parse; treat as "no article".
        return None


def _paragraphs(text: str) -> list[str]:
    lines = (" ".join(line.split()) for line in text.split("\n"))
    return [line for line in lines if line and not chrome_kind(line)]


def _clean(value: str | None) -> str | None:
    value = " ".join(value.split()) if value else None
    return value or None


def _parse_date(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


def summarise_removed(html: str, kept_text: str) -> list[str]:
    """Name the kinds of page chrome present in `html` whose text did not reach the article."""
    try:
        tree = lxml_html.fromstring(html)
    except (ValueError, lxml_html.etree.ParserError):
        return []
    found: dict[str, None] = {}
    for count, element in enumerate(tree.iter()):
        if count > _MAX_CHROME_SCAN:
            break
        kind = _element_chrome_kind(element)
        if kind and kind not in found and _text_left_out(element, kept_text):
            found[kind] = None
    return list(found)


def _element_chrome_kind(element) -> str | None:
    tag = element.tag if isinstance(element.tag, str) else ""
    if tag in {"script", "style", "noscript", "template"}:
        return None
    label = f"{element.get('class', '')} {element.get('id', '')}"
    for pattern, kind in CHROME_MARKERS:
        if pattern.search(label):
            return kind
    if tag in _CHROME_TAGS:
        return "comment form" if tag == "form" and _looks_like_comment_form(element) else _CHROME_TAGS[tag]
    if tag in {"a", "button", "span", "h3", "h2", "div"}:
        own_text = " ".join((element.text or "").split()).lower()
        return CHROME_LINES.get(own_text)
    return None


def _looks_like_comment_form(element) -> bool:
    return bool(re.search(r"comment|reply", lxml_html.tostring(element, encoding="unicode")[:2000], re.I))


def _text_left_out(element, kept_text: str) -> bool:
    text = " ".join(element.text_content().split())
    return bool(text) and text[:80] not in kept_text
