"""The web server's limits, kept apart from the app so the CLI can show defaults without FastAPI."""

from __future__ import annotations

import os
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Settings:
    """Limits and policies of one server.

    Attributes:
        max_bytes: largest request body, and largest page fetched for a URL.
        timeout: seconds one check may take, waiting for a worker included.
        fetch_timeout: seconds a URL fetch may take (within `timeout`).
        allow_private_urls: permit URLs on loopback and private networks.
        workers: threads running the pipeline at once.
        max_pending: checks admitted at once (running or waiting); more get 429.
    """

    max_bytes: int = 5 * 1024 * 1024
    timeout: float = 30.0
    fetch_timeout: float = 20.0
    allow_private_urls: bool = False
    workers: int = max(1, min(4, os.cpu_count() or 1))
    max_pending: int = 32
