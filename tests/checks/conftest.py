"""Fixtures for the check tests; the builders live in checks_fixtures.py."""

from __future__ import annotations

import pytest
from checks_fixtures import TinyKB, us_kb


@pytest.fixture
def kb() -> TinyKB:
    return us_kb()
