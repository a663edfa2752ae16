"""Use cases of the open space: bookings, repeating bookings, approval, blocked periods, incubation.

Every write runs in one transaction and is audited. The no-overlap rule for confirmed bookings is
checked while holding the room: on PostgreSQL a row lock on the room (`select_for_update`), with
the exclusion constraint `spaces_booking_no_overlap` as the last guard; on SQLite the transaction
itself is the lock (IMMEDIATE: the write lock is taken at BEGIN, so checks are serialised).
"""

from __future__ import annotations

import datetime as dt
import functools
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

import holidays
from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, OperationalError, connection, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from dure.accounts.models import EnterpriseMembership, Role
from dure.core.audit import log_action
from dure.core.db import insert_once
from dure.core.errors import Conflict, DomainError, NotFound, PermissionDeniedError
from dure.core.regions import english_active
from dure.core.text import NulCharacterError, visible_text
from dure.spaces.models import (
    ACTIVE_STATUSES,
    ApplicationStatus,
    BlockedPeriod,
    BookerGroup,
    Booking,
    BookingPolicy,
    BookingSeries,
    BookingStatus,
    IncubationApplication,
    IncubationCall,
    RepeatFrequency,
    Room,
    RoomKind,
    Tenancy,
    TenancyReminder,
)

T = TypeVar("T")

MAX_SERIES_OCCURRENCES = 52
# Rules an occurrence of a repeating booking may break without failing the whole series.
SKIPPABLE_CODES = frozenset(
    {"taken", "holiday", "closed", "outside_hours", "blocked", "too_far", "already_booked"}
)
# Bookings start and end on this grid of local time (:00 and :30) and so last at least one slot.
# Rooms carry no slot length of their own; the calendars and the demo use whole and half hours.
BOOKING_GRID_MINUTES = 30
# However far a room's horizon is set, nobody books more than ten years ahead: keeps the date
# arithmetic of a booking (local times, series occurrences) far from the end of the calendar.
MAX_HORIZON_DAYS = 3660


# ---- helpers ---------------------------------------------------------------------------------


@functools.lru_cache(maxsize=32)
def _kr_holidays(year: int, language: str) -> holidays.HolidayBase:
    return holidays.KR(years=year, language=language)


def next_open_day(room: Room, after: dt.date) -> dt.date:
    """The first day after `after` on which `room` takes bookings (bookable hours, no public
    holiday), within two weeks; the next day when there is none (the form then says why)."""
    weekdays = set(room.bookable_hours.values_list("weekday", flat=True))
    for offset in range(1, 15):
        day = after + dt.timedelta(days=offset)
        if day.weekday() in weekdays and not holiday_name(day):
            return day
    return after + dt.timedelta(days=1)


def holiday_name(day: dt.date) -> str | None:
    """The Korean public holiday on `day`, or None; named in the active language (설날 / Korean
    New Year: the holidays package's own names, which it would otherwise give in English)."""
    return _kr_holidays(day.year, "en_US" if english_active() else "ko").get(day)


def booker_group(user: Any, enterprise: Any = None) -> str:
    """Which of the room's rules applies: staff, enterprise members, or citizens (everyone else)."""
    if user.is_center_staff:
        return BookerGroup.STAFF
    if enterprise is not None or user.role == Role.ENTERPRISE or user.memberships.exists():
        return BookerGroup.ENTERPRISE
    return BookerGroup.CITIZEN


def _is_member(user: Any, enterprise: Any) -> bool:
    return EnterpriseMembership.objects.filter(user=user, enterprise=enterprise).exists()


def clean_text(value: str | None, *, field: str, required: Any = None) -> str:
    """Typed text without surrounding whitespace. A NUL character is refused; with `required` (the
    message to show), so is text with nothing visible in it (only spaces, control characters or
    invisible format characters such as U+200F)."""
    try:
        text = visible_text(value)
    except NulCharacterError as error:
        raise DomainError(
            _("The text contains a NUL character (U+0000), which cannot be stored."), field=field, code="nul"
        ) from error
    if required is not None and not text:
        raise DomainError(required, field=field, code="required")
    return text


def _aware(value: dt.datetime) -> dt.datetime:
    if timezone.is_naive(value):
        # Naive times are read as the center's local time (Asia/Seoul).
        return timezone.make_aware(value)
    return value


def _lock_room(room: Room) -> Room:
    """Hold the room until the transaction ends (a no-op on SQLite, where IMMEDIATE serialises)."""
    return Room.objects.select_for_update().get(pk=room.pk)


def _retry_when_locked(function: Callable[[], T]) -> T:
    """Run `function` (one transaction); retry when SQLite reports a lock that outlived its timeout."""
    if connection.in_atomic_block:
        return function()
    for attempt in range(5):
        try:
            return function()
        except OperationalError as error:
            if "locked" not in str(error).lower() or attempt == 4:
                raise
            time.sleep(0.05 * (attempt + 1))
    raise AssertionError("unreachable")


def last_bookable_day(room: Room) -> dt.date:
    """The last local day `room` can be booked on today (its horizon, capped at MAX_HORIZON_DAYS)."""
    return timezone.localdate() + dt.timedelta(days=min(room.booking_horizon_days, MAX_HORIZON_DAYS))


def _check_horizon(room: Room, start: dt.datetime) -> None:
    """Refuse a start beyond the room's horizon. Compares aware times only: converting a start
    near 9999-12-31 to local time would overflow, so this comes before any date arithmetic."""
    limit = dt.datetime.combine(
        last_bookable_day(room) + dt.timedelta(days=1), dt.time(0), tzinfo=timezone.get_current_timezone()
    )
    if start >= limit:
        raise DomainError(
            _("This room can be booked at most %(days)d days ahead.")
            % {"days": min(room.booking_horizon_days, MAX_HORIZON_DAYS)},
            field="start",
            code="too_far",
        )


def _check_period(room: Room, start: dt.datetime, end: dt.datetime) -> None:
    """The rules a request's times must meet before anything else looks at them (the database
    included: a start of 0001-01-01+14:00 or an end of 9999-12-31-12:00 has no UTC value)."""
    if end <= start:
        raise DomainError(_("The end must be after the start."), field="end", code="invalid_period")
    if start < timezone.now():
        raise DomainError(_("The start time has already passed."), field="start", code="past")
    _check_horizon(room, start)
    if end - start >= dt.timedelta(days=1):
        raise DomainError(_("A booking starts and ends on the same day."), field="end", code="invalid_period")


def _on_grid(value: dt.datetime) -> bool:
    return value.minute % BOOKING_GRID_MINUTES == 0 and value.second == 0 and value.microsecond == 0


def check_slot(room: Room, start: dt.datetime, end: dt.datetime, *, exclude_pk: int | None = None) -> None:
    """Refuse a time that this room cannot take. Codes name the rule (see SKIPPABLE_CODES)."""
    now = timezone.now()
    if end <= start:
        raise DomainError(_("The end must be after the start."), field="end", code="invalid_period")
    if start < now:
        raise DomainError(_("The start time has already passed."), field="start", code="past")
    _check_horizon(room, start)
    local_start = timezone.localtime(start)
    # An end a day or more after the start crosses midnight whatever it is; clipping it keeps an
    # end near 9999-12-31 from overflowing on its way to local time.
    local_end = timezone.localtime(min(end, start + dt.timedelta(days=1)))
    for name, value in (("start", local_start), ("end", local_end)):
        if not _on_grid(value):
            raise DomainError(
                _(
                    "Bookings start and end on the hour or the half hour (for example 10:00 or 10:30), "
                    "so they last at least %(minutes)d minutes."
                )
                % {"minutes": BOOKING_GRID_MINUTES},
                field=name,
                code="off_grid",
            )
    day = local_start.date()
    holiday = holiday_name(day)
    if holiday:
        raise DomainError(
            _("%(date)s is a public holiday (%(name)s); the center is closed.")
            % {"date": day, "name": holiday},
            field="start",
            code="holiday",
        )
    hours = room.bookable_hours.filter(weekday=day.weekday()).first()
    if hours is None:
        raise DomainError(
            _("%(room)s is closed on %(weekday)s (%(date)s). Choose another day.")
            % {"room": room.name, "weekday": date_format(day, "l"), "date": day},
            field="start",
            code="closed",
        )
    if local_end.date() != day or local_start.time() < hours.opens or local_end.time() > hours.closes:
        raise DomainError(
            _("%(room)s can be booked on that day from %(opens)s to %(closes)s.")
            % {"room": room.name, "opens": f"{hours.opens:%H:%M}", "closes": f"{hours.closes:%H:%M}"},
            field="start",
            code="outside_hours",
        )
    blocked = BlockedPeriod.objects.filter(
        Q(room__isnull=True) | Q(room=room), start__lt=end, end__gt=start
    ).first()
    if blocked is not None:
        raise DomainError(
            _("The room is closed at that time: %(reason)s.") % {"reason": blocked.reason},
            field="start",
            code="blocked",
        )
    taken = Booking.objects.filter(room=room, status=BookingStatus.CONFIRMED, start__lt=end, end__gt=start)
    if exclude_pk is not None:
        taken = taken.exclude(pk=exclude_pk)
    if taken.exists():
        raise Conflict(
            _("%(room)s is already booked at that time.") % {"room": room.name}, field="start", code="taken"
        )


def _check_request(*, actor: Any, room: Room, enterprise: Any, attendees: int | None) -> tuple[str, int]:
    """Rules about who asks and for how many: return (initial status, attendees)."""
    if actor is None or not actor.is_authenticated:
        raise PermissionDeniedError(_("Log in to book a room."))
    if not room.is_active or not room.is_bookable:
        raise DomainError(_("%(room)s is not open for booking.") % {"room": room.name}, field="room")
    if enterprise is not None and not actor.is_center_staff and not _is_member(actor, enterprise):
        raise PermissionDeniedError(
            _("You can book on behalf of an enterprise only if you are one of its members."),
            field="enterprise",
        )
    group = booker_group(actor, enterprise)
    policy = room.policy_for(group)
    if policy == BookingPolicy.NONE:
        raise PermissionDeniedError(
            _("%(group)s cannot book %(room)s.") % {"group": BookerGroup(group).label, "room": room.name},
            code="not_allowed",
        )
    count = 1 if attendees is None else attendees
    if count < 1:
        raise DomainError(_("At least one person must attend."), field="attendees")
    if count > room.capacity:
        raise DomainError(
            _("%(room)s holds at most %(capacity)d people.") % {"room": room.name, "capacity": room.capacity},
            field="attendees",
            code="capacity",
        )
    status = BookingStatus.CONFIRMED if policy == BookingPolicy.DIRECT else BookingStatus.PENDING
    return status, count


def _insert_booking(**values: Any) -> Booking:
    """Insert; on PostgreSQL the exclusion constraint is the last guard against an overlap."""
    try:
        with transaction.atomic():
            return Booking.objects.create(**values)
    except IntegrityError as error:
        if "spaces_booking_no_overlap" in str(error):
            raise Conflict(
                _("The room is already booked at that time."), field="start", code="taken"
            ) from error
        raise


def _booking_data(booking: Booking) -> dict[str, Any]:
    return {
        "room": booking.room_id,
        "start": booking.start,
        "end": booking.end,
        "status": booking.status,
        "enterprise": booking.enterprise_id,
        "attendees": booking.attendees,
    }


# ---- bookings --------------------------------------------------------------------------------


def booking_create(
    *,
    actor: Any,
    room: Room,
    start: dt.datetime,
    end: dt.datetime,
    purpose: str,
    enterprise: Any = None,
    attendees: int | None = None,
) -> Booking:
    """Book `room` from `start` to `end`: confirmed, or pending when the room asks this user for approval.

    Raises DomainError (bad input, closed time), PermissionDeniedError (role not allowed) or
    Conflict (the time is taken by a confirmed booking). Nothing is written on refusal.

    A repeat (a double click, a retried request) happens once: when `actor` already holds a live
    (pending or confirmed) booking of this room from exactly `start` to `end` with the same
    purpose, attendees and enterprise, that booking is returned with `was_created = False` and
    nothing is written; with other details it is a Conflict (`already_booked`), never a second
    booking. The room lock serialises the lookup and the insert, so identical requests racing
    each other make one booking.
    """
    start, end = _aware(start), _aware(end)

    @transaction.atomic
    def create() -> Booking:
        text = clean_text(purpose, field="purpose", required=_("Say what the room is for."))
        status, count = _check_request(actor=actor, room=room, enterprise=enterprise, attendees=attendees)
        _check_period(room, start, end)
        locked = _lock_room(room)
        existing = _live_booking_of(actor, locked, start, end)
        if existing is not None:
            if (existing.purpose, existing.attendees, existing.enterprise_id) != (
                text[:200],
                count,
                enterprise.pk if enterprise is not None else None,
            ):
                raise Conflict(
                    _(
                        "You already have a booking of %(room)s at this time. "
                        "Cancel it first if you want to change it."
                    )
                    % {"room": locked.name},
                    field="start",
                    code="already_booked",
                    booking=existing.pk,
                )
            existing.was_created = False
            return existing
        check_slot(locked, start, end)
        booking = _insert_booking(
            room=locked,
            booker=actor,
            enterprise=enterprise,
            purpose=text[:200],
            attendees=count,
            start=start,
            end=end,
            status=status,
        )
        log_action("spaces.booking.created", actor=actor, target=booking, data=_booking_data(booking))
        booking.was_created = True
        return booking

    return _retry_when_locked(create)


def _live_booking_of(actor: Any, room: Room, start: dt.datetime, end: dt.datetime) -> Booking | None:
    """The actor's pending or confirmed booking of `room` at exactly this time (call with the room locked)."""
    return (
        Booking.objects.filter(booker=actor, room=room, start=start, end=end, status__in=ACTIVE_STATUSES)
        .select_related("room")
        .order_by("pk")
        .first()
    )


@dataclass
class SeriesResult:
    series: BookingSeries
    bookings: list[Booking] = field(default_factory=list)
    skipped: list[dict[str, Any]] = field(default_factory=list)
    # False when the same request made this series before (a repeat): nothing was written.
    created: bool = True


def series_occurrences(
    start: dt.datetime, end: dt.datetime, *, frequency: str, interval: int, count: int
) -> list[tuple[dt.datetime, dt.datetime]]:
    """The local start and end of each occurrence (same wall-clock times, Asia/Seoul)."""
    local_start, local_end = timezone.localtime(start), timezone.localtime(end)
    step = dt.timedelta(days=interval * (7 if frequency == RepeatFrequency.WEEKLY else 1))
    tz = timezone.get_current_timezone()
    occurrences = []
    for index in range(count):
        day_start = (local_start.replace(tzinfo=None) + step * index).replace(tzinfo=tz)
        day_end = (local_end.replace(tzinfo=None) + step * index).replace(tzinfo=tz)
        occurrences.append((day_start, day_end))
    return occurrences


def _same_series(actor: Any, room: Room, first_start: dt.datetime, **details: Any) -> SeriesResult | None:
    """The actor's earlier series with the same details whose first occurrence is `first_start`
    and which still has a live booking (call with the room locked)."""
    for series in BookingSeries.objects.filter(booker=actor, room=room, **details).order_by("pk"):
        bookings = list(series.bookings.select_related("room").order_by("start", "pk"))
        live = [booking for booking in bookings if booking.status in ACTIVE_STATUSES]
        starts = [booking.start for booking in bookings] + [
            dt.datetime.fromisoformat(skipped["start"]) for skipped in series.skipped
        ]
        if live and min(starts) == first_start:
            return SeriesResult(series=series, bookings=live, skipped=list(series.skipped), created=False)
    return None


def booking_series_create(
    *,
    actor: Any,
    room: Room,
    start: dt.datetime,
    end: dt.datetime,
    purpose: str,
    count: int,
    frequency: str = RepeatFrequency.WEEKLY,
    interval: int = 1,
    enterprise: Any = None,
    attendees: int | None = None,
) -> SeriesResult:
    """A repeating booking, one Booking per occurrence (Indico).

    Occurrences that fall on a holiday, a closed day, a blocked period, outside bookable hours,
    beyond the booking horizon, on a taken time or on a time the actor has booked already are
    skipped and reported, not fatal; rules about the request itself (role, capacity, a first start
    in the past or beyond the horizon, end ≤ start, off the half-hour grid) refuse the series.
    The same request sent again returns the first series (`created=False`) and writes nothing.
    """
    start, end = _aware(start), _aware(end)
    if frequency not in RepeatFrequency.values:
        raise DomainError(_("Choose how often the booking repeats."), field="frequency")
    if not 1 <= count <= MAX_SERIES_OCCURRENCES:
        raise DomainError(
            _("A repeating booking has 1 to %(max)d occurrences.") % {"max": MAX_SERIES_OCCURRENCES},
            field="count",
        )
    if not 1 <= interval <= 12:
        raise DomainError(_("Repeat every 1 to 12 days or weeks."), field="interval")

    @transaction.atomic
    def create() -> SeriesResult:
        text = clean_text(purpose, field="purpose", required=_("Say what the room is for."))
        # Before any date arithmetic: a first start beyond the horizon refuses the whole series
        # (every later occurrence is beyond it too), and a start near 9999-12-31 cannot overflow.
        _check_period(room, start, end)
        status, people = _check_request(actor=actor, room=room, enterprise=enterprise, attendees=attendees)
        locked = _lock_room(room)
        details = {
            "enterprise": enterprise,
            "purpose": text[:200],
            "frequency": frequency,
            "interval": interval,
            "count": count,
        }
        occurrences = series_occurrences(start, end, frequency=frequency, interval=interval, count=count)
        earlier = _same_series(actor, locked, occurrences[0][0], **details)
        if earlier is not None:
            return earlier
        series = BookingSeries.objects.create(room=locked, booker=actor, **details)
        result = SeriesResult(series=series)
        for occurrence_start, occurrence_end in occurrences:
            try:
                if _live_booking_of(actor, locked, occurrence_start, occurrence_end) is not None:
                    raise Conflict(
                        _("You already have a booking of this room at this time."), code="already_booked"
                    )
                check_slot(locked, occurrence_start, occurrence_end)
                booking = _insert_booking(
                    room=locked,
                    series=series,
                    booker=actor,
                    enterprise=enterprise,
                    purpose=text[:200],
                    attendees=people,
                    start=occurrence_start,
                    end=occurrence_end,
                    status=status,
                )
            except DomainError as error:
                if error.code not in SKIPPABLE_CODES:
                    raise
                result.skipped.append(
                    {
                        "start": occurrence_start.isoformat(),
                        "end": occurrence_end.isoformat(),
                        "reason": error.message,
                        "code": error.code,
                    }
                )
            else:
                result.bookings.append(booking)
        if not result.bookings:
            raise Conflict(
                _("None of the %(count)d occurrences could be booked.") % {"count": count},
                code="taken",
                skipped=result.skipped,
            )
        series.skipped = result.skipped
        series.save(update_fields=["skipped", "updated_at"])
        log_action(
            "spaces.series.created",
            actor=actor,
            target=series,
            data={
                "room": locked.pk,
                "status": status,
                "booked": [b.pk for b in result.bookings],
                "skipped": result.skipped,
            },
        )
        return result

    return _retry_when_locked(create)


def _require_staff(actor: Any) -> None:
    if actor is None or not getattr(actor, "is_center_staff", False):
        raise PermissionDeniedError(_("Only center staff may do this."))


def booking_approve(*, actor: Any, booking: Booking, note: str = "") -> Booking:
    """Confirm a pending booking after checking the time again; overlapping requests are rejected."""
    _require_staff(actor)
    note = clean_text(note, field="note")

    @transaction.atomic
    def approve() -> Booking:
        locked_room = _lock_room(booking.room)
        current = Booking.objects.select_for_update().get(pk=booking.pk)
        current.move_to(BookingStatus.CONFIRMED)
        check_slot(locked_room, current.start, current.end, exclude_pk=current.pk)
        current.decided_by = actor
        current.decided_at = timezone.now()
        current.note = note[:300]
        current.save(update_fields=["status", "decided_by", "decided_at", "note", "updated_at"])
        log_action("spaces.booking.approved", actor=actor, target=current, data=_booking_data(current))
        clashing = Booking.objects.filter(
            room=locked_room, status=BookingStatus.PENDING, start__lt=current.end, end__gt=current.start
        ).exclude(pk=current.pk)
        for other in clashing:
            other.move_to(BookingStatus.REJECTED)
            other.decided_by = actor
            other.decided_at = current.decided_at
            other.note = _("Another request for this time was approved.")
            other.save(update_fields=["status", "decided_by", "decided_at", "note", "updated_at"])
            log_action(
                "spaces.booking.rejected",
                actor=actor,
                target=other,
                data={**_booking_data(other), "because_of": current.pk},
            )
        return current

    result = _retry_when_locked(approve)
    booking.refresh_from_db()
    return result


def booking_reject(*, actor: Any, booking: Booking, note: str = "", note_required: bool = False) -> Booking:
    """Reject a pending booking; with `note_required` (the API), the booker must be told why."""
    _require_staff(actor)
    note = clean_text(
        note,
        field="note",
        required=_("Tell the booker why the request was rejected.") if note_required else None,
    )

    @transaction.atomic
    def reject() -> Booking:
        current = Booking.objects.select_for_update().get(pk=booking.pk)
        current.move_to(BookingStatus.REJECTED)
        current.decided_by = actor
        current.decided_at = timezone.now()
        current.note = note[:300]
        current.save(update_fields=["status", "decided_by", "decided_at", "note", "updated_at"])
        log_action("spaces.booking.rejected", actor=actor, target=current, data={"note": current.note})
        return current

    result = _retry_when_locked(reject)
    booking.refresh_from_db()
    return result


def booking_cancel(*, actor: Any, booking: Booking, note: str = "") -> Booking:
    """Cancel a pending or confirmed booking. Its booker or center staff may, but only before it starts."""
    if (
        actor is None
        or not actor.is_authenticated
        or (booking.booker_id != actor.pk and not actor.is_center_staff)
    ):
        raise PermissionDeniedError(
            _("Only the person who booked, or center staff, may cancel this booking.")
        )
    note = clean_text(note, field="note")

    @transaction.atomic
    def cancel() -> Booking:
        current = Booking.objects.select_for_update().get(pk=booking.pk)
        if current.start <= timezone.now():
            raise DomainError(_("A booking cannot be cancelled once it has started."), code="started")
        current.move_to(BookingStatus.CANCELLED)
        current.note = note[:300]
        if actor.pk != current.booker_id:
            current.decided_by = actor
            current.decided_at = timezone.now()
        current.save(update_fields=["status", "note", "decided_by", "decided_at", "updated_at"])
        log_action("spaces.booking.cancelled", actor=actor, target=current, data={"note": current.note})
        return current

    result = _retry_when_locked(cancel)
    booking.refresh_from_db()
    return result


# ---- blocked periods -------------------------------------------------------------------------


@transaction.atomic
def blocked_period_create(
    *,
    actor: Any,
    room: Room | None,
    start: dt.datetime,
    end: dt.datetime,
    reason: str,
    cancel_bookings: bool = False,
) -> tuple[BlockedPeriod, list[Booking]]:
    """Close a room (or every room, room=None) for a time. Returns the period and the bookings it
    overlaps; with cancel_bookings=True those are cancelled (Indico's blockings)."""
    _require_staff(actor)
    start, end = _aware(start), _aware(end)
    reason = clean_text(reason, field="reason", required=_("Give a reason; bookers will see it."))
    if end <= start:
        raise DomainError(_("The end must be after the start."), field="end")
    period = BlockedPeriod.objects.create(
        room=room, start=start, end=end, reason=reason[:200], created_by=actor
    )
    overlapping = Booking.objects.filter(
        status__in=[BookingStatus.PENDING, BookingStatus.CONFIRMED], start__lt=end, end__gt=start
    )
    if room is not None:
        overlapping = overlapping.filter(room=room)
    affected = list(overlapping.select_related("room", "booker"))
    if cancel_bookings:
        for booking in affected:
            booking.move_to(BookingStatus.CANCELLED)
            booking.note = _("The room was closed: %(reason)s") % {"reason": reason}
            booking.decided_by = actor
            booking.decided_at = timezone.now()
            booking.save(update_fields=["status", "note", "decided_by", "decided_at", "updated_at"])
            log_action(
                "spaces.booking.cancelled", actor=actor, target=booking, data={"blocked_period": period.pk}
            )
    log_action(
        "spaces.blocked_period.created",
        actor=actor,
        target=period,
        data={
            "room": room.pk if room else None,
            "start": start,
            "end": end,
            "reason": period.reason,
            "overlapping": [b.pk for b in affected],
            "cancelled": cancel_bookings,
        },
    )
    return period, affected


@transaction.atomic
def blocked_period_delete(*, actor: Any, period: BlockedPeriod) -> None:
    _require_staff(actor)
    log_action(
        "spaces.blocked_period.deleted",
        actor=actor,
        target=period,
        data={"room": period.room_id, "start": period.start, "end": period.end, "reason": period.reason},
    )
    period.delete()


# ---- incubation ------------------------------------------------------------------------------


@transaction.atomic
def incubation_call_create(
    *,
    actor: Any,
    title: str,
    opens_on: dt.date,
    closes_on: dt.date,
    rooms: list[Room],
    description: str = "",
    term_months: int = 12,
    monthly_fee: int = 0,
    deposit: int = 0,
) -> IncubationCall:
    _require_staff(actor)
    title = clean_text(title, field="title", required=_("Give the call a title."))
    description = clean_text(description, field="description")
    if closes_on < opens_on:
        raise DomainError(_("Applications must close on or after the day they open."), field="closes_on")
    if monthly_fee < 0 or deposit < 0:
        raise DomainError(_("Fees cannot be negative."), field="monthly_fee")
    if not rooms or any(room.kind != RoomKind.INCUBATION for room in rooms):
        raise DomainError(_("Choose one or more incubation rooms."), field="rooms")
    call = IncubationCall.objects.create(
        title=title,
        description=description,
        opens_on=opens_on,
        closes_on=closes_on,
        term_months=term_months,
        monthly_fee=monthly_fee,
        deposit=deposit,
    )
    call.rooms.set(rooms)
    log_action(
        "spaces.incubation_call.created",
        actor=actor,
        target=call,
        data={"opens_on": opens_on, "closes_on": closes_on, "rooms": [r.pk for r in rooms]},
    )
    return call


# A business plan as the application form asks for it (a few pages of text at most).
PLAN_MAX_CHARS = 10_000


@transaction.atomic
def incubation_application_submit(
    *, actor: Any, call: IncubationCall, enterprise: Any, plan: str, team_size: int = 1
) -> IncubationApplication:
    if actor is None or not actor.is_authenticated:
        raise PermissionDeniedError(_("Log in to apply."))
    if not actor.is_center_staff and not _is_member(actor, enterprise):
        raise PermissionDeniedError(_("Only members of the enterprise may apply for it."), field="enterprise")
    if not call.is_open_on(timezone.localdate()):
        raise DomainError(_("This call is not taking applications today."), code="closed")
    plan = clean_text(plan, field="plan", required=_("Describe what you will do in the room."))
    if team_size < 1:
        raise DomainError(_("At least one person must work in the room."), field="team_size")
    if len(plan) > PLAN_MAX_CHARS:
        raise DomainError(
            _("Keep the plan to %(limit)s characters; attach details when the center asks.")
            % {"limit": f"{PLAN_MAX_CHARS:,}"},
            field="plan",
        )
    already = _("This enterprise has already applied to this call.")
    if IncubationApplication.objects.filter(call=call, enterprise=enterprise).exists():
        raise Conflict(already, field="enterprise")
    # Two submits racing past the check above: the constraint keeps one; the other is the repeat.
    application = insert_once(
        lambda: IncubationApplication.objects.create(
            call=call, enterprise=enterprise, applicant=actor, plan=plan, team_size=team_size
        ),
        Conflict(already, field="enterprise"),
    )
    log_action(
        "spaces.incubation_application.submitted",
        actor=actor,
        target=application,
        data={"call": call.pk, "enterprise": enterprise.pk},
    )
    return application


@transaction.atomic
def incubation_application_decide(
    *, actor: Any, application: IncubationApplication, accept: bool, note: str = ""
) -> IncubationApplication:
    _require_staff(actor)
    note = clean_text(note, field="note")
    current = IncubationApplication.objects.select_for_update().get(pk=application.pk)
    current.move_to(ApplicationStatus.ACCEPTED if accept else ApplicationStatus.REJECTED)
    current.decided_by = actor
    current.decided_at = timezone.now()
    current.note = note[:300]
    current.save(update_fields=["status", "decided_by", "decided_at", "note", "updated_at"])
    log_action(
        "spaces.incubation_application.accepted" if accept else "spaces.incubation_application.rejected",
        actor=actor,
        target=current,
        data={"note": current.note},
    )
    return current


@transaction.atomic
def tenancy_create(
    *,
    actor: Any,
    room: Room,
    enterprise: Any,
    start_date: dt.date,
    end_date: dt.date,
    monthly_fee: int,
    deposit: int = 0,
    application: IncubationApplication | None = None,
) -> Tenancy:
    """A tenancy contract; one room has at most one tenant on any day."""
    _require_staff(actor)
    if room.kind != RoomKind.INCUBATION:
        raise DomainError(_("Only incubation rooms are let by contract."), field="room")
    if end_date < start_date:
        raise DomainError(_("The contract must end on or after the day it starts."), field="end_date")
    if monthly_fee < 0 or deposit < 0:
        raise DomainError(_("Fees cannot be negative."), field="monthly_fee")
    if application is not None and (
        application.status != ApplicationStatus.ACCEPTED or application.enterprise_id != enterprise.pk
    ):
        raise DomainError(_("The contract must follow an accepted application of this enterprise."))
    locked = _lock_room(room)
    clash = Tenancy.objects.filter(room=locked, start_date__lte=end_date, end_date__gte=start_date).exclude(
        terminated_on__lt=start_date
    )
    if clash.exists():
        raise Conflict(
            _("%(room)s is let to another tenant in that period.") % {"room": room.name}, field="room"
        )
    tenancy = Tenancy.objects.create(
        room=locked,
        enterprise=enterprise,
        application=application,
        start_date=start_date,
        end_date=end_date,
        monthly_fee=monthly_fee,
        deposit=deposit,
    )
    log_action(
        "spaces.tenancy.created",
        actor=actor,
        target=tenancy,
        data={
            "room": room.pk,
            "enterprise": enterprise.pk,
            "start_date": start_date,
            "end_date": end_date,
            "monthly_fee": monthly_fee,
            "deposit": deposit,
        },
    )
    return tenancy


@transaction.atomic
def tenancy_terminate(*, actor: Any, tenancy: Tenancy, on: dt.date) -> Tenancy:
    _require_staff(actor)
    current = Tenancy.objects.select_for_update().get(pk=tenancy.pk)
    if current.terminated_on is not None:
        raise DomainError(_("This contract has already been terminated."))
    if not current.start_date <= on <= current.end_date:
        raise DomainError(_("The termination day must fall within the contract."), field="on")
    current.terminated_on = on
    current.save(update_fields=["terminated_on", "updated_at"])
    log_action("spaces.tenancy.terminated", actor=actor, target=current, data={"on": on})
    return current


def tenancy_reminders_send(*, days: int, today: dt.date | None = None) -> list[TenancyReminder]:
    """Email the tenants whose contract ends within `days` days; once per contract and threshold."""
    if days < 0:
        raise DomainError(_("The number of days cannot be negative."), field="days")
    today = today or timezone.localdate()
    due = (
        Tenancy.objects.filter(
            terminated_on__isnull=True, end_date__gte=today, end_date__lte=today + dt.timedelta(days=days)
        )
        .exclude(reminders__threshold_days=days)
        .select_related("room", "enterprise")
    )
    sent: list[TenancyReminder] = []
    for tenancy in due:
        recipients = sorted(
            {
                m.user.email
                for m in EnterpriseMembership.objects.filter(
                    enterprise=tenancy.enterprise, user__is_active=True
                ).select_related("user")
            }
            | ({tenancy.enterprise.email} if getattr(tenancy.enterprise, "email", "") else set())
        )
        if not recipients:
            continue
        try:
            with transaction.atomic():
                reminder = TenancyReminder.objects.create(
                    tenancy=tenancy, threshold_days=days, recipients=recipients
                )
                left = (tenancy.end_date - today).days
                send_mail(
                    subject=_("[%(center)s] Your incubation room contract ends on %(date)s")
                    % {"center": settings.DURE_CENTER_NAME, "date": tenancy.end_date},
                    message=_(
                        "Hello,\n\nthe contract of %(enterprise)s for %(room)s ends on %(date)s, in %(left)d days.\n"
                        "To stay, apply to the next incubation call; to leave, please agree a move-out day "
                        "with the center staff.\n"
                    )
                    % {
                        "enterprise": tenancy.enterprise.name,
                        "room": tenancy.room.name,
                        "date": tenancy.end_date,
                        "left": left,
                    },
                    from_email=None,
                    recipient_list=recipients,
                )
                log_action(
                    "spaces.tenancy.reminded",
                    actor="system",
                    target=tenancy,
                    data={"threshold_days": days, "recipients": len(recipients)},
                )
        except IntegrityError:
            continue  # another run sent this reminder a moment ago
        sent.append(reminder)
    return sent


def get_room(pk: int) -> Room:
    room = Room.objects.filter(pk=pk, is_active=True).first()
    if room is None:
        raise NotFound(_("No such room."))
    return room
