"""/api/v1/spaces: rooms, availability and bookings."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status

from dure.core.api_helpers import require_staff, require_user
from dure.core.errors import Conflict, NotFound
from dure.spaces import selectors, services
from dure.spaces.access import access_booking_for_cancel, access_booking_for_staff
from dure.spaces.models import Booking, Room
from dure.spaces.schemas import (
    AvailabilityOut,
    BookingIn,
    BookingOut,
    BookingPage,
    DecisionIn,
    RoomOut,
    RoomPage,
    SeriesIn,
    SeriesOut,
)

router = Router(tags=["spaces"])


def room_dict(room: Room) -> dict[str, Any]:
    return {
        "pk": room.pk,
        "name": room.name,
        "kind": room.kind,
        "kind_label": str(room.get_kind_display()),
        "floor": room.floor,
        "area_m2": room.area_m2,
        "capacity": room.capacity,
        "equipment": room.equipment_list,
        "description": room.description,
        "is_bookable": room.is_bookable,
        "policies": {
            "staff": room.staff_policy,
            "enterprise": room.enterprise_policy,
            "citizen": room.citizen_policy,
        },
        "hours": [
            {"weekday": h.weekday, "opens": f"{h.opens:%H:%M}", "closes": f"{h.closes:%H:%M}"}
            for h in room.bookable_hours.all()
        ],
        "photos": [photo.image.url for photo in room.photos.all()],
        "url": reverse("spaces:room_detail", args=[room.pk]),
    }


def booking_dict(booking: Booking) -> dict[str, Any]:
    return {
        "pk": booking.pk,
        "room": booking.room_id,
        "room_name": booking.room.name,
        # Local time (+09:00), like the availability slots: a stored row comes back from the
        # database in UTC, a new one in whatever offset the request used.
        "start": timezone.localtime(booking.start),
        "end": timezone.localtime(booking.end),
        "purpose": booking.purpose,
        "attendees": booking.attendees,
        "status": booking.status,
        "enterprise": booking.enterprise_id,
        "series": booking.series_id,
        "note": booking.note,
    }


def _room(pk: int) -> Room:
    room = Room.objects.filter(pk=pk, is_active=True).first()
    if room is None:
        raise NotFound(_("No such room."), field="room")
    return room


def _enterprise(pk: int | None) -> Any:
    if pk is None:
        return None
    from dure.registry.models import Enterprise

    enterprise = Enterprise.objects.filter(pk=pk).first()
    if enterprise is None:
        raise NotFound(_("No such enterprise."), field="enterprise")
    return enterprise


@router.get("/rooms", response=RoomPage, summary="List rooms")
def list_rooms(request: HttpRequest) -> dict:
    rooms = list(selectors.room_list())
    return {"count": len(rooms), "items": [room_dict(room) for room in rooms]}


@router.get("/rooms/{pk}", response=RoomOut, summary="One room")
def get_room(request: HttpRequest, pk: int) -> dict:
    room = selectors.room_list().filter(pk=pk).first()
    if room is None:
        raise NotFound(_("No such room."))
    return room_dict(room)


class AvailabilityQuery(Schema):
    date: dt.date


@router.get("/rooms/{pk}/availability", response=AvailabilityOut, summary="Free and busy slots of one day")
def room_availability(request: HttpRequest, pk: int, query: Query[AvailabilityQuery]) -> dict:
    """Slots between the room's opening and closing time on `date`: `free`, `booked`, `blocked` or
    `past`. Pending requests do not hold the time and are listed under `pending`."""
    room = selectors.room_list().filter(pk=pk).first()
    if room is None:
        raise NotFound(_("No such room."))
    day = selectors.room_availability(room, query.date)
    return {
        "room": room.pk,
        "date": day.date,
        "open": day.open,
        "closed_reason": day.closed_reason,
        "opens": f"{day.opens:%H:%M}" if day.opens else None,
        "closes": f"{day.closes:%H:%M}" if day.closes else None,
        "slots": day.slots,
        "pending": day.pending,
    }


@router.get("/bookings", response=BookingPage, summary="My bookings")
def list_my_bookings(request: HttpRequest) -> dict:
    user = require_user(request)
    bookings = list(selectors.bookings_of(user)[:200])
    return {"count": len(bookings), "items": [booking_dict(b) for b in bookings]}


@router.post("/bookings", response={201: BookingOut}, summary="Book a room")
def create_booking(request: HttpRequest, payload: BookingIn) -> Status[dict]:
    """Times are ISO 8601; without an offset they are read as Asia/Seoul; they start and end on
    the hour or the half hour. Answers 201 with the booking (`confirmed`, or `pending` when the
    room asks this user for approval), or a 409 problem when the time is taken: by a confirmed
    booking (`taken`), or by this user's own live booking of the room (`already_booked`, with
    `booking`: a double click or a retry books once; nothing new is made)."""
    user = require_user(request)
    booking = services.booking_create(
        actor=user,
        room=_room(payload.room),
        start=payload.start,
        end=payload.end,
        purpose=payload.purpose,
        enterprise=_enterprise(payload.enterprise),
        attendees=payload.attendees,
    )
    if not booking.was_created:
        raise Conflict(
            _("You had already made this booking; nothing new was booked."),
            field="start",
            code="already_booked",
            booking=booking.pk,
        )
    return Status(201, booking_dict(booking))


@router.post("/series", response={201: SeriesOut}, summary="Book a room repeatedly")
def create_series(request: HttpRequest, payload: SeriesIn) -> Status[dict]:
    """One booking per occurrence; occurrences that cannot be booked are skipped and listed.
    201 with the new series; a 409 problem (`already_booked`, with `series`) when the same
    request was already made (a double click or a retry: nothing new is made)."""
    user = require_user(request)
    result = services.booking_series_create(
        actor=user,
        room=_room(payload.room),
        start=payload.start,
        end=payload.end,
        purpose=payload.purpose,
        count=payload.count,
        frequency=payload.frequency,
        interval=payload.interval,
        enterprise=_enterprise(payload.enterprise),
        attendees=payload.attendees,
    )
    if not result.created:
        raise Conflict(
            _("You had already made this repeating booking; nothing new was booked."),
            field="start",
            code="already_booked",
            series=result.series.pk,
        )
    return Status(
        201,
        {
            "pk": result.series.pk,
            "room": result.series.room_id,
            "count": result.series.count,
            "bookings": [booking_dict(b) for b in result.bookings],
            "skipped": result.skipped,
        },
    )


@router.post("/bookings/{pk}/cancel", response=BookingOut, summary="Cancel a booking")
def cancel_booking(request: HttpRequest, pk: int, payload: DecisionIn | None = None) -> dict:
    user = require_user(request)
    booking = access_booking_for_cancel(user, pk)
    return booking_dict(
        services.booking_cancel(actor=user, booking=booking, note=payload.note if payload else "")
    )


@router.post("/bookings/{pk}/approve", response=BookingOut, summary="Approve a pending booking (staff)")
def approve_booking(request: HttpRequest, pk: int, payload: DecisionIn | None = None) -> dict:
    user = require_staff(request)
    booking = access_booking_for_staff(user, pk)
    return booking_dict(
        services.booking_approve(actor=user, booking=booking, note=payload.note if payload else "")
    )


@router.post("/bookings/{pk}/reject", response=BookingOut, summary="Reject a pending booking (staff)")
def reject_booking(request: HttpRequest, pk: int, payload: DecisionIn) -> dict:
    user = require_staff(request)
    booking = access_booking_for_staff(user, pk)
    return booking_dict(
        services.booking_reject(actor=user, booking=booking, note=payload.note, note_required=True)
    )
