"""`copydesk kb lookup` and `copydesk kb info`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from copydesk.cli import main


def test_lookup_text_shows_positions_at_the_date(capsys):
    assert main(["kb", "lookup", "Sen. Harris", "--date", "2019-06-01", "--limit", "1"]) == 0
    out = capsys.readouterr().out
    assert "Kamala D. Harris" in out and "senator CA class 3 Democrat 2017-01-03..2021-01-18" in out


def test_lookup_json_reports_ambiguity(capsys):
    assert main(["kb", "lookup", "Harris", "--date", "2019-06-01", "--format", "json",
                 "--limit", "1"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["ambiguous"] is True and len(result["candidates"]) == 1


def test_lookup_marks_spelling_variants(capsys):
    assert main(["kb", "lookup", "Corey Booker", "--limit", "1"]) == 0
    assert "spelled 'Cory Booker' in the KB" in capsys.readouterr().out


def test_info_lists_sources_and_gaps(capsys):
    assert main(["kb", "info", "--format", "json"]) == 0
    info = json.loads(capsys.readouterr().out)
    assert {s["name"] for s in info["sources"]} >= {"us-congress", "us-leadership"}
    assert any("before September 2012" in gap for gap in info["gaps"])


def test_bad_title_is_a_usage_error(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["kb", "lookup", "Harris", "--title", "admiral"])
    assert exit_info.value.code == 2
    assert "'admiral' is not an office" in capsys.readouterr().err


def test_missing_kb_file_is_a_clear_error(tmp_path, capsys):
    assert main(["kb", "info", "--kb", str(tmp_path / "nope.sqlite")]) == 2
    assert "nope.sqlite: no such knowledge-base file" in capsys.readouterr().err


def test_build_from_a_wikidata_dump_then_lookup(tmp_path, capsys):
    dump = Path(__file__).parent / "fixtures" / "mini-wikidata.json"
    output = tmp_path / "mine.sqlite"
    assert main(["kb", "build", str(dump), "-o", str(output)]) == 0
    assert "3 people" in capsys.readouterr().out
    assert main(["kb", "lookup", "Janie Testperson", "--date", "2012-01-01",
                 "--kb", str(output)]) == 0
    out = capsys.readouterr().out
    assert "Jane Q. Testperson (Q90000001)" in out and "senator Democrat 2011-01-03..2017-01-03" in out
