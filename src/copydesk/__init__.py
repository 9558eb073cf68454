"""copydesk: reads a news article and reports what is wrong with it, with evidence.

Python API::

    import copydesk
    report = copydesk.check_path("article.html")
    report = copydesk.check_html(html, url="https://example.com/a")
    report = copydesk.check_text(text, title="Headline", date=datetime.date(2022, 10, 30))
    print(report.to_json())
"""

from __future__ import annotations

__version__ = "0.1.0"

from copydesk.api import check_html, check_path, check_text  # noqa: E402

__all__ = ["__version__", "check_html", "check_path", "check_text"]
