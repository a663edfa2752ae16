"""Small helpers shared by the API routers."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _

from dure.core.errors import PermissionDeniedError, Unauthenticated

# The largest offset a list answers: beyond every row a center holds, and inside the 64-bit
# integers the databases take (a 20-digit offset made SQLite raise OverflowError: a 500).
MAX_OFFSET = 10**9


def clamp_limit(limit: int, *, max_limit: int) -> int:
    """How many rows a list request gets: 1 to `max_limit`."""
    return max(1, min(limit, max_limit))


def page_window(limit: int, offset: int, *, max_limit: int) -> tuple[int, int]:
    """(limit, offset) of a list request, each clamped to what the list can answer."""
    return clamp_limit(limit, max_limit=max_limit), max(0, min(offset, MAX_OFFSET))


def require_user(request: HttpRequest) -> Any:
    if not request.user.is_authenticated:
        raise Unauthenticated(_("Authentication required: send 'Authorization: Bearer <token>'."))
    return request.user


def require_staff(request: HttpRequest) -> Any:
    user = require_user(request)
    if not user.is_center_staff:
        raise PermissionDeniedError(_("Only center staff may do this."))
    return user
