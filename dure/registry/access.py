"""Access helpers: the only way a view fetches a protected enterprise row."""

from __future__ import annotations

from typing import Any

from django.http import Http404

from dure.registry.models import Enterprise
from dure.registry.selectors import enterprise_queryset


def user_enterprise_ids(user: Any) -> set[int]:
    if not getattr(user, "is_authenticated", False):
        return set()
    return set(user.memberships.values_list("enterprise_id", flat=True))


def can_manage_enterprise(user: Any, enterprise: Enterprise) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    if user.is_center_staff:
        return True
    return enterprise.pk in user_enterprise_ids(user)


def access_enterprise_for_staff(user: Any, pk: int) -> Enterprise:
    if not getattr(user, "is_center_staff", False):
        raise Http404
    try:
        return Enterprise.objects.get(pk=pk)
    except Enterprise.DoesNotExist as error:
        raise Http404 from error


def access_enterprise_for_edit(user: Any, pk: int) -> Enterprise:
    """The enterprise if the user is center staff or one of its members; otherwise not found."""
    try:
        enterprise = enterprise_queryset().get(pk=pk)
    except Enterprise.DoesNotExist as error:
        raise Http404 from error
    if not can_manage_enterprise(user, enterprise):
        raise Http404
    return enterprise


def access_enterprise_for_view(user: Any, pk: int) -> Enterprise:
    """Public profile: any enterprise that is a record of its own and not closed (staff see all)."""
    queryset = enterprise_queryset()
    if not getattr(user, "is_center_staff", False):
        queryset = queryset.exclude(status="closed")
    try:
        return queryset.get(pk=pk)
    except Enterprise.DoesNotExist as error:
        raise Http404 from error
