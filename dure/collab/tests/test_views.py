"""Access rules on pages and API: members see their own project's costs, others only public facts."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from dure.accounts.models import EnterpriseMembership
from dure.collab import services
from dure.collab.tests.test_services import close, make_joint, open_window, sell
from dure.core.errors import DomainError


@pytest.fixture
def settled(make_enterprise: Any, staff_user: Any, make_user: Any) -> dict[str, Any]:
    lead = make_enterprise(name="가나제과", address="광주광역시 북구 용봉로 1")
    second = make_enterprise(name="다라베이커리", address="광주광역시 남구 봉선로 2")
    third = make_enterprise(name="마바빵집", address="광주광역시 서구 상무대로 3")
    outsider = make_enterprise(name="바깥협동조합", address="광주광역시 동구 금남로 4")
    project = services.project_create(
        actor=staff_user,
        name="공동 케이크",
        lead=lead,
        members=[(second, "producer", ""), (third, "producer", "")],
    )
    team = {"project": project, "staff": staff_user, "lead": lead}
    joint = make_joint(team)
    window = open_window(team, joint)
    sell(joint, window, [3, 2, 2, 4], staff_user)
    window = close(window, staff_user)
    services.settlement_run(actor=staff_user, joint_product=joint, window=window)
    member = make_user("enterprise")
    EnterpriseMembership.objects.create(user=member, enterprise=second, role="staff")
    stranger = make_user("enterprise")
    EnterpriseMembership.objects.create(user=stranger, enterprise=outsider, role="owner")
    return {"project": project, "member": member, "stranger": stranger, "staff": staff_user, "joint": joint}


def test_public_page_shows_members_and_units_but_not_costs(settled: dict[str, Any], client_for: Any) -> None:
    url = reverse("collab:project_detail", args=[settled["project"].pk])
    for user in (None, settled["stranger"]):
        body = client_for(user).get(url).content.decode()
        assert "다라베이커리" in body and "공동 케이크" in body
        assert "301" not in body  # an input cost per unit
        assert "10,967" not in body  # what was received
    member_body = client_for(settled["member"]).get(url).content.decode()
    assert "301" in member_body and "10,967" in member_body


def test_project_list_is_public(
    settled: dict[str, Any], client_for: Any, django_assert_max_num_queries: Any
) -> None:
    with django_assert_max_num_queries(12):
        response = client_for(None).get(reverse("collab:project_list"))
    assert "공동 케이크" in response.content.decode()


def test_settlement_api_for_members_and_staff_only(settled: dict[str, Any], api_client_for: Any) -> None:
    url = f"/api/v1/collab/projects/{settled['project'].pk}/settlement"
    data = api_client_for(settled["member"]).get(url).json()
    assert (data["received"], data["units"]) == (10_967, 11)
    assert sum(line["amount"] for line in data["lines"]) == 10_967
    assert sum(line["units"] for line in data["lines"]) == 11
    assert api_client_for(settled["stranger"]).get(url).status_code == 404
    assert api_client_for(None).get(url).status_code == 401
    assert api_client_for(settled["staff"]).get(url).json()["received"] == 10_967


def test_projects_api_lists_members(settled: dict[str, Any], api_client_for: Any) -> None:
    data = api_client_for(settled["staff"]).get("/api/v1/collab/projects").json()
    item = next(p for p in data["items"] if p["pk"] == settled["project"].pk)
    assert [m["name"] for m in item["members"]] == ["가나제과", "다라베이커리", "마바빵집"]
    assert item["status"] == "proposed"


def test_private_project_is_hidden_from_others(
    settled: dict[str, Any], api_client_for: Any, client_for: Any
) -> None:
    Project = type(settled["project"])
    Project.objects.filter(pk=settled["project"].pk).update(is_public=False)
    assert api_client_for(settled["stranger"]).get("/api/v1/collab/projects").json()["count"] == 0
    assert api_client_for(settled["member"]).get("/api/v1/collab/projects").json()["count"] == 1
    url = reverse("collab:project_detail", args=[settled["project"].pk])
    assert client_for(settled["stranger"]).get(url).status_code == 404


def test_xlsx_export_adds_up(settled: dict[str, Any], client_for: Any) -> None:
    response = client_for(settled["member"]).get(
        reverse("collab:settlement_export", args=[settled["project"].pk])
    )
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [row for row in sheet.iter_rows(values_only=True) if row and row[0]]
    total = rows[-1]
    assert total[1] == 11 and total[5] == 10_967
    assert [r[5] for r in rows[3:-1]] == [3_988, 3_988, 2_991]


def test_print_page_and_report(settled: dict[str, Any], client_for: Any) -> None:
    client = client_for(settled["member"])
    body = client.get(reverse("collab:settlement_print", args=[settled["project"].pk])).content.decode()
    assert "10,967" in body and "3,988" in body
    report = client.get(reverse("collab:project_report", args=[settled["project"].pk])).content.decode()
    assert "10,967" in report


def test_staff_transition_refused_shows_message(settled: dict[str, Any], client_for: Any) -> None:
    client = client_for(settled["staff"])
    response = client.post(
        reverse("collab:project_transition", args=[settled["project"].pk]),
        {"to_status": "selling"},
        follow=True,
    )
    settled["project"].refresh_from_db()
    assert settled["project"].status == "proposed"
    assert response.status_code == 200


def test_network_calendar_is_ics(make_enterprise: Any, client_for: Any) -> None:
    import datetime as dt

    from django.utils import timezone

    network = services.network_create(actor=None, name="제과 협업 체계", coordinator=make_enterprise())
    start = timezone.now()
    services.network_event_create(
        actor=None,
        network=network,
        title="월례 회의, 12월",
        starts_at=start,
        ends_at=start + dt.timedelta(hours=1),
        description="안건: 공동 브랜드 포장재 단가와 납품 일정, 다음 분기 판로 계획\r\n장소는 센터 2층 회의실",
    )
    body = client_for(None).get(reverse("collab:network_calendar", args=[network.pk])).content.decode()
    assert body.startswith("BEGIN:VCALENDAR") and "SUMMARY:월례 회의\\, 12월" in body
    # Every physical line within 75 octets, no stray CR; unfolded, the text line break is \n.
    assert all(len(line.encode()) <= 75 for line in body.split("\r\n"))
    assert "\r" not in body.replace("\r\n", "")
    unfolded = body.replace("\r\n ", "")
    assert "DESCRIPTION:안건: 공동 브랜드 포장재 단가와 납품 일정\\, 다음 분기 판로 계획\\n장소는" in unfolded
    with pytest.raises(DomainError):
        services.network_event_create(
            actor=None, network=network, title="x", starts_at=start, ends_at=start - dt.timedelta(hours=1)
        )


def test_live_allocation_follows_orders_in_an_open_window(settled: dict[str, Any], client_for: Any) -> None:
    team = {"project": settled["project"], "staff": settled["staff"]}
    assert services.joint_product_restock(actor=settled["staff"], joint_product=settled["joint"]) == 13
    window = open_window(team, settled["joint"])
    sell(settled["joint"], window, [7], settled["staff"])
    response = client_for(settled["member"]).get(
        reverse("collab:project_detail", args=[settled["project"].pk])
    )
    live = response.context["joint_products"][0]["live"]
    assert live["units"] == 7
    assert [units for _part, units in live["rows"]] == [3, 2, 2]
    with pytest.raises(DomainError):
        services.joint_product_restock(actor=settled["staff"], joint_product=settled["joint"])
