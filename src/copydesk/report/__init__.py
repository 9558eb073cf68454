"""Report renderers: one function per output format, `fn(report, **options) -> str`."""

from __future__ import annotations

from collections.abc import Callable
from importlib import import_module

from copydesk.model import Report

# format name -> "module:function"; imported on first use so `--format json` stays light.
FORMATS: dict[str, str] = {
    "text": "copydesk.report.terminal:render_text",
    "json": "copydesk.report.json_report:report_to_json",
    "html": "copydesk.report.html:render_html",
    "claimreview": "copydesk.report.claimreview:render_claimreview",
}


def renderer(name: str) -> Callable[..., str]:
    try:
        module, function = FORMATS[name].split(":")
    except KeyError:
        raise ValueError(f"unknown format {name!r}; choose one of {', '.join(FORMATS)}") from None
    return getattr(import_module(module), function)


def render(report: Report, name: str, **options) -> str:
    return renderer(name)(report, **options)
