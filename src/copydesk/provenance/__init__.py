"""How likely a text is machine-generated: a calibrated score with its basis, never a verdict.

`score(text)` uses the detector shipped in `copydesk/data/provenance` (trained on
data/mgt by `scripts/train_provenance.py`). `ProvenanceStage` adds the same score to every
report, plus the codes of any chatbot leftovers the checks found, which prove machine
authorship whatever the statistical score says. See docs/provenance.md.
"""

from __future__ import annotations

import threading
from dataclasses import replace

from copydesk.model import ProvenanceResult, Report
from copydesk.provenance.detector import (
    DETECTOR_NAME,
    MAX_JUDGED_CHARS,
    MIN_WORDS,
    Detector,
)

__all__ = ["DETECTOR_NAME", "MIN_WORDS", "ProvenanceStage", "load_detector", "score"]

ARTIFACT_CODES = frozenset({"CHATBOT_ARTIFACT"})

_LOCK = threading.Lock()
_DETECTOR: Detector | None = None


def load_detector() -> Detector:
    """The shipped detector, loaded once per process."""
    global _DETECTOR
    with _LOCK:
        if _DETECTOR is None:
            _DETECTOR = Detector.load()
        return _DETECTOR


def score(text: str) -> ProvenanceResult:
    """How likely `text` is machine-generated.

    Args:
        text: English prose; under 80 words or not English gets a refusal.

    Returns:
        A `ProvenanceResult`: `score` is a probability at an equal prior (None on refusal,
        with `reason`), `label` compares it with `threshold`, set at `fpr` on the
        `calibration` data; `signals` and `sentences` say what pushed it up.
    """
    return load_detector().score(text)


class ProvenanceStage:
    """Pipeline stage: fills `report.provenance` from the article text."""

    name = "provenance"
    requires = ("text",)
    provides = ("provenance",)

    def load(self) -> None:
        load_detector()

    def versions(self) -> dict[str, str]:
        return {"detector": DETECTOR_NAME}

    def __call__(self, report: Report) -> None:
        text = report.article.text
        result = score(text)
        if len(text) > MAX_JUDGED_CHARS and result.score is not None:
            report.notes.append(f"provenance: judged on the first {MAX_JUDGED_CHARS:,} characters "
                                f"of {len(text):,} (the detector's statistics settle well before)")
        artifacts = tuple(sorted({f.code for f in report.findings if f.code in ARTIFACT_CODES}))
        report.provenance = replace(result, artifacts=artifacts)
