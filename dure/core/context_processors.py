from __future__ import annotations

from typing import Any

from django.apps import apps
from django.conf import settings
from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse

from dure.core.regions import english_active


def _entries(declared: Any, path: str) -> list[dict[str, Any]]:
    items = []
    for name, label in declared:
        try:
            url = reverse(name)
        except NoReverseMatch:
            continue
        items.append({"url": url, "label": label, "current": url == path})
    return items


def _items(attribute: str, path: str) -> list[dict[str, Any]]:
    """Menu entries that apps declare on their AppConfig as [(url name, lazy label), ...]."""
    return [
        item for config in apps.get_app_configs() for item in _entries(getattr(config, attribute, ()), path)
    ]


def _groups(attribute: str, path: str) -> list[dict[str, Any]]:
    """The same entries grouped by app (its verbose name), in INSTALLED_APPS order."""
    groups = []
    for config in apps.get_app_configs():
        items = _entries(getattr(config, attribute, ()), path)
        if items:
            groups.append({"label": config.verbose_name, "items": items})
    return groups


def _my_enterprise_url(user: Any) -> str:
    """The profile-editing page of the user's enterprise; their settings when they have several."""
    if not getattr(user, "is_authenticated", False) or getattr(user, "is_center_staff", False):
        return ""
    pks = list(user.memberships.values_list("enterprise_id", flat=True)[:2])
    if not pks:
        return ""
    return reverse("portal:profile_edit", args=[pks[0]]) if len(pks) == 1 else reverse("accounts:settings")


def dure(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    is_staff = bool(user and getattr(user, "is_center_staff", False))
    path = request.path
    english = english_active()

    def named(setting: str) -> str:
        # The English form on English pages when the center gave one, else the Korean.
        translated = str(getattr(settings, f"{setting}_EN", "")) if english else ""
        return translated or str(getattr(settings, setting))

    return {
        "DURE_REGION_NAME": named("DURE_REGION_NAME"),
        "DURE_CENTER_NAME": named("DURE_CENTER_NAME"),
        "DURE_CENTER_ADDRESS": named("DURE_CENTER_ADDRESS"),
        "is_center_staff": is_staff,
        # An enterprise's members reach its profile from the main menu, not four pages deep.
        "my_enterprise_url": _my_enterprise_url(user),
        # Public main menu: AppConfig.nav; staff back-office menu: AppConfig.staff_nav.
        "nav_items": _items("nav", path),
        "staff_nav_groups": _groups("staff_nav", path) if is_staff else [],
    }
