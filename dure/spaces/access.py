"""The only way views and API operations fetch protected rows of the open space."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from dure.accounts.models import EnterpriseMembership
from dure.core.errors import NotFound
from dure.spaces.models import Booking, IncubationApplication, IncubationCall, Room, Tenancy


def access_room_for_view(pk: int) -> Room:
    room = Room.objects.filter(pk=pk, is_active=True).prefetch_related("bookable_hours", "photos").first()
    if room is None:
        raise NotFound(_("No such room."))
    return room


def access_booking_for_cancel(user: Any, pk: int) -> Booking:
    """A booking the user made (or any, for staff); others' bookings do not exist for them."""
    bookings = Booking.objects.select_related("room")
    if not user.is_center_staff:
        bookings = bookings.filter(booker=user)
    booking = bookings.filter(pk=pk).first()
    if booking is None:
        raise NotFound(_("No such booking."))
    return booking


def access_booking_for_staff(user: Any, pk: int) -> Booking:
    booking = Booking.objects.select_related("room").filter(pk=pk).first() if user.is_center_staff else None
    if booking is None:
        raise NotFound(_("No such booking."))
    return booking


def access_call_for_view(pk: int) -> IncubationCall:
    call = IncubationCall.objects.prefetch_related("rooms").filter(pk=pk).first()
    if call is None:
        raise NotFound(_("No such call."))
    return call


def access_application_for_staff(user: Any, pk: int) -> IncubationApplication:
    application = (
        IncubationApplication.objects.select_related("call", "enterprise").filter(pk=pk).first()
        if user.is_center_staff
        else None
    )
    if application is None:
        raise NotFound(_("No such application."))
    return application


def access_tenancy_for_staff(user: Any, pk: int) -> Tenancy:
    tenancy = (
        Tenancy.objects.select_related("room", "enterprise").filter(pk=pk).first()
        if user.is_center_staff
        else None
    )
    if tenancy is None:
        raise NotFound(_("No such contract."))
    return tenancy


def user_enterprises(user: Any) -> list[Any]:
    """Enterprises the user may act for."""
    if not user.is_authenticated:
        return []
    return [
        m.enterprise
        for m in EnterpriseMembership.objects.filter(user=user)
        .select_related("enterprise")
        .order_by("enterprise__name")
    ]
