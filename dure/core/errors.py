"""Domain errors: raised by services, turned into form errors or RFC 7807 problems at the edge."""

from __future__ import annotations

from typing import Any

from dure.core.text import particles


class DomainError(Exception):
    """A rule of the domain refused the request; nothing was changed.

    `message` is already translated (use gettext at the raise site); `status` is the HTTP status
    the API answers with; `field` names the input the message belongs to, when there is one.
    """

    status = 400
    code = "invalid"

    def __init__(self, message: Any, *, field: str | None = None, code: str | None = None, **extra: Any):
        text = particles(str(message))
        super().__init__(text)
        self.message = text
        self.field = field
        if code:
            self.code = code
        self.extra = extra


class NotFound(DomainError):
    status = 404
    code = "not_found"


class PermissionDeniedError(DomainError):
    status = 403
    code = "forbidden"


class Conflict(DomainError):
    """The request clashes with the current state (stock gone, slot taken, key reused)."""

    status = 409
    code = "conflict"


class Unauthenticated(DomainError):
    status = 401
    code = "unauthenticated"


def add_form_error(form: Any, error: DomainError, *, aliases: dict[str, str] | None = None) -> None:
    """Show a service's refusal on the form: on its field when the form has one, else on top.

    `aliases` maps a service's field name to the form's, where the two differ.
    """
    name = error.field
    if name not in form.fields and aliases:
        name = aliases.get(name or "")
    form.add_error(name if name in form.fields else None, error.message)
