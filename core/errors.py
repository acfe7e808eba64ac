"""One exception hierarchy for errors meant for a person: a one-line message and the HTTP status
it stands for. Raised by any layer; translated once at the CLI edge (casegraph.cli: one line,
exit 1) and once at the HTTP edge (casegraph.web.errors: the JSON error shape or the error
page)."""

from __future__ import annotations


class CasegraphError(Exception):
    status = 400
    headers: dict[str, str] = {}


class NotFoundError(CasegraphError):
    status = 404


class ForbiddenError(CasegraphError):
    status = 403


class NotAcceptableError(CasegraphError):
    status = 406


class UnavailableError(CasegraphError):
    """Not there yet or busy: no graph or index built, a time limit, a full queue."""

    status = 503


def one_line(e: BaseException, limit: int | None = None) -> str:
    """An exception's message as one line (its first, cut to ``limit``), or its type's name when
    it has none: for naming a cause inside a message meant for a person."""
    text = str(e)
    return text.splitlines()[0][:limit] if text else type(e).__name__


def quoted(value: object, limit: int = 40) -> str:
    """A value from a request as a message quotes it: in quotes, control characters shown as
    spaces, cut to ``limit`` characters with the full length said, so no answer echoes unbounded
    input."""
    text = "".join(c if c.isprintable() else " " for c in str(value))
    if len(text) <= limit:
        return f"'{text}'"
    return f"'{text[:limit]}…'（共 {len(text)} 字）"
