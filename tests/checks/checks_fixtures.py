"""Hand-built articles and a small in-memory knowledge base, to test each check in isolation."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from copydesk.kb.model import Interval, Person, Position
from copydesk.model import Article, DateWindow, Entity, Report, Span

D = dt.date.fromisoformat


@dataclass
class TinyKB:
    """The slice of `copydesk.kb.KnowledgeBase` the checks use, over a few hand-written rows."""

    persons: dict[str, Person] = field(default_factory=dict)
    rows: list[Position] = field(default_factory=list)
    undated: set[str] = field(default_factory=set)

    def add(self, pid: str, name: str, *terms: tuple) -> TinyKB:
        self.persons[pid] = Person(id=pid, name=name)
        for office, state, district, party, start, end, source in terms:
            self.rows.append(Position(pid, office, state, district, party, D(start), end and D(end), source))
        return self

    def person(self, pid: str) -> Person | None:
        return self.persons.get(pid)

    def positions(self, pid: str, date: dt.date | None = None) -> list[Position]:
        return [p for p in self.rows if p.person_id == pid and (date is None or p.holds_on(date))]

    def intervals(self, pid: str, office: str, *, state: str | None = None) -> list[Interval]:
        return [
            Interval(p.start, p.end)
            for p in self.positions(pid)
            if p.office == office and (state is None or p.state == state)
        ]

    def holders(self, office: str, date: dt.date, *, state=None, district=None) -> list[Position]:
        return [
            p for p in self.rows
            if p.office == office and p.holds_on(date) and (state is None or p.state == state)
        ]

    def undated_roles(self, pid: str) -> list:
        return ["undated"] if pid in self.undated else []


def us_kb() -> TinyKB:
    """Real terms (from congress-legislators) of the people the fixtures name."""
    kb = TinyKB()
    kb.add("biden", "Joe Biden",
           ("vice_president", None, None, "Democrat", "2009-01-20", "2017-01-20", "executive.yaml"),
           ("president", None, None, "Democrat", "2021-01-20", "2025-01-20", "executive.yaml"))
    kb.add("obama", "Barack Obama",
           ("president", None, None, "Democrat", "2009-01-20", "2017-01-20", "executive.yaml"))
    kb.add("trump", "Donald Trump",
           ("president", None, None, "Republican", "2017-01-20", "2021-01-20", "executive.yaml"),
           ("president", None, None, "Republican", "2025-01-20", None, "executive.yaml"))
    kb.add("harris", "Kamala Harris",
           ("senator", "CA", None, "Democrat", "2017-01-03", "2021-01-18", "legislators-historical"),
           ("vice_president", None, None, "Democrat", "2021-01-20", "2025-01-20", "executive.yaml"))
    kb.add("pelosi", "Nancy Pelosi",
           ("representative", "CA", "12", "Democrat", "2013-01-03", None, "legislators-current.yaml"),
           ("speaker", None, None, "Democrat", "2019-01-03", "2023-01-03", "legislators-current.yaml"))
    kb.add("warren", "Elizabeth Warren",
           ("senator", "MA", None, "Democrat", "2013-01-03", None, "legislators-current.yaml"))
    kb.add("booker", "Cory Booker",
           ("senator", "NJ", None, "Democrat", "2013-10-31", None, "legislators-current.yaml"))
    kb.add("menendez", "Bob Menendez",
           ("senator", "NJ", None, "Democrat", "2006-01-18", "2024-08-20", "legislators-departed"))
    kb.add("omar", "Ilhan Omar",
           ("representative", "MN", "5", "Democrat", "2019-01-03", None, "legislators-current.yaml"))
    kb.add("tlaib", "Rashida Tlaib",
           ("representative", "MI", "13", "Democrat", "2019-01-03", None, "legislators-current.yaml"))
    kb.add("khanna", "Ro Khanna",
           ("representative", "CA", "17", "Democrat", "2017-01-03", None, "legislators-current.yaml"))
    kb.add("durbin", "Richard J. Durbin",
           ("senator", "IL", None, "Democrat", "1997-01-07", None, "legislators-current.yaml"))
    kb.undated.add("durbin")  # his House terms (1983-1997) are in the CSV only, undated
    return kb


class ArticleBuilder:
    """Build an Article and its span groups by naming the words in the text."""

    def __init__(self, *paragraphs: str, published: dt.date | None = None):
        self.article = Article.from_paragraphs(list(paragraphs), published=published)
        self.entities: dict[str, dict] = {}

    def find(self, words: str, nth: int = 0) -> tuple[int, int]:
        start = -1
        for _ in range(nth + 1):
            start = self.article.text.index(words, start + 1)
        return start, start + len(words)

    def add(self, group: str, words: str, nth: int = 0, **attrs) -> Span:
        start, end = self.find(words, nth)
        span = Span(start, end, group, attrs)
        self.article.spans.setdefault(group, []).append(span)
        return span

    def person(self, words: str, entity: str, kb_id: str | None = None, nth: int = 0,
               status: str | None = None, **attrs) -> Span:
        span = self.add("person", words, nth, entity=entity, **attrs)
        record = self.entities.setdefault(entity, {"name": words, "kb_id": kb_id, "mentions": [],
                                                   "status": status or ("resolved" if kb_id else "not_in_kb")})
        record["mentions"].append(span)
        return span

    def title(self, words: str, person: Span, office: str | None, nth: int = 0, **attrs) -> Span:
        attrs.setdefault("country", "US")
        attrs.setdefault("modifier", None)
        return self.add("title", words, nth, office=office, raw=words, entity=person.attrs["entity"],
                        person_span=[person.start, person.end], **attrs)

    def tag(self, words: str, person: Span, nth: int = 0, **attrs) -> Span:
        fields = {"party": None, "state": None, "district": None, **attrs}
        return self.add("affiliation", words, nth, raw=words, entity=person.attrs["entity"],
                        person_span=[person.start, person.end], **fields)

    def enumeration(self, people: list[Span], start_words: str, **attrs) -> Span:
        start = self.find(start_words)[0]
        items = [{"start": p.start, "end": p.end, "entity": p.attrs.get("entity")} for p in people]
        span = Span(start, people[-1].end, "list", {"items": items, **attrs})
        self.article.spans.setdefault("list", []).append(span)
        return span

    def report(self, *, date: dt.date | None = None) -> Report:
        self.article.entities = [
            Entity(id=eid, name=r["name"], kind="person", mentions=tuple(r["mentions"]), kb_id=r["kb_id"],
                   status=r["status"], canonical_name=None, confidence=1.0 if r["kb_id"] else 0.0)
            for eid, r in self.entities.items()
        ]
        report = Report(article=self.article, source={"name": "fixture"}, given_date=date)
        if date:
            report.date_window = DateWindow.on(date, "given")
        elif self.article.published:
            report.date_window = DateWindow.on(self.article.published, "published")
        return report



def run(report: Report, *stages) -> Report:
    for stage in stages:
        stage(report)
    return report


def codes(report: Report) -> list[str]:
    return [f.code for f in report.findings]
