"""Consistency checks: each a small stage that reads the article's spans and entities, asks the
knowledge base where it must, and adds findings (codes in `copydesk.checks.codes`) and
verifications to the report. `default_check_stages` gives them in the order they run."""

from __future__ import annotations

from typing import Any

from copydesk.checks.affiliation import AffiliationCheck
from copydesk.checks.lists import CountCheck, DuplicateInListCheck, ParticipantCheck
from copydesk.checks.names import NameVariantCheck
from copydesk.checks.passages import QuoteConflictCheck, RepeatedPassageCheck
from copydesk.checks.titles import RoleOutOfTermCheck, SeatConflictCheck, TitleConflictCheck, UnverifiedRoleCheck
from copydesk.checks.window import DateWindowInference

__all__ = [
    "AffiliationCheck",
    "CountCheck",
    "DateWindowInference",
    "DuplicateInListCheck",
    "NameVariantCheck",
    "ParticipantCheck",
    "QuoteConflictCheck",
    "RepeatedPassageCheck",
    "RoleOutOfTermCheck",
    "SeatConflictCheck",
    "TitleConflictCheck",
    "UnverifiedRoleCheck",
    "default_check_stages",
]


def default_check_stages(kb: Any | None = None) -> list:
    """The date-window inference stage followed by every check, in the order they run.

    Args:
        kb: a loaded `copydesk.kb.KnowledgeBase`, or None; checks that need one then add a
            note to the report saying they were skipped.

    Returns:
        Stages for `copydesk.pipeline.Pipeline`, to run after the reading stage.
    """
    return [
        DateWindowInference(kb),
        TitleConflictCheck(kb),
        RoleOutOfTermCheck(kb),
        SeatConflictCheck(kb),
        AffiliationCheck(kb),
        NameVariantCheck(kb),
        DuplicateInListCheck(kb),
        CountCheck(kb),
        ParticipantCheck(kb),
        RepeatedPassageCheck(kb),
        QuoteConflictCheck(kb),
        UnverifiedRoleCheck(kb),
    ]
