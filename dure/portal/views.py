from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from dure.core.regions import GWANGJU_DISTRICTS
from dure.registry.access import access_enterprise_for_view, can_manage_enterprise
from dure.registry.models import DesignationType
from dure.registry.presenters import enterprise_public_dict
from dure.registry.selectors import registry_counts


def home(request: HttpRequest) -> HttpResponse:
    counts = registry_counts()
    by_type = [(label, counts["by_type"].get(value, 0)) for value, label in DesignationType.choices]
    by_district = [(d.name, counts["by_district"].get(d.code, 0)) for d in GWANGJU_DISTRICTS]
    return render(
        request,
        "portal/home.html",
        {"total": counts["total"], "by_type": by_type, "by_district": by_district},
    )


def enterprise_detail(request: HttpRequest, pk: int) -> HttpResponse:
    enterprise = access_enterprise_for_view(request.user, pk)
    return render(
        request,
        "portal/enterprise_detail.html",
        {
            "enterprise": enterprise,
            "public": enterprise_public_dict(enterprise, user=request.user),
            "can_edit": can_manage_enterprise(request.user, enterprise),
        },
    )


def privacy(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/privacy.html")
