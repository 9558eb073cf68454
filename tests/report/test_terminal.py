"""The terminal report: wrapped to the width, indented, no trailing blanks."""

from __future__ import annotations

import pytest
from test_html_sample import sample_report

from copydesk.report.terminal import render_text


@pytest.mark.parametrize("width", [60, 100])
def test_lines_fit_the_width_and_carry_no_trailing_blanks(width):
    text = render_text(sample_report(), width=width)
    lines = text.splitlines()
    assert "ERRORS (" in text and "PROVENANCE" in text
    assert [line for line in lines if line != line.rstrip()] == []
    # Words longer than the width may overflow (they are never split); nothing else does.
    assert [line for line in lines if len(line) > width and " " in line.strip()] == []
