"""Reading: article text to span groups (people, titles, affiliations, lists, counts, quotes,
times) and person entities resolved against the knowledge base. See docs/spans.md."""

from copydesk.read.stage import NO_KB, ReadStage

__all__ = ["NO_KB", "ReadStage"]
