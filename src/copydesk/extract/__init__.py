"""Extract: a `Document` in, an `Article` out (title, byline, date, site, paragraphs)."""

from __future__ import annotations

from copydesk.model import Article, Document


def extract(document: Document) -> Article:
    """Extract the article from an HTML or text document.

    Raises:
        NoArticleError: the document holds no article text.
    """
    if document.content_type == "html":
        from copydesk.extract.html import extract_html

        article = extract_html(document)
    else:
        from copydesk.extract.text import extract_text

        article = extract_text(document)
    return _apply_given_metadata(article, document)


def _apply_given_metadata(article: Article, document: Document) -> Article:
    """Metadata supplied with the input (a JSONL row's url/title) wins over what was extracted."""
    meta = document.meta
    if meta.get("title"):
        article.title = meta["title"]
    if document.url and not article.url:
        article.url = document.url
    return article
