"""`copydesk batch` and `copydesk sites`."""

from __future__ import annotations

import argparse
import functools
import sys
from pathlib import Path

from copydesk.batch.run import DEFAULT_SHARD_SIZE, ENGINES, BatchOptions
from copydesk.batch.shards import FORMATS
from copydesk.batch.work import DEFAULT_PIPELINE, DEFAULT_TIMEOUT
from copydesk.errors import InputError
from copydesk.ingest.jsonl import counted
from copydesk.pipeline import pipeline_for

EXIT_OK, EXIT_INCOMPLETE, EXIT_INTERRUPTED = 0, 1, 130


def register(subparsers) -> None:
    _register_batch(subparsers)
    _register_sites(subparsers)


def _register_batch(subparsers) -> None:
    batch = subparsers.add_parser(
        "batch", help="check many articles: folders, globs, JSONL, WARC; resumable",
        description="Check every document in the inputs and write one row per document to OUT "
                    "(sharded, resumable). See docs/batch.md.")
    batch.add_argument("inputs", nargs="+", metavar="INPUT",
                       help="a folder (read recursively), a glob, a .jsonl[.gz] or a .warc[.gz] file")
    batch.add_argument("-o", "--output", type=Path, required=True, metavar="OUT", help="output folder")
    output = batch.add_argument_group("output")
    output.add_argument("--format", choices=FORMATS, default="jsonl", help="row format (default: jsonl)")
    output.add_argument("--full", action="store_true", help="put the whole report in each row")
    output.add_argument("--shard-size", type=int, default=DEFAULT_SHARD_SIZE, metavar="N",
                        help=f"documents per output shard (default: {DEFAULT_SHARD_SIZE})")
    running = batch.add_argument_group("running")
    running.add_argument("--engine", choices=ENGINES, default="local",
                         help="local process pool, or Ray Data (RAY_ADDRESS for a cluster)")
    running.add_argument("--workers", type=int, default=None, metavar="N",
                         help="worker processes or Ray actors (default: number of CPUs)")
    running.add_argument("--resume", action="store_true", help="finish the job already in OUT")
    running.add_argument("--limit", type=int, metavar="N", help="stop after the first N documents")
    running.add_argument("--timeout-per-doc", type=float, default=DEFAULT_TIMEOUT, metavar="S",
                         help=f"seconds one document may take, 0 for no limit (default: {DEFAULT_TIMEOUT:g})")
    running.add_argument("--pipeline", default=DEFAULT_PIPELINE, metavar="MODULE:FUNCTION",
                         help="a function returning the Pipeline to run (default: the full pipeline)")
    running.add_argument("--kb", type=Path, metavar="FILE",
                         help="a knowledge-base file to use instead of the shipped one (default pipeline)")
    running.add_argument("--no-progress", action="store_true", help="no progress bar")
    batch.set_defaults(handler=run_batch_command)


def _register_sites(subparsers) -> None:
    from copydesk.batch.sites import SITE_FORMATS

    sites = subparsers.add_parser(
        "sites", help="per-site summary and likely content farms from batch output",
        description="Summarise batch output per site (registered domain) and rank likely content farms.")
    sites.add_argument("outputs", nargs="+", type=Path, metavar="OUT", help="batch output folders")
    sites.add_argument("--min-articles", type=int, default=5, metavar="N",
                       help="only sites with at least N analysed articles (default: 5)")
    sites.add_argument("--format", choices=SITE_FORMATS, default="text", help="default: text")
    sites.add_argument("--top", type=int, default=20, metavar="N", help="rows per table in text output")
    sites.set_defaults(handler=run_sites_command)


def run_batch_command(args: argparse.Namespace) -> int:
    from copydesk.batch.run import run_batch

    pipeline = args.pipeline
    if args.kb:
        if pipeline != DEFAULT_PIPELINE:
            raise InputError("--kb applies to the default pipeline; build the KB into your own pipeline instead",
                             source="--kb")
        if not args.kb.is_file():
            raise InputError("no such knowledge-base file", source=str(args.kb), code="NOT_FOUND")
        pipeline = functools.partial(pipeline_for, kb_path=args.kb.resolve())
    options = BatchOptions(
        inputs=args.inputs, output=args.output, format=args.format, engine=args.engine,
        resume=args.resume, limit=args.limit, timeout=args.timeout_per_doc or None, full=args.full,
        shard_size=args.shard_size, pipeline=pipeline,
        progress=not args.no_progress and sys.stderr.isatty())
    if args.workers is not None:
        options.workers = args.workers
    try:
        result = run_batch(options)
    except KeyboardInterrupt:
        print(f"copydesk: interrupted; completed shards are kept in {args.output}. "
              "Run the same command with --resume to finish.", file=sys.stderr)
        return EXIT_INTERRUPTED
    stats = result.stats
    print(f"{counted(result.documents_in, 'document')} in, {counted(result.rows_out, 'row')} out "
          f"({result.ok:,} analysed, {counted(result.rows_out - result.ok, 'error row')}); "
          f"{_skipped_summary(stats['skipped'])}{stats['this_run']['documents_per_second'] or 0:.1f} docs/s "
          f"this run. Rows and stats in {result.output}", file=sys.stderr)
    if not result.complete:
        print(f"copydesk: error: rows out ({result.rows_out:,}) != documents in ({result.documents_in:,}); "
              "run again with --resume", file=sys.stderr)
        return EXIT_INCOMPLETE
    return EXIT_OK


def _skipped_summary(skipped: dict[str, int]) -> str:
    if not skipped:
        return ""
    # The reasons are phrases ("file type .jpg in a folder"), so the count follows them.
    return "skipped (not documents): " + ", ".join(f"{reason} ({n:,})" for reason, n in sorted(skipped.items())) + "; "


def run_sites_command(args: argparse.Namespace) -> int:
    from copydesk.batch.sites import render_sites, summarise_sites

    summary = summarise_sites(args.outputs, min_articles=args.min_articles)
    sys.stdout.write(render_sites(summary, args.format, top=args.top))
    return EXIT_OK
