"""Fixtures shared by every test area: where the example pages live and the seed article."""

from __future__ import annotations

from pathlib import Path

import pytest

FIXTURES_DIR = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="session")
def fixtures_dir() -> Path:
    return FIXTURES_DIR


@pytest.fixture(scope="session")
def pages_dir() -> Path:
    """Realistic pages written for the tests, each with `<name>.expected.txt` beside it."""
    return FIXTURES_DIR / "pages"


@pytest.fixture(scope="session")
def seed_html() -> str:
    return (FIXTURES_DIR / "seed-article.html").read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def seed_text() -> str:
    return (FIXTURES_DIR / "seed-article.txt").read_text(encoding="utf-8")
