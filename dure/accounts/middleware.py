from __future__ import annotations

import json
from collections.abc import Callable

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from dure.accounts.services import token_authenticate


class ApiTokenMiddleware:
    """`Authorization: Bearer <token>` authenticates API requests.

    Under /api/, a request that changes state without a token is treated as anonymous even if a
    session cookie came along, so the API needs no CSRF token and cannot be driven cross-site.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        header = request.META.get("HTTP_AUTHORIZATION", "")
        if header.lower().startswith("bearer "):
            user = token_authenticate(header[7:].strip())
            if user is None:
                body = {
                    "type": "about:blank",
                    "title": _("Invalid or revoked token."),
                    "status": 401,
                    "detail": _("Create a new token in your settings page or with 'dure issue_token'."),
                }
                return HttpResponse(
                    json.dumps(body, ensure_ascii=False), status=401, content_type="application/problem+json"
                )
            request.user = user
            request._dont_enforce_csrf_checks = True  # type: ignore[attr-defined]
        elif request.path.startswith("/api/") and request.method not in ("GET", "HEAD", "OPTIONS"):
            request.user = AnonymousUser()
            request._dont_enforce_csrf_checks = True  # type: ignore[attr-defined]
        return self.get_response(request)
