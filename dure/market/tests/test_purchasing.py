from __future__ import annotations

import datetime as dt
from typing import Any

import openpyxl
import pytest
from django.utils import timezone

from dure.core.errors import Conflict, DomainError, PermissionDeniedError
from dure.market.models import InstitutionPurchase
from dure.market.services import (
    fair_create,
    fair_meeting_schedule,
    institution_create,
    order_place,
    order_transition,
    purchase_import,
    purchase_report,
    target_set,
)

pytestmark = pytest.mark.django_db


def _csv(rows: list[str]) -> bytes:
    return "\n".join(["광주시 우선구매 실적", "구매일자,기업명,사업자등록번호,품목,금액", *rows]).encode(
        "cp949"
    )


def test_import_report_rate_and_reimport_is_unchanged(make_enterprise: Any, make_user: Any) -> None:
    social = make_enterprise(designation="social", name="사회적기업가")
    coop = make_enterprise(designation="coop", name="협동조합나")
    city = institution_create(actor=None, name="광주광역시청", region_code="29")
    target_set(actor=None, institution=city, year=2026, amount=1_000_000)
    target_set(actor=None, institution=city, year=2026, amount=400_000, enterprise_type="social")
    content = _csv(
        [
            f'2026-03-02,{social.name},{social.brn_display},도시락,"300,000"',
            f"2026.04.10,{coop.name},,기념품,150000",
            "2026-13-01,없는기업,,오류,1000",
            f"2026-05-01,{coop.name},,청소,abc",
            "2025-12-31,작년기업,,작년,999999",
        ]
    )
    result = purchase_import(actor=None, institution=city, content=content, filename="실적.csv")
    assert (result["created"], result["unchanged"]) == (3, 0)
    assert [(r["line"]) for r in result["rejected"]] == [5, 6]
    again = purchase_import(actor=None, institution=city, content=content, filename="실적.csv")
    assert (again["created"], again["unchanged"]) == (0, 3)
    row = InstitutionPurchase.objects.get(enterprise=social)
    assert (row.amount, row.enterprise_type, row.purchased_on) == (300_000, "social", dt.date(2026, 3, 2))
    report = purchase_report(year=2026)
    line = report["institutions"][0]
    assert (line["target"], line["actual"], line["rate"], line["imported"], line["on_dure"]) == (
        1_000_000,
        450_000,
        45.0,
        450_000,
        0,
    )
    types = {r["type"]: r for r in report["types"]}
    assert (types["social"]["target"], types["social"]["actual"], types["social"]["rate"]) == (
        400_000,
        300_000,
        75.0,
    )
    assert (types["coop"]["actual"], types["coop"]["rate"]) == (150_000, None)


def test_import_xlsx_and_refusals(make_enterprise: Any, make_user: Any) -> None:
    import io

    city = institution_create(actor=None, name="광주광역시청")
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["기관 구매 실적"])
    sheet.append(["구매일자", "기업명", "금액", "기업유형"])
    sheet.append([dt.date(2026, 6, 1), "마을빵집", 50000, "마을기업"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    result = purchase_import(actor=None, institution=city, content=buffer.getvalue(), filename="a.xlsx")
    assert result["created"] == 1
    assert InstitutionPurchase.objects.get().enterprise_type == "village"
    with pytest.raises(DomainError):
        purchase_import(actor=None, institution=city, content=b"\x00\x01garbage", filename="a.xlsx")
    with pytest.raises(DomainError):
        purchase_import(actor=None, institution=city, content=b"a,b\n1,2", filename="a.csv")
    stranger = make_user("institution")
    with pytest.raises(PermissionDeniedError):
        purchase_import(actor=stranger, institution=city, content=_csv([]), filename="a.csv")
    assert InstitutionPurchase.objects.count() == 1


def test_institution_order_counts_when_fulfilled_and_reverses_on_refund(
    make_product: Any, open_window: Any, make_user: Any
) -> None:
    buyer = make_user("institution")
    city = institution_create(actor=None, name="광주광역시청", region_code="29", users=[buyer])
    target_set(actor=None, institution=city, year=timezone.localdate().year, amount=100_000)
    bread = make_product(price=10_000, stock=20)
    open_window([bread])
    order = order_place(
        buyer={"name": "서구매", "email": "buyer@example.org"},
        items=[{"product": bread.pk, "quantity": 5}],
        consent=True,
        user=buyer,
        channel="institution",
        institution=city,
    )
    assert order.payment_method == "invoice" and order.is_institution
    assert purchase_report(year=timezone.localdate().year)["institutions"][0]["actual"] == 0
    order_transition(actor=None, order=order, to_status="fulfilled")
    line = purchase_report(year=timezone.localdate().year)["institutions"][0]
    assert (line["actual"], line["on_dure"], line["rate"]) == (50_000, 50_000, 50.0)
    order_transition(actor=None, order=order, to_status="refunded")
    assert purchase_report(year=timezone.localdate().year)["institutions"][0]["actual"] == 0


def test_fair_meeting_slots_do_not_double_book(make_enterprise: Any) -> None:
    city = institution_create(actor=None, name="광주광역시청")
    school = institution_create(actor=None, name="광주광역시교육청")
    bakery = make_enterprise()
    fair = fair_create(actor=None, name="상담회", held_on=dt.date(2026, 12, 1))
    at = timezone.make_aware(dt.datetime(2026, 12, 1, 14, 0))
    fair_meeting_schedule(actor=None, fair=fair, institution=city, enterprise=bakery, starts_at=at, table="1")
    with pytest.raises(Conflict):
        fair_meeting_schedule(
            actor=None, fair=fair, institution=school, enterprise=bakery, starts_at=at, table="2"
        )
    with pytest.raises(Conflict):
        fair_meeting_schedule(
            actor=None, fair=fair, institution=school, enterprise=make_enterprise(), starts_at=at, table="1"
        )
    assert fair.meetings.count() == 1


def test_staff_plan_a_fair_and_enterprises_find_it(
    make_enterprise: Any, make_user: Any, client_for: Any
) -> None:
    from dure.accounts.models import EnterpriseMembership
    from dure.market.models import Fair

    fair_create(actor=None, name="지난 상담회", held_on=timezone.localdate() - dt.timedelta(days=30))
    staff = client_for(make_user("staff"))
    refused = staff.post("/market/fairs/", {"name": " ", "held_on": "2026-13-01", "slot_minutes": "20"})
    assert refused.status_code == 200 and Fair.objects.count() == 1
    soon = timezone.localdate() + dt.timedelta(days=20)
    done = staff.post(
        "/market/fairs/",
        {"name": "공공기관 구매상담회", "held_on": soon.isoformat(), "venue": "센터", "slot_minutes": "20"},
    )
    fair = Fair.objects.get(name="공공기관 구매상담회")
    assert done["Location"] == f"/market/fairs/{fair.pk}/"

    owner = make_user("enterprise")
    EnterpriseMembership.objects.create(user=owner, enterprise=make_enterprise(), role="owner")
    page = client_for(owner).get("/market/fairs/").content.decode()
    assert page.index("공공기관 구매상담회") < page.index("지난 상담회")  # upcoming first
    assert "구매상담회 계획" not in page and "Plan a fair" not in page  # no form for enterprises
    assert (
        client_for(owner).post("/market/fairs/", {"name": "x", "held_on": soon.isoformat()}).status_code
        == 403
    )
    assert Fair.objects.count() == 2

    city = institution_create(actor=None, name="광주광역시청")
    buyer = make_user("institution")
    city.users.add(buyer)
    report = client_for(buyer).get("/market/purchasing/").content.decode()
    assert "공공기관 구매상담회" in report and "<title>우선구매" in report.replace("\n", "")
