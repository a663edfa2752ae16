"""View decorators for the role checks every app shares."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import TYPE_CHECKING, Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

if TYPE_CHECKING:
    from dure.accounts.models import User


def signed_in_user(request: HttpRequest) -> User:
    """The signed-in user of a view behind @login_required, @staff_required or @role_required.

    Those decorators already turned anonymous visitors away; this gives the type checker the
    `User` it cannot infer, and refuses (403) rather than hand on an AnonymousUser if a view
    ever loses its decorator.
    """
    user = request.user
    if not user.is_authenticated:
        raise PermissionDenied
    return user


def staff_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Center staff only: anonymous users go to the login page, anyone else gets 403."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not request.user.is_center_staff:
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def role_required(*roles: str) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """Users with one of `roles` (center staff always pass)."""

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not (request.user.is_center_staff or request.user.role in roles):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapper

    return decorator
