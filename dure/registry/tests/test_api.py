import io
import json
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import translation

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
    staff_page = client_for(staff_user).get(f"/enterprises/{enterprise.pk}/").content.decode()
    assert "302호" in staff_page
    # Those who may edit it are told the phone is not published and what visitors see instead.
    assert "062-***-4567" in staff_page and "062-123-4567" in staff_page
    assert "062-***-4567" in client.get(f"/enterprises/{enterprise.pk}/").content.decode()


@pytest.mark.django_db
def test_errors_are_problem_documents(client):
    missing = client.get("/api/v1/enterprises/999999")
    assert missing.status_code == 404 and missing["Content-Type"] == "application/problem+json"
    assert missing.json()["status"] == 404
    bad = client.get("/api/v1/enterprises?limit=abc")
    assert bad.status_code == 422 and bad["Content-Type"] == "application/problem+json"
    assert bad.json()["errors"][0]["field"] == "limit"


PROBLEM = "application/problem+json"


def _english_client(**defaults):
    client = Client(**defaults)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def _post_json(client, path, body):
    return client.post(path, body, content_type="application/json")


UNREADABLE_BODIES = [
    pytest.param(b"{not json", id="malformed"),
    pytest.param(b'{"items": [', id="truncated"),
    pytest.param(b'\xff\xfe{"items": []}', id="not-utf-8"),
    pytest.param(b'{"items": [], "consent": NaN}', id="nan"),
    pytest.param(b"[" * 100_000 + b"]" * 100_000, id="too-deep"),
]


@pytest.mark.django_db
@pytest.mark.parametrize("body", UNREADABLE_BODIES)
def test_an_unreadable_body_is_a_400_problem_in_the_visitors_language(body):
    with translation.override("en"):
        english = _post_json(_english_client(), "/api/v1/orders", body)
    assert english.status_code == 400 and english["Content-Type"] == PROBLEM
    assert english.json()["title"] == (
        "The request body cannot be read. Make sure it is valid JSON, encoded as UTF-8."
    )
    assert english.json()["code"] == "unreadable_body" and english.json()["status"] == 400
    korean = _post_json(Client(), "/api/v1/orders", body)
    assert korean.status_code == 400 and korean["Content-Type"] == PROBLEM
    text = korean.content.decode()
    # Neither ninja's English nor the parser's internals.
    for leak in ("Cannot parse request body", "Expecting", "codec", "NaN", "recursion"):
        assert leak not in text


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("body", "field"),
    [
        pytest.param({"buyer": {"name": "무등\u0000제빵"}}, "buyer.name", id="in-a-value"),
        pytest.param({"buyer": {"name\u0000": "x"}}, "buyer", id="in-a-key"),
        pytest.param({"payment_method": "\u0000"}, "payment_method", id="alone"),
    ],
)
def test_a_nul_character_in_the_body_is_refused_before_any_service(monkeypatch, body, field):
    calls = []
    monkeypatch.setattr("dure.market.api.order_place", lambda **kwargs: calls.append(kwargs))
    order = {"items": [{"product": 1, "quantity": 1}], "consent": True, **body}
    with translation.override("en"):
        response = _post_json(_english_client(), "/api/v1/orders", json.dumps(order))
    assert response.status_code == 400 and response["Content-Type"] == PROBLEM
    assert response.json()["code"] == "nul_character" and response.json()["field"] == field
    assert response.json()["title"] == (
        "The request contains a NUL character (\\u0000), which cannot be stored. Remove it and try again."
    )
    assert _post_json(Client(), "/api/v1/orders", json.dumps(order)).status_code == 400
    assert calls == []


@pytest.mark.django_db
def test_a_nul_character_in_the_query_string_is_refused(client):
    for path in ("/api/v1/enterprises?q=%00", "/api/v1/search?q=a%00b"):
        response = client.get(path)
        assert response.status_code == 400 and response["Content-Type"] == PROBLEM, path
        assert response.json()["code"] == "nul_character" and response.json()["field"] == "q"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("path", "body", "expected"),
    [
        (
            "/api/v1/enterprises?limit=abc",
            None,
            [("limit", "int_parsing", ["query", "limit"], "Enter a whole number.")],
        ),
        (
            "/api/v1/orders",
            {"consent": "maybe"},
            [
                ("payload.items", "missing", ["body", "payload", "items"], "This field is required."),
                ("payload.consent", "bool_type", ["body", "payload", "consent"], "Enter true or false."),
            ],
        ),
        (
            "/api/v1/orders",
            {"items": {"product": 1}, "window": "soon"},
            [
                ("payload.items", "list_type", ["body", "payload", "items"], "Enter a list."),
                ("payload.window", "int_type", ["body", "payload", "window"], "Enter a whole number."),
            ],
        ),
        (
            "/api/v1/programs/1/registrations",
            {"name": "가" * 101, "head_count": 0, "companions": 10001},
            [
                (
                    "payload.name",
                    "string_too_long",
                    ["body", "payload", "name"],
                    "Enter at most 100 characters.",
                ),
                (
                    "payload.head_count",
                    "greater_than_equal",
                    ["body", "payload", "head_count"],
                    "Ensure this value is greater than or equal to 1.",
                ),
                (
                    "payload.companions",
                    "less_than_equal",
                    ["body", "payload", "companions"],
                    "Ensure this value is less than or equal to 10,000.",
                ),
            ],
        ),
    ],
)
def test_invalid_input_is_a_422_problem_in_the_visitors_language(path, body, expected):
    def send(client):
        return client.get(path) if body is None else _post_json(client, path, json.dumps(body))

    with translation.override("en"):
        english = send(_english_client())
    assert english.status_code == 422 and english["Content-Type"] == PROBLEM
    got = [(e["field"], e["type"], e["loc"], e["message"]) for e in english.json()["errors"]]
    assert got == expected
    korean = send(Client()).json()["errors"]
    assert [(e["field"], e["type"], e["loc"]) for e in korean] == [item[:3] for item in expected]
    for error in korean:
        # pydantic's own English ("Field required", "Input should be a valid integer, ...") no more.
        assert not error["message"].startswith(("Field required", "Input should")), error


@pytest.mark.django_db
@pytest.mark.parametrize("method", ["put", "patch", "delete"])
def test_a_method_an_endpoint_does_not_take_is_a_405_problem(method):
    with translation.override("en"):
        english = getattr(_english_client(), method)("/api/v1/orders")
    assert english.status_code == 405 and english["Content-Type"] == PROBLEM
    assert english["Allow"] == "POST"
    assert english.json()["status"] == 405
    assert english.json()["title"] == f"This address does not accept {method.upper()} requests."
    assert english.json()["detail"] == "Allowed methods: POST."
    korean = getattr(Client(), method)("/api/v1/orders")
    assert korean.status_code == 405 and korean["Content-Type"] == PROBLEM and korean["Allow"] == "POST"
    assert "Method not allowed" not in korean.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", "/api/v1/no-such-thing"),
        ("get", "/api/v1/enterprises/1/nothing"),
        ("post", "/api/v1/no/such/thing"),
    ],
)
def test_an_address_no_endpoint_has_is_a_404_problem(method, path):
    with translation.override("en"):
        english = getattr(_english_client(enforce_csrf_checks=True), method)(path)
    assert english.status_code == 404 and english["Content-Type"] == PROBLEM
    assert english.json()["status"] == 404 and english.json()["title"] == "Not found."
    assert english.json()["detail"] == "No API endpoint has this address; /api/v1/docs lists them."
    korean = getattr(Client(enforce_csrf_checks=True), method)(path)
    assert korean.status_code == 404 and korean["Content-Type"] == PROBLEM
    assert "<html" not in korean.content.decode()


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
