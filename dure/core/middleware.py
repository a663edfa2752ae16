from __future__ import annotations

from collections.abc import Callable

from django.core.exceptions import SuspiciousOperation
from django.http import HttpRequest, HttpResponse

from dure.core.audit import current_ip


def client_ip(request: HttpRequest) -> str | None:
    # REMOTE_ADDR only: X-Forwarded-For is set by the proxy that README's deployment puts in front,
    # which passes the real address as REMOTE_ADDR through gunicorn's --forwarded-allow-ips.
    return request.META.get("REMOTE_ADDR") or None


class RequestContextMiddleware:
    """Makes the client's IP available to `log_action` for the length of one request."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = current_ip.set(client_ip(request))
        try:
            return self.get_response(request)
        finally:
            current_ip.reset(token)


class KoreanFirstLocaleMiddleware:
    """Korean unless the visitor chose another language with the switch (the language cookie).

    Django's LocaleMiddleware would follow the browser's Accept-Language; a Korean public service
    shows Korean first, whatever the browser says, and keeps a visitor's explicit choice.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        from django.conf import settings
        from django.utils import translation

        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        supported = {code for code, _name in settings.LANGUAGES}
        language = chosen if chosen in supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        translation.deactivate()
        return response


class RefuseNulMiddleware:
    """A page's query (`?q=`, `?code=`, …) holding a NUL character answers 400 before any view
    reads it: PostgreSQL cannot compare text with NUL and the page would fail with a 500. Forms
    refuse NUL themselves (Django's CharField); the API answers its own problem document."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.path.startswith("/api/") and any(
            "\x00" in key or any("\x00" in value for value in values) for key, values in request.GET.lists()
        ):
            raise SuspiciousOperation("NUL character in the query")
        return self.get_response(request)
