from typing import Any

from dure.core.testing import API_LOGIN, API_PUBLIC, LOGIN, PUBLIC, ROLES, STAFF_ONLY, UrlAccess

# A private project whose team includes the enterprise user's own enterprise.
MEMBERS = {**dict.fromkeys(ROLES, 404), "anonymous": 302, "enterprise": 200, "staff": 200}
MEMBERS_POST = {**dict.fromkeys(ROLES, 404), "anonymous": 302, "enterprise": 302, "staff": 302}
STAFF_POST = {**STAFF_ONLY, "staff": 302}
API_MEMBERS = {**dict.fromkeys(ROLES, 404), "anonymous": 401, "enterprise": 200, "staff": 200}


def make_project(world: dict[str, Any]) -> None:
    from dure.collab import services

    project = services.project_create(
        actor=None,
        name="테스트 협업사업",
        lead=world["own_enterprise"],
        members=[(world["enterprise"], "producer", "")],
        is_public=False,
    )
    world["project"] = project


def make_network(world: dict[str, Any]) -> None:
    import datetime as dt

    from django.utils import timezone

    from dure.collab import services

    network = services.network_create(actor=None, name="제과 협업 체계", coordinator=world["enterprise"])
    start = timezone.now() + dt.timedelta(days=3)
    services.network_event_create(
        actor=None, network=network, title="월례 회의", starts_at=start, ends_at=start + dt.timedelta(hours=2)
    )
    world["network"] = network


def project_kwargs(world: dict[str, Any]) -> dict[str, Any]:
    return {"pk": world["project"].pk}


def network_kwargs(world: dict[str, Any]) -> dict[str, Any]:
    return {"pk": world["network"].pk}


URL_ACCESS = [
    UrlAccess("collab:project_list", PUBLIC, setup=make_project),
    UrlAccess("collab:project_create", STAFF_ONLY),
    UrlAccess(
        "collab:project_detail", {**MEMBERS, "anonymous": 404}, kwargs=project_kwargs, setup=make_project
    ),
    UrlAccess(
        "collab:project_transition",
        STAFF_POST,
        kwargs=project_kwargs,
        setup=make_project,
        method="post",
        data=lambda w: {"to_status": "selected"},
    ),
    UrlAccess(
        "collab:project_member_add",
        STAFF_POST,
        kwargs=project_kwargs,
        setup=make_project,
        method="post",
        data=lambda w: {"role": "producer"},
    ),
    UrlAccess(
        "collab:meeting_note_add",
        MEMBERS_POST,
        kwargs=project_kwargs,
        setup=make_project,
        method="post",
        data=lambda w: {"title": "", "held_on": ""},
    ),
    UrlAccess(
        "collab:document_add",
        MEMBERS_POST,
        kwargs=project_kwargs,
        setup=make_project,
        method="post",
        data=lambda w: {"title": ""},
    ),
    UrlAccess(
        "collab:settlement_run",
        STAFF_POST,
        kwargs=project_kwargs,
        setup=make_project,
        method="post",
        data=lambda w: {"joint_product": "0", "window": "0"},
    ),
    UrlAccess(
        "collab:settlement_payouts", STAFF_POST, kwargs=project_kwargs, setup=make_project, method="post"
    ),
    UrlAccess("collab:settlement_export", MEMBERS, kwargs=project_kwargs, setup=make_project),
    UrlAccess("collab:settlement_print", MEMBERS, kwargs=project_kwargs, setup=make_project),
    UrlAccess("collab:project_report", MEMBERS, kwargs=project_kwargs, setup=make_project),
    UrlAccess("collab:partner_search", LOGIN, query="need=우리밀+케이크"),
    UrlAccess("collab:network_list", PUBLIC, setup=make_network),
    UrlAccess("collab:network_detail", PUBLIC, kwargs=network_kwargs, setup=make_network),
    UrlAccess("collab:network_calendar", PUBLIC, kwargs=network_kwargs, setup=make_network),
    UrlAccess("api:list_projects", API_PUBLIC, setup=make_project),
    UrlAccess("api:project_settlement", API_MEMBERS, kwargs=project_kwargs, setup=make_project),
    UrlAccess("api:partners", API_LOGIN, query="need=우리밀+케이크"),
]
