"""The officeholder knowledge base: who held which office when, and who a name could be.

    from copydesk.kb import load_kb
    kb = load_kb()                       # the KB shipped in the package
    kb.candidates("Harris", title="senator", date=datetime.date(2019, 6, 1))[0].person.name
    kb.intervals(person_id, "senator")   # merged periods in office

See docs/kb.md for the sources, the build and the coverage gaps.
"""

from copydesk.kb.base import KnowledgeBase, is_ambiguous, load_kb
from copydesk.kb.model import (
                               Candidate,
                               Interval,
                               Person,
                               Position,
                               TitleClaim,
                               UndatedRole,
)

__all__ = ["Candidate", "Interval", "KnowledgeBase", "Person", "Position", "TitleClaim",
           "UndatedRole", "is_ambiguous", "load_kb"]
