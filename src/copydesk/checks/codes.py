"""The one catalogue of finding codes. Codes are stable: reports, tests and users key on them.

Adding a code means adding it here, documenting it in README and updating the golden file
`tests/golden/finding_codes.json` (a test compares them so no change slips through review).
"""

from __future__ import annotations

from dataclasses import dataclass

from copydesk.model import Severity


@dataclass(frozen=True, slots=True)
class Code:
    code: str
    default_severity: Severity
    description: str
    needs_kb: bool = False


CATALOGUE: dict[str, Code] = {
    c.code: c
    for c in (
        Code("TITLE_CONFLICT", "error", "One person is given titles that no single date allows.", True),
        Code("ROLE_OUT_OF_TERM", "error", "A title the person did not hold at the article's date or date window.", True),
        Code("AFFILIATION_MISMATCH", "error", "A party, state or district tag conflicts with the record at the article's date.", True),
        Code("SEAT_CONFLICT", "error", "More people are placed in an office at once than it has seats.", True),
        Code("DUPLICATE_IN_LIST", "error", "The same person appears twice in one enumeration, also when spelled differently."),
        Code("NAME_VARIANT", "warning", "A name is spelled unlike the record's canonical name, or two ways in one article.", True),
        Code("COUNT_MISMATCH", "warning", "A stated count disagrees with the items it introduces."),
        Code("PARTICIPANT_CONFLICT", "warning", "One event is given incompatible sets of participants."),
        Code("REPEATED_PASSAGE", "warning", "A sentence or passage is repeated or nearly repeated."),
        Code("QUOTE_CONFLICT", "warning", "The same quote appears with altered wording or different speakers."),
        Code("UNVERIFIED_ROLE", "info", "A role claim the knowledge base cannot judge: the person or the office's dates are not in it."),
        Code("CHATBOT_ARTIFACT", "error", "Text a chatbot leaves behind: refusals, disclaimers, preambles, prompt echoes."),
        Code("PLACEHOLDER_TEXT", "warning", "An unfilled template slot, lorem ipsum, or TBD/XXX in running text."),
        Code("TRUNCATED_TEXT", "warning", "The article or a paragraph ends mid-sentence or mid-word."),
    )
}


def code(name: str) -> Code:
    """Look up a code, failing loudly on a typo rather than emitting an unknown code."""
    try:
        return CATALOGUE[name]
    except KeyError:
        raise KeyError(f"[E010] Unknown finding code {name!r}. Known: {', '.join(CATALOGUE)}") from None
