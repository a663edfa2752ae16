"""Small helpers shared by the API routers."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _

from dure.core.errors import PermissionDeniedError, Unauthenticated


def require_user(request: HttpRequest) -> Any:
    if not request.user.is_authenticated:
        raise Unauthenticated(_("Authentication required: send 'Authorization: Bearer <token>'."))
    return request.user


def require_staff(request: HttpRequest) -> Any:
    user = require_user(request)
    if not user.is_center_staff:
        raise PermissionDeniedError(_("Only center staff may do this."))
    return user
