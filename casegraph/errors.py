"""One exception hierarchy for errors meant for a person: a one-line message and the HTTP status
it stands for. Raised anywhere (like settings, a leaf every package may import); translated once
at the CLI edge (casegraph.cli: one line, exit 1) and once at the HTTP edge (web.errors: the
JSON error shape or the error page)."""

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
