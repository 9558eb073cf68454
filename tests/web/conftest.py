"""Shared fixtures for the web tests."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from copydesk.web.app import create_app

FIXTURES = Path(__file__).parents[1] / "fixtures"


@pytest.fixture(scope="session")
def seed_text() -> str:
    return (FIXTURES / "seed-article.txt").read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def seed_html() -> str:
    return (FIXTURES / "seed-article.html").read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def client():
    """A client of the app on the default pipeline, loaded once for the whole session."""
    with TestClient(create_app()) as test_client:
        yield test_client
