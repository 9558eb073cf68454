"""Every module-level regular expression in copydesk survives adversarial input in linear time.

Article text is untrusted: a pattern with nested quantifiers can take exponential time on a
crafted string and stall a batch worker. This test finds every compiled pattern in the package,
including ones added later, and times it on strings built to trigger backtracking.
"""

from __future__ import annotations

import importlib
import pkgutil
import re
import time

import pytest

import copydesk

OPTIONAL = {"torch", "transformers", "ray", "atheris", "zippy", "playwright", "onnxruntime"}
BUDGET_SECONDS = 0.5
N = 20_000

ADVERSARIAL = [
    "a" * N + "!", " " * N + "x", "\n" * N, "." * N, "(" * N, "[" * N, "{" * N, "“" * N,
    "Sen. " * (N // 5), "D-" * (N // 2), "A. " * (N // 3), ", and " * (N // 6),
    "Aa " * (N // 3) + "!", "a-" * (N // 2) + "$", "<" * N, "'" * N, '"' * N,
    "As an AI " * (N // 9), "[Insert " * (N // 8), "1" * N, "Mr. Smith, " * (N // 11),
]


def _all_patterns() -> list[tuple[str, re.Pattern[str]]]:
    patterns = []
    for info in pkgutil.walk_packages(copydesk.__path__, "copydesk."):
        try:
            module = importlib.import_module(info.name)
        except ModuleNotFoundError as err:
            if (err.name or "").split(".")[0] in OPTIONAL:
                continue
            raise
        for name, value in vars(module).items():
            candidates = value if isinstance(value, (list, tuple)) else [value]
            for index, item in enumerate(candidates):
                if isinstance(item, tuple) and item and isinstance(item[0], re.Pattern):
                    item = item[0]
                if isinstance(item, re.Pattern) and isinstance(item.pattern, str):
                    patterns.append((f"{info.name}.{name}[{index}]", item))
    return patterns


PATTERNS = _all_patterns()


def test_patterns_were_found():
    assert len(PATTERNS) >= 5


@pytest.mark.parametrize("name,pattern", PATTERNS, ids=[n for n, _ in PATTERNS])
def test_pattern_is_linear_on_adversarial_input(name, pattern):
    for text in ADVERSARIAL:
        started = time.perf_counter()
        for _ in pattern.finditer(text):
            pass
        elapsed = time.perf_counter() - started
        assert elapsed < BUDGET_SECONDS, f"{name} took {elapsed:.2f}s on {text[:20]!r}…"
