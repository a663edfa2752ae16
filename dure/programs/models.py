"""Programs: forums, round tables, academies, school classes, festivals; their sessions,
registrations (individual and group, with a waiting list), attendance, certificates,
feedback surveys and the agenda items that forums raise."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from dure.accounts.models import Team
from dure.core.models import BaseModel
from dure.core.text import TEXT_DESCRIPTION, TEXT_DOCUMENT, TEXT_NOTE


class ProgramKind(models.TextChoices):
    FORUM = "forum", _("forum")
    ROUND_TABLE = "round_table", _("round table")
    INTERVIEW = "interview", _("in-depth interview")
    ACADEMY = "academy", _("academy course")
    UNIVERSITY = "university", _("university expert course")
    CAREER_CLASS = "career_class", _("career-experience class")
    SEMINAR = "seminar", _("seminar")
    FESTIVAL = "festival", _("festival")


# Kinds whose findings become agenda items for the governance council.
AGENDA_KINDS = {ProgramKind.FORUM, ProgramKind.ROUND_TABLE, ProgramKind.INTERVIEW}


class ProgramStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    PUBLISHED = "published", _("published")
    CLOSED = "closed", _("closed")


# The only moves a program's status may make (services.program_transition enforces it).
PROGRAM_TRANSITIONS: dict[str, set[str]] = {
    ProgramStatus.DRAFT: {ProgramStatus.PUBLISHED},
    ProgramStatus.PUBLISHED: {ProgramStatus.CLOSED, ProgramStatus.DRAFT},
    ProgramStatus.CLOSED: {ProgramStatus.PUBLISHED},
}


class Audience(models.TextChoices):
    EVERYONE = "everyone", _("everyone")
    ENTERPRISES = "enterprises", _("social economy enterprises")
    CITIZENS = "citizens", _("citizens")
    SCHOOLS = "schools", _("school groups")
    STUDENTS = "students", _("university students")
    EXPERTS = "experts", _("experts and practitioners")


class Program(BaseModel):
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=ProgramKind.choices)
    summary = models.CharField(_("summary"), max_length=300, blank=True)
    description = models.TextField(_("description"), blank=True, max_length=TEXT_DOCUMENT)
    team = models.CharField(_("organiser team"), max_length=20, choices=Team.choices)
    room = models.ForeignKey(
        "spaces.Room",
        verbose_name=_("room of the center"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="programs",
    )
    place = models.CharField(
        _("other place"),
        max_length=200,
        blank=True,
        help_text=_("When the program is not held in the center."),
    )
    capacity = models.PositiveIntegerField(_("capacity (seats)"))
    audience = models.CharField(
        _("audience"), max_length=20, choices=Audience.choices, default=Audience.EVERYONE
    )
    fee_won = models.BigIntegerField(_("fee (won)"), default=0, help_text=_("0 means free."))
    status = models.CharField(
        _("status"), max_length=20, choices=ProgramStatus.choices, default=ProgramStatus.DRAFT, db_index=True
    )
    allow_groups = models.BooleanField(_("accepts group registrations"), default=False)
    max_group_seats = models.PositiveIntegerField(_("most seats per group"), default=40)
    offer_hours = models.PositiveIntegerField(
        _("hours to accept a freed seat"),
        default=48,
        help_text=_("How long a waiting-list offer stays open."),
    )
    completion_percent = models.PositiveSmallIntegerField(
        _("sessions to attend for completion (%)"), default=80
    )
    issues_certificates = models.BooleanField(_("issues completion certificates"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("program")
        verbose_name_plural = _("programs")
        ordering = ["-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(capacity__gt=0), name="programs_program_capacity_positive"),
            models.CheckConstraint(condition=Q(fee_won__gte=0), name="programs_program_fee_not_negative"),
            models.CheckConstraint(
                condition=Q(completion_percent__gte=1) & Q(completion_percent__lte=100),
                name="programs_program_completion_percent_range",
            ),
            models.CheckConstraint(
                condition=Q(offer_hours__gt=0), name="programs_program_offer_hours_positive"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_free(self) -> bool:
        return self.fee_won == 0

    @property
    def place_label(self) -> str:
        # No query when room_id is None: Django answers None for an unset foreign key.
        return self.room.name if self.room is not None else self.place


class Session(BaseModel):
    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="sessions")
    title = models.CharField(_("title"), max_length=200, blank=True)
    starts_at = models.DateTimeField(_("starts at"), db_index=True)
    ends_at = models.DateTimeField(_("ends at"))
    room = models.ForeignKey(
        "spaces.Room",
        verbose_name=_("room"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    place = models.CharField(_("other place"), max_length=200, blank=True)
    # The open-space booking that reserves the room for this session (made through spaces services).
    booking = models.ForeignKey(
        "spaces.Booking", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        ordering = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="programs_session_ends_after_start"
            )
        ]

    def __str__(self) -> str:
        return f"{self.program} {self.starts_at:%Y-%m-%d %H:%M}"

    @property
    def place_label(self) -> str:
        if self.room is not None:
            return self.room.name
        return self.place or self.program.place_label


class RegistrationStatus(models.TextChoices):
    CONFIRMED = "confirmed", _("confirmed")
    WAITING = "waiting", _("on the waiting list")
    OFFERED = "offered", _("seat offered")
    CANCELLED = "cancelled", _("cancelled")
    EXPIRED = "expired", _("offer expired")


# Registrations that hold seats, and those that are still "in" (one per person and program).
HOLDING = (RegistrationStatus.CONFIRMED, RegistrationStatus.OFFERED)
ACTIVE = (RegistrationStatus.CONFIRMED, RegistrationStatus.OFFERED, RegistrationStatus.WAITING)


class AgeGroup(models.TextChoices):
    TEEN = "teen", _("under 20")
    TWENTIES = "20s", _("20s")
    THIRTIES = "30s", _("30s")
    FORTIES = "40s", _("40s")
    FIFTIES = "50s", _("50s")
    SIXTY_PLUS = "60plus", _("60 and over")


class Registration(BaseModel):
    """One person's or one group's registration. A group holds head_count + companions seats."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="registrations")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="program_registrations",
    )
    name = models.CharField(_("name (contact person)"), max_length=100)
    email = models.EmailField(_("email"))
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    group_name = models.CharField(
        _("group"),
        max_length=200,
        blank=True,
        help_text=_("School or organisation, for group registrations."),
    )
    head_count = models.PositiveIntegerField(_("participants"), default=1)
    companions = models.PositiveIntegerField(_("accompanying adults"), default=0)
    seats = models.PositiveIntegerField(_("seats"), default=1)
    status = models.CharField(_("status"), max_length=20, choices=RegistrationStatus.choices, db_index=True)
    offer_expires_at = models.DateTimeField(_("offer open until"), null=True, blank=True)
    age_group = models.CharField(_("age group"), max_length=10, choices=AgeGroup.choices, blank=True)
    district_code = models.CharField(_("district"), max_length=10, blank=True)
    # Secret shown as a QR code for check-in, and the secret of the personal management link.
    code = models.CharField(_("check-in code"), max_length=16, unique=True)
    token = models.CharField(max_length=48, unique=True)
    consent = models.ForeignKey(
        "accounts.Consent", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    # The day name, email, phone and group were destroyed, their retention having ended.
    personal_data_destroyed_on = models.DateField(_("personal data destroyed on"), null=True, blank=True)

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["created_at", "pk"]
        constraints = [
            # One live registration per program and email: a double submit cannot make two.
            models.UniqueConstraint(
                fields=["program", "email"],
                # Destroyed registrations have no email left to be unique.
                condition=Q(
                    status__in=["confirmed", "waiting", "offered"], personal_data_destroyed_on__isnull=True
                ),
                name="programs_registration_one_active_per_email",
            ),
            models.CheckConstraint(
                condition=Q(head_count__gt=0), name="programs_registration_head_count_positive"
            ),
            models.CheckConstraint(
                condition=Q(seats=F("head_count") + F("companions")), name="programs_registration_seats_sum"
            ),
            models.CheckConstraint(
                condition=~Q(status="offered") | Q(offer_expires_at__isnull=False),
                name="programs_registration_offer_has_deadline",
            ),
        ]
        indexes = [models.Index(fields=["program", "status", "created_at"])]

    def __str__(self) -> str:
        return f"{self.program} · {self.group_name or self.name}"

    @property
    def is_group(self) -> bool:
        return bool(self.group_name) or self.seats > 1

    @property
    def holds_seats(self) -> bool:
        return self.status in HOLDING


class CheckInMethod(models.TextChoices):
    QR = "qr", _("QR code")
    MANUAL = "manual", pgettext_lazy("check-in method", "manual")


class Attendance(BaseModel):
    registration = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="attendances")
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="attendances")
    method = models.CharField(_("method"), max_length=10, choices=CheckInMethod.choices)
    checked_in_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendances")
        constraints = [
            models.UniqueConstraint(
                fields=["registration", "session"], name="programs_attendance_once_per_session"
            )
        ]

    def __str__(self) -> str:
        return f"{self.registration} @ {self.session}"


class Certificate(BaseModel):
    registration = models.OneToOneField(Registration, on_delete=models.PROTECT, related_name="certificate")
    code = models.CharField(_("verification code"), max_length=20, unique=True)
    holder_name = models.CharField(_("holder"), max_length=200)
    sessions_attended = models.PositiveIntegerField(_("sessions attended"))
    sessions_total = models.PositiveIntegerField(_("sessions"))
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("completion certificate")
        verbose_name_plural = _("completion certificates")
        constraints = [
            models.CheckConstraint(
                condition=Q(sessions_attended__lte=F("sessions_total")),
                name="programs_certificate_attended_le_total",
            )
        ]

    def __str__(self) -> str:
        return self.code


class ReminderSent(models.Model):
    """One reminder per registration and session: makes `send_program_reminders` idempotent."""

    registration = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="+")
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="+")
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["registration", "session"], name="programs_reminder_once_per_session"
            )
        ]

    def __str__(self) -> str:
        return f"{self.registration_id}/{self.session_id}"


class SurveyResponse(BaseModel):
    registration = models.OneToOneField(
        Registration, on_delete=models.CASCADE, related_name="survey_response"
    )
    rating = models.PositiveSmallIntegerField(_("overall rating"))
    usefulness = models.PositiveSmallIntegerField(_("usefulness for your work or life"))
    would_recommend = models.BooleanField(_("would recommend it to others"))
    comment = models.TextField(_("comments and suggestions"), blank=True, max_length=TEXT_NOTE)

    def __str__(self) -> str:
        return f"{self.registration} · {self.rating}"

    class Meta:
        verbose_name = _("survey response")
        verbose_name_plural = _("survey responses")
        constraints = [
            models.CheckConstraint(
                condition=Q(rating__gte=1) & Q(rating__lte=5), name="programs_survey_rating_1_5"
            ),
            models.CheckConstraint(
                condition=Q(usefulness__gte=1) & Q(usefulness__lte=5), name="programs_survey_usefulness_1_5"
            ),
        ]


class AgendaStatus(models.TextChoices):
    RAISED = "raised", _("raised")
    UNDER_REVIEW = "under_review", _("under review")
    HANDED_TO_COUNCIL = "handed", _("handed to the council")
    ADOPTED = "adopted", _("adopted")
    CLOSED = "closed", _("closed")


AGENDA_TRANSITIONS: dict[str, set[str]] = {
    AgendaStatus.RAISED: {AgendaStatus.UNDER_REVIEW, AgendaStatus.HANDED_TO_COUNCIL, AgendaStatus.CLOSED},
    AgendaStatus.UNDER_REVIEW: {AgendaStatus.HANDED_TO_COUNCIL, AgendaStatus.CLOSED, AgendaStatus.RAISED},
    AgendaStatus.HANDED_TO_COUNCIL: {AgendaStatus.ADOPTED, AgendaStatus.CLOSED},
    AgendaStatus.ADOPTED: {AgendaStatus.CLOSED},
    AgendaStatus.CLOSED: {AgendaStatus.UNDER_REVIEW},
}


class AgendaKind(models.TextChoices):
    FINDING = "finding", _("finding")
    PROPOSAL = "proposal", _("proposal")


class AgendaItem(BaseModel):
    """A finding or proposal raised at a forum, round table or interview."""

    program = models.ForeignKey(
        Program, verbose_name=_("raised at"), on_delete=models.PROTECT, related_name="agenda_items"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=AgendaKind.choices, default=AgendaKind.PROPOSAL)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True, max_length=TEXT_DOCUMENT)
    raised_by = models.CharField(_("raised by"), max_length=200, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=AgendaStatus.choices, default=AgendaStatus.RAISED, db_index=True
    )
    follow_up = models.TextField(_("follow-up notes"), blank=True, max_length=TEXT_DESCRIPTION)
    handed_at = models.DateTimeField(_("handed to the council at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.title
