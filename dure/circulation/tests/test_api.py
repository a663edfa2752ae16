from __future__ import annotations

import json
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command

from dure.accounts.models import EnterpriseMembership
from dure.circulation.models import Flow

SAMPLE = Path(__file__).parent / "data" / "flows_sample.csv"
YEAR = "start=2025-01-01&end=2025-12-31"


def _import(*args: str) -> dict[str, Any]:
    out = StringIO()
    call_command("import_flows", str(SAMPLE), "--json", *args, stdout=out)
    return json.loads(out.getvalue().strip().splitlines()[-1])


@pytest.mark.django_db
def test_sample_through_command_and_api(staff_user: Any, api_client_for: Any) -> None:
    assert _import("--dry-run")["created"] == 9
    assert Flow.objects.count() == 0
    first = _import()
    assert (first["created"], first["unchanged"], first["rejected"]) == (9, 0, [])
    again = _import()
    assert (again["created"], again["unchanged"], again["rejected"]) == (0, 9, [])
    assert Flow.objects.count() == 9
    client = api_client_for(staff_user)
    lm3 = client.get(f"/api/v1/circulation/lm3?party=419-81-87646&{YEAR}").json()
    assert (lm3["r1"], lm3["r2"], lm3["r3"], lm3["lm3"]) == (100_000_000, 50_000_000, 21_626_000, 1.71626)
    assert lm3["r3_by_source"] == {"records": 21_626_000, "declared": 0, "default": 0}
    same = client.get(f"/api/v1/circulation/lm3?party=4198187646&{YEAR}").json()
    assert same["lm3"] == 1.71626
    multiplier = client.get(f"/api/v1/circulation/multiplier?{YEAR}&rounds=4").json()
    assert multiplier["injection"] == 100_000_000
    assert multiplier["rounds"] == [100_000_000, 50_000_000, 21_626_000, 0]
    assert multiplier["lm"] == [1.0, 1.5, 1.71626, 1.71626]
    assert multiplier["full_multiplier"] == 1.71626
    household = client.get(f"/api/v1/circulation/lm3?party=직원 가계(광산구)&{YEAR}").json()
    assert household["r1"] == 30_000_000


@pytest.mark.django_db
def test_api_access(make_user: Any, make_enterprise: Any, api_client_for: Any) -> None:
    _import()
    bakery = make_enterprise(name="우리밀빵집", brn="4198187646", district_code="29200")
    member = make_user("enterprise")
    EnterpriseMembership.objects.create(user=member, enterprise=bakery, role="owner")
    stranger = make_user("enterprise")
    url = f"/api/v1/circulation/lm3?party=419-81-87646&{YEAR}"
    assert api_client_for(None).get(url).status_code == 401
    assert api_client_for(make_user("citizen")).get(url).status_code == 403
    assert api_client_for(stranger).get(url).status_code == 403
    response = api_client_for(member).get(url)
    assert response.status_code == 200
    assert response.json()["lm3"] == 1.71626
    # A member may not look at another party, known or not.
    assert api_client_for(member).get(f"/api/v1/circulation/lm3?party=408-86-95160&{YEAR}").status_code == 403
    assert api_client_for(member).get("/api/v1/circulation/lm3?party=없는곳").status_code == 403
    assert api_client_for(member).get(f"/api/v1/circulation/multiplier?{YEAR}").status_code == 403
    assert api_client_for(None).get(f"/api/v1/circulation/multiplier?{YEAR}").status_code == 401


@pytest.mark.django_db
def test_api_bad_input_is_a_problem_not_a_500(staff_user: Any, api_client_for: Any) -> None:
    _import()
    client = api_client_for(staff_user)
    for url, status in [
        ("/api/v1/circulation/lm3?party=206-18-12345", 400),
        ("/api/v1/circulation/lm3?party=없는곳", 404),
        ("/api/v1/circulation/lm3", 400),
        ("/api/v1/circulation/lm3?party=419-81-87646&start=2025-12-31&end=2025-01-01", 400),
        ("/api/v1/circulation/lm3?party=419-81-87646&start=yesterday", 422),
        ("/api/v1/circulation/multiplier?rounds=0", 400),
        ("/api/v1/circulation/multiplier?boundary=gwangju", 400),
    ]:
        response = client.get(url)
        assert response.status_code == status, url
        assert response["Content-Type"] == "application/problem+json"


@pytest.mark.django_db
def test_import_reports_rejected_rows_by_line_and_column(tmp_path: Path) -> None:
    bad = tmp_path / "flows.csv"
    bad.write_text(
        "date,payer,payer_region,payee,payee_region,amount,kind\n"
        "2025-02-14,서울 구매처,11,419-81-87646,29200,100000000,sale\n"
        "2025-02-30,서울 구매처,11,419-81-87646,29200,100,sale\n"
        "2025-03-01,서울 구매처,11,206-18-12345,29200,100,sale\n"
        "2025-03-01,서울 구매처,서울,419-81-87646,29200,-5,gift\n"
        "2025-02-14,서울 구매처,11,419-81-87646,29200,100000000,sale\n",
        encoding="utf-8",
    )
    out = StringIO()
    call_command("import_flows", str(bad), "--json", stdout=out)
    report = json.loads(out.getvalue().strip().splitlines()[-1])
    assert report["created"] == 2  # the identical first and last rows are two payments
    assert [(r["line"], r["column"]) for r in report["rejected"]] == [
        (3, "date"),
        (4, "payee"),
        (5, "payer_region"),
        (5, "amount"),
        (5, "kind"),
    ]
    assert Flow.objects.count() == 2
    out = StringIO()
    call_command("import_flows", str(bad), "--json", stdout=out)
    assert json.loads(out.getvalue().strip().splitlines()[-1])["created"] == 0


@pytest.mark.django_db
def test_import_xlsx_and_cp949_with_korean_headers(tmp_path: Path) -> None:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["2025년 자금 흐름"])
    sheet.append(["일자", "지급자", "지급자지역", "수취인", "수취인지역", "금액", "종류"])
    sheet.append([45702, "서울 구매처", 11, "419-81-87646", 29200, 100000000, "매출"])
    path = tmp_path / "flows.xlsx"
    workbook.save(path)
    out = StringIO()
    call_command("import_flows", str(path), "--json", stdout=out)
    assert json.loads(out.getvalue().strip().splitlines()[-1])["created"] == 1
    flow = Flow.objects.get()
    assert (str(flow.occurred_on), flow.kind, flow.payer_region) == ("2025-02-14", "sale", "11")
    cp949 = tmp_path / "flows_cp949.csv"
    cp949.write_bytes(
        '일자,지급자,지급자지역,수취인,수취인지역,금액,종류\n2025.03.01,광산구청,29200,동네 마트,29200,"1,000",구매\n'.encode(
            "cp949"
        )
    )
    out = StringIO()
    call_command("import_flows", str(cp949), "--json", stdout=out)
    assert json.loads(out.getvalue().strip().splitlines()[-1])["created"] == 1


@pytest.mark.django_db
def test_import_missing_file_is_a_clear_error(tmp_path: Path) -> None:
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("import_flows", str(tmp_path / "nope.csv"), stdout=StringIO())
    headerless = tmp_path / "x.csv"
    headerless.write_text("a,b,c\n1,2,3\n")
    with pytest.raises(CommandError):
        call_command("import_flows", str(headerless), stdout=StringIO())
