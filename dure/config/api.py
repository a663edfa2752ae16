"""The /api/v1/ API: one NinjaAPI, one router per app, errors as RFC 7807 problem documents."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from functools import wraps
from typing import Any

from asgiref.sync import iscoroutinefunction, markcoroutinefunction
from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.urls import URLPattern, URLResolver, re_path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.renderers import JSONRenderer
from ninja.responses import NinjaJSONEncoder

from dure.core.api_errors import ProblemParser, validation_message
from dure.core.errors import DomainError


class LocalTimeJSONEncoder(NinjaJSONEncoder):
    """Every time the API answers is in the center's time zone (Asia/Seoul, +09:00), as the times
    it reads are: stored times come back from the database in UTC and would otherwise read `Z`."""

    def default(self, o: Any) -> Any:
        if isinstance(o, dt.datetime) and timezone.is_aware(o):
            o = timezone.localtime(o)
        return super().default(o)


class ProblemJSONRenderer(JSONRenderer):
    encoder_class = LocalTimeJSONEncoder
    json_dumps_params = {"ensure_ascii": False}


class DureAPI(NinjaAPI):
    """NinjaAPI whose every answer under /api/v1/ is JSON: a method an address does not take is a
    405 problem (ninja answers plain text), an address no endpoint has a 404 problem (Django would
    answer its HTML page)."""

    def _get_urls(self) -> list[URLResolver | URLPattern]:
        urls = super()._get_urls()
        for pattern in urls:
            if isinstance(pattern, URLPattern):
                pattern.callback = _problem_for_not_allowed(pattern.callback)
        # Last, and without a name: every other /api/v1/... address.
        urls.append(re_path(r"", _no_such_endpoint))
        return urls


api = DureAPI(
    title="Dure API",
    version="1",
    description="Dure (두레): the regional social economy support center platform.",
    urls_namespace="api",
    renderer=ProblemJSONRenderer(),
    parser=ProblemParser(),
    docs_url="/docs",
)


def problem(request: HttpRequest, status: int, title: str, detail: str = "", **extra: Any) -> HttpResponse:
    body = {"type": "about:blank", "title": title, "status": status, "detail": detail or title, **extra}
    response = api.create_response(request, body, status=status)
    response["Content-Type"] = "application/problem+json"
    return response


def _not_allowed(request: HttpRequest, response: HttpResponse) -> HttpResponse:
    if not isinstance(response, HttpResponseNotAllowed) or response.get("Content-Type", "").startswith(
        "application/problem+json"
    ):
        return response
    allow = response["Allow"]
    answer = problem(
        request,
        405,
        _("This address does not accept %(method)s requests.") % {"method": request.method},
        _("Allowed methods: %(methods)s.") % {"methods": allow},
    )
    answer["Allow"] = allow
    return answer


def _problem_for_not_allowed(view: Callable[..., Any]) -> Callable[..., Any]:
    if iscoroutinefunction(view):

        async def async_view(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            return _not_allowed(request, await view(request, *args, **kwargs))

        return markcoroutinefunction(wraps(view)(async_view))

    @wraps(view)  # keeps ninja's csrf_exempt
    def sync_view(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return _not_allowed(request, view(request, *args, **kwargs))

    return sync_view


@csrf_exempt
def _no_such_endpoint(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    return problem(
        request,
        404,
        _("Not found."),
        _("No API endpoint has this address; %(docs)s lists them.") % {"docs": reverse("api:openapi-view")},
    )


@api.exception_handler(DomainError)
def _domain_error(request: HttpRequest, error: DomainError) -> HttpResponse:
    extra: dict[str, Any] = {"code": error.code}
    if error.field:
        extra["field"] = error.field
    extra.update(
        {k: v for k, v in error.extra.items() if isinstance(v, str | int | float | list | dict | None)}
    )
    return problem(request, error.status, error.message, **extra)


@api.exception_handler(NinjaValidationError)
def _validation_error(request: HttpRequest, error: NinjaValidationError) -> HttpResponse:
    # `field`: the dotted path without the source ("query", "body"); `loc` and `type` as pydantic
    # gives them, for clients that act on the kind of error; `message` in the active language.
    errors = [
        {
            "field": ".".join(str(p) for p in item.get("loc", [])[1:]) or None,
            "message": validation_message(item),
            "type": item.get("type", ""),
            "loc": list(item.get("loc", [])),
        }
        for item in error.errors
    ]
    return problem(
        request, 422, _("The request is not valid."), _("Check the fields listed in 'errors'."), errors=errors
    )


@api.exception_handler(DjangoValidationError)
def _django_validation_error(request: HttpRequest, error: DjangoValidationError) -> HttpResponse:
    return problem(request, 400, _("The request is not valid."), "; ".join(error.messages))


@api.exception_handler(Http404)
def _not_found(request: HttpRequest, error: Http404) -> HttpResponse:
    return problem(request, 404, _("Not found."))


@api.exception_handler(PermissionDenied)
def _forbidden(request: HttpRequest, error: PermissionDenied) -> HttpResponse:
    return problem(request, 403, _("You do not have permission to do this."))


@api.exception_handler(AuthenticationError)
def _unauthenticated(request: HttpRequest, error: AuthenticationError) -> HttpResponse:
    return problem(request, 401, _("Authentication required."), _("Send 'Authorization: Bearer <token>'."))


@api.exception_handler(HttpError)
def _http_error(request: HttpRequest, error: HttpError) -> HttpResponse:
    if isinstance(error.__cause__, DomainError):
        # ninja wraps what the parser raises (unreadable body, NUL) in HttpError(400, its own text).
        return _domain_error(request, error.__cause__)
    return problem(request, error.status_code, str(error.message))


@api.exception_handler(Exception)
def _unexpected(request: HttpRequest, error: Exception) -> HttpResponse:
    import logging

    logging.getLogger("dure.api").exception("Unhandled API error")
    return problem(request, 500, _("Something went wrong on our side. Nothing was changed."))


def _register_routers() -> None:
    from dure.circulation.api import router as circulation_router
    from dure.collab.api import router as collab_router
    from dure.market.api import router as market_router
    from dure.portal.api import router as portal_router
    from dure.programs.api import router as programs_router
    from dure.registry.api import router as registry_router
    from dure.registry.open_data_api import router as open_data_router
    from dure.spaces.api import router as spaces_router

    api.add_router("/", registry_router)
    api.add_router("/", portal_router)
    api.add_router("/", market_router)
    api.add_router("/collab", collab_router)
    api.add_router("/circulation", circulation_router)
    api.add_router("/spaces", spaces_router)
    api.add_router("/programs", programs_router)
    api.add_router("/open-data", open_data_router)


_register_routers()
