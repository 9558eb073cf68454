"""`copydesk serve`: run the web app with uvicorn."""

from __future__ import annotations

import argparse

from copydesk.web.settings import Settings


def register(subparsers) -> None:
    """Add the `serve` subcommand to the `copydesk` parser."""
    defaults = Settings()
    serve = subparsers.add_parser(
        "serve", help="run the web app and JSON API",
        description="Serve a page to check articles (paste, URL or file) and the JSON API "
                    "(POST /v1/check, docs at /docs).")
    serve.add_argument("--host", default="127.0.0.1",
                       help="address to listen on (default: 127.0.0.1, this machine only)")
    serve.add_argument("--port", type=int, default=8000, help="port (default: 8000)")
    serve.add_argument("--allow-private-urls", action="store_true",
                       help="allow fetching URLs on loopback or private networks")
    serve.add_argument("--max-bytes", type=_positive_int, default=defaults.max_bytes,
                       help=f"largest request body and fetched page in bytes (default: {defaults.max_bytes})")
    serve.add_argument("--timeout", type=_positive_float, default=defaults.timeout,
                       help=f"seconds one check may take (default: {defaults.timeout:g})")
    serve.add_argument("--workers", type=_positive_int, default=defaults.workers,
                       help=f"checks run at once, in threads sharing one pipeline (default: {defaults.workers})")
    serve.set_defaults(handler=run_serve)


def run_serve(args: argparse.Namespace) -> int:
    import uvicorn

    from copydesk.web.app import create_app
    from copydesk.web.server import uvicorn_config

    settings = Settings(max_bytes=args.max_bytes, timeout=args.timeout,
                        fetch_timeout=min(20.0, args.timeout), allow_private_urls=args.allow_private_urls,
                        workers=args.workers)
    print(f"copydesk: serving on http://{args.host}:{args.port}/ (API docs at /docs); "
          "loading the pipeline first", flush=True)
    uvicorn.Server(uvicorn_config(create_app(settings), settings, host=args.host, port=args.port)).run()
    return 0


def _positive_int(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a whole number") from None
    if number <= 0:
        raise argparse.ArgumentTypeError(f"{value!r} must be above zero")
    return number


def _positive_float(value: str) -> float:
    try:
        number = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a number") from None
    if not number > 0:
        raise argparse.ArgumentTypeError(f"{value!r} must be above zero")
    return number
