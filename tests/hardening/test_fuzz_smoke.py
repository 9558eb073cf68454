"""A short atheris run of the fuzz harness, so CI exercises it (the long run is `make fuzz`)."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.slow
def test_fuzz_extraction_short_run(tmp_path):
    pytest.importorskip("atheris", reason="atheris is in the `fuzz` extra")
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for seed in (ROOT / "tests" / "fixtures").glob("seed-article.*"):
        shutil.copy(seed, corpus)
    run = subprocess.run(
        [sys.executable, str(ROOT / "fuzz" / "fuzz_pipeline.py"), "--stage", "extract",
         "-max_total_time=15", f"-artifact_prefix={tmp_path}/", str(corpus)],
        capture_output=True, text=True, timeout=120, cwd=tmp_path,
    )
    assert run.returncode == 0, run.stderr[-3000:]
    assert "Done" in run.stderr
