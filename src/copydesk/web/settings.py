"""The web server's limits, kept apart from the app so the CLI can show defaults without FastAPI."""

from __future__ import annotations

import os
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Settings:
    """Limits and policies of one server. docs/security.md lists what happens when each is hit.

    Attributes:
        max_bytes: largest request body, and largest page fetched for a URL.
        timeout: seconds one check may take, waiting for a worker included.
        fetch_timeout: seconds a URL fetch may take (within `timeout`).
        allow_private_urls: permit URLs on loopback and private networks.
        workers: threads running the pipeline at once.
        max_pending: checks admitted at once (running or waiting); more get 429.
        head_timeout: seconds a request head (request line and headers) may take to arrive, from
            the connection opening or the previous response; then the connection is closed.
        body_timeout: seconds a request body may take to arrive once its head has; then 408.
        keep_alive: seconds an idle kept-alive connection stays open.
        max_connections: open connections (and requests in progress) at once; past it, 503.
        max_header_bytes: largest request head; past it, 400.
    """

    max_bytes: int = 5 * 1024 * 1024
    timeout: float = 30.0
    fetch_timeout: float = 20.0
    allow_private_urls: bool = False
    workers: int = max(1, min(4, os.cpu_count() or 1))
    max_pending: int = 32
    head_timeout: float = 10.0
    body_timeout: float = 30.0
    keep_alive: int = 5
    max_connections: int = 256
    max_header_bytes: int = 16 * 1024
