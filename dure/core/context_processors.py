from __future__ import annotations

from typing import Any

from django.apps import apps
from django.conf import settings
from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse


def _items(attribute: str) -> list[dict[str, Any]]:
    """Menu entries that apps declare on their AppConfig as [(url name, lazy label), ...]."""
    items = []
    for config in apps.get_app_configs():
        for name, label in getattr(config, attribute, ()):
            try:
                items.append({"url": reverse(name), "label": label})
            except NoReverseMatch:
                continue
    return items


def dure(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    is_staff = bool(user and getattr(user, "is_center_staff", False))
    return {
        "DURE_REGION_NAME": settings.DURE_REGION_NAME,
        "DURE_CENTER_NAME": settings.DURE_CENTER_NAME,
        "is_center_staff": is_staff,
        # Public main menu: AppConfig.nav; staff back-office menu: AppConfig.staff_nav.
        "nav_items": _items("nav"),
        "staff_nav_items": _items("staff_nav") if is_staff else [],
    }
