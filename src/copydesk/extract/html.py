"""HTML extraction with trafilatura: the article's paragraphs and metadata, page chrome dropped.

Trafilatura (favor_precision) decides what is article text; we do not post-process its text
beyond splitting it into paragraphs and moving a repeated headline to the title, because
dropping sentences it kept would cost recall on real pages. What it left out is summarised in `Article.removed` by looking at the page's own
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
_MIN_PROSE_CHARS = 40  # an article has at least one sentence this long (counted in characters for CJK)
_SENTENCE_BREAK = re.compile(r"[a-z0-9%)][.!?][\"”’)]?\s+[\"“‘(]?[A-Z]")
_ABBREVIATIONS = {"sen", "sens", "rep", "reps", "gov", "mr", "mrs", "ms", "dr", "st", "jr", "sr",
                  "gen", "lt", "col", "sgt", "capt", "prof", "inc", "co", "corp", "vs", "ft"}
_TABLE_CELL = re.compile(r"<t[dh][\s>]", re.I)
_DATE_LIKE = re.compile(
    r"(?i)^(?:(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?(?:\s+\d{1,2}(?:st|nd|rd|th)?)?"
    r"|\d{1,2}\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*|\d{1,4}(?:[-/.]\d{1,2}){0,2})$")


def extract_html(document: Document) -> Article:
    """Extract the article from an HTML document.

    Raises:
        NoArticleError: trafilatura finds no article text on the page.
    """
    html = _unwrap_layout_tables(str(document.raw))
    result = _run_trafilatura(html, document.url, favor_precision=True)
    if result is None or not (result.text or "").strip():
        # Precision mode gives up on some short pages that plainly hold an article.
        result = _run_trafilatura(html, document.url, favor_precision=False)
    paragraphs = _paragraphs(result.text if result else "")
    if not any(map(_reads_as_prose, paragraphs)):
        # A section front or link list: trafilatura returns its headings and list items.
        raise NoArticleError("no article text found on the page", source=document.source)
    title = document.meta.get("title") or _clean(result.title)
    if title and len(paragraphs) > 1 and _same_words(paragraphs[0], title):
        paragraphs.pop(0)  # the headline, kept as `title`, not as the first paragraph
    return Article.from_paragraphs(
        paragraphs,
        title=title,
        byline=_byline(result.author),
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


def _reads_as_prose(paragraph: str) -> bool:
    """A paragraph of running text, not a heading, list item or table row.

    Running text ends a sentence somewhere: at its end, or inside it (a press release that
    closes with "###" or a paragraph cut by a "Read more" link still has full stops inside).
    """
    if len(paragraph) < _MIN_PROSE_CHARS or paragraph.startswith(("- ", "|")):
        return False
    if paragraph.rstrip("”’\"')»」").endswith((".", "!", "?", "…", "。", "！", "？")):
        return True
    return any(_word_before(paragraph, m.start() + 1).lower() not in _ABBREVIATIONS
               for m in _SENTENCE_BREAK.finditer(paragraph))


def _word_before(text: str, end: int) -> str:
    start = end
    while start > 0 and text[start - 1].isalpha():
        start -= 1
    return text[start:end]


def _same_words(first: str, second: str) -> bool:
    return " ".join(first.split()).casefold() == " ".join(second.split()).casefold()


def _byline(author: str | None) -> str | None:
    """Trafilatura's author string without the dates it splits out of "By X, October 6, 2023"."""
    names = [part for part in (author or "").split(";") if not _DATE_LIKE.match(part.strip())]
    return _clean("; ".join(part.strip() for part in names))


def _unwrap_layout_tables(html: str) -> str:
    """Turn tables that lay out a page into plain blocks, so their paragraphs stay paragraphs.

    Trafilatura renders every table as `| cell | cell |` rows; for an old-style page whose
    article sits in a table cell that would fuse the whole article into one paragraph.
    """
    if not _TABLE_CELL.search(html):
        return html
    try:
        tree = lxml_html.fromstring(html)
    except (ValueError, lxml_html.etree.ParserError):
        return html
    layout_tables = [table for table in tree.iter("table") if _is_layout_table(table)]
    for table in layout_tables:
        for element in [table, *_own_table_parts(table)]:
            element.tag = "div"
    return lxml_html.tostring(tree, encoding="unicode") if layout_tables else html


def _own_table_parts(table) -> list:
    parts = table.iter("thead", "tbody", "tfoot", "tr", "td", "th")
    return [e for e in parts if next(e.iterancestors("table"), None) is table]


def _is_layout_table(table) -> bool:
    cells = (e for e in _own_table_parts(table) if e.tag in {"td", "th"})
    return any(cell.find(".//h1") is not None or len(cell.findall(".//p")) >= 2 for cell in cells)


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
