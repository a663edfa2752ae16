"""Pages of the open space: rooms and calendars, booking, my bookings, staff queues, incubation."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dure.core.access import staff_required
from dure.core.errors import DomainError, NotFound, add_form_error
from dure.spaces import selectors, services
from dure.spaces.access import (
    access_application_for_staff,
    access_booking_for_cancel,
    access_booking_for_staff,
    access_call_for_view,
    access_room_for_view,
    user_enterprises,
)
from dure.spaces.forms import (
    ApplicationForm,
    BlockedPeriodForm,
    BookingForm,
    DecisionForm,
    IncubationCallForm,
    TenancyForm,
)
from dure.spaces.models import BlockedPeriod, BookingPolicy

FIELD_ALIASES = {"start": "start_time", "end": "end_time"}


def _room_or_404(pk: int) -> Any:
    try:
        return access_room_for_view(pk)
    except NotFound as error:
        raise Http404(error.message) from error


def _policy_for(request: HttpRequest, room: Any) -> str | None:
    if not request.user.is_authenticated:
        return None
    return room.policy_for(services.booker_group(request.user))


def room_list(request: HttpRequest) -> HttpResponse:
    rooms = list(selectors.room_list())
    group = services.booker_group(request.user) if request.user.is_authenticated else None
    rows = [{"room": room, "policy": room.policy_for(group) if group else None} for room in rooms]
    return render(request, "spaces/room_list.html", {"rows": rows, "group": group})


# How far from today a calendar opens from its address (?date=): far enough for any booking,
# near enough that the week and month arithmetic stays inside the calendar Python knows.
DATE_PARAM_YEARS = 10


def _date_param(value: str | None, default: dt.date) -> dt.date:
    """A ?date= typed or edited in the address bar: a real date near today, else `default`
    (2026-02-30 or 9999-12-31 used to end in a server error)."""
    try:
        day = parse_date(value or "")
    except ValueError:  # well formed, but no such day
        return default
    today = timezone.localdate()
    if day is None or abs(day.year - today.year) > DATE_PARAM_YEARS:
        return default
    return day


def room_detail(request: HttpRequest, pk: int) -> HttpResponse:
    room = _room_or_404(pk)
    today = timezone.localdate()
    day = _date_param(request.GET.get("date"), today)
    view = "month" if request.GET.get("view") == "month" else "week"
    context: dict[str, Any] = {
        "room": room,
        "view": view,
        "day": day,
        "today": today,
        "policy": _policy_for(request, room),
        "hours": list(room.bookable_hours.all()),
        "photos": list(room.photos.all()),
    }
    if view == "week":
        context["week"] = selectors.room_week(room, day)
        context["previous"] = day - dt.timedelta(days=7)
        context["next"] = day + dt.timedelta(days=7)
    else:
        context["month"] = selectors.room_month(room, day.year, day.month)
        first = day.replace(day=1)
        context["previous"] = (first - dt.timedelta(days=1)).replace(day=1)
        context["next"] = (first + dt.timedelta(days=32)).replace(day=1)
    return render(request, "spaces/room_detail.html", context)


@login_required
def booking_create(request: HttpRequest, pk: int) -> HttpResponse:
    room = _room_or_404(pk)
    enterprises = user_enterprises(request.user)
    policy = room.policy_for(services.booker_group(request.user))
    allowed = room.is_bookable and policy != BookingPolicy.NONE
    # The first day the room is open, not tomorrow when tomorrow is its closed day.
    initial = {
        "date": _date_param(request.GET.get("date"), services.next_open_day(room, timezone.localdate()))
    }
    form = BookingForm(request.POST or None, enterprises=enterprises, initial=initial)
    if request.method == "POST" and allowed and form.is_valid():
        start, end = form.period()
        data = form.cleaned_data
        try:
            if data.get("repeat") and (data.get("count") or 1) > 1:
                result = services.booking_series_create(
                    actor=request.user,
                    room=room,
                    start=start,
                    end=end,
                    purpose=data["purpose"],
                    count=data["count"],
                    frequency=data["repeat"],
                    enterprise=data.get("enterprise"),
                    attendees=data["attendees"],
                )
                messages.success(
                    request,
                    _("%(booked)d occurrences booked, %(skipped)d skipped.")
                    % {"booked": len(result.bookings), "skipped": len(result.skipped)}
                    if result.created
                    else _("You had already made this repeating booking; nothing new was booked."),
                )
                for skipped in result.skipped:
                    messages.warning(
                        request, f"{skipped['start'][:16].replace('T', ' ')}: {skipped['reason']}"
                    )
            else:
                booking = services.booking_create(
                    actor=request.user,
                    room=room,
                    start=start,
                    end=end,
                    purpose=data["purpose"],
                    enterprise=data.get("enterprise"),
                    attendees=data["attendees"],
                )
                if not booking.was_created:
                    messages.info(request, _("You had already made this booking; nothing new was booked."))
                elif booking.status == "confirmed":
                    messages.success(request, _("Booked: %(room)s is yours.") % {"room": room.name})
                else:
                    messages.success(request, _("Request sent: the center staff will confirm it."))
        except DomainError as error:
            if error.code in ("closed", "holiday"):
                error.field = "date"  # the day is wrong, not the start time
            add_form_error(form, error, aliases=FIELD_ALIASES)
        else:
            return redirect("spaces:my_bookings")
    return render(
        request,
        "spaces/booking_form.html",
        {
            "room": room,
            "form": form,
            "allowed": allowed,
            "policy": policy,
            "hours": list(room.bookable_hours.all()),
        },
    )


@login_required
def my_bookings(request: HttpRequest) -> HttpResponse:
    bookings = list(selectors.bookings_of(request.user)[:200])
    now = timezone.now()
    return render(request, "spaces/my_bookings.html", {"bookings": bookings, "now": now})


@login_required
@require_POST
def booking_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        booking = access_booking_for_cancel(request.user, pk)
    except NotFound as error:
        raise Http404(error.message) from error
    try:
        services.booking_cancel(actor=request.user, booking=booking, note=request.POST.get("note", ""))
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The booking was cancelled."))
    return redirect("spaces:my_bookings")


@staff_required
def approval_queue(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "spaces/approval_queue.html",
        {"bookings": list(selectors.approval_queue()), "form": DecisionForm()},
    )


@staff_required
@require_POST
def booking_decide(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        booking = access_booking_for_staff(request.user, pk)
    except NotFound as error:
        raise Http404(error.message) from error
    form = DecisionForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    try:
        if request.POST.get("decision") == "approve":
            services.booking_approve(actor=request.user, booking=booking, note=note)
            messages.success(request, _("Approved: %(booking)s.") % {"booking": booking})
        elif request.POST.get("decision") == "reject":
            services.booking_reject(actor=request.user, booking=booking, note=note)
            messages.success(request, _("Rejected: %(booking)s.") % {"booking": booking})
        else:
            messages.error(request, _("Choose approve or reject."))
    except DomainError as error:
        messages.error(request, error.message)
    return redirect("spaces:approval_queue")


@staff_required
def blocked_periods(request: HttpRequest) -> HttpResponse:
    form = BlockedPeriodForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            period, affected = services.blocked_period_create(
                actor=request.user,
                room=data["room"],
                start=data["start"],
                end=data["end"],
                reason=data["reason"],
                cancel_bookings=data["cancel_bookings"],
            )
        except DomainError as error:
            add_form_error(form, error, aliases=FIELD_ALIASES)
        else:
            messages.success(request, _("The period was blocked."))
            if affected:
                verb = _("cancelled") if data["cancel_bookings"] else _("still active, check them")
                messages.warning(
                    request,
                    _("%(count)d bookings overlap it (%(state)s).") % {"count": len(affected), "state": verb},
                )
            return redirect("spaces:blocked_periods")
    return render(
        request, "spaces/blocked_periods.html", {"form": form, "periods": list(selectors.blocked_periods())}
    )


@staff_required
@require_POST
def blocked_period_delete(request: HttpRequest, pk: int) -> HttpResponse:
    period = BlockedPeriod.objects.filter(pk=pk).first()
    if period is None:
        raise Http404
    services.blocked_period_delete(actor=request.user, period=period)
    messages.success(request, _("The blocked period was removed."))
    return redirect("spaces:blocked_periods")


# ---- incubation ------------------------------------------------------------------------------


@staff_required
def staff_calls(request: HttpRequest) -> HttpResponse:
    form = IncubationCallForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            call = services.incubation_call_create(
                actor=request.user,
                title=data["title"],
                description=data["description"],
                opens_on=data["opens_on"],
                closes_on=data["closes_on"],
                rooms=list(data["rooms"]),
                term_months=data["term_months"],
                monthly_fee=data["monthly_fee"],
                deposit=data["deposit"],
            )
        except DomainError as error:
            add_form_error(form, error, aliases=FIELD_ALIASES)
        else:
            messages.success(request, _("The call %(title)s was published.") % {"title": call.title})
            return redirect("spaces:staff_calls")
    return render(request, "spaces/staff_calls.html", {"form": form, "calls": list(selectors.all_calls())})


def incubation_calls(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "spaces/incubation_calls.html",
        {"calls": list(selectors.open_calls()), "today": timezone.localdate()},
    )


@login_required
def incubation_apply(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        call = access_call_for_view(pk)
    except NotFound as error:
        raise Http404(error.message) from error
    enterprises = user_enterprises(request.user)
    form = ApplicationForm(request.POST or None, enterprises=enterprises)
    if request.method == "POST":
        if not enterprises:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.incubation_application_submit(
                    actor=request.user,
                    call=call,
                    enterprise=form.cleaned_data["enterprise"],
                    plan=form.cleaned_data["plan"],
                    team_size=form.cleaned_data["team_size"],
                )
            except DomainError as error:
                add_form_error(form, error, aliases=FIELD_ALIASES)
            else:
                messages.success(request, _("Your application was submitted."))
                return redirect("spaces:incubation_calls")
    return render(
        request,
        "spaces/incubation_apply.html",
        {
            "call": call,
            "form": form,
            "enterprises": enterprises,
            "is_open": call.is_open_on(timezone.localdate()),
        },
    )


@staff_required
def application_list(request: HttpRequest) -> HttpResponse:
    return render(
        request, "spaces/applications.html", {"applications": list(selectors.pending_applications())}
    )


@staff_required
@require_POST
def application_decide(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        application = access_application_for_staff(request.user, pk)
    except NotFound as error:
        raise Http404(error.message) from error
    try:
        services.incubation_application_decide(
            actor=request.user,
            application=application,
            accept=request.POST.get("decision") == "accept",
            note=request.POST.get("note", "")[:300],
        )
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The decision was recorded."))
    return redirect("spaces:application_list")


@staff_required
def occupancy(request: HttpRequest) -> HttpResponse:
    form = TenancyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.tenancy_create(
                actor=request.user,
                room=data["room"],
                enterprise=data["application"].enterprise,
                application=data["application"],
                start_date=data["start_date"],
                end_date=data["end_date"],
                monthly_fee=data["monthly_fee"],
                deposit=data["deposit"],
            )
        except DomainError as error:
            add_form_error(form, error, aliases=FIELD_ALIASES)
        else:
            messages.success(request, _("The contract was recorded."))
            return redirect("spaces:occupancy")
    rows, rate = selectors.occupancy()
    return render(request, "spaces/occupancy.html", {"rows": rows, "rate": rate, "form": form})
