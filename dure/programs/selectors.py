"""Reads for programs: calendars, seat counts, participant lists and reports."""

from __future__ import annotations

import calendar
import datetime as dt
from collections import Counter, defaultdict
from typing import TYPE_CHECKING, Any, TypedDict

from django.db.models import Count, IntegerField, Min, OuterRef, Prefetch, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from dure.core.regions import DISTRICT_CHOICES
from dure.programs.models import (
    HOLDING,
    AgeGroup,
    AgendaItem,
    Program,
    ProgramKind,
    ProgramStatus,
    Registration,
    RegistrationStatus,
    Session,
)

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations


class Seats(TypedDict):
    held: int
    waiting: int


def with_seats(queryset: QuerySet[Program]) -> QuerySet[WithAnnotations[Program, Seats]]:
    """Annotate `held` (seats of confirmed registrations and open offers) and `waiting` (entries).

    Subqueries, not joins: a later annotation over sessions must not multiply the sums.
    """
    held = (
        Registration.objects.filter(program=OuterRef("pk"), status__in=HOLDING)
        .order_by()
        .values("program")
        .annotate(total=Sum("seats"))
        .values("total")
    )
    waiting = (
        Registration.objects.filter(program=OuterRef("pk"), status=RegistrationStatus.WAITING)
        .order_by()
        .values("program")
        .annotate(total=Count("pk"))
        .values("total")
    )
    return queryset.annotate(
        held=Coalesce(Subquery(held, output_field=IntegerField()), Value(0)),
        waiting=Coalesce(Subquery(waiting, output_field=IntegerField()), Value(0)),
    )


def published_programs(*, kind: str | None = None) -> QuerySet[WithAnnotations[Program, Seats]]:
    queryset = Program.objects.filter(status=ProgramStatus.PUBLISHED).select_related("room")
    if kind:
        queryset = queryset.filter(kind=kind)
    return with_seats(queryset).order_by("pk")


def calendar_sessions(*, year: int, month: int, kind: str | None = None) -> list[Session]:
    zone = timezone.get_current_timezone()
    start = dt.datetime(year, month, 1, tzinfo=zone)
    end = dt.datetime(year + (month == 12), month % 12 + 1, 1, tzinfo=zone)
    queryset = Session.objects.filter(
        program__status__in=[ProgramStatus.PUBLISHED, ProgramStatus.CLOSED],
        starts_at__gte=start,
        starts_at__lt=end,
    ).select_related("program", "room", "program__room")
    if kind:
        queryset = queryset.filter(program__kind=kind)
    return list(queryset.order_by("starts_at", "pk"))


def month_grid(year: int, month: int, sessions: list[Session]) -> list[list[dict[str, Any]]]:
    """Weeks (Sunday first) of days, each with the sessions starting that day."""
    by_day: dict[dt.date, list[Session]] = defaultdict(list)
    for session in sessions:
        by_day[timezone.localtime(session.starts_at).date()].append(session)
    today = timezone.localdate()
    weeks = []
    for week in calendar.Calendar(firstweekday=6).monthdatescalendar(year, month):
        weeks.append(
            [
                {
                    "date": day,
                    "in_month": day.month == month,
                    "today": day == today,
                    "sessions": by_day.get(day, []),
                }
                for day in week
            ]
        )
    return weeks


def seats_left_of(program: Program) -> int:
    held = getattr(program, "held", None)
    if held is None:
        held = program.registrations.filter(status__in=HOLDING).aggregate(total=Sum("seats"))["total"] or 0
    return max(program.capacity - held, 0)


def staff_programs(
    *, status: str | None = None, kind: str | None = None
) -> QuerySet[WithAnnotations[Program, Seats]]:
    queryset = Program.objects.select_related("room")
    if status:
        queryset = queryset.filter(status=status)
    if kind:
        queryset = queryset.filter(kind=kind)
    return (
        with_seats(queryset).annotate(first_start=Min("sessions__starts_at")).order_by("-first_start", "-pk")
    )


def participants(program: Program) -> QuerySet[Registration]:
    return (
        program.registrations.exclude(status=RegistrationStatus.CANCELLED)
        .select_related("certificate", "survey_response")
        .annotate(attended=Count("attendances", distinct=True))
        .order_by("status", "created_at", "pk")
    )


def checkin_list(session: Session) -> list[dict[str, Any]]:
    registrations = (
        session.program.registrations.filter(status=RegistrationStatus.CONFIRMED)
        .prefetch_related(Prefetch("attendances", to_attr="all_attendances"))
        .order_by("name", "pk")
    )
    rows = []
    for registration in registrations:
        here = next((a for a in registration.all_attendances if a.session_id == session.pk), None)
        rows.append({"registration": registration, "attendance": here})
    return rows


def agenda_items(*, status: str | None = None) -> QuerySet[AgendaItem]:
    queryset = AgendaItem.objects.select_related("program")
    if status:
        queryset = queryset.filter(status=status)
    return queryset.annotate(program_start=Min("program__sessions__starts_at")).order_by("-created_at", "-pk")


def participation_report(*, year: int) -> dict[str, Any]:
    """Seats of confirmed registrations by program kind, month (of the first session), age group and district.

    Groups count with all their seats; age group and district are what registrants gave (optional).
    """
    rows = (
        Registration.objects.filter(status=RegistrationStatus.CONFIRMED)
        .annotate(first_start=Min("program__sessions__starts_at"))
        .values("program__kind", "age_group", "district_code", "seats", "first_start")
    )
    kinds: Counter[str] = Counter()
    months: Counter[int] = Counter()
    ages: Counter[str] = Counter()
    districts: Counter[str] = Counter()
    registrations = 0
    for row in rows:
        start = row["first_start"]
        if start is None or timezone.localtime(start).year != year:
            continue
        seats = row["seats"]
        registrations += 1
        kinds[row["program__kind"]] += seats
        months[timezone.localtime(start).month] += seats
        ages[row["age_group"] or ""] += seats
        districts[row["district_code"] or ""] += seats
    district_labels = dict(DISTRICT_CHOICES)
    return {
        "year": year,
        "registrations": registrations,
        "seats": sum(kinds.values()),
        "by_kind": [(label, kinds.get(value, 0)) for value, label in ProgramKind.choices],
        "by_month": [(month, months.get(month, 0)) for month in range(1, 13)],
        "by_age": [(label, ages.get(value, 0)) for value, label in AgeGroup.choices]
        + [("", ages.get("", 0))],
        "by_district": [(district_labels[code], districts.get(code, 0)) for code, _label in DISTRICT_CHOICES]
        + [("", districts.get("", 0))],
    }


def upcoming_sessions(*, limit: int = 4) -> list[Session]:
    """The next sessions of published programs (for the portal's home page)."""
    return list(
        Session.objects.filter(program__status=ProgramStatus.PUBLISHED, starts_at__gte=timezone.now())
        .select_related("program", "room")
        .order_by("starts_at", "pk")[:limit]
    )
