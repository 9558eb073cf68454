"""Test pipelines and app factories for the web tests (imported by name; conftest only holds fixtures)."""

from __future__ import annotations

import time

from fastapi.testclient import TestClient

from copydesk.model import Report
from copydesk.pipeline import DateWindowFromMetadata, Pipeline
from copydesk.web.app import Settings, create_app


class SlowStage:
    """A stage that takes `seconds`, to exercise the time limit and the admission limit."""

    name, requires, provides = "slow", ("date_window",), ()

    def __init__(self, seconds: float):
        self.seconds = seconds

    def __call__(self, report: Report) -> None:
        time.sleep(self.seconds)


class FailingStage:
    """A stage with a bug, to check that clients never see a traceback."""

    name, requires, provides = "failing", (), ()

    def __call__(self, report: Report) -> None:
        raise RuntimeError("secret internal detail /srv/copydesk/stage.py line 12")


def app_with(*stages, **settings) -> TestClient:
    """A client of an app running `stages` after the date stage, with `settings`."""
    pipeline = Pipeline([DateWindowFromMetadata(), *stages])
    return TestClient(create_app(Settings(**settings), pipeline=pipeline), raise_server_exceptions=False)
