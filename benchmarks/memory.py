"""Resident memory of a process tree, for the benchmarks that watch a server or batch workers."""

from __future__ import annotations

import psutil


def tree_rss_mb(process: psutil.Process, include_parent: bool = True) -> float:
    """Summed RSS (MB) of `process`'s children, and of `process` itself when `include_parent`."""
    processes = process.children(recursive=True) + ([process] if include_parent else [])
    total = 0
    for member in processes:
        try:
            total += member.memory_info().rss
        except psutil.Error:  # a worker may exit between listing and reading
            continue
    return round(total / 2**20, 1)
