"""Registry writes keep the portal's search index current (no signals: the services call it)."""

import io

import pytest
from django.core.management import call_command

from dure.registry import services


def _names(client, query):
    return [item["name"] for item in client.get("/api/v1/enterprises", {"q": query}).json()["items"]]


@pytest.mark.django_db(transaction=True)
def test_create_and_update_reach_the_search(client, make_enterprise, staff_user):
    enterprise = make_enterprise(name="무지개세탁 협동조합")
    assert _names(client, "세탁") == ["무지개세탁 협동조합"]
    services.enterprise_update(
        actor=staff_user, enterprise=enterprise, values={"name": "무지개빵집 협동조합"}
    )
    assert _names(client, "세탁") == []
    assert _names(client, "빵") == ["무지개빵집 협동조합"]


@pytest.mark.django_db(transaction=True)
def test_an_import_reaches_the_search(client, tmp_path):
    path = tmp_path / "village.csv"
    path.write_text(
        "시도,시군구,마을기업명,지정연도,구분,대표자,주소,연락처,주요사업,사업자등록번호\n"
        "광주광역시,북구,햇살도자기마을,2021,신규,김민준,광주광역시 북구 용봉로 1,062-111-2222,도자기 공방,409-86-33769\n",
        encoding="utf-8-sig",
    )
    call_command("import_enterprises", str(path), "--json", stdout=io.StringIO())
    assert _names(client, "도자기") == ["햇살도자기마을"]
