"""Program use cases: programs and sessions, registration with a waiting list, attendance,
certificates, surveys and agenda items. Every change is audited.

Seats (pretix's quota idea): a program's capacity counts seats; confirmed registrations and open
offers hold seats. When seats free up, the waiting list is walked in order and each entry that
fits is offered its seats for `program.offer_hours`; an offer that is not accepted in time expires
and the seats pass on. Every path that changes held seats locks the program row first
(`select_for_update`; SQLite serialises through IMMEDIATE transactions).
"""

from __future__ import annotations

import datetime as dt
import secrets
from typing import Any

from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from dure.accounts.services import consent_record
from dure.core.audit import log_action, model_changes, snapshot
from dure.core.errors import Conflict, DomainError
from dure.core.regions import DISTRICT_CHOICES
from dure.core.text import has_visible_character
from dure.programs.access import may_open_registration
from dure.programs.models import (
    ACTIVE,
    AGENDA_KINDS,
    AGENDA_TRANSITIONS,
    HOLDING,
    PROGRAM_TRANSITIONS,
    AgeGroup,
    AgendaItem,
    AgendaStatus,
    Attendance,
    Certificate,
    CheckInMethod,
    Program,
    ProgramStatus,
    Registration,
    RegistrationStatus,
    ReminderSent,
    Session,
    SurveyResponse,
)

PROGRAM_FIELDS = [
    "title",
    "kind",
    "summary",
    "description",
    "team",
    "room",
    "place",
    "capacity",
    "audience",
    "fee_won",
    "allow_groups",
    "max_group_seats",
    "offer_hours",
    "completion_percent",
    "issues_certificates",
]
SESSION_FIELDS = ["title", "starts_at", "ends_at", "room", "place"]
AGENDA_FIELDS = ["program", "kind", "title", "description", "raised_by", "follow_up"]

# Check-in codes are typed by hand at times: no 0/O, 1/I/L.
_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"


def _random_code(length: int) -> str:
    return "".join(secrets.choice(_CODE_ALPHABET) for _ in range(length))


def _queue_email(registration: Registration, kind: str) -> None:
    from dure.programs.tasks import send_registration_email

    pk = registration.pk
    transaction.on_commit(lambda: send_registration_email.enqueue(pk, kind))


# ---------------------------------------------------------------- programs and sessions


def _check_program_values(values: dict[str, Any]) -> None:
    unknown = set(values) - set(PROGRAM_FIELDS)
    if unknown:
        raise DomainError(_("Unknown fields: %(fields)s") % {"fields": ", ".join(sorted(unknown))})
    if not (values.get("title") or "").strip():
        raise DomainError(_("Give the program a title."), field="title")
    if values.get("capacity") is None or int(values["capacity"]) < 1:
        raise DomainError(_("The capacity must be at least one seat."), field="capacity")
    if int(values.get("fee_won") or 0) < 0:
        raise DomainError(_("The fee cannot be negative."), field="fee_won")
    if not values.get("room") and not (values.get("place") or "").strip():
        raise DomainError(_("Choose a room of the center or name the place."), field="place")
    percent = values.get("completion_percent")
    if percent is not None and not 1 <= int(percent) <= 100:
        raise DomainError(
            _("The completion rule must be between 1 and 100 percent."), field="completion_percent"
        )


@transaction.atomic
def program_create(*, actor: Any, values: dict[str, Any]) -> Program:
    _check_program_values(values)
    program = Program.objects.create(
        **values, created_by=actor if getattr(actor, "is_authenticated", False) else None
    )
    log_action("programs.program.created", actor=actor, target=program, data={"kind": program.kind})
    return program


@transaction.atomic
def program_update(*, actor: Any, program: Program, values: dict[str, Any]) -> dict[str, Any]:
    _check_program_values(values)
    program = Program.objects.select_for_update().get(pk=program.pk)
    if int(values["capacity"]) < program.capacity:
        held = seats_held(program)
        if int(values["capacity"]) < held:
            raise DomainError(
                _("%(held)s seats are already taken; the capacity cannot go below that.") % {"held": held},
                field="capacity",
            )
    before = snapshot(program, PROGRAM_FIELDS)
    for name, value in values.items():
        setattr(program, name, value)
    program.save()
    changes = model_changes(program, before, PROGRAM_FIELDS)
    if changes:
        log_action("programs.program.updated", actor=actor, target=program, data=changes)
    if "capacity" in changes:
        _offer_free_seats(program)
    return changes


@transaction.atomic
def program_transition(*, actor: Any, program: Program, to: str) -> Program:
    program = Program.objects.select_for_update().get(pk=program.pk)
    if to not in PROGRAM_TRANSITIONS.get(program.status, set()):
        raise Conflict(
            _("A %(from)s program cannot become %(to)s.")
            % {
                "from": program.get_status_display(),
                "to": ProgramStatus(to).label if to in ProgramStatus.values else to,
            }
        )
    if to == ProgramStatus.PUBLISHED and not program.sessions.exists():
        raise DomainError(_("Add at least one session before publishing."))
    old = program.status
    program.status = to
    program.save(update_fields=["status", "updated_at"])
    log_action("programs.program.status_changed", actor=actor, target=program, data={"from": old, "to": to})
    return program


@transaction.atomic
def session_add(
    *, actor: Any, program: Program, values: dict[str, Any], reserve_room: bool = False
) -> Session:
    """Add a session. With `reserve_room`, the session's room (or the program's) is booked in the
    open space through `spaces.services.booking_create`; a refused booking refuses the session."""
    unknown = set(values) - set(SESSION_FIELDS)
    if unknown:
        raise DomainError(_("Unknown fields: %(fields)s") % {"fields": ", ".join(sorted(unknown))})
    starts, ends = values.get("starts_at"), values.get("ends_at")
    if not starts or not ends:
        raise DomainError(_("Give the start and end time."), field="starts_at")
    if ends <= starts:
        raise DomainError(_("A session must end after it starts."), field="ends_at")
    session = Session.objects.create(program=program, **values)
    room = session.room or program.room
    if reserve_room and room is not None:
        from dure.spaces.services import booking_create

        session.booking = booking_create(
            actor=actor, room=room, start=starts, end=ends, purpose=str(program.title)
        )
        session.save(update_fields=["booking", "updated_at"])
    log_action(
        "programs.session.added",
        actor=actor,
        target=program,
        data={"session": session.pk, "starts_at": starts, "booking": session.booking_id},
    )
    return session


@transaction.atomic
def session_remove(*, actor: Any, session: Session) -> None:
    if session.attendances.exists():
        raise Conflict(_("People have checked in to this session; it cannot be removed."))
    program = session.program
    data = {"session": session.pk, "starts_at": session.starts_at, "booking": session.booking_id}
    booking = session.booking
    if booking is not None and booking.status in ("pending", "confirmed") and booking.start > timezone.now():
        from dure.spaces.services import booking_cancel

        booking_cancel(actor=actor, booking=booking, note=str(program.title))
    session.delete()
    log_action("programs.session.removed", actor=actor, target=program, data=data)


# ---------------------------------------------------------------- seats and registration


def seats_held(program: Program) -> int:
    return program.registrations.filter(status__in=HOLDING).aggregate(total=Sum("seats"))["total"] or 0


def seats_left(program: Program) -> int:
    return max(program.capacity - seats_held(program), 0)


def _offer_free_seats(program: Program) -> list[Registration]:
    """Offer freed seats to waiting entries in order, skipping those that do not fit.

    The caller holds the program row lock.
    """
    free = program.capacity - seats_held(program)
    offered: list[Registration] = []
    if free <= 0:
        return offered
    until = timezone.now() + dt.timedelta(hours=program.offer_hours)
    for entry in program.registrations.filter(status=RegistrationStatus.WAITING).order_by("created_at", "pk"):
        if entry.seats > free:
            continue
        entry.status = RegistrationStatus.OFFERED
        entry.offer_expires_at = until
        entry.save(update_fields=["status", "offer_expires_at", "updated_at"])
        log_action(
            "programs.registration.offered",
            target=entry,
            data={"seats": entry.seats, "until": until},
        )
        _queue_email(entry, "offered")
        offered.append(entry)
        free -= entry.seats
        if free <= 0:
            break
    return offered


def _clean_registration(
    program: Program,
    *,
    name: str,
    email: str,
    group_name: str,
    head_count: int,
    companions: int,
    age_group: str,
    district_code: str,
) -> None:
    if not has_visible_character(name):
        raise DomainError(_("Enter your name."), field="name")
    if "@" not in email or len(email) < 3:
        raise DomainError(_("Enter a valid email address."), field="email")
    if head_count < 1:
        raise DomainError(_("At least one participant is needed."), field="head_count")
    if companions < 0:
        raise DomainError(_("The number of accompanying adults cannot be negative."), field="companions")
    seats = head_count + companions
    if seats > 1:
        if not program.allow_groups:
            raise DomainError(_("This program takes individual registrations only."), field="head_count")
        if not group_name.strip():
            raise DomainError(_("Name the school or group you register."), field="group_name")
        if seats > program.max_group_seats:
            raise DomainError(
                _("A group may book at most %(max)s seats.") % {"max": program.max_group_seats},
                field="head_count",
            )
    if age_group and age_group not in AgeGroup.values:
        raise DomainError(_("Choose an age group from the list."), field="age_group")
    if district_code and district_code not in {code for code, _label in DISTRICT_CHOICES}:
        raise DomainError(_("Choose a district from the list."), field="district_code")


def registration_create(
    *,
    program: Program,
    actor: Any,
    name: str,
    email: str,
    consent: bool,
    phone: str = "",
    group_name: str = "",
    head_count: int = 1,
    companions: int = 0,
    age_group: str = "",
    district_code: str = "",
    join_waiting_list: bool = False,
) -> tuple[Registration, bool]:
    """Register a person or a group. Returns (registration, created).

    Idempotent: a second submit for the same program and email returns the live registration.
    Beyond capacity the request is refused, or put on the waiting list when asked to.
    """
    user = actor if getattr(actor, "is_authenticated", False) else None
    email = (user.email if user else email or "").strip().lower()
    name = (name or (user.name if user else "") or "").strip()
    phone, group_name = (phone or "").strip(), (group_name or "").strip()
    try:
        return _registration_create(
            program=program,
            user=user,
            name=name,
            email=email,
            consent=consent,
            phone=phone,
            group_name=group_name,
            head_count=int(head_count),
            companions=int(companions),
            age_group=age_group or "",
            district_code=district_code or "",
            join_waiting_list=join_waiting_list,
        )
    except IntegrityError:
        # The partial unique index caught a concurrent double submit: answer with the one that won.
        existing = Registration.objects.filter(program=program, email=email, status__in=ACTIVE).first()
        if existing is None:
            raise
        return existing, False


@transaction.atomic
def _registration_create(
    *,
    program: Program,
    user: Any,
    name: str,
    email: str,
    consent: bool,
    phone: str,
    group_name: str,
    head_count: int,
    companions: int,
    age_group: str,
    district_code: str,
    join_waiting_list: bool,
) -> tuple[Registration, bool]:
    program = Program.objects.select_for_update().get(pk=program.pk)
    existing = Registration.objects.filter(program=program, email=email, status__in=ACTIVE).first()
    if existing is not None:
        return existing, False
    if program.status != ProgramStatus.PUBLISHED:
        raise Conflict(_("This program is not open for registration."))
    last = program.sessions.order_by("-starts_at").values_list("starts_at", flat=True).first()
    if last is not None and last < timezone.now():
        raise Conflict(_("This program has already taken place."))
    _clean_registration(
        program,
        name=name,
        email=email,
        group_name=group_name,
        head_count=head_count,
        companions=companions,
        age_group=age_group,
        district_code=district_code,
    )
    if not consent:
        raise DomainError(
            _("Please agree to the use of your personal data for this program."), field="consent"
        )
    seats = head_count + companions
    left = program.capacity - seats_held(program)
    if seats <= left:
        status = RegistrationStatus.CONFIRMED
    elif join_waiting_list:
        status = RegistrationStatus.WAITING
    else:
        raise Conflict(
            _("Only %(left)s seats are left and you asked for %(seats)s. You can join the waiting list.")
            % {"left": max(left, 0), "seats": seats},
            field="head_count",
            seats_left=max(left, 0),
        )
    consent_row = consent_record(
        purpose="program", granted=True, user=user, subject_email=email, subject_name=name
    )
    registration = Registration.objects.create(
        program=program,
        user=user,
        name=name,
        email=email,
        phone=phone,
        group_name=group_name,
        head_count=head_count,
        companions=companions,
        seats=seats,
        status=status,
        age_group=age_group,
        district_code=district_code,
        code=_random_code(8),
        token=secrets.token_urlsafe(24),
        consent=consent_row,
    )
    log_action(
        "programs.registration.created",
        actor=user or email,
        target=registration,
        data={"status": status, "seats": seats, "group": bool(group_name)},
    )
    _queue_email(registration, "confirmed" if status == RegistrationStatus.CONFIRMED else "waiting")
    return registration, True


# A repeat submit mails the personal link again, at most once in this many seconds per registration.
LINK_RESEND_SECONDS = 600


def registration_link_resend(registration: Registration) -> bool:
    """Mail a registration's personal link to its own address again (a repeat submit by someone
    who may not open it: see access.may_open_registration). At most once per LINK_RESEND_SECONDS,
    so a form cannot be used to flood someone's mailbox. Returns whether a mail was queued."""
    if not cache.add(f"dure:programs:link:{registration.pk}", 1, timeout=LINK_RESEND_SECONDS):
        return False
    with transaction.atomic():
        log_action("programs.registration.link_sent", target=registration)
        _queue_email(registration, "link")
    return True


def registration_shown_to(
    registration: Registration, *, created: bool, user: Any, known_tokens: Any = ()
) -> bool:
    """Whether the submitter of the registration form may be shown the registration it gave:
    always when it was just made; for a repeat, only the account or browser that made it
    (`access.may_open_registration`). Anyone else typed an address, which is no proof: the link
    is mailed to that address instead (`registration_link_resend`)."""
    if created or may_open_registration(registration, user, known_tokens):
        return True
    registration_link_resend(registration)
    return False


@transaction.atomic
def registration_cancel(*, registration: Registration, actor: Any) -> Registration:
    program = Program.objects.select_for_update().get(pk=registration.program_id)
    registration = Registration.objects.get(pk=registration.pk)
    if registration.status not in ACTIVE:
        raise Conflict(
            _("This registration is already %(status)s.") % {"status": registration.get_status_display()}
        )
    if registration.attendances.exists():
        raise Conflict(_("This registration has attendance recorded and can no longer be cancelled."))
    old = registration.status
    registration.status = RegistrationStatus.CANCELLED
    registration.cancelled_at = timezone.now()
    registration.offer_expires_at = None
    registration.save(update_fields=["status", "cancelled_at", "offer_expires_at", "updated_at"])
    log_action(
        "programs.registration.cancelled",
        actor=actor if getattr(actor, "is_authenticated", False) else registration.email,
        target=registration,
        data={"from": old, "seats": registration.seats},
    )
    _queue_email(registration, "cancelled")
    if old in HOLDING:
        _offer_free_seats(program)
    return registration


@transaction.atomic
def offer_accept(*, registration: Registration, actor: Any) -> Registration:
    Program.objects.select_for_update().get(pk=registration.program_id)
    registration = Registration.objects.get(pk=registration.pk)
    if registration.status != RegistrationStatus.OFFERED:
        raise Conflict(_("There is no open seat offer for this registration."))
    if registration.offer_expires_at is not None and registration.offer_expires_at <= timezone.now():
        raise Conflict(
            _("This offer expired and the seat has passed to the next person on the waiting list.")
        )
    registration.status = RegistrationStatus.CONFIRMED
    registration.offer_expires_at = None
    registration.save(update_fields=["status", "offer_expires_at", "updated_at"])
    log_action(
        "programs.registration.offer_accepted",
        actor=actor if getattr(actor, "is_authenticated", False) else registration.email,
        target=registration,
    )
    _queue_email(registration, "confirmed")
    return registration


def offers_expire(*, now: dt.datetime | None = None) -> int:
    """Expire offers past their deadline and pass their seats on. Returns how many expired."""
    now = now or timezone.now()
    program_ids = set(
        Registration.objects.filter(status=RegistrationStatus.OFFERED, offer_expires_at__lte=now).values_list(
            "program_id", flat=True
        )
    )
    expired = 0
    for program_id in sorted(program_ids):
        expired += _expire_program_offers(program_id=program_id, now=now)
    return expired


@transaction.atomic
def _expire_program_offers(*, program_id: int, now: dt.datetime) -> int:
    program = Program.objects.select_for_update().get(pk=program_id)
    stale = list(program.registrations.filter(status=RegistrationStatus.OFFERED, offer_expires_at__lte=now))
    for registration in stale:
        registration.status = RegistrationStatus.EXPIRED
        registration.save(update_fields=["status", "updated_at"])
        log_action(
            "programs.registration.offer_expired", target=registration, data={"seats": registration.seats}
        )
        _queue_email(registration, "expired")
    if stale:
        _offer_free_seats(program)
    return len(stale)


# ---------------------------------------------------------------- attendance and completion


def normalise_code(raw: str) -> str:
    text = (raw or "").strip()
    if "/" in text:  # a scanned check-in URL: the code is its last path segment
        text = [part for part in text.split("/") if part][-1] if text.strip("/") else ""
    return text.upper().replace("-", "").replace(" ", "")


@transaction.atomic
def attendance_check_in(*, actor: Any, session: Session, code: str) -> Attendance:
    """QR (or typed) check-in: the code must belong to a confirmed registration of this program."""
    normalised = normalise_code(code)
    registration = (
        Registration.objects.filter(code=normalised, program_id=session.program_id).first()
        if normalised
        else None
    )
    if registration is None:
        raise DomainError(_("This code does not belong to any registration for this program."), field="code")
    return _check_in(actor=actor, session=session, registration=registration, method=CheckInMethod.QR)


@transaction.atomic
def attendance_check_in_manual(*, actor: Any, session: Session, registration: Registration) -> Attendance:
    if registration.program_id != session.program_id:
        raise DomainError(_("This registration is for another program."))
    return _check_in(actor=actor, session=session, registration=registration, method=CheckInMethod.MANUAL)


def _check_in(*, actor: Any, session: Session, registration: Registration, method: str) -> Attendance:
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if registration.status != RegistrationStatus.CONFIRMED:
        raise Conflict(
            _("This registration is %(status)s, not confirmed; it cannot check in.")
            % {"status": registration.get_status_display()}
        )
    earlier = Attendance.objects.filter(registration=registration, session=session).first()
    if earlier is not None:
        raise Conflict(
            _("Already checked in for this session at %(time)s.")
            % {"time": timezone.localtime(earlier.created_at).strftime("%H:%M")}
        )
    attendance = Attendance.objects.create(
        registration=registration,
        session=session,
        method=method,
        checked_in_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    log_action(
        "programs.attendance.checked_in",
        actor=actor,
        target=registration,
        data={"session": session.pk, "method": method},
    )
    return attendance


def completion_of(registration: Registration) -> tuple[int, int, bool]:
    """(sessions attended, sessions held, whether the program's completion rule is met)."""
    total = registration.program.sessions.count()
    attended = registration.attendances.count()
    met = total > 0 and attended * 100 >= registration.program.completion_percent * total
    return attended, total, met


@transaction.atomic
def certificate_issue(*, actor: Any, registration: Registration) -> Certificate:
    registration = Registration.objects.select_for_update().select_related("program").get(pk=registration.pk)
    existing = Certificate.objects.filter(registration=registration).first()
    if existing is not None:
        return existing
    program = registration.program
    if not program.issues_certificates:
        raise DomainError(_("This program does not issue completion certificates."))
    if registration.status != RegistrationStatus.CONFIRMED:
        raise Conflict(_("Only confirmed participants receive a certificate."))
    attended, total, met = completion_of(registration)
    if not met:
        raise Conflict(
            _("Attended %(attended)s of %(total)s sessions; completion needs %(percent)s%%.")
            % {"attended": attended, "total": total, "percent": program.completion_percent}
        )
    code = None
    while code is None or Certificate.objects.filter(code=code).exists():
        code = f"{_random_code(4)}-{_random_code(4)}-{_random_code(4)}"
    certificate = Certificate.objects.create(
        registration=registration,
        code=code,
        holder_name=registration.group_name or registration.name,
        sessions_attended=attended,
        sessions_total=total,
        issued_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    log_action("programs.certificate.issued", actor=actor, target=registration, data={"code": code})
    return certificate


def certificates_issue_for_program(*, actor: Any, program: Program) -> int:
    """Issue certificates to every confirmed participant who met the rule. Returns how many new."""
    issued = 0
    for registration in program.registrations.filter(
        status=RegistrationStatus.CONFIRMED, certificate__isnull=True
    ):
        _attended, _total, met = completion_of(registration)
        if met:
            certificate_issue(actor=actor, registration=registration)
            issued += 1
    return issued


# ---------------------------------------------------------------- reminders, surveys, agenda


def reminders_send(*, now: dt.datetime | None = None, hours: int = 24) -> int:
    """Remind confirmed participants of sessions starting within `hours`; once per session."""
    now = now or timezone.now()
    sessions = Session.objects.filter(
        starts_at__gt=now,
        starts_at__lte=now + dt.timedelta(hours=hours),
        program__status=ProgramStatus.PUBLISHED,
    ).select_related("program")
    sent = 0
    for session in sessions:
        for registration in session.program.registrations.filter(status=RegistrationStatus.CONFIRMED):
            with transaction.atomic():
                _reminder, created = ReminderSent.objects.get_or_create(
                    registration=registration, session=session
                )
                if created:
                    _queue_email_reminder(registration, session)
                    sent += 1
    return sent


def _queue_email_reminder(registration: Registration, session: Session) -> None:
    from dure.programs.tasks import send_registration_email

    pk, session_pk = registration.pk, session.pk
    transaction.on_commit(lambda: send_registration_email.enqueue(pk, "reminder", session_pk))


@transaction.atomic
def survey_submit(*, registration: Registration, values: dict[str, Any]) -> SurveyResponse:
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if registration.status != RegistrationStatus.CONFIRMED:
        raise Conflict(_("Only participants can answer the survey."))
    if SurveyResponse.objects.filter(registration=registration).exists():
        raise Conflict(_("You have already answered this survey. Thank you!"))
    first = registration.program.sessions.order_by("starts_at").values_list("starts_at", flat=True).first()
    if first is None or first > timezone.now():
        raise Conflict(_("The survey opens once the program has begun."))
    for field in ("rating", "usefulness"):
        if not 1 <= int(values.get(field) or 0) <= 5:
            raise DomainError(_("Choose a score from 1 to 5."), field=field)
    response = SurveyResponse.objects.create(
        registration=registration,
        rating=int(values["rating"]),
        usefulness=int(values["usefulness"]),
        would_recommend=bool(values.get("would_recommend")),
        comment=(values.get("comment") or "").strip(),
    )
    log_action("programs.survey.answered", target=registration, data={"rating": response.rating})
    return response


@transaction.atomic
def agenda_item_create(*, actor: Any, values: dict[str, Any]) -> AgendaItem:
    unknown = set(values) - set(AGENDA_FIELDS)
    if unknown:
        raise DomainError(_("Unknown fields: %(fields)s") % {"fields": ", ".join(sorted(unknown))})
    program = values.get("program")
    if program is None:
        raise DomainError(_("Choose the program where this was raised."), field="program")
    if program.kind not in AGENDA_KINDS:
        raise DomainError(
            _("Agenda items come from forums, round tables and in-depth interviews."), field="program"
        )
    if not (values.get("title") or "").strip():
        raise DomainError(_("Give the agenda item a title."), field="title")
    item = AgendaItem.objects.create(
        **values, created_by=actor if getattr(actor, "is_authenticated", False) else None
    )
    log_action("programs.agenda_item.created", actor=actor, target=item, data={"program": program.pk})
    return item


@transaction.atomic
def agenda_item_update(
    *, actor: Any, item: AgendaItem, values: dict[str, Any], status: str | None = None
) -> AgendaItem:
    item = AgendaItem.objects.select_for_update().get(pk=item.pk)
    fields = [name for name in AGENDA_FIELDS if name in values]
    before = snapshot(item, fields + ["status"])
    if "program" in values and values["program"].kind not in AGENDA_KINDS:
        raise DomainError(
            _("Agenda items come from forums, round tables and in-depth interviews."), field="program"
        )
    if "title" in values and not (values["title"] or "").strip():
        raise DomainError(_("Give the agenda item a title."), field="title")
    for name in fields:
        setattr(item, name, values[name])
    if status and status != item.status:
        if status not in AGENDA_TRANSITIONS.get(item.status, set()):
            raise Conflict(
                _("An agenda item that is %(from)s cannot become %(to)s.")
                % {
                    "from": item.get_status_display(),
                    "to": AgendaStatus(status).label if status in AgendaStatus.values else status,
                },
                field="status",
            )
        item.status = status
        if status == AgendaStatus.HANDED_TO_COUNCIL:
            item.handed_at = timezone.now()
    item.save()
    changes = model_changes(item, before, fields + ["status"])
    if changes:
        log_action("programs.agenda_item.updated", actor=actor, target=item, data=changes)
    return item
