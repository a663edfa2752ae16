"""Access helpers: who may manage which product, order and window."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from dure.market.models import Booth, Fair, FairMeeting, Institution, Order, Product


def user_enterprise_pks(user: Any) -> set[int]:
    if not getattr(user, "is_authenticated", False):
        return set()
    cached = getattr(user, "_market_enterprise_pks", None)
    if cached is None:
        cached = set(user.memberships.values_list("enterprise_id", flat=True))
        user._market_enterprise_pks = cached
    return cached


def is_staff(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and getattr(user, "is_center_staff", False))


def can_manage_enterprise_pk(user: Any, enterprise_pk: int) -> bool:
    return is_staff(user) or enterprise_pk in user_enterprise_pks(user)


def institutions_for(user: Any) -> Any:
    """The institutions whose purchasing the user may see: all for staff, else those they work for."""
    if is_staff(user):
        return Institution.objects.all()
    if not getattr(user, "is_authenticated", False):
        return Institution.objects.none()
    return Institution.objects.filter(users=user)


def can_see_fairs(user: Any) -> bool:
    """Consultation fairs are for the center, the enterprises and the buying institutions."""
    return is_staff(user) or bool(user_enterprise_pks(user)) or institutions_for(user).exists()


def fair_meetings_for(user: Any, fair: Fair) -> list[FairMeeting]:
    """The fair's meetings the user may see: all for staff, else those of their enterprises or
    institutions."""
    meetings = list(fair.meetings.select_related("institution", "enterprise"))
    if is_staff(user):
        return meetings
    own = user_enterprise_pks(user)
    mine = set(institutions_for(user).values_list("pk", flat=True))
    return [m for m in meetings if m.enterprise_id in own or m.institution_id in mine]


def booths_for(user: Any) -> QuerySet[Booth]:
    """The active festival booths the user may sell at: all for staff, else those they staff."""
    booths = Booth.objects.filter(is_active=True)
    if not is_staff(user):
        booths = booths.filter(staff=user) if getattr(user, "is_authenticated", False) else booths.none()
    return booths.order_by("-starts_on")


def is_seller(user: Any) -> bool:
    return bool(user_enterprise_pks(user))


def access_product_for_edit(user: Any, pk: int) -> Product:
    try:
        product = Product.objects.select_related("enterprise").get(pk=pk)
    except Product.DoesNotExist as error:
        raise Http404 from error
    if not can_manage_enterprise_pk(user, product.enterprise_id):
        raise Http404
    return product


def access_order_for_seller(user: Any, pk: int) -> Order:
    """An order that has at least one line of the user's enterprises (staff: any order)."""
    queryset = Order.objects.all()
    if not is_staff(user):
        queryset = queryset.filter(lines__enterprise_id__in=user_enterprise_pks(user)).distinct()
    try:
        return queryset.get(pk=pk)
    except Order.DoesNotExist as error:
        raise Http404 from error


def access_order_for_buyer(user: Any, pk: int) -> Order:
    if not getattr(user, "is_authenticated", False):
        raise Http404
    try:
        return Order.objects.get(pk=pk, buyer_user=user)
    except Order.DoesNotExist as error:
        raise Http404 from error
