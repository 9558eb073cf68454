"""Helpers for the foundation tests: schema validation and span checks for every report."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from copydesk.model import Report
from copydesk.report.json_report import load_schema

_VALIDATOR = Draft202012Validator(load_schema(), format_checker=Draft202012Validator.FORMAT_CHECKER)


def iter_spans(node: Any) -> Iterator[dict[str, Any]]:
    """Every `{start, end, text}` object anywhere in a JSON report."""
    if isinstance(node, dict):
        if {"start", "end", "text"} <= node.keys() and isinstance(node["start"], int):
            yield node
        for value in node.values():
            yield from iter_spans(value)
    elif isinstance(node, list):
        for value in node:
            yield from iter_spans(value)


def assert_valid_report(report: Report | dict[str, Any]) -> dict[str, Any]:
    """Validate a report (or its JSON data) against the schema and its own offsets; return the data."""
    data = report.to_dict() if isinstance(report, Report) else report
    errors = sorted(_VALIDATOR.iter_errors(data), key=lambda e: list(e.path))
    assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors)
    text = data["article"]["text"]
    for span in iter_spans(data):
        assert span["text"] == text[span["start"] : span["end"]], span
    for paragraph in data["article"]["paragraphs"]:
        piece = text[paragraph["start"] : paragraph["end"]]
        assert piece and piece == piece.strip() and "\n" not in piece
    return data


@pytest.fixture(scope="session")
def valid_report() -> Callable[[Report], dict[str, Any]]:
    return assert_valid_report
