"""Plain-text extraction: paragraphs on blank lines (or on lines, when there is no blank line),
a title line, chrome dropped at the edges."""

from __future__ import annotations

import re

from copydesk.errors import NoArticleError
from copydesk.extract.chrome import SECTION_LABELS, chrome_kind
from copydesk.model import Article, Document

_BLANK_LINE = re.compile(r"\n[ \t\f\v\u00a0]*\n+")
_MAX_TITLE_WORDS = 30
_SENTENCE_END = (".", "!", "?", "…")


def extract_text(document: Document) -> Article:
    """Split text into paragraphs; take a leading headline as the title; drop edge chrome."""
    text = str(document.raw).replace("\r\n", "\n").replace("\r", "\n")
    paragraphs = [" ".join(block.split()) for block in _blocks(text)]
    paragraphs = [p for p in paragraphs if p]
    removed: list[str] = []
    if paragraphs and paragraphs[0].lower() in SECTION_LABELS and len(paragraphs) > 1:
        paragraphs.pop(0)
        removed.append("section label")
    trailing: list[str] = []  # collected bottom-up, reported in page order
    while paragraphs and (kind := chrome_kind(paragraphs[-1])):
        paragraphs.pop()
        trailing.insert(0, kind)
    removed.extend(dict.fromkeys(trailing))
    title = document.meta.get("title")
    if not title and len(paragraphs) > 1 and _looks_like_headline(paragraphs[0]):
        title = paragraphs.pop(0)
    if not paragraphs:
        raise NoArticleError("no article text found", source=document.source)
    return Article.from_paragraphs(paragraphs, title=title, url=document.url,
                                   removed=removed)


def _blocks(text: str) -> list[str]:
    """The paragraphs' raw blocks: split on blank lines, or on line breaks when there is no blank line.

    Transcripts, press releases and text copied from a page often put one paragraph per line
    with no blank line between; read as one paragraph, their ¶ numbers and positions would mean
    nothing. A line that only wraps a sentence (it ends without . ! ? … and the next line starts
    in lower case) stays joined to the next.
    """
    if _BLANK_LINE.search(text.strip()):
        return _BLANK_LINE.split(text)
    blocks: list[str] = []
    for line in filter(str.strip, text.split("\n")):
        if blocks and _wraps_into(blocks[-1], line):
            blocks[-1] += " " + line
        else:
            blocks.append(line)
    return blocks


def _wraps_into(previous: str, line: str) -> bool:
    return not previous.rstrip().endswith(_SENTENCE_END) and line.lstrip()[:1].islower()


def _looks_like_headline(paragraph: str) -> bool:
    words = paragraph.split()
    return len(words) <= _MAX_TITLE_WORDS and not paragraph.endswith((".", ":", ",", ";", "”", '"'))
