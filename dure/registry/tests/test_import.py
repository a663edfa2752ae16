"""Importing the official lists: formats, encodings, dates, rejections, identity, audit, dry run."""

from __future__ import annotations

import datetime as dt
import io
import json
import random
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from hypothesis import given
from hypothesis import strategies as st

from dure.core.identifiers import brn_error, brn_format, brn_with_check_digit
from dure.core.models import AuditLog
from dure.registry.demo import sample_list_keys, seed_registry
from dure.registry.importing import UnreadableFile, import_file
from dure.registry.importing.rows import BadValue, brn_problem, check_date, parse_date
from dure.registry.models import Designation, DesignationType, Enterprise
from dure.registry.normalize import normalize_name

DATA = Path(__file__).parent / "data"
MOEL = DATA / "moel_social_enterprises_sample.xlsx"
COOPS = DATA / "coops_sample_cp949.csv"
VILLAGE = DATA / "village_enterprises_sample.csv"
SELF = DATA / "self_sufficiency_sample_euckr.csv"


def run(path: Path, *args: str) -> dict[str, Any]:
    out = io.StringIO()
    call_command("import_enterprises", str(path), "--json", *args, stdout=out, stderr=io.StringIO())
    return json.loads(out.getvalue().strip().splitlines()[-1])


def csv_file(tmp_path: Path, text: str, encoding: str = "utf-8", name: str = "list.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


BRN1 = brn_format(brn_with_check_digit("408861234"))
BRN2 = brn_format(brn_with_check_digit("410821111"))
COOP_HEADER = "협동조합명,구분,설립일,대표자,소재지,전화번호,주요사업,업종,사업자등록번호\n"


@pytest.mark.django_db
class TestSamples:
    def test_moel_xlsx(self) -> None:
        result = run(MOEL)
        assert result["created"] == 23 and result["updated"] == 0 and result["unchanged"] == 0
        assert result["flagged"] == 0
        assert [(r["line"], r["column"]) for r in result["rejected"]] == [(12, "사업자등록번호")]
        assert Enterprise.objects.count() == 23
        # Row 8: number without hyphens; row 15: date typed as text; row 20: Excel serial number.
        row8 = Enterprise.objects.get(brn="4108611450")
        assert row8.name == "용봉빛고을돌봄 주식회사" and row8.district_code == "29170"
        assert row8.legal_form == "company" and row8.primary_type == DesignationType.SOCIAL
        designation = row8.designations.get()
        assert (designation.number, designation.round, designation.authority) == (
            "2020-216",
            "2020-1",
            "고용노동부",
        )
        assert Designation.objects.get(enterprise__brn="4088160609").start_date == dt.date(2022, 10, 22)
        assert Designation.objects.get(enterprise__brn="4108289775").start_date == dt.date(2014, 8, 17)
        assert Designation.objects.get(enterprise__brn="4198187646").start_date == dt.date(2023, 6, 16)

    def test_coops_cp949(self) -> None:
        result = run(COOPS)
        assert result == {"created": 20, "updated": 0, "unchanged": 0, "flagged": 1, "rejected": []}
        flagged = Enterprise.objects.get(needs_review=True)
        assert flagged.name == "송정제과제빵협동조합" and flagged.brn == "" and flagged.review_note
        assert Enterprise.objects.filter(primary_type=DesignationType.SOCIAL_COOP).count() == 3
        assert Enterprise.objects.filter(primary_type=DesignationType.COOP).count() == 17
        first = Enterprise.objects.get(brn="4088695160")
        assert first.founded_on == dt.date(2018, 4, 9) and first.ksic_code == "D35"
        assert first.legal_form == "cooperative" and first.district_code == "29155"
        assert Designation.objects.get(enterprise__brn="4108617643").start_date == dt.date(2022, 11, 28)

    @pytest.mark.parametrize("today", [dt.date(2026, 12, 3), dt.date(2027, 3, 2)])
    def test_on_the_demo_registry_each_sample_adds_what_its_readme_says(self, today: dt.date) -> None:
        # Staff try the samples on the demo: no demo enterprise may share a number or a name with
        # a sample row (on 2026-12-03 a random number equalled a village sample's and the import
        # reported 14 created, 1 updated).
        seed_registry(random.Random(2017), today=today)
        brns, names = sample_list_keys()
        assert len(brns) == 69 and len(names) == 66  # one coop row has no number; names normalised
        assert not Enterprise.objects.filter(brn__in=brns).exists()
        assert not {normalize_name(n) for n in Enterprise.objects.values_list("name", flat=True)} & names
        assert run(MOEL)["created"] == 23
        assert run(COOPS)["created"] == 20
        assert run(VILLAGE)["created"] == 15
        assert run(SELF)["created"] == 12
        assert Enterprise.objects.count() == 805 + 70

    def test_village_utf8_bom(self) -> None:
        assert run(VILLAGE) == {"created": 15, "updated": 0, "unchanged": 0, "flagged": 0, "rejected": []}
        enterprise = Enterprise.objects.get(brn="4108787165")
        assert enterprise.primary_type == DesignationType.VILLAGE
        designation = enterprise.designations.get()
        assert designation.start_date is None and designation.round == "2021 신규"

    def test_self_sufficiency_euckr(self) -> None:
        assert run(SELF) == {"created": 12, "updated": 0, "unchanged": 0, "flagged": 0, "rejected": []}
        assert set(Enterprise.objects.values_list("primary_type", flat=True)) == {"self_sufficiency"}

    def test_reimport_changes_nothing(self) -> None:
        for path, count in ((MOEL, 23), (COOPS, 20), (VILLAGE, 15), (SELF, 12)):
            run(path)
            enterprises, designations, audit = (
                Enterprise.objects.count(),
                Designation.objects.count(),
                AuditLog.objects.exclude(action="registry.import.completed").count(),
            )
            again = run(path)
            assert again["created"] == 0 and again["updated"] == 0 and again["unchanged"] == count
            assert Enterprise.objects.count() == enterprises and Designation.objects.count() == designations
            assert AuditLog.objects.exclude(action="registry.import.completed").count() == audit

    def test_dry_run_writes_nothing_and_reports_the_same(self) -> None:
        dry = run(MOEL, "--dry-run")
        assert Enterprise.objects.count() == 0 and AuditLog.objects.count() == 0
        assert dry == run(MOEL)

    def test_created_is_audited_with_source(self) -> None:
        run(SELF)
        entries = AuditLog.objects.filter(action="registry.enterprise.created")
        assert entries.count() == 12
        entry = entries.get(target_pk=str(Enterprise.objects.get(brn="4198110263").pk))
        assert entry.target_type == "registry.enterprise" and entry.actor_label == "import_enterprises"
        assert entry.data["source"] == "import" and entry.data["after"]["name"] == "하남청소자활"
        assert entry.data["designations"][0]["type"] == "self_sufficiency"


@pytest.mark.django_db
class TestIdentity:
    def test_changed_field_is_updated_and_audited_with_old_value(self, tmp_path: Path) -> None:
        run(COOPS)
        text = COOPS.read_bytes().decode("cp949").replace("서현우", "서현아")
        result = run(csv_file(tmp_path, text, "cp949"))
        assert result["created"] == 0 and result["updated"] == 1 and result["unchanged"] == 19
        enterprise = Enterprise.objects.get(brn="4088695160")
        assert enterprise.representative == "서현아"
        entry = AuditLog.objects.get(action="registry.enterprise.updated", target_pk=str(enterprise.pk))
        assert entry.data["changes"] == {"representative": ["서현우", "서현아"]}
        assert entry.data["source"] == "import"

    def test_empty_cell_does_not_erase(self, tmp_path: Path) -> None:
        run(
            csv_file(
                tmp_path,
                COOP_HEADER
                + f"가나협동조합,일반협동조합,2019-01-02,홍길동,광주광역시 서구 상무대로 1,062-000-0000,빵,,{BRN1}\n",
            )
        )
        result = run(
            csv_file(
                tmp_path,
                COOP_HEADER + f"가나협동조합,일반협동조합,2019-01-02,,광주광역시 서구 상무대로 1,,,,{BRN1}\n",
                name="b.csv",
            )
        )
        assert result["unchanged"] == 1
        assert Enterprise.objects.get().representative == "홍길동"

    def test_same_enterprise_twice_in_one_file_is_one(self, tmp_path: Path) -> None:
        text = COOP_HEADER + (
            f"가나협동조합,일반협동조합,2019-01-02,홍길동,광주광역시 서구 상무대로 1,,,,{BRN1}\n"
            f"가나협동조합,사회적협동조합,2021-05-06,홍길동,광주광역시 서구 상무대로 1,,,,{BRN1.replace('-', '')}\n"
            "다라협동조합,일반협동조합,2019-01-02,김,광주광역시 북구 하서로 1,,,,\n"
            "(주)다라협동조합,일반협동조합,2019-01-02,김,광주 북구 하서로 9,,,,\n"
        )
        result = run(csv_file(tmp_path, text))
        assert result["created"] == 2 and result["flagged"] == 2 and result["rejected"] == []
        enterprise = Enterprise.objects.get(brn=BRN1.replace("-", ""))
        assert sorted(enterprise.designations.values_list("type", flat=True)) == ["coop", "social_coop"]
        assert enterprise.primary_type == "social_coop"
        assert run(csv_file(tmp_path, text, name="again.csv"))["unchanged"] == 2

    def test_same_designation_twice_in_one_file_is_one(self, tmp_path: Path) -> None:
        header = "기관명,인증번호,인증일자,인증회차,대표자,소재지,사업자등록번호\n"
        text = header + (
            f"가나(주),2019-001,2019-05-06,2019-1,김,광주광역시 동구 금남로 1,{BRN1}\n"
            f"가나(주),2019-001,2019-05-06,2019-2,김,광주광역시 동구 금남로 1,{BRN1}\n"
        )
        assert run(csv_file(tmp_path, text))["created"] == 1
        assert list(Designation.objects.values_list("round", flat=True)) == ["2019-2"]

    def test_new_designation_is_added_to_known_enterprise(self, tmp_path: Path, make_enterprise: Any) -> None:
        known = make_enterprise(designation="coop", brn=BRN2, name="상무마을밥상협동조합")
        assert known.primary_type == "coop"
        text = (
            "마을기업명,지정연도,구분,대표자,주소,사업자등록번호\n"
            + f"상무마을밥상,2024,신규,박,광주광역시 남구 봉선로 1,{BRN2}\n"
        )
        result = run(csv_file(tmp_path, text))
        assert result["created"] == 0 and result["updated"] == 1
        known.refresh_from_db()
        assert known.primary_type == "village" and known.name == "상무마을밥상"
        assert sorted(known.designations.values_list("type", flat=True)) == ["coop", "village"]
        assert (
            AuditLog.objects.filter(action="registry.designation.added", target_pk=str(known.pk)).count() == 2
        )
        assert Enterprise.objects.count() == 1

    def test_without_number_matched_by_name_and_district(self, tmp_path: Path, make_enterprise: Any) -> None:
        known = make_enterprise(
            designation="coop", brn="", name="하나협동조합", address="광주광역시 북구 용봉로 1"
        )
        text = (
            COOP_HEADER
            + "하나 협동조합,일반협동조합,,이,광주광역시 북구 용봉로 1,,,,\n"
            + "하나협동조합,일반협동조합,,이,광주광역시 남구 봉선로 1,,,,\n"
        )
        result = run(csv_file(tmp_path, text))
        assert result["created"] == 1 and result["flagged"] == 2
        assert Enterprise.objects.filter(name__startswith="하나").count() == 2
        assert Enterprise.objects.get(district_code="29170").pk == known.pk

    def test_number_fills_a_record_found_by_name(self, tmp_path: Path, make_enterprise: Any) -> None:
        known = make_enterprise(
            designation="coop", brn="", name="둘협동조합", address="광주광역시 동구 금남로 1"
        )
        result = run(
            csv_file(
                tmp_path, COOP_HEADER + f"둘협동조합,일반협동조합,,,광주광역시 동구 금남로 1,,,,{BRN1}\n"
            )
        )
        assert result["updated"] == 1 and result["created"] == 0
        known.refresh_from_db()
        assert known.brn == BRN1.replace("-", "")


@pytest.mark.django_db
class TestRejections:
    def test_each_reason_with_line_and_column(self, tmp_path: Path) -> None:
        text = (
            "광주 협동조합 현황\n"
            "\n"
            + COOP_HEADER
            + f"좋은협동조합,일반협동조합,2019-01-02,가,광주광역시 서구 상무대로 1,,,,{BRN1}\n"  # line 4: fine
            + "틀린번호협동조합,일반협동조합,2019-01-02,가,광주광역시 서구 상무대로 1,,,,408-86-1234\n"  # 5 format
            + "검증협동조합,일반협동조합,2019-01-02,가,광주광역시 서구 상무대로 1,,,,408-86-12340\n"  # 6 check digit
            + ",일반협동조합,2019-01-02,가,광주광역시 서구 상무대로 1,,,,\n"  # 7 name missing
            + "날짜협동조합,일반협동조합,2019-02-30,가,광주광역시 서구 상무대로 1,,,,\n"  # 8 impossible date
            + "미래협동조합,일반협동조합,2099-01-01,가,광주광역시 서구 상무대로 1,,,,\n"  # 9 future
            + "옛날협동조합,일반협동조합,1850-01-01,가,광주광역시 서구 상무대로 1,,,,\n"  # 10 before 1900
            + "글자협동조합,일반협동조합,작년 봄,가,광주광역시 서구 상무대로 1,,,,\n"  # 11 not a date
        )
        assert brn_error(f"{BRN1[:-1]}0" if not BRN1.endswith("0") else f"{BRN1[:-1]}1") == "check_digit"
        result = run(csv_file(tmp_path, text))
        assert result["created"] == 1
        got = [(r["line"], r["column"]) for r in result["rejected"]]
        assert got == [
            (5, "사업자등록번호"),
            (6, "사업자등록번호"),
            (7, "협동조합명"),
            (8, "설립일"),
            (9, "설립일"),
            (10, "설립일"),
            (11, "설립일"),
        ]
        reasons = [r["reason"] for r in result["rejected"]]
        assert "10" in reasons[0] and reasons[1] != reasons[0] and all(reasons)
        assert Enterprise.objects.count() == 1

    def test_reasons_are_korean(self, tmp_path: Path) -> None:
        from django.utils import translation

        with translation.override("ko"):
            result = run(
                csv_file(
                    tmp_path,
                    COOP_HEADER + "가협동조합,일반협동조합,2019-01-02,가,광주 서구 1,,,,408-86-12340\n",
                )
            )
        reason = result["rejected"][0]["reason"]
        assert reason.startswith("사업자등록번호") and not any("a" <= c.lower() <= "z" for c in reason)

    def test_bad_village_year(self, tmp_path: Path) -> None:
        text = "마을기업명,지정연도,대표자,주소,사업자등록번호\n가마을,2O21,박,광주광역시 남구 봉선로 1,\n나마을,1700,박,광주광역시 남구 봉선로 1,\n"
        result = run(csv_file(tmp_path, text))
        assert [(r["line"], r["column"]) for r in result["rejected"]] == [(2, "지정연도"), (3, "지정연도")]

    def test_brn_problem_agrees_with_core(self) -> None:
        for nine in ("408861234", "410821111", "000861234", "408001234", "123450000", "419818764"):
            for last in range(10):
                number = f"{nine}{last}"
                assert brn_problem(number) == brn_error(number), number
        assert brn_problem("12345") == brn_error("12345") == "format"


class TestDates:
    @pytest.mark.parametrize(
        "value",
        [
            "2017-03-02",
            "2017.03.02",
            "2017. 3. 2.",
            "2017.3.2",
            "20170302",
            "2017/03/02",
            "2017년 3월 2일",
            "2017-03-02 00:00:00",
            dt.datetime(2017, 3, 2, 0, 0),
            dt.date(2017, 3, 2),
            42796,
            42796.0,
            "42796",
        ],
    )
    def test_every_form(self, value: Any) -> None:
        assert parse_date(value) == dt.date(2017, 3, 2)

    def test_empty(self) -> None:
        assert parse_date("") is None and parse_date(None) is None

    @pytest.mark.parametrize(
        "value", ["2017-02-30", "2017-13-01", "20171301", "어제", "2017", "3/2/2017", True]
    )
    def test_not_dates(self, value: Any) -> None:
        with pytest.raises(BadValue):
            parse_date(value)

    def test_impossible(self) -> None:
        with pytest.raises(BadValue):
            check_date(dt.date(1899, 12, 31))
        with pytest.raises(BadValue):
            check_date(dt.date.today() + dt.timedelta(days=400))
        assert check_date(dt.date(2020, 1, 1)) == dt.date(2020, 1, 1)

    @pytest.mark.django_db
    def test_every_form_through_an_import(self, tmp_path: Path) -> None:
        forms = ["2017-03-02", "2017.03.02", "2017. 3. 2.", "20170302"]
        rows = "".join(
            f"조합{i}협동조합,일반협동조합,{form},가,광주광역시 서구 상무대로 {i},,,,{brn_format(brn_with_check_digit(f'40886{i + 1:04d}'))}\n"
            for i, form in enumerate(forms)
        )
        assert run(csv_file(tmp_path, COOP_HEADER + rows, "euc-kr"))["created"] == 4
        assert set(Designation.objects.values_list("start_date", flat=True)) == {dt.date(2017, 3, 2)}


@pytest.mark.django_db
class TestReading:
    def test_utf8_without_bom_and_variant_headers(self, tmp_path: Path) -> None:
        text = (
            "사회적기업 현황\n,,,\n기업명,사업자 등록번호,대표자명,주소,인증일,인증번호,구분\n"
            + f"가나다(주),{BRN1},김,광주광역시 광산구 풍영로 1,2019.5.6,2019-001,예비\n"
        )
        result = run(csv_file(tmp_path, text))
        assert result["created"] == 1
        enterprise = Enterprise.objects.get()
        assert enterprise.primary_type == "pre_social" and enterprise.district_code == "29200"

    def test_xlsx_with_title_rows_and_variants(self, tmp_path: Path) -> None:
        import openpyxl

        workbook = openpyxl.Workbook()
        sheet = workbook.active
        sheet.append(["자활기업 현황"])
        sheet.append([])
        sheet.append(
            ["번호", "자활기업명", "지역자활센터", "인정일자", "대표자", "사업장 주소", "사업자번호"]
        )
        sheet.append(
            [
                1,
                "가자활",
                "북구",
                dt.datetime(2020, 1, 2),
                "김",
                "광주광역시 북구 하서로 1",
                int(BRN1.replace("-", "")),
            ]
        )
        sheet.append([2, "나자활", "북구", 43833, "이", "광주광역시 북구 하서로 2", BRN2])
        sheet.append([3, "다자활", "북구", "2020-13-01", "이", "광주광역시 북구 하서로 3", ""])
        path = tmp_path / "self.xlsx"
        workbook.save(path)
        result = run(path)
        assert result["created"] == 2
        assert [(r["line"], r["column"]) for r in result["rejected"]] == [(6, "인정일자")]
        assert set(Designation.objects.values_list("start_date", flat=True)) == {
            dt.date(2020, 1, 2),
            dt.date(2020, 1, 3),
        }

    def test_format_option_overrides_detection(self, tmp_path: Path) -> None:
        text = "기업명,대표자,주소,사업자등록번호\n" + f"가나,김,광주광역시 동구 금남로 1,{BRN1}\n"
        with pytest.raises(CommandError):
            run(csv_file(tmp_path, text))
        assert run(csv_file(tmp_path, text), "--format", "village")["created"] == 1
        assert Enterprise.objects.get().primary_type == "village"


@pytest.mark.django_db
class TestUnreadable:
    def expect_exit_2(self, path: Path) -> str:
        out, err = io.StringIO(), io.StringIO()
        with pytest.raises(CommandError) as caught:
            call_command("import_enterprises", str(path), "--json", stdout=out, stderr=err)
        assert caught.value.returncode == 2
        assert Enterprise.objects.count() == 0 and AuditLog.objects.count() == 0
        last = json.loads(out.getvalue().strip().splitlines()[-1])
        assert last["headers_expected"]
        return str(caught.value)

    def test_random_bytes(self, tmp_path: Path) -> None:
        import random

        path = tmp_path / "garbage.csv"
        path.write_bytes(bytes(random.Random(1).randrange(256) for _ in range(2000)))
        assert "사업자등록번호" in self.expect_exit_2(path)

    def test_no_header(self, tmp_path: Path) -> None:
        message = self.expect_exit_2(csv_file(tmp_path, "title\n\nalpha,beta,gamma\n1,2,3\n"))
        assert "alpha, beta, gamma" in message and "사업자등록번호" in message

    def test_unknown_format(self, tmp_path: Path) -> None:
        message = self.expect_exit_2(csv_file(tmp_path, "기업명,대표자,주소\n가,나,다\n"))
        assert "기업명" in message
        # The formats by the names staff choose them by, with the code --format takes and the
        # headers that tell each apart (not the bare codes "moel, coop, …").
        assert "협동조합 (coop): 협동조합명" in message and "마을기업 (village): 마을기업명" in message

    def test_old_xls_and_empty_and_broken_zip(self, tmp_path: Path) -> None:
        xls = tmp_path / "old.xls"
        xls.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100)
        self.expect_exit_2(xls)
        self.expect_exit_2(csv_file(tmp_path, "", name="empty.csv"))
        broken = tmp_path / "broken.xlsx"
        broken.write_bytes(b"PK\x03\x04" + b"nothing")
        self.expect_exit_2(broken)

    def test_import_file_raises(self) -> None:
        with pytest.raises(UnreadableFile):
            import_file(b"\x00\x01\x02", filename="x.csv")


@pytest.mark.django_db
def test_line_numbers_count_physical_lines(tmp_path: Path) -> None:
    text = (
        COOP_HEADER
        + f'"여러줄협동조합",일반협동조합,2019-01-02,가,"광주광역시 서구 상무대로 1\n2층",,,,{BRN1}\n'
        + "나쁜협동조합,일반협동조합,2019-02-30,가,광주광역시 서구 상무대로 1,,,,\n"
    )
    result = run(csv_file(tmp_path, text))
    assert result["created"] == 1 and [r["line"] for r in result["rejected"]] == [4]
    assert Enterprise.objects.get().address == "광주광역시 서구 상무대로 1 2층"


@pytest.mark.django_db(transaction=True)
def test_concurrent_imports_of_one_file_never_double(tmp_path: Path) -> None:
    import threading

    from django.db import connection

    data = COOPS.read_bytes()
    results: list[Any] = []
    errors: list[BaseException] = []

    def work() -> None:
        try:
            results.append(import_file(data, filename="coops.csv", actor="thread"))
        except BaseException as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=work) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sorted(r.created for r in results) == [0, 0, 20]
    assert sorted(r.unchanged for r in results) == [0, 20, 20]
    assert Enterprise.objects.count() == 20 and Designation.objects.count() == 20


@pytest.mark.django_db(transaction=True)
def test_a_database_error_mid_import_is_a_message_and_writes_nothing(tmp_path: Path) -> None:
    """The designations are refused by the database after the enterprises went in: the command says
    so in a sentence (no traceback), exits 1, and the transaction leaves nothing behind."""
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "CREATE FUNCTION refuse_designation() RETURNS trigger LANGUAGE plpgsql AS "
                "$$ BEGIN RAISE EXCEPTION 'refused by the test'; END $$"
            )
            cursor.execute(
                "CREATE TRIGGER refuse BEFORE INSERT ON registry_designation "
                "FOR EACH ROW EXECUTE FUNCTION refuse_designation()"
            )
        else:
            cursor.execute(
                "CREATE TRIGGER refuse BEFORE INSERT ON registry_designation "
                "BEGIN SELECT RAISE(ABORT, 'refused by the test'); END"
            )
    try:
        text = "기업명,대표자,주소,사업자등록번호\n" + f"가나,김,광주광역시 동구 금남로 1,{BRN1}\n"
        out = io.StringIO()
        with pytest.raises(CommandError) as caught:
            call_command(
                "import_enterprises",
                str(csv_file(tmp_path, text)),
                "--json",
                "--format",
                "village",
                stdout=out,
                stderr=io.StringIO(),
            )
        assert caught.value.returncode == 1
        assert "아무것도 쓰지 않았습니다" in str(caught.value)
        assert "refused by the test" in json.loads(out.getvalue().strip().splitlines()[-1])["error"]
        assert Enterprise.objects.count() == 0 and Designation.objects.count() == 0
        assert AuditLog.objects.count() == 0
    finally:
        with connection.cursor() as cursor:
            cursor.execute(
                "DROP TRIGGER refuse"
                + (" ON registry_designation" if connection.vendor == "postgresql" else "")
            )
            if connection.vendor == "postgresql":
                cursor.execute("DROP FUNCTION refuse_designation()")


@pytest.mark.django_db
class TestFilesAsTheyCome:
    """Real lists vary beyond the samples: totals and notes under the list, full-width digits,
    and the HTML tables many portals hand out under an .xls name."""

    def test_totals_and_notes_under_the_list_are_not_enterprises(self, tmp_path: Path) -> None:
        text = (
            COOP_HEADER
            + f"좋은협동조합,일반협동조합,2019-01-02,가,광주광역시 서구 상무대로 1,,,,{BRN1}\n"  # line 2
            + "합계,,,,,,,,\n"  # 3
            + "※ 자료: 광주광역시 협동조합 현황(2025. 6. 30. 기준),,,,,,,,\n"  # 4
            + "이름만협동조합,,,,,,,,\n"  # 5: nothing else to know it by
            + "계림협동조합,일반협동조합,,나,광주광역시 동구 계림로 1,,,,\n"  # 6: a name with 계 in it
        )
        result = run(csv_file(tmp_path, text))
        assert (result["created"], result["flagged"]) == (2, 1)
        assert [(r["line"], r["column"]) for r in result["rejected"]] == [
            (3, "협동조합명"),
            (4, "협동조합명"),
            (5, "협동조합명"),
        ]
        assert "합계" in result["rejected"][0]["reason"] and "이름만" in result["rejected"][2]["reason"]
        assert set(Enterprise.objects.values_list("name", flat=True)) == {"좋은협동조합", "계림협동조합"}

    def test_full_width_digits_and_dashes(self, tmp_path: Path) -> None:
        wide = BRN1.translate(str.maketrans("0123456789-", "０１２３４５６７８９－"))
        text = (
            COOP_HEADER
            + f"넓은협동조합,일반협동조합,２０１９．３．２,가,광주광역시 서구 상무대로 1,,,,{wide}\n"
        )
        result = run(csv_file(tmp_path, text))
        assert result["created"] == 1 and not result["rejected"]
        enterprise = Enterprise.objects.get()
        assert enterprise.brn == BRN1.replace("-", "")
        assert enterprise.designations.get().start_date == dt.date(2019, 3, 2)

    def test_excel_text_formulas_around_numbers(self, tmp_path: Path) -> None:
        text = (
            COOP_HEADER
            + f'수식협동조합,일반협동조합,="20190102",가,광주광역시 서구 상무대로 1,="0627931234",,,="{BRN1}"\n'
        )
        result = run(csv_file(tmp_path, text))
        assert result["created"] == 1 and not result["rejected"]
        enterprise = Enterprise.objects.get()
        assert (enterprise.brn, enterprise.phone) == (BRN1.replace("-", ""), "0627931234")
        assert enterprise.designations.get().start_date == dt.date(2019, 1, 2)

    def test_excel_unicode_text_is_utf16_with_tabs(self, tmp_path: Path) -> None:
        text = (
            COOP_HEADER
            + f"유니코드협동조합,일반협동조합,2019-01-02,가,광주광역시 서구 상무대로 1,,,,{BRN1}\n"
        ).replace(",", "\t")
        path = tmp_path / "list.txt"
        path.write_bytes("\ufeff".encode("utf-16-le") + text.encode("utf-16-le"))
        result = run(path)
        assert result["created"] == 1 and Enterprise.objects.get().name == "유니코드협동조합"

    def test_an_html_table_saved_as_xls(self, tmp_path: Path) -> None:
        rows = [line.split(",") for line in COOP_HEADER.strip().splitlines()] + [
            [
                "좋은협동조합",
                "일반협동조합",
                "2019-01-02",
                "가",
                "광주광역시 서구 상무대로 1",
                "",
                "",
                "",
                BRN1,
            ],
            [
                "둘째<br>협동조합",
                "사회적협동조합",
                "2020.5.6",
                "나",
                "광주광역시 북구 용봉로 77",
                "",
                "",
                "",
                BRN2,
            ],
        ]
        body = "".join("<tr>" + "".join(f"<td>{cell}</td>" for cell in row) + "</tr>\n" for row in rows)
        html = (
            '<html><head><meta http-equiv="Content-Type" content="text/html; charset=euc-kr"></head><body>'
            f'<table border="1"><tr><td colspan="9">협동조합 목록 &amp; 현황</td></tr>\n{body}</table></body></html>'
        )
        path = tmp_path / "협동조합목록.xls"
        path.write_bytes(html.encode("euc-kr"))
        result = run(path)
        assert (result["created"], result["rejected"]) == (2, [])
        assert set(Enterprise.objects.values_list("name", flat=True)) == {"좋은협동조합", "둘째 협동조합"}
        assert Enterprise.objects.get(name="둘째 협동조합").legal_form == "social_cooperative"
        # The line a person sees is the row Excel shows: the title is row 1, the header row 2.
        broken = html.replace(f"<td>{BRN2}</td>", "<td>410-82-0000</td>")
        path.write_bytes(broken.encode("euc-kr"))
        assert [(r["line"], r["column"]) for r in run(path, "--dry-run")["rejected"]] == [
            (4, "사업자등록번호")
        ]


@pytest.mark.django_db
class TestSpreadsheetCells:
    def test_phone_stored_as_a_number_and_a_second_address_column(self, tmp_path: Path) -> None:
        import openpyxl

        from dure.registry.importing.rows import phone_from_number

        workbook = openpyxl.Workbook()
        sheet = workbook.active
        assert sheet is not None
        sheet.append(
            [
                "협동조합명",
                "구분",
                "설립일",
                "대표자",
                "소재지(도로명)",
                "소재지(지번)",
                "전화번호",
                "사업자등록번호",
            ]
        )
        sheet.append(
            [
                "숫자전화협동조합",
                "일반협동조합",
                "2019-01-02",
                "가",
                "광주광역시 서구 상무대로 1",
                "",
                627931234,
                int(BRN1.replace("-", "")),
            ]
        )
        sheet.append(
            [
                "지번협동조합",
                "일반협동조합",
                43466,
                "나",
                "",
                "광주광역시 북구 용봉동 12",
                1012345678,
                int(BRN2.replace("-", "")),
            ]
        )
        path = tmp_path / "list.xlsx"
        workbook.save(path)
        assert run(path)["created"] == 2
        second, first = Enterprise.objects.order_by("name")[:2]
        assert (second.name, second.phone, second.district_code) == (
            "숫자전화협동조합",
            "062-793-1234",
            "29140",
        )
        assert (first.name, first.address, first.phone, first.district_code) == (
            "지번협동조합",
            "광주광역시 북구 용봉동 12",
            "010-1234-5678",
            "29170",
        )
        assert first.designations.get().start_date == dt.date(2019, 1, 1)  # the serial number 43466
        assert phone_from_number(212345678) == "02-1234-5678" and phone_from_number(62123) == "062123"


@given(st.binary(max_size=400), st.text(max_size=100))
def test_any_page_with_a_table_is_read_or_refused_in_words(junk: bytes, text: str) -> None:
    from dure.registry.importing.reader import read_tables

    for data in (b"<table>" + junk, f"<html><table><tr><td>{text}</td></tr></table>".encode()):
        try:
            tables = read_tables(data, "list.xls")
        except UnreadableFile as error:
            assert error.message
        else:
            assert all(
                isinstance(cell, str) for table in tables for _line, cells in table.rows for cell in cells
            )
