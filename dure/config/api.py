"""The /api/v1/ API: one NinjaAPI, one router per app, errors as RFC 7807 problem documents."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.renderers import JSONRenderer

from dure.core.errors import DomainError


class ProblemJSONRenderer(JSONRenderer):
    json_dumps_params = {"ensure_ascii": False}


api = NinjaAPI(
    title="Dure API",
    version="1",
    description="Dure (두레): the regional social economy support center platform.",
    urls_namespace="api",
    renderer=ProblemJSONRenderer(),
    docs_url="/docs",
)


def problem(request: HttpRequest, status: int, title: str, detail: str = "", **extra: Any) -> HttpResponse:
    body = {"type": "about:blank", "title": title, "status": status, "detail": detail or title, **extra}
    response = api.create_response(request, body, status=status)
    response["Content-Type"] = "application/problem+json"
    return response


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
    errors = [
        {"field": ".".join(str(p) for p in item.get("loc", [])[1:]) or None, "message": item.get("msg", "")}
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
