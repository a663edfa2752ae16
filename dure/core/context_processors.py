from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

# The public main menu. An entry whose page does not exist (an app not installed) is skipped.
NAV_ITEMS: list[tuple[str, Any]] = [
    ("portal:directory", _("Find enterprises")),
    ("portal:map", _("Map")),
    ("market:home", _("Market")),
    ("collab:project_list", _("Collaboration")),
    ("programs:calendar", _("Programs")),
    ("spaces:room_list", _("Open space")),
    ("circulation:public", _("Local circulation")),
    ("portal:news_list", _("News")),
]


def dure(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    items = []
    for name, label in NAV_ITEMS:
        try:
            items.append({"url": reverse(name), "label": label})
        except NoReverseMatch:
            continue
    return {
        "DURE_REGION_NAME": settings.DURE_REGION_NAME,
        "DURE_CENTER_NAME": settings.DURE_CENTER_NAME,
        "is_center_staff": bool(user and getattr(user, "is_center_staff", False)),
        "nav_items": items,
    }
