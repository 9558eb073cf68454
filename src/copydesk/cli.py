"""The `copydesk` command line. `parse_args(argv)` is kept apart from the work so tests can call it."""

from __future__ import annotations

import argparse
import datetime as dt
import errno
import logging
import os
import sys
from importlib import import_module
from pathlib import Path

from copydesk import __version__
from copydesk.errors import CopydeskError
from copydesk.ingest.dates import parse_iso_day

EXIT_OK, EXIT_BAD_INPUT, EXIT_INTERNAL = 0, 2, 1

# Each module adds its subcommand with `register(subparsers)`; its handler returns an exit code.
SUBCOMMAND_MODULES: list[str] = ["copydesk.batch.cli", "copydesk.web.cli", "copydesk.kb.cli",
                                   "copydesk.provenance.cli"]


def parse_date(value: str) -> dt.date:
    """argparse type for YYYY-MM-DD dates, with an error that says what was wrong."""
    try:
        return parse_iso_day(value, "--date")
    except CopydeskError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a date in the form YYYY-MM-DD") from None


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="copydesk", description="Read a news article and report what is wrong with it, with evidence.")
    parser.add_argument("--version", action="version", version=f"copydesk {__version__}")
    parser.add_argument("-v", "--verbose", action="count", default=0, help="more log output (-vv for debug)")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    _register_check(subparsers)
    for module in SUBCOMMAND_MODULES:
        import_module(module).register(subparsers)
    return parser


def _register_check(subparsers) -> None:
    from copydesk.report import FORMATS

    check = subparsers.add_parser("check", help="check one article (file, URL, or - for stdin)",
                                  description="Check one article and print its report.")
    check.add_argument("source", help="an .html/.txt file, an http(s) URL, or - for stdin")
    output = check.add_argument_group("output")
    output.add_argument("--format", "-f", choices=sorted(FORMATS), default="text",
                        help="report format (default: text)")
    output.add_argument("-o", "--output", type=Path, help="write the report to FILE instead of stdout")
    review = check.add_argument_group("ClaimReview (with --format claimreview)")
    review.add_argument("--author", help="the organisation publishing the reviews (default: copydesk)")
    review.add_argument("--review-url", help="where the reviews are published; each review's url is "
                        "this plus #F<n> (default: a urn:copydesk: identifier)")
    article = check.add_argument_group("article")
    article.add_argument("--date", type=parse_date, help="the article's date (YYYY-MM-DD); overrides the page's")
    article.add_argument("--title", help="the article's title; overrides the extracted one")
    article.add_argument("--kb", type=Path, help="a knowledge-base file to use instead of the shipped one")
    fetching = check.add_argument_group("fetching")
    fetching.add_argument("--allow-private-urls", action="store_true",
                          help="allow fetching URLs on loopback or private networks")
    fetching.add_argument("--timeout", type=float, default=20.0, help="URL fetch timeout in seconds")
    check.set_defaults(handler=run_check)


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    return build_parser().parse_args(argv)


def run_check(args: argparse.Namespace) -> int:
    from copydesk.ingest import read_source
    from copydesk.pipeline import analyse, pipeline_for
    from copydesk.report import render

    options = _render_options(args)
    document = read_source(args.source, allow_private_urls=args.allow_private_urls, timeout=args.timeout)
    report = analyse(document, pipeline=pipeline_for(kb_path=args.kb), date=args.date, title=args.title)
    write_output(render(report, args.format, **options), args.output)
    return EXIT_OK


def _render_options(args: argparse.Namespace) -> dict:
    """The renderer's keyword options for the chosen format; ClaimReview flags need it."""
    review = {"author": args.author, "review_url": args.review_url}
    given = [f"--{name.replace('_', '-')}" for name, value in review.items() if value is not None]
    if args.format == "claimreview":
        return {name: value for name, value in review.items() if value is not None}
    if given:
        verb = "applies" if len(given) == 1 else "apply"
        raise CopydeskError(f"{' and '.join(given)} {verb} only with --format claimreview",
                            source="command line", code="USAGE")
    if args.format == "text":
        return {"color": args.output is None and sys.stdout.isatty()}
    return {}


def write_output(content: str, path: Path | None) -> None:
    """Write to `path`, or stdout; a write failure is an input-side error with a clear message."""
    if path is None:
        sys.stdout.write(content if content.endswith("\n") else content + "\n")
        return
    try:
        path.write_text(content, encoding="utf-8")
    except OSError as err:
        raise CopydeskError(f"cannot write the report ({err.strerror or err})", source=str(path),
                            code="OUTPUT") from None


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    logging.basicConfig(level=[logging.WARNING, logging.INFO, logging.DEBUG][min(args.verbose, 2)],
                        format="%(levelname)s %(name)s: %(message)s")
    try:
        code = args.handler(args)
    except CopydeskError as err:
        print(f"copydesk: error: {err}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        print("copydesk: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return EXIT_OK
    except Exception as err:  # noqa: BLE001 - a bug of ours: say so plainly; the traceback only with -v
        return _unexpected(err, args)
    try:
        sys.stdout.flush()  # a full disk behind stdout fails here, where it is reported, not at exit
    except BrokenPipeError:
        return EXIT_OK
    except OSError as err:
        return _output_full(err, "standard output")
    return code


def _unexpected(err: Exception, args: argparse.Namespace) -> int:
    """A full disk is the user's to fix; anything else is a bug of ours, said plainly."""
    if isinstance(err, OSError) and err.errno in (errno.ENOSPC, errno.EDQUOT):
        # A write without a file name is almost always the report going to stdout.
        return _output_full(err, err.filename or "standard output")
    if args.verbose:
        raise err
    source = getattr(args, "source", None) or "input"
    print(f"copydesk: internal error while processing {source}: {type(err).__name__}: {err} "
          "(run with -v for the traceback, and please report it)", file=sys.stderr)
    return EXIT_INTERNAL


def _output_full(err: OSError, output: str) -> int:
    """Name the full output; what stdout still holds is sent to /dev/null so the exit stays quiet."""
    print(f"copydesk: error: {output}: cannot write ({err.strerror})", file=sys.stderr)
    try:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    except (OSError, ValueError):  # stdout is not a file descriptor (tests capture it)
        pass
    return EXIT_BAD_INPUT


if __name__ == "__main__":
    sys.exit(main())
