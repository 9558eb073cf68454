"""Errors a user can act on. Each names the input and the problem, and has a stable code."""

from __future__ import annotations


class CopydeskError(Exception):
    """Base class: `code` is stable, `str(err)` is one sentence naming the input."""

    code = "COPYDESK_ERROR"

    def __init__(self, message: str, *, source: str | None = None, code: str | None = None):
        self.source = source
        if code:
            self.code = code
        super().__init__(f"{source}: {message}" if source else message)

    def to_dict(self) -> dict[str, str]:
        return {"code": self.code, "message": str(self)}


class InputError(CopydeskError):
    """The input cannot be read or holds no article (CLI exit code 2)."""

    code = "BAD_INPUT"


class NoArticleError(InputError):
    code = "NO_ARTICLE"


class FetchError(InputError):
    code = "FETCH_FAILED"


class BlockedURLError(FetchError):
    code = "URL_BLOCKED"


class PipelineError(CopydeskError):
    """The pipeline was built wrong: a stage needs something no earlier stage provides."""

    code = "PIPELINE"
