"""Batch at crawl scale: many documents in, one row each out, resumable, local or on Ray.

Public API:
    run_batch(BatchOptions(...)) -> BatchResult     the `copydesk batch` command
    summarise_sites(folders) -> SitesReport           the `copydesk sites` command
See docs/batch.md for the input formats, the row schema and the output layout.
"""

from copydesk.batch.run import BatchOptions, BatchResult, run_batch
from copydesk.batch.sites import SitesReport, summarise_sites

__all__ = ["BatchOptions", "BatchResult", "SitesReport", "run_batch", "summarise_sites"]
