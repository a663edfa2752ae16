import io
import json
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from dure.config.api import api


@pytest.fixture
def demo(db):
    call_command("seed_demo", verbosity=0, stdout=io.StringIO())


@pytest.mark.django_db
def test_demo_counts_by_type_through_the_api(client, demo):
    def count(query):
        return client.get(f"/api/v1/enterprises{query}").json()["count"]

    assert count("?type=village") == 52
    assert count("?type=social&type=pre_social") == 136
    assert count("?type=self_sufficiency") == 58
    assert count("?type=coop&type=social_coop") == 559
    assert count("") == 805
    assert sum(count(f"?district={code}") for code in ["29110", "29140", "29155", "29170", "29200"]) == 805
    assert count("?district=29170") == 209


@pytest.mark.django_db
def test_enterprise_item_shape(client, make_enterprise):
    enterprise = make_enterprise(name="무등제빵 협동조합", brn="409-86-33769", designation="coop")
    body = client.get("/api/v1/enterprises?limit=1").json()
    item = body["items"][0]
    assert body["count"] == 1
    assert {k: item[k] for k in ("pk", "name", "brn", "primary_type", "types", "district_code")} == {
        "pk": enterprise.pk,
        "name": "무등제빵 협동조합",
        "brn": "4098633769",
        "primary_type": "coop",
        "types": ["coop"],
        "district_code": "29170",
    }
    assert client.get(f"/api/v1/enterprises/{enterprise.pk}").json()["name"] == "무등제빵 협동조합"


@pytest.mark.django_db
def test_contacts_are_masked_unless_published(
    client, client_for, api_client_for, staff_user, make_enterprise
):
    enterprise = make_enterprise(
        phone="062-123-4567", email="info@example.org", publish_phone=False, publish_email=False
    )
    public = client.get(f"/api/v1/enterprises/{enterprise.pk}").json()
    assert (public["phone"], public["email"]) == ("062-***-4567", "in**@example.org")
    staff = api_client_for(staff_user).get(f"/api/v1/enterprises/{enterprise.pk}").json()
    assert (staff["phone"], staff["email"]) == ("062-123-4567", "info@example.org")
    # That sight of unpublished contacts is a logged personal-data access.
    from dure.core.models import AuditLog

    seen = AuditLog.objects.get(action="registry.enterprise.personal_data_viewed")
    assert (
        seen.target_pk == str(enterprise.pk)
        and seen.personal_data
        and seen.data["fields"] == ["phone", "email"]
    )
    # A list masks them for everyone, staff included: no bulk harvest, nothing to log.
    listed = api_client_for(staff_user).get("/api/v1/enterprises?limit=500").json()["items"]
    assert [(e["phone"], e["email"]) for e in listed if e["pk"] == enterprise.pk] == [
        ("062-***-4567", "in**@example.org")
    ]
    assert AuditLog.objects.filter(action="registry.enterprise.personal_data_viewed").count() == 1
    # The detailed address line is not on the public profile, only for those who may edit it.
    enterprise.address = "광주광역시 동구 금남로 1"
    enterprise.address_detail = "3층 302호"
    enterprise.save()
    assert "302호" not in client.get(f"/enterprises/{enterprise.pk}/").content.decode()
    assert "302호" in client_for(staff_user).get(f"/enterprises/{enterprise.pk}/").content.decode()


@pytest.mark.django_db
def test_errors_are_problem_documents(client):
    missing = client.get("/api/v1/enterprises/999999")
    assert missing.status_code == 404 and missing["Content-Type"] == "application/problem+json"
    assert missing.json()["status"] == 404
    bad = client.get("/api/v1/enterprises?limit=abc")
    assert bad.status_code == 422 and bad["Content-Type"] == "application/problem+json"
    assert bad.json()["errors"][0]["field"] == "limit"


@pytest.mark.django_db
def test_list_query_count_does_not_grow_with_rows(client, make_enterprise):
    for _ in range(3):
        make_enterprise()
    with CaptureQueriesContext(connection) as few:
        client.get("/api/v1/enterprises")
    for _ in range(10):
        make_enterprise()
    with CaptureQueriesContext(connection) as many:
        client.get("/api/v1/enterprises")
    assert len(many) == len(few)


def test_openapi_document_is_unchanged():
    """The OpenAPI document changes only on purpose: regenerate with
    `dure export_openapi > docs/openapi.json` and commit it with the change."""
    current = api.get_openapi_schema()
    stored = json.loads((Path(__file__).resolve().parents[3] / "docs" / "openapi.json").read_text())
    assert json.loads(json.dumps(current, default=str)) == stored


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/api/v1/enterprises", "/api/v1/products"])
def test_an_offset_past_every_row_is_an_empty_page(client, make_enterprise, path):
    make_enterprise()
    for offset in ("99999999999999999999", "-5"):
        response = client.get(path, {"offset": offset})
        assert response.status_code == 200, offset
    assert client.get(path, {"offset": "9" * 20}).json()["items"] == []
