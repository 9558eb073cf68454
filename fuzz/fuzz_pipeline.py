"""Coverage-guided fuzzing (atheris) of ingest, extraction and, with --stage read, the reader.

Run: `make fuzz` (10 minutes per stage) or
`python fuzz/fuzz_pipeline.py [--stage extract|read] -max_total_time=60 CORPUS_DIR`.
Any exception other than copydesk's own `InputError` is a crash and is reported by atheris with
the input that caused it (saved as crash-* in the working directory).
"""

from __future__ import annotations

import sys

import atheris

with atheris.instrument_imports():
    from copydesk.errors import InputError
    from copydesk.extract import extract
    from copydesk.ingest import document_from_bytes

STAGE = "extract"


def _article_from(data: bytes):
    provider = atheris.FuzzedDataProvider(data)
    as_html = provider.ConsumeBool()
    raw = provider.ConsumeBytes(provider.remaining_bytes())
    if as_html:
        raw = b"<html><body><article><p>" + raw + b"</p></article></body></html>"
    try:
        return extract(document_from_bytes(raw, source="fuzz", content_type="html" if as_html else None))
    except InputError:
        return None


def test_one_input(data: bytes) -> None:
    article = _article_from(data)
    if article is None:
        return
    for span in article.paragraphs:  # offsets must always slice the text they describe
        assert 0 <= span.start <= span.end <= len(article.text)
    if STAGE == "read":
        from copydesk.model import Report

        _reader()(Report(article=article, source={"id": "fuzz", "name": "fuzz"}))


_READER = None


def _reader():
    global _READER
    if _READER is None:
        from copydesk.read import ReadStage

        _READER = ReadStage()
        _READER.load()
    return _READER


def main() -> None:
    global STAGE
    argv = list(sys.argv)
    if "--stage" in argv:
        index = argv.index("--stage")
        STAGE = argv[index + 1]
        del argv[index : index + 2]
    atheris.Setup(argv, test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
