"""Shared fixtures for the reading-stage tests: one stage per session (spaCy and the KB load once)."""

from __future__ import annotations

import pytest

from copydesk.kb import load_kb
from copydesk.read import NO_KB, ReadStage


@pytest.fixture(scope="session")
def stage() -> ReadStage:
    reader = ReadStage(kb=load_kb())
    reader.load()
    return reader


@pytest.fixture(scope="session")
def bare_stage() -> ReadStage:
    """A stage without a knowledge base: finds spans, resolves nobody."""
    reader = ReadStage(kb=NO_KB)
    reader.load()
    return reader


class Read:
    """One text read by the stage, with helpers to find spans by their text."""

    def __init__(self, text: str, spans: dict, entities: tuple):
        self.text, self.spans, self.entities = text, spans, entities

    def quote(self, span) -> str:
        return self.text[span.start:span.end]

    def group(self, name: str, text: str | None = None) -> list:
        return [s for s in self.spans[name] if text is None or self.quote(s) == text]

    def entity(self, entity_id: str):
        return next(e for e in self.entities if e.id == entity_id)

    def entity_named(self, written: str):
        """The entity with a mention written exactly `written`."""
        return next(e for e in self.entities if any(self.quote(m) == written for m in e.mentions))

    def titles_of(self, written: str) -> list:
        """Title spans attached to the mention(s) written `written`."""
        return [t for t in self.spans["title"]
                if self.text[t.attrs["person_span"][0]:t.attrs["person_span"][1]] == written]

    def tags_of(self, written: str) -> list:
        return [t for t in self.spans["affiliation"]
                if self.text[t.attrs["person_span"][0]:t.attrs["person_span"][1]] == written]


@pytest.fixture(scope="session")
def read(stage):
    """read(text, date=None) -> Read, using the KB-backed stage."""
    def run(text: str, date=None) -> Read:
        spans, entities = stage.read(text, date=date)
        return Read(text, spans, entities)
    return run
