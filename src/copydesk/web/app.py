"""The copydesk web app: an HTML page to check an article, and a JSON API.

Routes:
    GET  /            a form to paste text, give a URL or upload a file
    POST /            the same page with the annotated report (works without JavaScript),
                      or the report as a file (HTML, JSON, ClaimReview)
    POST /v1/check    JSON {text | html | url, date?, title?} -> the report JSON
    GET  /v1/health   liveness, version and pipeline stages
    GET  /v1/schema   the report's JSON Schema
    GET  /docs        API documentation rendered from /openapi.json by a shipped script

The pipeline is loaded once at start-up and shared by a small thread pool (its stages keep no
per-article state); each check has a time limit and the request body a size limit. Every error reaches the client as
`{"error": {"code", "message"}}` (or as a message on the HTML page), never as a traceback.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import logging
import threading
from collections.abc import AsyncIterator
from concurrent.futures import ThreadPoolExecutor
from importlib import resources
from pathlib import PurePath
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from pydantic import BaseModel, ConfigDict, Field, model_validator
from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException as StarletteHTTPException

from copydesk import __version__
from copydesk.errors import BlockedURLError, CopydeskError, InputError
from copydesk.model import Report
from copydesk.pipeline import Pipeline, default_pipeline
from copydesk.web.limits import BodyLimits
from copydesk.web.pages import render_page
from copydesk.web.settings import Settings
from copydesk.web.worker import CheckInput, FetchPolicy, run_check

log = logging.getLogger("copydesk.web")

STATIC_FILES = {  # name -> media type; served from copydesk/web/static
    "app.css": "text/css; charset=utf-8",
    "app.js": "text/javascript; charset=utf-8",
    "docs.html": "text/html; charset=utf-8",
    "docs.js": "text/javascript; charset=utf-8",
    "favicon.svg": "image/svg+xml",
}
SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
}


class ClientError(Exception):
    """A request the server refuses: an HTTP status, a stable code and a sentence."""

    def __init__(self, status: int, code: str, message: str, headers: dict[str, str] | None = None):
        super().__init__(message)
        self.status, self.code, self.message, self.headers = status, code, message, headers or {}


class CheckRequest(BaseModel):
    """Exactly one of `text`, `html` or `url`; `date` overrides the article's own date."""

    model_config = ConfigDict(extra="forbid")

    text: str | None = Field(None, description="the article as plain text; paragraphs separated by blank lines")
    html: str | None = Field(None, description="the article's web page as HTML")
    url: str | None = Field(None, description="an http(s) URL to fetch (public addresses only, "
                                              "unless the server allows private ones)")
    date: dt.date | None = Field(None, description="the article's date, YYYY-MM-DD; overrides the page's")
    title: str | None = Field(None, max_length=2000, description="the article's title; overrides the extracted one")

    @model_validator(mode="after")
    def _exactly_one_source(self) -> CheckRequest:
        given = [name for name in ("text", "html", "url") if getattr(self, name) is not None]
        if len(given) != 1:
            raise ValueError("give exactly one of text, html or url" +
                             (f" (got {', '.join(given)})" if given else ""))
        return self


class Checker:
    """Runs checks in a bounded thread pool sharing one pipeline, each within the time limit."""

    def __init__(self, settings: Settings, pipeline: Pipeline):
        self.settings, self.pipeline = settings, pipeline
        self.policy = FetchPolicy(timeout=settings.fetch_timeout, max_bytes=settings.max_bytes,
                                  allow_private=settings.allow_private_urls)
        self._admitted = threading.BoundedSemaphore(settings.max_pending)
        self._executor = ThreadPoolExecutor(max_workers=settings.workers, thread_name_prefix="copydesk-check")

    def close(self) -> None:
        self._executor.shutdown(wait=False, cancel_futures=True)

    async def check(self, item: CheckInput) -> Report:
        """Read or fetch the input and analyse it; ClientError 429 when full, 422 over the time limit."""
        if not self._admitted.acquire(blocking=False):
            raise ClientError(429, "BUSY", f"the server is checking {self.settings.max_pending} "
                              "articles already; try again in a few seconds", {"Retry-After": "5"})
        future = self._executor.submit(run_check, item, self.policy, self.pipeline)
        # Released when the work really ends (or is cancelled while queued), not when we stop waiting.
        future.add_done_callback(lambda _: self._admitted.release())
        try:
            return await asyncio.wait_for(asyncio.wrap_future(future), timeout=self.settings.timeout)
        except TimeoutError:
            future.cancel()  # frees the slot if it never started; a running check runs out alone
            raise ClientError(422, "TIME_LIMIT", f"checking took longer than the "
                              f"{self.settings.timeout:g}-second limit; try a shorter article") from None


def create_app(settings: Settings | None = None, *, pipeline: Pipeline | None = None) -> FastAPI:
    """Build the app.

    Args:
        settings: limits and policies; the defaults suit a local server.
        pipeline: the pipeline to run; the default pipeline when None. Loaded at start-up.

    Returns:
        A FastAPI application (serve it with uvicorn; `copydesk serve` does).
    """
    settings = settings or Settings()

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        chosen = pipeline or default_pipeline()
        await asyncio.to_thread(chosen.load)  # heavy resources once, before the first request
        app.state.checker = Checker(settings, chosen)
        log.info("copydesk web: pipeline loaded (%s)", ", ".join(chosen.names))
        try:
            yield
        finally:
            app.state.checker.close()

    app = FastAPI(title="copydesk", version=__version__, lifespan=lifespan, docs_url=None, redoc_url=None,
                  description="Check a news article for contradictions, out-of-term titles, wrong "
                              "party/state tags, duplicated names, repeated passages and machine-"
                              "generated text. Errors are `{\"error\": {\"code\", \"message\"}}`.")
    app.state.settings = settings
    app.add_middleware(BodyLimits, max_bytes=settings.max_bytes, timeout=settings.body_timeout)
    _install_error_handlers(app)
    _install_security_headers(app)
    _add_api_routes(app)
    _add_page_routes(app)
    return app


# ---------------------------------------------------------------- errors and headers


def error_body(code: str, message: str) -> dict[str, Any]:
    return {"error": {"code": code, "message": message}}


def _copydesk_error_status(err: CopydeskError) -> int:
    if isinstance(err, BlockedURLError):
        return 403
    return 413 if err.code == "TOO_LARGE" else 400 if isinstance(err, InputError) else 422


def _install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(ClientError)
    async def client_error(request: Request, err: ClientError) -> JSONResponse:
        return JSONResponse(error_body(err.code, err.message), status_code=err.status, headers=err.headers)

    @app.exception_handler(CopydeskError)
    async def copydesk_error(request: Request, err: CopydeskError) -> JSONResponse:
        return JSONResponse(error_body(err.code, str(err)), status_code=_copydesk_error_status(err))

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, err: RequestValidationError) -> JSONResponse:
        return JSONResponse(error_body("BAD_REQUEST", describe_validation_errors(err.errors())),
                            status_code=422)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, err: StarletteHTTPException) -> JSONResponse:
        code = {404: "NOT_FOUND", 405: "METHOD_NOT_ALLOWED", 408: "REQUEST_TIMEOUT",
                413: "TOO_LARGE"}.get(err.status_code, "HTTP_ERROR")
        return JSONResponse(error_body(code, str(err.detail)), status_code=err.status_code,
                            headers=getattr(err, "headers", None))

    @app.exception_handler(Exception)
    async def internal_error(request: Request, err: Exception) -> JSONResponse:
        log.exception("copydesk web: internal error on %s %s", request.method, request.url.path)
        return JSONResponse(error_body("INTERNAL", "an internal error occurred; it has been logged "
                                       "on the server"), status_code=500)


def describe_validation_errors(errors: list[dict[str, Any]]) -> str:
    """One sentence from pydantic's errors, naming fields but never echoing the input."""
    parts = []
    for error in errors[:5]:
        where = ".".join(str(p) for p in error.get("loc", ()) if p not in ("body",)) or "request body"
        message = str(error.get("msg", "is invalid")).removeprefix("Value error, ")
        parts.append(f"{where}: {message}")
    return "; ".join(parts) or "the request is invalid"


def _install_security_headers(app: FastAPI) -> None:
    @app.middleware("http")
    async def security_headers(request: Request, call_next):
        response = await call_next(request)
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        return response


# ---------------------------------------------------------------- JSON API


def _add_api_routes(app: FastAPI) -> None:
    errors = {status: {"description": text, "content": {"application/json": {"example":
              error_body(code, text)}}} for status, code, text in (
        (400, "BAD_INPUT", "the input cannot be read or holds no article"),
        (403, "URL_BLOCKED", "the URL points at a private or local address"),
        (413, "TOO_LARGE", "the request body is over the size limit"),
        (422, "BAD_REQUEST", "the request is malformed, or checking took over the time limit"),
        (429, "BUSY", "too many checks in progress"))}

    @app.post("/v1/check", tags=["check"], responses=errors,
              summary="Check one article and return its report (schema copydesk.report/1)")
    async def check(body: CheckRequest, request: Request) -> dict[str, Any]:
        from copydesk.report.json_report import report_to_dict

        kind = "url" if body.url is not None else "html" if body.html is not None else "text"
        item = CheckInput(kind, getattr(body, kind), source=f"<{kind}>" if kind != "url" else body.url,
                          date=body.date, title=body.title)
        return report_to_dict(await request.app.state.checker.check(item))

    @app.get("/v1/health", tags=["service"], summary="Liveness, version and pipeline stages")
    async def health(request: Request) -> dict[str, Any]:
        checker: Checker = request.app.state.checker
        return {"status": "ok", "version": __version__, "stages": checker.pipeline.names,
                "limits": {"max_bytes": checker.settings.max_bytes, "timeout": checker.settings.timeout,
                           "allow_private_urls": checker.settings.allow_private_urls}}

    @app.get("/v1/schema", tags=["service"], summary="The JSON Schema of the report")
    async def schema() -> dict[str, Any]:
        from copydesk.report.json_report import load_schema

        return load_schema()


# ---------------------------------------------------------------- HTML pages


def _static(name: str) -> Response:
    body = resources.files("copydesk.web").joinpath("static", name).read_bytes()
    return Response(body, media_type=STATIC_FILES[name], headers={"Cache-Control": "no-cache"})


def _add_page_routes(app: FastAPI) -> None:
    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    async def index() -> HTMLResponse:
        return HTMLResponse(render_page())

    @app.post("/", response_class=HTMLResponse, include_in_schema=False)
    async def check_form(request: Request) -> HTMLResponse:
        return await _check_form(request)

    @app.get("/docs", response_class=HTMLResponse, include_in_schema=False)
    async def docs() -> Response:
        return _static("docs.html")

    @app.get("/static/report.css", include_in_schema=False)
    async def report_css() -> Response:
        from copydesk.report.html import report_stylesheet

        return Response(report_stylesheet(), media_type="text/css; charset=utf-8")

    @app.get("/static/{name}", include_in_schema=False)
    async def static(name: str) -> Response:
        if name not in STATIC_FILES:
            raise StarletteHTTPException(404, f"no static file {name!r}")
        return _static(name)


# Form buttons that ask for the report as a file instead of on the page: format -> (media type, suffix).
DOWNLOADS = {"html": ("text/html; charset=utf-8", "html"), "json": ("application/json", "json"),
             "claimreview": ("application/ld+json", "jsonld")}


async def _check_form(request: Request) -> Response:
    """Handle the form: every failure becomes a message on the page with a 4xx status."""
    try:
        form = await request.form(max_part_size=request.app.state.settings.max_bytes)
    except StarletteHTTPException as err:  # the body was over the size or time limit
        return HTMLResponse(render_page(error=str(err.detail)), status_code=err.status_code, headers=err.headers)
    fields = {key: value for key, value in form.items() if isinstance(value, str)}
    upload = form.get("file")
    try:
        report = await request.app.state.checker.check(await _form_input(fields, upload))
    except ClientError as err:
        return HTMLResponse(render_page(fields, error=err.message), status_code=err.status, headers=err.headers)
    except CopydeskError as err:
        return HTMLResponse(render_page(fields, error=str(err)), status_code=_copydesk_error_status(err))
    if fields.get("download") in DOWNLOADS:
        return _download(report, fields["download"])
    return HTMLResponse(render_page(fields, report=report))


def _download(report: Report, format_name: str) -> Response:
    """The report as an attachment, in the same renderers `copydesk check --format` uses."""
    from copydesk.report import render

    media_type, suffix = DOWNLOADS[format_name]
    return Response(render(report, format_name), media_type=media_type, headers={
        "Content-Disposition": f'attachment; filename="copydesk-report.{suffix}"'})


async def _form_input(fields: dict[str, str], upload: Any) -> CheckInput:
    """What a submitted form asks to check."""
    date = _form_date(fields.get("date", ""))
    title = fields.get("title", "").strip() or None
    text, url = fields.get("text", ""), fields.get("url", "").strip()
    has_file = isinstance(upload, UploadFile) and bool(upload.filename)
    given = [name for name, present in (("text", text.strip()), ("URL", url), ("file", has_file)) if present]
    if len(given) != 1:
        raise ClientError(400, "BAD_REQUEST", "Paste an article, give a URL or choose a file (one of them)."
                          if not given else f"Give only one of: {', '.join(given)}.")
    if url:
        return CheckInput("url", url, source=url, date=date, title=title)
    if has_file:
        name = PurePath(upload.filename).name or "upload"
        return CheckInput("file", await upload.read(), source=name, content_type=_type_from_name(name),
                          date=date, title=title)
    kind = "html" if fields.get("kind") == "html" else "text"
    return CheckInput(kind, text, source="<pasted text>", date=date, title=title)


def _type_from_name(name: str) -> str | None:
    from copydesk.ingest import HTML_SUFFIXES, TEXT_SUFFIXES

    suffix = PurePath(name).suffix.lower()
    return "html" if suffix in HTML_SUFFIXES else "text" if suffix in TEXT_SUFFIXES else None


def _form_date(value: str) -> dt.date | None:
    from copydesk.pipeline import as_date

    try:
        return as_date(value.strip() or None, "form")
    except InputError:
        raise ClientError(400, "BAD_REQUEST", f"The date {value.strip()[:40]!r} is not in the form "
                          "YYYY-MM-DD.") from None
