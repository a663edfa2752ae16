from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse

from dure.accounts.models import EnterpriseMembership
from dure.circulation.importing import import_flows
from dure.circulation.models import DeclaredShare, Flow, Party
from dure.circulation.services import party_group_save
from dure.core.models import AuditLog

SAMPLE = Path(__file__).parent / "data" / "flows_sample.csv"


@pytest.fixture
def sample(db: Any) -> None:
    import_flows(SAMPLE)


@pytest.mark.django_db
def test_dashboard_shows_the_sample_and_csv(sample: None, staff_user: Any, client_for: Any) -> None:
    group = party_group_save(name="빵집 그룹", parties=[Party.objects.get(brn="4198187646")])
    client = client_for(staff_user)
    response = client.get(reverse("circulation:dashboard") + "?year=2025")
    assert response.status_code == 200
    content = response.content.decode()
    assert "100,000,000" in content
    assert "1.71626" in content
    assert "chart.umd.js" in content
    assert 'id="data-rounds"' in content
    csv = client.get(reverse("circulation:dashboard_csv", args=["rounds"]) + "?year=2025").content.decode(
        "utf-8-sig"
    )
    assert csv.splitlines()[1:4] == ["1,100000000,1.0", "2,50000000,1.5", "3,21626000,1.71626"]
    groups = client.get(reverse("circulation:dashboard_csv", args=["groups"]) + "?year=2025").content.decode(
        "utf-8-sig"
    )
    assert "빵집 그룹,100000000,50000000,21626000,1.71626" in groups
    whatif = client.get(reverse("circulation:dashboard") + f"?year=2025&group={group.pk}&percent=50")
    assert whatif.status_code == 200
    assert "1.92626" in whatif.content.decode()
    assert client.get(reverse("circulation:dashboard_csv", args=["nope"])).status_code == 404
    assert client.get(reverse("circulation:dashboard") + "?boundary=abc").status_code == 200


@pytest.mark.django_db
def test_public_page_suppresses_small_cells(sample: None, client_for: Any) -> None:
    response = client_for(None).get(reverse("circulation:public") + "?year=2025")
    assert response.status_code == 200
    content = response.content.decode()
    # The sample has three local payers in total: the region-level figures are shown...
    assert "1.71626" in content
    # ...but every district cell holds fewer than three payers, so none of them is published.
    assert "13,626,000" not in content and "13626000" not in content
    csv = client_for(None).get(reverse("circulation:public_csv", args=["districts"]) + "?year=2025")
    rows = csv.content.decode("utf-8-sig").splitlines()[1:]
    assert rows and all(row.endswith(",") for row in rows)


@pytest.mark.django_db
def test_public_page_with_too_few_parties_shows_nothing(client_for: Any) -> None:
    response = client_for(None).get(reverse("circulation:public"))
    assert response.status_code == 200
    assert "data-rounds" not in response.content.decode()


@pytest.mark.django_db
def test_enterprise_reports_outlays_and_wages(make_user: Any, make_enterprise: Any, client_for: Any) -> None:
    bakery = make_enterprise(name="우리밀빵집", brn="4198187646", district_code="29200")
    owner = make_user("enterprise")
    EnterpriseMembership.objects.create(user=owner, enterprise=bakery, role="owner")
    client = client_for(owner)
    url = reverse("circulation:enterprise_outlays", args=[bakery.pk])
    assert client.get(url).status_code == 200
    data = {
        "year": "2025",
        "outlay-TOTAL_FORMS": "2",
        "outlay-INITIAL_FORMS": "0",
        "outlay-0-supplier_name": "밀 농가",
        "outlay-0-supplier_region": "46",
        "outlay-0-amount": "1000000",
        "outlay-0-kind": "purchase",
        "outlay-1-supplier_name": "",
        "wage-TOTAL_FORMS": "1",
        "wage-INITIAL_FORMS": "0",
        "wage-0-district": "29200",
        "wage-0-amount": "3000000",
    }
    response = client.post(url, data)
    assert response.status_code == 302, response.context["outlays"].errors
    assert Flow.objects.count() == 2
    client.post(url, data)  # the same report again records nothing more
    assert Flow.objects.count() == 2
    wage = Flow.objects.get(kind="wage")
    assert (wage.payer.brn, wage.payee_region, wage.amount) == ("4198187646", "29200", 3_000_000)
    # A bad line: nothing recorded, the form says why.
    bad = {**data, "outlay-0-supplier_region": "", "outlay-0-amount": "5"}
    response = client.post(url, bad)
    assert response.status_code == 200
    assert Flow.objects.count() == 2
    page = client.get(reverse("circulation:enterprise_figures", args=[bakery.pk]) + "?year=2025")
    assert page.status_code == 200
    assert "밀 농가" in page.content.decode()
    purchase = Flow.objects.get(kind="purchase")
    client.post(reverse("circulation:enterprise_flow_reverse", args=[bakery.pk, purchase.pk]))
    assert Flow.objects.filter(reverses=purchase).count() == 1
    share = client.post(
        reverse("circulation:enterprise_share", args=[bakery.pk]), {"year": "2025", "percent": "42.5"}
    )
    assert share.status_code == 302
    assert str(DeclaredShare.objects.get().share) == "0.4250"
    assert AuditLog.objects.filter(action="circulation.declared_share.set").count() == 1


@pytest.mark.django_db
def test_other_enterprise_members_cannot_see_or_write(
    make_user: Any, make_enterprise: Any, client_for: Any
) -> None:
    bakery = make_enterprise(name="우리밀빵집", brn="4198187646", district_code="29200")
    stranger = make_user("enterprise")
    client = client_for(stranger)
    assert client.get(reverse("circulation:enterprise_figures", args=[bakery.pk])).status_code == 404
    response = client.post(
        reverse("circulation:enterprise_share", args=[bakery.pk]), {"year": "2025", "percent": "50"}
    )
    assert response.status_code == 404
    assert DeclaredShare.objects.count() == 0
