import datetime as dt
from typing import Any

from django.utils import timezone

from dure.core.testing import API_PUBLIC, LOGIN, PUBLIC, ROLES, STAFF_ONLY, UrlAccess

STAFF_POST = {**STAFF_ONLY, "staff": 302}
ALL_REDIRECT = dict.fromkeys(ROLES, 302)


def _setup(world: dict[str, Any]) -> None:
    from dure.programs import services
    from dure.programs.models import ProgramKind
    from dure.programs.tests.factories import make_program, register

    program = make_program(
        kind=ProgramKind.ACADEMY,
        capacity=100,
        allow_groups=True,
        issues_certificates=True,
        sessions=2,
        start=timezone.now() - dt.timedelta(days=1),
    )
    registration = register(program, "guest@example.org")
    sessions = list(program.sessions.all())
    for session in sessions:
        services.attendance_check_in_manual(actor=None, session=session, registration=registration)
    services.certificate_issue(actor=None, registration=registration)
    forum = make_program(kind=ProgramKind.FORUM)
    item = services.agenda_item_create(actor=None, values={"program": forum, "title": "의제"})
    world.update(program=program, session=sessions[0], registration=registration, agenda=item)


def _program(w: dict[str, Any]) -> dict[str, Any]:
    return {"pk": w["program"].pk}


def _token(w: dict[str, Any]) -> dict[str, Any]:
    return {"token": w["registration"].token}


URL_ACCESS = [
    UrlAccess("programs:calendar", PUBLIC),
    UrlAccess("programs:detail", PUBLIC, kwargs=_program, setup=_setup),
    UrlAccess(
        "programs:register",
        ALL_REDIRECT,
        kwargs=_program,
        setup=_setup,
        method="post",
        data=lambda w: {"name": "손님", "email": "walkin@example.org", "consent": "on", "head_count": "1"},
    ),
    UrlAccess("programs:my_registrations", LOGIN),
    UrlAccess("programs:registration", PUBLIC, kwargs=_token, setup=_setup),
    UrlAccess("programs:registration_cancel", ALL_REDIRECT, kwargs=_token, setup=_setup, method="post"),
    UrlAccess("programs:registration_accept", ALL_REDIRECT, kwargs=_token, setup=_setup, method="post"),
    UrlAccess("programs:registration_qr", PUBLIC, kwargs=_token, setup=_setup),
    UrlAccess("programs:registration_certificate", PUBLIC, kwargs=_token, setup=_setup),
    UrlAccess("programs:registration_survey", PUBLIC, kwargs=_token, setup=_setup),
    UrlAccess("programs:verify", PUBLIC, query="code=NONE-NONE-NONE"),
    UrlAccess(
        "programs:checkin_code", STAFF_ONLY, kwargs=lambda w: {"code": w["registration"].code}, setup=_setup
    ),
    UrlAccess("programs:staff_list", STAFF_ONLY),
    UrlAccess("programs:program_create", STAFF_ONLY),
    UrlAccess("programs:program_edit", STAFF_ONLY, kwargs=_program, setup=_setup),
    UrlAccess(
        "programs:program_transition",
        STAFF_POST,
        kwargs=_program,
        setup=_setup,
        method="post",
        data=lambda w: {"to": "closed"},
    ),
    UrlAccess(
        "programs:session_add", STAFF_POST, kwargs=_program, setup=_setup, method="post", data=lambda w: {}
    ),
    UrlAccess(
        "programs:session_remove",
        STAFF_POST,
        kwargs=lambda w: {"pk": w["program"].pk, "session_pk": w["session"].pk},
        setup=_setup,
        method="post",
    ),
    UrlAccess("programs:participants", STAFF_ONLY, kwargs=_program, setup=_setup),
    UrlAccess(
        "programs:registration_staff_cancel",
        STAFF_POST,
        kwargs=lambda w: {"pk": w["program"].pk, "registration_pk": w["registration"].pk},
        setup=_setup,
        method="post",
    ),
    UrlAccess("programs:certificates_issue", STAFF_POST, kwargs=_program, setup=_setup, method="post"),
    UrlAccess("programs:checkin", STAFF_ONLY, kwargs=lambda w: {"session_pk": w["session"].pk}, setup=_setup),
    UrlAccess(
        "programs:checkin_manual",
        STAFF_POST,
        kwargs=lambda w: {"session_pk": w["session"].pk, "registration_pk": w["registration"].pk},
        setup=_setup,
        method="post",
    ),
    UrlAccess("programs:agenda_list", STAFF_ONLY),
    UrlAccess("programs:agenda_create", STAFF_ONLY),
    UrlAccess("programs:agenda_edit", STAFF_ONLY, kwargs=lambda w: {"pk": w["agenda"].pk}, setup=_setup),
    UrlAccess("programs:reports", STAFF_ONLY),
    UrlAccess("api:list_programs", API_PUBLIC),
    UrlAccess("api:get_program", API_PUBLIC, kwargs=_program, setup=_setup),
    UrlAccess(
        "api:register_for_program",
        dict.fromkeys(ROLES, 201),
        kwargs=_program,
        setup=_setup,
        method="post",
        data=lambda w: {"name": "손님", "email": "api-guest@example.org", "consent": True},
        content_type="application/json",
    ),
]
