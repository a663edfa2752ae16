"""Reads of the collab app: project lists, settlements, live allocation, the project report."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, QuerySet

from dure.collab.models import (
    JointProduct,
    Network,
    NetworkEvent,
    Project,
    ProjectMember,
    Settlement,
)


def project_queryset() -> QuerySet[Project]:
    return Project.objects.select_related("lead", "officer", "network").prefetch_related(
        Prefetch(
            "members", queryset=ProjectMember.objects.select_related("enterprise").order_by("position", "pk")
        )
    )


def user_enterprise_pks(user: Any) -> set[int]:
    if not getattr(user, "is_authenticated", False):
        return set()
    return set(user.memberships.values_list("enterprise_id", flat=True))


def project_list_for(user: Any) -> QuerySet[Project]:
    """Staff see every project; enterprise members see theirs; everyone sees the public ones."""
    queryset = project_queryset()
    if getattr(user, "is_center_staff", False):
        return queryset
    own = user_enterprise_pks(user)
    from django.db.models import Q

    return queryset.filter(Q(is_public=True) | Q(members__enterprise_id__in=own)).distinct()


def is_project_member(user: Any, project: Project) -> bool:
    own = user_enterprise_pks(user)
    return bool(own) and project.members.filter(enterprise_id__in=own).exists()


def latest_settlements(project: Project) -> list[Settlement]:
    """The newest version of each (joint product, window) statement of a project."""
    newest: dict[tuple[int, int], Settlement] = {}
    queryset = (
        Settlement.objects.filter(joint_product__project=project)
        .select_related("joint_product__product")
        .prefetch_related("lines__enterprise")
        .order_by("joint_product_id", "window_pk", "-version")
    )
    for settlement in queryset:
        newest.setdefault((settlement.joint_product_id, settlement.window_pk), settlement)
    return list(newest.values())


def project_settlement_summary(project: Project) -> dict[str, Any]:
    """All settled windows of a project added up per member (what the API's settlement answers)."""
    settlements = latest_settlements(project)
    members = list(project.members.all().order_by("position", "pk"))
    lines: dict[int, dict[str, Any]] = {
        m.enterprise_id: {
            "enterprise": m.enterprise_id,
            "name": m.enterprise.name,
            "units": 0,
            "cost": 0,
            "revenue_share": 0,
            "grant_share": 0,
            "amount": 0,
        }
        for m in members
    }
    received = units = grant = 0
    for settlement in settlements:
        received += settlement.received
        units += settlement.units
        grant += settlement.grant_amount
        for line in settlement.lines.all():
            row = lines.setdefault(
                line.enterprise_id,
                {
                    "enterprise": line.enterprise_id,
                    "name": line.enterprise.name,
                    "units": 0,
                    "cost": 0,
                    "revenue_share": 0,
                    "grant_share": 0,
                    "amount": 0,
                },
            )
            for key in ("units", "cost", "revenue_share", "grant_share", "amount"):
                row[key] += getattr(line, key)
    return {
        "project": project.pk,
        "received": received,
        "units": units,
        "grant": grant,
        "settlements": [
            {
                "pk": s.pk,
                "product": s.joint_product.product.name,
                "window": s.window_pk,
                "window_name": s.window_name,
                "version": s.version,
                "rule": s.rule,
                "received": s.received,
                "units": s.units,
            }
            for s in settlements
        ],
        "lines": list(lines.values()),
    }


def joint_products_for(project: Project) -> list[JointProduct]:
    return list(
        JointProduct.objects.filter(project=project)
        .select_related("product")
        .prefetch_related("parts__member__enterprise")
    )


def network_list() -> QuerySet[Network]:
    return Network.objects.select_related("coordinator").prefetch_related("members__enterprise")


def network_events(network: Network) -> QuerySet[NetworkEvent]:
    return network.events.all().order_by("starts_at", "pk")
