"""`copydesk check`: argument parsing, exit codes, output files, and the installed console script."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import pytest

from copydesk.cli import main, parse_args

FIXTURES = Path(__file__).parents[1] / "fixtures"
SEED = FIXTURES / "seed-article.html"
SEED_TITLE = "Amid Intense Backlash, Progressive Lawmakers Retracted A Letter Pressing Biden"


def copydesk_command() -> list[str]:
    """The installed console script beside this Python, else the module."""
    script = Path(sys.executable).with_name("copydesk")
    return [str(script)] if script.exists() else [sys.executable, "-m", "copydesk.cli"]


def run_copydesk(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([*copydesk_command(), *args], input=stdin, capture_output=True,
                          timeout=120, check=False)


# --- parse_args ------------------------------------------------------------------------------

def test_check_defaults():
    args = parse_args(["check", "a.html"])
    assert (args.command, args.source, args.format, args.output, args.date, args.title, args.verbose) == \
        ("check", "a.html", "text", None, None, None, 0)


@pytest.mark.parametrize("argv", [["--format", "json"], ["-f", "json"], ["--format=json"]])
def test_json_format(argv):
    assert parse_args(["check", "a.html", *argv]).format == "json"


def test_date_title_output_and_verbosity():
    args = parse_args(["-vv", "check", "-", "--date", "2022-10-30", "--title", "T", "-o", "out.json"])
    assert args.date == dt.date(2022, 10, 30)
    assert (args.source, args.title, args.output, args.verbose) == ("-", "T", Path("out.json"), 2)


@pytest.mark.parametrize("bad", ["30/10/2022", "2022-13-01", "yesterday", ""])
def test_bad_date_is_an_argparse_error(bad, capsys):
    with pytest.raises(SystemExit) as caught:
        parse_args(["check", "a.html", "--date", bad])
    assert caught.value.code == 2
    assert "is not a date in the form YYYY-MM-DD" in capsys.readouterr().err


@pytest.mark.parametrize("argv", [["check", "a.html", "--format", "xml"], ["check"], []])
def test_usage_errors_exit_2(argv, capsys):
    with pytest.raises(SystemExit) as caught:
        parse_args(argv)
    assert caught.value.code == 2
    assert "usage: copydesk" in capsys.readouterr().err


# --- main() in process -----------------------------------------------------------------------

def test_text_report_on_the_seed(capsys):
    assert main(["check", str(SEED)]) == 0
    out = capsys.readouterr().out
    assert SEED_TITLE in out
    assert "Example News" in out and "14 paragraphs" in out


def test_json_report_to_a_file(tmp_path, capsys, valid_report):
    target = tmp_path / "report.json"
    assert main(["check", str(SEED), "--format", "json", "-o", str(target), "--date", "2022-10-30"]) == 0
    assert capsys.readouterr().out == ""
    data = valid_report(json.loads(target.read_text(encoding="utf-8")))
    assert data["schema"] == "copydesk.report/1"
    assert data["date_window"]["basis"] == "given"
    assert len(data["article"]["paragraphs"]) == 14


def test_title_option_overrides(capsys, valid_report):
    assert main(["check", str(SEED), "--title", "Another Headline", "-f", "json"]) == 0
    assert valid_report(json.loads(capsys.readouterr().out))["article"]["title"] == "Another Headline"


def test_claimreview_author_and_review_url(capsys):
    argv = ["check", str(SEED), "-f", "claimreview", "--author", "Example Fact Desk",
            "--review-url", "https://desk.example/r/7"]
    assert main(argv) == 0
    reviews = json.loads(capsys.readouterr().out)
    assert reviews and {r["author"]["name"] for r in reviews} == {"Example Fact Desk"}
    assert [r["url"] for r in reviews] == [f"https://desk.example/r/7#F{n}" for n in range(1, len(reviews) + 1)]


def test_claimreview_flags_with_another_format_exit_2(capsys):
    assert main(["check", str(SEED), "-f", "json", "--author", "Example Fact Desk"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "--author applies only with --format claimreview" in captured.err


def test_output_into_a_missing_folder_exits_2(tmp_path, capsys):
    target = tmp_path / "no" / "such" / "report.json"
    assert main(["check", str(SEED), "-o", str(target)]) == 2
    err = capsys.readouterr().err
    assert str(target) in err and "cannot write the report" in err
    assert "Traceback" not in err


@pytest.mark.parametrize("make_input", [
    lambda tmp: tmp / "missing.html",
    lambda tmp: tmp,
    lambda tmp: (tmp / "empty.txt", (tmp / "empty.txt").write_text(""))[0],
    lambda tmp: (tmp / "pic.png", (tmp / "pic.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(99)))[0],
])
def test_bad_inputs_exit_2_naming_the_input(tmp_path, capsys, make_input):
    source = str(make_input(tmp_path))
    assert main(["check", source]) == 2
    err = capsys.readouterr().err
    assert err.startswith("copydesk: error: ") and source in err
    assert "Traceback" not in err


# --- the installed console script ------------------------------------------------------------

def test_console_script_on_the_seed():
    result = run_copydesk("check", str(SEED))
    assert result.returncode == 0, result.stderr.decode()
    assert SEED_TITLE in result.stdout.decode("utf-8")


def test_console_script_json_to_file_and_stdin(tmp_path, seed_text, valid_report):
    target = tmp_path / "report.json"
    result = run_copydesk("check", "-", "--format", "json", "-o", str(target),
                          stdin=seed_text.encode("utf-8"))
    assert result.returncode == 0, result.stderr.decode()
    data = valid_report(json.loads(target.read_text(encoding="utf-8")))
    assert data["source"]["name"] == "<stdin>" and data["source"]["content_type"] == "text"
    assert len(data["article"]["paragraphs"]) == 14


def test_console_script_no_article_exits_2_without_traceback():
    page = FIXTURES / "pages" / "section-front.html"
    result = run_copydesk("check", str(page))
    stderr = result.stderr.decode()
    assert result.returncode == 2
    assert "no article text found" in stderr and str(page) in stderr
    assert "Traceback" not in stderr


def test_internal_error_is_reported_plainly_and_exits_1(monkeypatch, capsys):
    def broken_pipeline(*args, **kwargs):
        raise RuntimeError("stage exploded")

    monkeypatch.setattr("copydesk.pipeline.analyse", broken_pipeline)
    assert main(["check", str(SEED)]) == 1
    err = capsys.readouterr().err
    assert "internal error while processing" in err and str(SEED) in err and "stage exploded" in err
    assert "Traceback" not in err
    with pytest.raises(RuntimeError, match="stage exploded"):  # -v shows the real traceback
        main(["-v", "check", str(SEED)])


def test_text_report_names_metadata_and_what_was_removed(capsys):
    page = FIXTURES / "pages" / "cookie-newsletter.html"
    assert main(["check", str(page)]) == 0
    out = capsys.readouterr().out
    headline, rest = out.split("\n", 1)
    assert headline == "Council approves $4.8m flood barrier for Foundry district"
    facts = " ".join(rest.split("Date:")[0].split())  # the facts line may wrap at the width
    for fact in ("Riverton Gazette", "by Maria Okafor", "published 2024-03-12", "6 paragraphs",
                 "cookie banner", "newsletter sign-up"):
        assert fact in facts
    assert "Date: published 2024-03-12" in out
    assert "\x1b[" not in out  # no colour codes when not writing to a terminal


def test_api_takes_an_iso_date_string_and_refuses_a_bad_one():
    import datetime as dt

    from copydesk.api import check_text
    from copydesk.errors import InputError

    text = "Rep. Ilhan Omar (D-Minn.) spoke on the floor of the House on Thursday about the bill and its costs."
    assert check_text(text, date="2021-06-01").given_date == dt.date(2021, 6, 1)
    with pytest.raises(InputError, match="'June 1' is not a date in the form YYYY-MM-DD"):
        check_text(text, date="June 1")
