"""Program pages: the public calendar and registration, personal registration links, and the
staff back office (programs, sessions, participants, check-in, certificates, agenda, reports)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Max, Min
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dure.core.access import signed_in_user, staff_required
from dure.core.audit import log_action
from dure.core.errors import DomainError, add_form_error
from dure.core.masking import mask
from dure.programs import selectors, services
from dure.programs.access import (
    access_agenda_item_for_staff,
    access_program_for_staff,
    access_program_for_view,
    access_registration_by_token,
    access_registration_for_staff,
    access_session_for_staff,
)
from dure.programs.documents import certificate_pdf, qr_svg
from dure.programs.forms import (
    AgendaItemForm,
    CheckInForm,
    KindFilterForm,
    ProgramForm,
    RegistrationForm,
    SessionForm,
    SurveyForm,
)
from dure.programs.models import (
    ACTIVE,
    AGENDA_KINDS,
    PROGRAM_TRANSITIONS,
    AgendaStatus,
    Certificate,
    Program,
    ProgramKind,
    ProgramStatus,
    Registration,
    RegistrationStatus,
)

# The personal links of the registrations this browser made, so a double-click lands on its own
# registration (see access.may_open_registration).
SESSION_TOKENS = "programs_registration_tokens"
SESSION_TOKENS_KEPT = 20


def _month_param(value: str | None) -> tuple[int, int]:
    today = timezone.localdate()
    try:
        year, month = (int(part) for part in (value or "").split("-"))
        if 2000 <= year <= 2100 and 1 <= month <= 12:
            return year, month
    except ValueError:
        pass
    return today.year, today.month


# ---------------------------------------------------------------- public pages


def program_calendar(request: HttpRequest) -> HttpResponse:
    year, month = _month_param(request.GET.get("month"))
    filters = KindFilterForm(request.GET or None)
    kind = filters.cleaned_data.get("kind") if filters.is_valid() else None
    sessions = selectors.calendar_sessions(year=year, month=month, kind=kind or None)
    previous = dt.date(year, month, 1) - dt.timedelta(days=1)
    following = dt.date(year, month, 28) + dt.timedelta(days=5)
    upcoming = [
        program
        for program in selectors.published_programs(kind=kind or None)
        .annotate(first_start=Min("sessions__starts_at"), last_start=Max("sessions__starts_at"))
        .filter(last_start__gte=timezone.now())
        .order_by("first_start", "pk")[:30]
    ]
    return render(
        request,
        "programs/calendar.html",
        {
            "year": year,
            "month": month,
            "month_start": dt.date(year, month, 1),
            "weeks": selectors.month_grid(year, month, sessions),
            "sessions": sessions,
            "filters": filters,
            "kind": kind or "",
            "previous": f"{previous:%Y-%m}",
            "next": f"{following:%Y-%m}",
            "view": "list" if request.GET.get("view") == "list" else "month",
            "upcoming": upcoming,
        },
    )


def program_detail(request: HttpRequest, pk: int) -> HttpResponse:
    program = access_program_for_view(request.user, pk)
    form = RegistrationForm(program=program, user=request.user)
    return _detail(request, program, form)


def _detail(
    request: HttpRequest, program: Program, form: RegistrationForm, status: int = 200
) -> HttpResponse:
    sessions = list(program.sessions.select_related("room"))
    left = services.seats_left(program)
    mine = None
    if request.user.is_authenticated:
        # The account's own registrations only: an email address typed at signup is not verified.
        mine = program.registrations.filter(user=request.user, status__in=ACTIVE).first()
    open_for_registration = program.status == ProgramStatus.PUBLISHED and (
        not sessions or sessions[-1].starts_at >= timezone.now()
    )
    return render(
        request,
        "programs/detail.html",
        {
            "program": program,
            "sessions": sessions,
            "seats_left": left,
            "form": form,
            "mine": mine,
            "open_for_registration": open_for_registration,
        },
        status=status,
    )


@require_POST
def program_register(request: HttpRequest, pk: int) -> HttpResponse:
    program = access_program_for_view(request.user, pk)
    form = RegistrationForm(request.POST, program=program, user=request.user)
    if form.is_valid():
        data = form.cleaned_data
        try:
            registration, created = services.registration_create(
                program=program,
                actor=request.user,
                name=data["name"],
                email=data.get("email") or "",
                phone=data.get("phone") or "",
                group_name=data.get("group_name") or "",
                head_count=data.get("head_count") or 1,
                companions=data.get("companions") or 0,
                age_group=data.get("age_group") or "",
                district_code=data.get("district_code") or "",
                consent=bool(data.get("consent")),
                join_waiting_list=bool(data.get("join_waiting_list")),
            )
        except DomainError as error:
            add_form_error(form, error)
        else:
            known = request.session.get(SESSION_TOKENS, [])
            if created:
                request.session[SESSION_TOKENS] = [*known, registration.token][-SESSION_TOKENS_KEPT:]
            elif not services.registration_shown_to(
                registration, created=created, user=request.user, known_tokens=known
            ):
                messages.info(
                    request,
                    _(
                        "This email address is already registered for this program; nothing new was "
                        "added. We sent the link to the registration to that address."
                    ),
                )
                return redirect("programs:detail", program.pk)
            if not created:
                messages.info(request, _("You were already registered; nothing new was added."))
            elif registration.status == RegistrationStatus.CONFIRMED:
                messages.success(request, _("Your registration is confirmed. We sent the details by email."))
            else:
                messages.success(
                    request, _("You are on the waiting list. We will email you when a seat frees up.")
                )
            return redirect("programs:registration", registration.token)
    return _detail(request, program, form, status=400)


def registration_page(request: HttpRequest, token: str) -> HttpResponse:
    registration = access_registration_by_token(token)
    attended, total, met = services.completion_of(registration)
    certificate = Certificate.objects.filter(registration=registration).first()
    now = timezone.now()
    first = registration.program.sessions.order_by("starts_at").first()
    survey_open = (
        registration.status == RegistrationStatus.CONFIRMED
        and first is not None
        and first.starts_at <= now
        and not hasattr(registration, "survey_response")
    )
    return render(
        request,
        "programs/registration.html",
        {
            "registration": registration,
            "program": registration.program,
            "sessions": registration.program.sessions.select_related("room"),
            "attended": attended,
            "total": total,
            "met": met,
            "certificate": certificate,
            "survey_open": survey_open,
            "checkin_url": request.build_absolute_uri(
                reverse("programs:checkin_code", args=[registration.code])
            ),
        },
    )


@require_POST
def registration_cancel(request: HttpRequest, token: str) -> HttpResponse:
    registration = access_registration_by_token(token)
    try:
        services.registration_cancel(registration=registration, actor=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Your registration is cancelled."))
    return redirect("programs:registration", token)


@require_POST
def registration_accept(request: HttpRequest, token: str) -> HttpResponse:
    registration = access_registration_by_token(token)
    try:
        services.offer_accept(registration=registration, actor=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The seat is yours. Your registration is confirmed."))
    return redirect("programs:registration", token)


def registration_qr(request: HttpRequest, token: str) -> HttpResponse:
    registration = access_registration_by_token(token)
    if registration.status != RegistrationStatus.CONFIRMED:
        raise Http404
    url = request.build_absolute_uri(reverse("programs:checkin_code", args=[registration.code]))
    response = HttpResponse(qr_svg(url), content_type="image/svg+xml")
    response["Cache-Control"] = "private, no-store"
    return response


def registration_certificate(request: HttpRequest, token: str) -> HttpResponse:
    registration = access_registration_by_token(token)
    certificate = (
        Certificate.objects.filter(registration=registration).select_related("registration__program").first()
    )
    if certificate is None:
        raise Http404
    verify_url = request.build_absolute_uri(reverse("programs:verify")) + f"?code={certificate.code}"
    response = HttpResponse(
        certificate_pdf(certificate, verify_url=verify_url), content_type="application/pdf"
    )
    response["Content-Disposition"] = f'inline; filename="certificate-{certificate.code}.pdf"'
    return response


def registration_survey(request: HttpRequest, token: str) -> HttpResponse:
    registration = access_registration_by_token(token)
    form = SurveyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.survey_submit(registration=registration, values=form.cleaned_data)
        except DomainError as error:
            add_form_error(form, error)
        else:
            messages.success(request, _("Thank you for your feedback."))
            return redirect("programs:registration", token)
    return render(
        request,
        "programs/survey.html",
        {"form": form, "registration": registration, "program": registration.program},
        status=400 if request.method == "POST" else 200,
    )


def certificate_verify(request: HttpRequest) -> HttpResponse:
    code = (request.GET.get("code") or "").strip().upper()
    certificate = None
    if code:
        certificate = Certificate.objects.select_related("registration__program").filter(code=code).first()
    return render(
        request,
        "programs/verify.html",
        {
            "code": code,
            "certificate": certificate,
            "holder": mask(certificate.holder_name, "name") if certificate else "",
        },
    )


@login_required
def my_registrations(request: HttpRequest) -> HttpResponse:
    registrations = (
        Registration.objects.filter(user=signed_in_user(request))
        .select_related("program")
        .order_by("-created_at", "-pk")
    )
    return render(request, "programs/my.html", {"registrations": registrations})


# ---------------------------------------------------------------- staff: programs and sessions


@staff_required
def staff_program_list(request: HttpRequest) -> HttpResponse:
    filters = KindFilterForm(request.GET or None)
    kind = filters.cleaned_data.get("kind") if filters.is_valid() else None
    status = request.GET.get("status") if request.GET.get("status") in ProgramStatus.values else None
    programs = selectors.staff_programs(kind=kind or None, status=status)
    return render(
        request,
        "programs/staff_list.html",
        {"programs": programs, "filters": filters, "status": status or "", "statuses": ProgramStatus.choices},
    )


@staff_required
def program_create(request: HttpRequest) -> HttpResponse:
    form = ProgramForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            program = services.program_create(actor=request.user, values=form.cleaned_data)
        except DomainError as error:
            add_form_error(form, error)
        else:
            messages.success(
                request, _("The program was created as a draft. Add its sessions, then publish it.")
            )
            return redirect("programs:program_edit", program.pk)
    return render(request, "programs/program_form.html", {"form": form, "program": None})


@staff_required
def program_edit(request: HttpRequest, pk: int) -> HttpResponse:
    program = access_program_for_staff(request.user, pk)
    form = ProgramForm(request.POST or None, instance=program)
    if request.method == "POST" and form.is_valid():
        try:
            changes = services.program_update(actor=request.user, program=program, values=form.cleaned_data)
        except DomainError as error:
            add_form_error(form, error)
        else:
            messages.success(request, _("Saved.") if changes else _("Nothing changed."))
            return redirect("programs:program_edit", program.pk)
    program.refresh_from_db()
    return render(
        request,
        "programs/program_form.html",
        {
            "form": form,
            "program": program,
            "session_form": SessionForm(),
            "sessions": program.sessions.select_related("room"),
            "transitions": [
                (to, ProgramStatus(to).label) for to in sorted(PROGRAM_TRANSITIONS[program.status])
            ],
            "seats_held": services.seats_held(program),
        },
    )


@staff_required
@require_POST
def program_transition(request: HttpRequest, pk: int) -> HttpResponse:
    program = access_program_for_staff(request.user, pk)
    try:
        program = services.program_transition(
            actor=request.user, program=program, to=request.POST.get("to", "")
        )
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request, _("The program is now %(status)s.") % {"status": program.get_status_display()}
        )
    return redirect("programs:program_edit", program.pk)


@staff_required
@require_POST
def session_add(request: HttpRequest, pk: int) -> HttpResponse:
    program = access_program_for_staff(request.user, pk)
    form = SessionForm(request.POST)
    if form.is_valid():
        try:
            values = {name: form.cleaned_data[name] for name in services.SESSION_FIELDS}
            services.session_add(
                actor=request.user,
                program=program,
                values=values,
                reserve_room=bool(form.cleaned_data.get("reserve_room")),
            )
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("The session was added."))
    else:
        for errors in form.errors.values():
            for message in errors:  # an ErrorList yields its messages as strings
                messages.error(request, str(message))
    return redirect("programs:program_edit", program.pk)


@staff_required
@require_POST
def session_remove(request: HttpRequest, pk: int, session_pk: int) -> HttpResponse:
    program = access_program_for_staff(request.user, pk)
    session = program.sessions.filter(pk=session_pk).first()
    if session is None:
        raise Http404
    try:
        services.session_remove(actor=request.user, session=session)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The session was removed."))
    return redirect("programs:program_edit", program.pk)


# ---------------------------------------------------------------- staff: participants, check-in, certificates


def _masked(registration: Registration) -> dict[str, str]:
    return {
        "name": mask(registration.name, "name"),
        "email": mask(registration.email, "email"),
        "phone": mask(registration.phone, "phone"),
    }


@staff_required
def participants(request: HttpRequest, pk: int) -> HttpResponse:
    program = access_program_for_staff(request.user, pk)
    rows = [{"registration": r, **_masked(r)} for r in selectors.participants(program)]
    log_action(
        "programs.participants.viewed",
        actor=request.user,
        target=program,
        data={"rows": len(rows)},
        personal_data=True,
    )
    return render(
        request,
        "programs/participants.html",
        {
            "program": program,
            "rows": rows,
            "sessions": program.sessions.all(),
            "seats_held": services.seats_held(program),
            "total_sessions": program.sessions.count(),
        },
    )


@staff_required
@require_POST
def registration_staff_cancel(request: HttpRequest, pk: int, registration_pk: int) -> HttpResponse:
    program = access_program_for_staff(request.user, pk)
    registration = access_registration_for_staff(request.user, registration_pk, program=program)
    try:
        services.registration_cancel(registration=registration, actor=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request, _("The registration was cancelled; freed seats were offered to the waiting list.")
        )
    return redirect("programs:participants", program.pk)


@staff_required
@require_POST
def certificates_issue(request: HttpRequest, pk: int) -> HttpResponse:
    program = access_program_for_staff(request.user, pk)
    if not program.issues_certificates:
        messages.error(request, _("This program does not issue completion certificates."))
    else:
        issued = services.certificates_issue_for_program(actor=request.user, program=program)
        messages.success(request, _("Certificates issued: %(n)s.") % {"n": issued})
    return redirect("programs:participants", program.pk)


@staff_required
def checkin(request: HttpRequest, session_pk: int) -> HttpResponse:
    session = access_session_for_staff(request.user, session_pk)
    form = CheckInForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                attendance = services.attendance_check_in(
                    actor=request.user, session=session, code=form.cleaned_data["code"]
                )
            except DomainError as error:
                add_form_error(form, error)
                status = 400
            else:
                messages.success(
                    request,
                    _("Checked in: %(who)s (%(seats)s seats).")
                    % {
                        "who": mask(
                            attendance.registration.group_name or attendance.registration.name, "name"
                        ),
                        "seats": attendance.registration.seats,
                    },
                )
                return redirect("programs:checkin", session.pk)
        else:
            status = 400
    rows = [{**row, **_masked(row["registration"])} for row in selectors.checkin_list(session)]
    log_action("programs.checkin_list.viewed", actor=request.user, target=session.program, personal_data=True)
    return render(
        request,
        "programs/checkin.html",
        {
            "session": session,
            "program": session.program,
            "form": form,
            "rows": rows,
            "checked_in": sum(1 for row in rows if row["attendance"]),
        },
        status=status,
    )


@staff_required
@require_POST
def checkin_manual(request: HttpRequest, session_pk: int, registration_pk: int) -> HttpResponse:
    session = access_session_for_staff(request.user, session_pk)
    registration = access_registration_for_staff(request.user, registration_pk, program=session.program)
    try:
        services.attendance_check_in_manual(actor=request.user, session=session, registration=registration)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Checked in: %(who)s.") % {"who": mask(registration.name, "name")})
    return redirect("programs:checkin", session.pk)


@staff_required
def checkin_code(request: HttpRequest, code: str) -> HttpResponse:
    """The URL inside a participant's QR code: staff open it on a phone and confirm the session."""
    registration = (
        Registration.objects.select_related("program").filter(code=services.normalise_code(code)).first()
    )
    if registration is None:
        return render(request, "programs/checkin_code.html", {"registration": None}, status=404)
    sessions = list(registration.program.sessions.all())
    now = timezone.now()
    default = min(sessions, key=lambda s: abs((s.starts_at - now).total_seconds()), default=None)
    if request.method == "POST":
        session = next((s for s in sessions if str(s.pk) == request.POST.get("session")), None)
        if session is None:
            messages.error(request, _("Choose the session."))
        else:
            try:
                services.attendance_check_in(actor=request.user, session=session, code=registration.code)
            except DomainError as error:
                messages.error(request, error.message)
            else:
                messages.success(
                    request, _("Checked in: %(who)s.") % {"who": mask(registration.name, "name")}
                )
                return redirect("programs:checkin", session.pk)
    attended = set(registration.attendances.values_list("session_id", flat=True))
    return render(
        request,
        "programs/checkin_code.html",
        {
            "registration": registration,
            "who": mask(registration.group_name or registration.name, "name"),
            "sessions": sessions,
            "default": default,
            "attended": attended,
        },
    )


# ---------------------------------------------------------------- staff: agenda and reports


@staff_required
def agenda_list(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status") if request.GET.get("status") in AgendaStatus.values else None
    return render(
        request,
        "programs/agenda_list.html",
        {
            "items": selectors.agenda_items(status=status),
            "status": status or "",
            "statuses": AgendaStatus.choices,
        },
    )


@staff_required
def agenda_create(request: HttpRequest) -> HttpResponse:
    initial: dict[str, Any] = {}
    program_pk = request.GET.get("program")
    if program_pk and program_pk.isdigit():
        initial["program"] = Program.objects.filter(pk=int(program_pk), kind__in=list(AGENDA_KINDS)).first()
    form = AgendaItemForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.agenda_item_create(actor=request.user, values=form.cleaned_data)
        except DomainError as error:
            add_form_error(form, error)
        else:
            messages.success(request, _("The agenda item was recorded."))
            return redirect("programs:agenda_list")
    return render(request, "programs/agenda_form.html", {"form": form, "item": None})


@staff_required
def agenda_edit(request: HttpRequest, pk: int) -> HttpResponse:
    item = access_agenda_item_for_staff(request.user, pk)
    form = AgendaItemForm(request.POST or None, instance=item)
    if request.method == "POST" and form.is_valid():
        values = {name: form.cleaned_data[name] for name in services.AGENDA_FIELDS}
        try:
            services.agenda_item_update(
                actor=request.user, item=item, values=values, status=form.cleaned_data.get("status") or None
            )
        except DomainError as error:
            add_form_error(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect("programs:agenda_list")
    return render(request, "programs/agenda_form.html", {"form": form, "item": item})


@staff_required
def reports(request: HttpRequest) -> HttpResponse:
    year_param = request.GET.get("year", "")
    year = (
        int(year_param)
        if year_param.isdigit() and 2000 <= int(year_param) <= 2100
        else timezone.localdate().year
    )
    report = selectors.participation_report(year=year)
    return render(
        request,
        "programs/reports.html",
        {"report": report, "year": year, "kinds": ProgramKind.choices},
    )
