"""Back-office upload (run by the ImmediateBackend in tests) and the open-data files."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from dure.core.models import AuditLog
from dure.registry.models import Enterprise, ImportJob
from dure.registry.open_data import COLUMNS

DATA = Path(__file__).parent / "data"


def upload(client: Any, name: str, content: bytes | None = None, **data: Any) -> Any:
    content = content if content is not None else (DATA / name).read_bytes()
    return client.post(
        reverse("registry:import_list"),
        {"file": SimpleUploadedFile(name, content), "format": "auto", **data},
    )


@pytest.mark.django_db
class TestBackOffice:
    def test_upload_runs_the_import_and_shows_the_result(self, staff_user: Any, client_for: Any) -> None:
        client = client_for(staff_user)
        response = upload(client, "moel_social_enterprises_sample.xlsx")
        job = ImportJob.objects.get()
        assert response.status_code == 302 and response["Location"] == reverse(
            "registry:import_detail", args=[job.pk]
        )
        assert job.status == "done" and job.rows_total == 24 and job.rows_done == 24 and job.percent == 100
        assert (job.result["created"], job.result["updated"], job.result["unchanged"]) == (23, 0, 0)
        assert [r["line"] for r in job.result["rejected"]] == [12]
        assert job.created_by == staff_user and Enterprise.objects.count() == 23
        assert AuditLog.objects.filter(action="registry.enterprise.created", actor=staff_user).count() == 23

        page = client.get(reverse("registry:import_detail", args=[job.pk]))
        html = page.content.decode()
        assert page.status_code == 200
        assert 'id="count-created">23<' in html and 'id="count-rejected">1<' in html
        assert "hx-trigger" not in html  # finished: no more polling
        assert "운암한울방역" not in html and "사업자등록번호" in html

        again = upload(client, "moel_social_enterprises_sample.xlsx")
        assert again.status_code == 302
        second = ImportJob.objects.order_by("-pk").first()
        assert second is not None
        assert (second.result["created"], second.result["unchanged"]) == (0, 23)

    @pytest.mark.parametrize(
        ("name", "created", "flagged", "rejected"),
        [
            ("moel_social_enterprises_sample.xlsx", 23, 0, [12]),
            ("coops_sample_cp949.csv", 20, 1, []),
            ("village_enterprises_sample.csv", 15, 0, []),
            ("self_sufficiency_sample_euckr.csv", 12, 0, []),
        ],
    )
    def test_every_sample_from_the_back_office(
        self, staff_user: Any, client_for: Any, name: str, created: int, flagged: int, rejected: list[int]
    ) -> None:
        client = client_for(staff_user)
        upload(client, name)
        upload(client, name)
        first, second = ImportJob.objects.order_by("pk")
        assert (first.result["created"], first.result["flagged"]) == (created, flagged)
        assert [r["line"] for r in first.result["rejected"]] == rejected
        assert (second.result["created"], second.result["unchanged"]) == (0, created)
        assert Enterprise.objects.count() == created

    def test_a_portal_html_table_saved_as_xls_from_the_back_office(
        self, staff_user: Any, client_for: Any
    ) -> None:
        rows = list(csv.reader(io.StringIO((DATA / "coops_sample_cp949.csv").read_bytes().decode("cp949"))))
        table = "".join("<tr>" + "".join(f"<td>{cell}</td>" for cell in row) + "</tr>" for row in rows)
        html = f"<html><body><table><tr><td>협동조합 현황</td></tr>{table}<tr><td>합계</td></tr></table></body></html>"
        upload(client_for(staff_user), "협동조합현황.xls", html.encode("cp949"))
        job = ImportJob.objects.get()
        assert job.status == "done" and (job.result["created"], job.result["flagged"]) == (20, 1)
        # The title is Excel's row 1 and the header row 2; the total under the list comes last.
        assert [(r["line"], r["column"]) for r in job.result["rejected"]] == [(len(rows) + 2, "협동조합명")]

    def test_a_workbook_with_one_list_per_sheet(self, staff_user: Any, client_for: Any) -> None:
        rows = list(csv.reader(io.StringIO((DATA / "coops_sample_cp949.csv").read_bytes().decode("cp949"))))
        workbook = openpyxl.Workbook()
        cover = workbook.active
        assert cover is not None
        cover.title = "안내"
        cover.append(["2025년 협동조합 현황입니다. 자치구별 시트를 보세요."])
        east = workbook.create_sheet("동구·서구")
        for row in [rows[0], *rows[1:11]]:
            east.append(row)
        south = workbook.create_sheet("남구·북구·광산구")
        broken = [*rows[11][:-1], "408-86-1234"]  # a short number: rejected
        for row in [rows[0], broken, *rows[12:]]:
            south.append(row)
        buffer = io.BytesIO()
        workbook.save(buffer)
        client = client_for(staff_user)
        upload(client, "자치구별.xlsx", buffer.getvalue())
        job = ImportJob.objects.get()
        assert (job.result["created"], job.result["flagged"]) == (19, 1)  # no list is left behind
        assert [(r["sheet"], r["line"]) for r in job.result["rejected"]] == [("남구·북구·광산구", 2)]
        page = client.get(reverse("registry:import_detail", args=[job.pk])).content.decode()
        assert "남구·북구·광산구 · 2" in page

        response = client.get(reverse("registry:import_rejected_xlsx", args=[job.pk]))
        fixed = openpyxl.load_workbook(io.BytesIO(response.content))
        assert fixed.sheetnames == ["남구·북구·광산구"]
        sheet = fixed["남구·북구·광산구"]
        assert [c.value for c in sheet[1]][:-1] == rows[0] and sheet.cell(2, 9).value == "408-86-1234"

    def test_rejected_rows_download_can_be_fixed_and_reimported(
        self, staff_user: Any, client_for: Any
    ) -> None:
        client = client_for(staff_user)
        upload(client, "moel_social_enterprises_sample.xlsx")
        job = ImportJob.objects.get()
        response = client.get(reverse("registry:import_rejected_xlsx", args=[job.pk]))
        assert response.status_code == 200
        sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
        rows = list(sheet.iter_rows(values_only=True))
        assert rows[0][:4] == ("연번", "지역", "인증번호", "기관명") and rows[0][-1]
        assert len(rows) == 2 and rows[1][3] == "운암한울방역(주)" and rows[1][7] == "410-86-48829"
        assert "12" in rows[1][-1]
        from dure.core.models import AuditLog

        downloaded = AuditLog.objects.get(action="registry.importjob.personal_data_downloaded")
        assert (downloaded.actor, downloaded.target_pk, downloaded.personal_data) == (
            staff_user,
            str(job.pk),
            True,
        )
        # Fix the number (a valid one) and import the sheet again.
        sheet.cell(row=2, column=8, value=_valid("4108648829"))
        buffer = io.BytesIO()
        sheet.parent.save(buffer)
        upload(client, "fixed.xlsx", buffer.getvalue())
        fixed = ImportJob.objects.order_by("-pk").first()
        assert fixed is not None
        assert fixed.status == "done" and fixed.result["created"] == 1 and fixed.result["rejected"] == []
        assert Enterprise.objects.filter(name="운암한울방역(주)").count() == 1

    def test_a_formula_in_a_rejected_row_comes_back_as_text(self, staff_user: Any, client_for: Any) -> None:
        client = client_for(staff_user)
        header = "협동조합명,구분,설립일,대표자,소재지,전화번호,주요사업,업종,사업자등록번호"
        bad = '=1+1,일반협동조합,2018-04-09,"=HYPERLINK(""http://evil.example"")",광주광역시 남구 백서로 74,,,,123-45-67890'
        upload(client, "formula.csv", f"{header}\r\n{bad}\r\n".encode())
        job = ImportJob.objects.get()
        assert [r["line"] for r in job.result["rejected"]] == [2]
        response = client.get(reverse("registry:import_rejected_xlsx", args=[job.pk]))
        row = openpyxl.load_workbook(io.BytesIO(response.content)).active[2]
        assert (row[0].value, row[0].data_type) == ("=1+1", "s")
        assert (row[3].value, row[3].data_type) == ('=HYPERLINK("http://evil.example")', "s")

    def test_progress_fragment_polls_while_running(self, staff_user: Any, client_for: Any) -> None:
        from django.core.files.base import ContentFile

        job = ImportJob(original_name="x.csv", status="running", rows_total=200, rows_done=50)
        job.file.save("x.csv", ContentFile(b"a"), save=False)
        job.save()
        response = client_for(staff_user).get(
            reverse("registry:import_detail", args=[job.pk]), HTTP_HX_REQUEST="true"
        )
        html = response.content.decode()
        assert 'hx-trigger="every 1s"' in html and 'value="25"' in html and "<html" not in html

    def test_unreadable_upload_fails_visibly_and_writes_nothing(
        self, staff_user: Any, client_for: Any
    ) -> None:
        client = client_for(staff_user)
        upload(client, "noise.csv", bytes(range(256)) * 8)
        job = ImportJob.objects.get()
        assert job.status == "failed" and "사업자등록번호" in job.error
        assert Enterprise.objects.count() == 0
        page = client.get(reverse("registry:import_detail", args=[job.pk])).content.decode()
        assert "hx-trigger" not in page and job.error.split(".")[0] in page

    def test_dry_run_upload(self, staff_user: Any, client_for: Any) -> None:
        upload(client_for(staff_user), "coops_sample_cp949.csv", dry_run="on")
        job = ImportJob.objects.get()
        assert job.dry_run and job.result["created"] == 20 and job.result["flagged"] == 1
        assert Enterprise.objects.count() == 0

    def test_staff_nav_lists_the_import_page(self, staff_user: Any, client_for: Any) -> None:
        html = client_for(staff_user).get(reverse("registry:enterprise_list")).content.decode()
        assert reverse("registry:import_list") in html

    def test_not_staff_cannot_upload(self, make_user: Any, client_for: Any) -> None:
        response = upload(client_for(make_user("enterprise")), "coops_sample_cp949.csv")
        assert response.status_code == 403 and ImportJob.objects.count() == 0


def _valid(number: str) -> str:
    from dure.core.identifiers import brn_format, brn_with_check_digit

    return brn_format(brn_with_check_digit(number[:9]))


@pytest.fixture
def registry_with_private_data(db: Any, make_enterprise: Any) -> Any:
    from dure.core.identifiers import brn_with_check_digit

    public = make_enterprise(
        designation="social",
        name="공개사회적기업(주)",
        legal_form="company",
        brn=brn_with_check_digit("419818764"),
        phone="062-111-2222",
        email="owner-private@example.org",
        representative="김대표",
        website="https://public.example.kr",
        latitude="35.150000",
        longitude="126.900000",
        needs_review=True,
        review_note="내부 메모",
        annual_revenue=123456789,
        employees_total=7,
    )
    hidden_phone = make_enterprise(
        designation="coop", name="비공개협동조합", phone="010-9999-8888", publish_phone=False
    )
    closed = make_enterprise(designation="coop", name="폐업협동조합", status="closed")
    return public, hidden_phone, closed


@pytest.mark.django_db
class TestOpenData:
    def test_csv_utf8_with_bom(self, client: Any, registry_with_private_data: Any) -> None:
        public, hidden_phone, _closed = registry_with_private_data
        response = client.get(reverse("api:open_data_enterprises_csv"))
        assert response.status_code == 200 and response["Content-Type"] == "text/csv; charset=utf-8"
        assert response.content.startswith(b"\xef\xbb\xbf")
        rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
        assert list(rows[0]) == COLUMNS
        by_name = {r["name"]: r for r in rows}
        assert set(by_name) == {"공개사회적기업(주)", "비공개협동조합"}
        row = by_name["공개사회적기업(주)"]
        assert row["brn"] == "419-81-87646" and row["primary_type"] == "social"
        assert row["designation_types"] == "social" and row["designation_authorities"] == "고용노동부"
        assert row["district_code"] == "29170" and row["district"] == "북구"
        assert row["phone"] == "062-111-2222" and row["representative"] == "김대표"
        assert (
            row["latitude"] == "35.15" and row["profile_url"] == f"http://testserver/enterprises/{public.pk}/"
        )
        assert by_name["비공개협동조합"]["phone"] == ""
        self.assert_no_personal_data(response.content.decode("utf-8-sig"))

    def test_csv_cp949(self, client: Any, registry_with_private_data: Any) -> None:
        response = client.get(reverse("api:open_data_enterprises_csv") + "?encoding=cp949")
        assert response["Content-Type"] == "text/csv; charset=cp949"
        assert not response.content.startswith(b"\xef\xbb\xbf")
        text = response.content.decode("cp949")
        assert "공개사회적기업(주)" in text and text.splitlines()[0].split(",") == COLUMNS
        assert client.get(reverse("api:open_data_enterprises_csv") + "?encoding=latin9").status_code == 400

    def test_xlsx(self, client: Any, registry_with_private_data: Any) -> None:
        response = client.get(reverse("api:open_data_enterprises_xlsx"))
        assert response.status_code == 200
        workbook = openpyxl.load_workbook(io.BytesIO(response.content))
        rows = list(workbook["enterprises"].iter_rows(values_only=True))
        assert list(rows[0]) == COLUMNS and len(rows) == 3
        flat = " ".join(str(c) for row in rows for c in row if c is not None)
        self.assert_no_personal_data(flat)
        # The second sheet explains every column, with its Korean name.
        fields = list(workbook["fields"].iter_rows(values_only=True))
        assert fields[0] == ("column", "항목명", "description")
        assert [row[0] for row in fields[1:]] == COLUMNS and all(row[1] and row[2] for row in fields[1:])
        assert dict((row[0], row[1]) for row in fields[1:])["brn"] == "사업자등록번호"

    def test_a_typed_formula_stays_text_in_csv_and_xlsx(
        self, client: Any, registry_with_private_data: Any
    ) -> None:
        public, _hidden, _closed = registry_with_private_data
        formula = '=HYPERLINK("http://evil.example","할인")'
        Enterprise.objects.filter(pk=public.pk).update(description=formula)
        text = client.get(reverse("api:open_data_enterprises_csv")).content.decode("utf-8-sig")
        row = next(r for r in csv.DictReader(io.StringIO(text)) if r["name"] == "공개사회적기업(주)")
        assert row["description"] == "'" + formula
        response = client.get(reverse("api:open_data_enterprises_xlsx"))
        sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
        cells = [c for row in sheet.iter_rows() for c in row if c.value == formula]
        assert len(cells) == 1 and cells[0].data_type == "s"

    def test_json(self, client: Any, registry_with_private_data: Any) -> None:
        response = client.get(reverse("api:open_data_enterprises_json"))
        body = response.json()
        assert body["count"] == 2 and body["fields"] == COLUMNS
        item = next(i for i in body["items"] if i["name"] == "공개사회적기업(주)")
        assert item["designations"][0]["type"] == "social" and item["types"] == ["social"]
        assert set(item) == (
            set(COLUMNS)
            - {
                "designation_types",
                "designation_authorities",
                "designation_numbers",
                "designation_start_dates",
                "designation_end_dates",
            }
        ) | {"designations"}
        self.assert_no_personal_data(response.content.decode())

    def test_jsonld_profile(self, client: Any, registry_with_private_data: Any) -> None:
        public, _hidden, closed = registry_with_private_data
        response = client.get(reverse("api:open_data_enterprise_jsonld", kwargs={"pk": public.pk}))
        assert response["Content-Type"] == "application/ld+json; charset=utf-8"
        doc = json.loads(response.content)
        assert doc["@context"]["@vocab"] == "https://schema.org/" and "essglobal" in doc["@context"]
        assert doc["name"] == "공개사회적기업(주)" and doc["legalForm"] == "essglobal:Company"
        assert doc["url"] == f"http://testserver/enterprises/{public.pk}/"
        assert doc["primary_url"] == "https://public.example.kr"
        assert doc["address"]["addressRegion"] == "광주광역시" and doc["address"]["addressLocality"] == "북구"
        assert doc["geo"] == {"@type": "GeoCoordinates", "latitude": 35.15, "longitude": 126.9}
        assert doc["region"] == "Gwangju" and doc["country_iso_3166"] == "KR"
        assert "social" in doc["tags"] and doc["taxID"] == "419-81-87646"
        self.assert_no_personal_data(response.content.decode())
        assert (
            client.get(reverse("api:open_data_enterprise_jsonld", kwargs={"pk": closed.pk})).status_code
            == 404
        )

    def test_another_regions_center_publishes_its_own_province(
        self, client: Any, make_enterprise: Any
    ) -> None:
        # Dure runs any regional center: the province comes from the district code, not from Gwangju.
        seoul = make_enterprise(
            name="마포사회적협동조합", district_code="11440", address="서울특별시 마포구 월드컵로 1"
        )
        doc = json.loads(
            client.get(reverse("api:open_data_enterprise_jsonld", kwargs={"pk": seoul.pk})).content
        )
        assert (doc["address"]["addressRegion"], doc["region"]) == ("서울특별시", "Seoul")

    @staticmethod
    def assert_no_personal_data(text: str) -> None:
        for secret in (
            "owner-private@example.org",
            "010-9999-8888",
            "내부 메모",
            "123456789",
            "email",
            "review",
        ):
            assert secret not in text, secret
