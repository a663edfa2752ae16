"""The center's open space: rooms, bookings (single and repeating), blocked periods, incubation.

The no-overlap rule for confirmed bookings of one room is kept by the database on PostgreSQL (an
exclusion constraint over tstzrange(start, end), created by migration 0002 only there) and by a
serialised check in `services` everywhere (IMMEDIATE transactions on SQLite, a row lock on the
room on PostgreSQL).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dure.core.errors import Conflict
from dure.core.models import BaseModel
from dure.core.text import TEXT_DOCUMENT


class RoomKind(models.TextChoices):
    HALL = "hall", _("community hall")
    MEETING = "meeting", _("meeting room")
    EXHIBITION = "exhibition", _("exhibition hall")
    LIBRARY = "library", _("small library")
    CAFE = "cafe", _("mini cafe")
    INCUBATION = "incubation", _("incubation room")


class BookingPolicy(models.TextChoices):
    """What one group of users may do with a room (Indico's per-room booking rights)."""

    DIRECT = "direct", _("may book directly")
    APPROVAL = "approval", _("must ask for approval")
    NONE = "none", _("may not book")


class BookerGroup(models.TextChoices):
    STAFF = "staff", _("center staff")
    ENTERPRISE = "enterprise", _("enterprise members")
    CITIZEN = "citizen", _("citizens")


class Room(BaseModel):
    name = models.CharField(_("name"), max_length=100, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=RoomKind.choices)
    floor = models.CharField(_("floor"), max_length=20, blank=True)
    area_m2 = models.PositiveIntegerField(_("area (m²)"), null=True, blank=True)
    capacity = models.PositiveIntegerField(_("capacity"))
    equipment = models.CharField(_("equipment"), max_length=300, blank=True)
    description = models.TextField(_("description"), blank=True, max_length=TEXT_DOCUMENT)
    is_active = models.BooleanField(_("in use"), default=True)
    # Incubation rooms are let by tenancy contracts, not by the hour.
    is_bookable = models.BooleanField(_("bookable by the hour"), default=True)
    staff_policy = models.CharField(
        _("center staff"), max_length=10, choices=BookingPolicy.choices, default=BookingPolicy.DIRECT
    )
    enterprise_policy = models.CharField(
        _("enterprise members"), max_length=10, choices=BookingPolicy.choices, default=BookingPolicy.DIRECT
    )
    citizen_policy = models.CharField(
        _("citizens"), max_length=10, choices=BookingPolicy.choices, default=BookingPolicy.NONE
    )
    booking_horizon_days = models.PositiveIntegerField(_("bookable up to (days ahead)"), default=90)

    class Meta:
        verbose_name = _("room")
        verbose_name_plural = _("rooms")
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(condition=Q(capacity__gt=0), name="spaces_room_capacity_positive")
        ]

    def __str__(self) -> str:
        return self.name

    def policy_for(self, group: str) -> str:
        return {
            BookerGroup.STAFF: self.staff_policy,
            BookerGroup.ENTERPRISE: self.enterprise_policy,
            BookerGroup.CITIZEN: self.citizen_policy,
        }[BookerGroup(group)]

    @property
    def equipment_list(self) -> list[str]:
        return [item.strip() for item in self.equipment.split(",") if item.strip()]


class RoomPhoto(BaseModel):
    room = models.ForeignKey(Room, on_delete=models.CASCADE, related_name="photos")
    image = models.ImageField(_("photo"), upload_to="spaces/rooms/")
    caption = models.CharField(_("caption"), max_length=200, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("room photo")
        verbose_name_plural = _("room photos")
        ordering = ["room", "position", "pk"]

    def __str__(self) -> str:
        return self.caption or f"{self.room} #{self.position}"


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("Monday")
    TUESDAY = 1, _("Tuesday")
    WEDNESDAY = 2, _("Wednesday")
    THURSDAY = 3, _("Thursday")
    FRIDAY = 4, _("Friday")
    SATURDAY = 5, _("Saturday")
    SUNDAY = 6, _("Sunday")


class BookableHours(models.Model):
    """The hours a room may be booked on one weekday; a weekday without a row is closed."""

    room = models.ForeignKey(Room, on_delete=models.CASCADE, related_name="bookable_hours")
    weekday = models.PositiveSmallIntegerField(_("weekday"), choices=Weekday.choices)
    opens = models.TimeField(_("opens"))
    closes = models.TimeField(_("closes"))

    class Meta:
        verbose_name = _("bookable hours")
        verbose_name_plural = _("bookable hours")
        ordering = ["room", "weekday"]
        constraints = [
            models.UniqueConstraint(fields=["room", "weekday"], name="spaces_hours_one_per_weekday"),
            models.CheckConstraint(condition=Q(closes__gt=F("opens")), name="spaces_hours_ordered"),
            models.CheckConstraint(condition=Q(weekday__lte=6), name="spaces_hours_weekday_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.room} {self.get_weekday_display()} {self.opens:%H:%M}–{self.closes:%H:%M}"


class BlockedPeriod(BaseModel):
    """A time when a room (or, without a room, every room) cannot be booked."""

    room = models.ForeignKey(
        Room, on_delete=models.CASCADE, related_name="blocked_periods", null=True, blank=True
    )
    start = models.DateTimeField(_("from"))
    end = models.DateTimeField(_("until"))
    reason = models.CharField(_("reason"), max_length=200)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("blocked period")
        verbose_name_plural = _("blocked periods")
        ordering = ["start", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(end__gt=F("start")), name="spaces_blocked_ordered"),
        ]

    def __str__(self) -> str:
        start, end = timezone.localtime(self.start), timezone.localtime(self.end)
        return f"{self.room or _('all rooms')} {start:%Y-%m-%d %H:%M}–{end:%Y-%m-%d %H:%M}"


class BookingStatus(models.TextChoices):
    PENDING = "pending", _("waiting for approval")
    CONFIRMED = "confirmed", _("confirmed")
    REJECTED = "rejected", _("rejected")
    CANCELLED = "cancelled", _("cancelled")


# The only moves a booking's status may make (Oscar's pipeline); `Booking.move_to` enforces it.
BOOKING_TRANSITIONS: dict[str, frozenset[str]] = {
    BookingStatus.PENDING: frozenset(
        {BookingStatus.CONFIRMED, BookingStatus.REJECTED, BookingStatus.CANCELLED}
    ),
    BookingStatus.CONFIRMED: frozenset({BookingStatus.CANCELLED}),
    BookingStatus.REJECTED: frozenset(),
    BookingStatus.CANCELLED: frozenset(),
}
ACTIVE_STATUSES = (BookingStatus.PENDING, BookingStatus.CONFIRMED)


class RepeatFrequency(models.TextChoices):
    DAILY = "daily", _("every day")
    WEEKLY = "weekly", _("every week")


class BookingSeries(BaseModel):
    """A repeating booking. Each occurrence is its own Booking (Indico's occurrences)."""

    room = models.ForeignKey(Room, on_delete=models.PROTECT, related_name="series")
    booker = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    enterprise = models.ForeignKey(
        "registry.Enterprise", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    purpose = models.CharField(_("purpose"), max_length=200)
    frequency = models.CharField(_("repeats"), max_length=10, choices=RepeatFrequency.choices)
    interval = models.PositiveSmallIntegerField(_("every"), default=1)
    count = models.PositiveSmallIntegerField(_("occurrences asked for"))
    # Occurrences that could not be booked: [{"start", "end", "reason"}].
    skipped = models.JSONField(_("skipped occurrences"), default=list, blank=True)

    class Meta:
        verbose_name = _("repeating booking")
        verbose_name_plural = _("repeating bookings")
        ordering = ["-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(interval__gte=1), name="spaces_series_interval_positive"),
            models.CheckConstraint(condition=Q(count__gte=1), name="spaces_series_count_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.room} · {self.purpose}"


class Booking(BaseModel):
    room = models.ForeignKey(Room, on_delete=models.PROTECT, related_name="bookings")
    series = models.ForeignKey(
        BookingSeries, on_delete=models.SET_NULL, null=True, blank=True, related_name="bookings"
    )
    booker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="room_bookings"
    )
    enterprise = models.ForeignKey(
        "registry.Enterprise",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="room_bookings",
        verbose_name=_("on behalf of"),
    )
    purpose = models.CharField(_("purpose"), max_length=200)
    attendees = models.PositiveIntegerField(_("attendees"), default=1)
    start = models.DateTimeField(_("start"))
    end = models.DateTimeField(_("end"))
    status = models.CharField(_("status"), max_length=10, choices=BookingStatus.choices, db_index=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)

    # Not a database field: booking_create sets it on the booking it returns (True: made now;
    # False: the same request made it before). Unset on bookings loaded otherwise.
    was_created: bool

    class Meta:
        verbose_name = _("booking")
        verbose_name_plural = _("bookings")
        ordering = ["start", "pk"]
        indexes = [models.Index(fields=["room", "start", "end"], name="spaces_booking_room_time")]
        constraints = [
            models.CheckConstraint(condition=Q(end__gt=F("start")), name="spaces_booking_ordered"),
            models.CheckConstraint(condition=Q(attendees__gte=1), name="spaces_booking_attendees_positive"),
            # PostgreSQL also holds `spaces_booking_no_overlap` (EXCLUDE USING gist), see 0002.
        ]

    def __str__(self) -> str:
        # In the center's time (stored times come back from the database in UTC).
        return f"{self.room} {timezone.localtime(self.start):%Y-%m-%d %H:%M}"

    def move_to(self, status: str) -> None:
        """The one place a booking's status changes; refuses moves the table does not allow."""
        if status not in BOOKING_TRANSITIONS[self.status]:
            raise Conflict(
                _("A booking that is %(current)s cannot become %(new)s.")
                % {"current": self.get_status_display(), "new": BookingStatus(status).label},
                code="invalid_transition",  # a state conflict: 409, as in the market's pipelines
            )
        self.status = status


# ---- Incubation rooms ------------------------------------------------------------------------


class IncubationCall(BaseModel):
    """A call for tenants of the incubation rooms."""

    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True, max_length=TEXT_DOCUMENT)
    opens_on = models.DateField(_("applications open"))
    closes_on = models.DateField(_("applications close"))
    rooms = models.ManyToManyField(Room, related_name="incubation_calls", verbose_name=_("rooms"))
    term_months = models.PositiveSmallIntegerField(_("term (months)"), default=12)
    monthly_fee = models.BigIntegerField(_("monthly fee (won)"), default=0)
    deposit = models.BigIntegerField(_("deposit (won)"), default=0)

    class Meta:
        verbose_name = _("incubation call")
        verbose_name_plural = _("incubation calls")
        ordering = ["-opens_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_on__gte=F("opens_on")), name="spaces_call_dates_ordered"
            ),
            models.CheckConstraint(
                condition=Q(monthly_fee__gte=0) & Q(deposit__gte=0), name="spaces_call_money_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def is_open_on(self, day: object) -> bool:
        return self.opens_on <= day <= self.closes_on  # type: ignore[operator]


class ApplicationStatus(models.TextChoices):
    SUBMITTED = "submitted", _("submitted")
    ACCEPTED = "accepted", _("accepted")
    REJECTED = "rejected", _("rejected")
    WITHDRAWN = "withdrawn", _("withdrawn")


APPLICATION_TRANSITIONS: dict[str, frozenset[str]] = {
    ApplicationStatus.SUBMITTED: frozenset(
        {ApplicationStatus.ACCEPTED, ApplicationStatus.REJECTED, ApplicationStatus.WITHDRAWN}
    ),
    ApplicationStatus.ACCEPTED: frozenset(),
    ApplicationStatus.REJECTED: frozenset(),
    ApplicationStatus.WITHDRAWN: frozenset(),
}


class IncubationApplication(BaseModel):
    call = models.ForeignKey(IncubationCall, on_delete=models.CASCADE, related_name="applications")
    enterprise = models.ForeignKey(
        "registry.Enterprise", on_delete=models.CASCADE, related_name="incubation_applications"
    )
    applicant = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    plan = models.TextField(_("business plan"), max_length=TEXT_DOCUMENT)
    team_size = models.PositiveSmallIntegerField(_("people who will work in the room"), default=1)
    status = models.CharField(
        _("status"), max_length=10, choices=ApplicationStatus.choices, default=ApplicationStatus.SUBMITTED
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("incubation application")
        verbose_name_plural = _("incubation applications")
        ordering = ["call", "created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["call", "enterprise"], name="spaces_application_once_per_call"),
        ]

    def __str__(self) -> str:
        return f"{self.enterprise} → {self.call}"

    def move_to(self, status: str) -> None:
        if status not in APPLICATION_TRANSITIONS[self.status]:
            raise Conflict(
                _("An application that is %(current)s cannot become %(new)s.")
                % {"current": self.get_status_display(), "new": ApplicationStatus(status).label},
                code="invalid_transition",
            )
        self.status = status


class Tenancy(BaseModel):
    """A tenancy contract for an incubation room: term, monthly fee and deposit in won."""

    room = models.ForeignKey(Room, on_delete=models.PROTECT, related_name="tenancies")
    enterprise = models.ForeignKey("registry.Enterprise", on_delete=models.PROTECT, related_name="tenancies")
    application = models.OneToOneField(
        IncubationApplication, on_delete=models.SET_NULL, null=True, blank=True, related_name="tenancy"
    )
    start_date = models.DateField(_("starts"))
    end_date = models.DateField(_("ends"))
    monthly_fee = models.BigIntegerField(_("monthly fee (won)"))
    deposit = models.BigIntegerField(_("deposit (won)"), default=0)
    terminated_on = models.DateField(_("terminated on"), null=True, blank=True)

    class Meta:
        verbose_name = _("tenancy contract")
        verbose_name_plural = _("tenancy contracts")
        ordering = ["room", "start_date"]
        constraints = [
            models.CheckConstraint(condition=Q(end_date__gte=F("start_date")), name="spaces_tenancy_ordered"),
            models.CheckConstraint(
                condition=Q(monthly_fee__gte=0) & Q(deposit__gte=0), name="spaces_tenancy_money_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.room} · {self.enterprise} ({self.start_date}–{self.end_date})"

    @property
    def last_day(self) -> object:
        return self.terminated_on or self.end_date


class TenancyReminder(models.Model):
    """One expiry reminder sent for one contract at one threshold (keeps the task idempotent)."""

    tenancy = models.ForeignKey(Tenancy, on_delete=models.CASCADE, related_name="reminders")
    threshold_days = models.PositiveSmallIntegerField(_("days before the end"))
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)
    recipients = models.JSONField(_("recipients"), default=list)

    class Meta:
        verbose_name = _("tenancy reminder")
        verbose_name_plural = _("tenancy reminders")
        constraints = [
            models.UniqueConstraint(fields=["tenancy", "threshold_days"], name="spaces_reminder_once"),
        ]

    def __str__(self) -> str:
        return f"{self.tenancy} −{self.threshold_days}d"
