import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from dure.accounts.models import ApiToken, Consent
from dure.accounts.services import consent_is_given, consent_record, token_authenticate, token_issue
from dure.core.models import AuditLog


@pytest.mark.django_db
def test_login_with_email(client, make_user):
    make_user("citizen", email="hong@example.org")
    response = client.post(
        reverse("accounts:login"), {"username": "HONG@example.org", "password": "test-pass-123"}
    )
    assert response.status_code == 302
    assert client.session["_auth_user_id"]


@pytest.mark.django_db
def test_lockout_after_repeated_failures(client, make_user, settings):
    settings.DURE_LOGIN_MAX_FAILURES = 3
    user = make_user("citizen", email="hong@example.org")
    for _ in range(3):
        response = client.post(reverse("accounts:login"), {"username": user.email, "password": "wrong"})
        assert response.status_code == 200
    response = client.post(reverse("accounts:login"), {"username": user.email, "password": "test-pass-123"})
    assert response.status_code == 200
    assert "locked" in response.content.decode() or "잠" in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert AuditLog.objects.filter(action="accounts.user.locked", target_pk=str(user.pk)).count() == 1


@pytest.mark.django_db
def test_token_roundtrip_and_revocation(make_user):
    user = make_user("staff")
    token = token_issue(user=user, name="sync")
    assert token_authenticate(token) == user
    assert ApiToken.objects.get().token_hash != token  # only the hash is stored
    record = ApiToken.objects.get()
    from dure.accounts.services import token_revoke

    token_revoke(token=record, actor=user)
    assert token_authenticate(token) is None
    assert token_authenticate("dure_nonsense") is None


@pytest.mark.django_db
def test_issue_token_command_prints_a_working_token(make_user):
    user = make_user("staff", email="ops@example.org")
    out = io.StringIO()
    call_command("issue_token", "ops@example.org", stdout=out)
    token = out.getvalue().strip().splitlines()[-1]
    assert token_authenticate(token) == user


@pytest.mark.django_db
def test_bad_token_gets_a_problem_document(client):
    response = client.get("/api/v1/enterprises", HTTP_AUTHORIZATION="Bearer dure_wrong")
    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["status"] == 401


@pytest.mark.django_db
def test_consent_is_recorded_per_purpose(make_user):
    user = make_user("citizen")
    consent_record(user=user, purpose="marketing", granted=True)
    assert consent_is_given(user=user, purpose="marketing")
    consent_record(user=user, purpose="marketing", granted=False)
    assert not consent_is_given(user=user, purpose="marketing")
    assert Consent.objects.filter(user=user).count() == 2
    assert AuditLog.objects.filter(action="accounts.consent.withdrawn", personal_data=True).count() == 1


@pytest.mark.django_db
def test_signup_records_consent(client):
    response = client.post(
        reverse("accounts:signup"),
        {
            "name": "홍길동",
            "email": "new@example.org",
            "password": "a-Long-pass-phrase-9",
            "consent_account": "on",
        },
    )
    assert response.status_code == 302
    assert Consent.objects.filter(subject_email="", purpose="account", granted=True).count() == 1
    account = Consent.objects.get(purpose="account")
    # Kept while the account exists, as the notice says; from the address the request came from.
    assert account.retention_until is None
    assert account.ip == "127.0.0.1"


@pytest.mark.django_db
def test_signup_without_consent_changes_nothing(client):
    from dure.accounts.models import User

    response = client.post(
        reverse("accounts:signup"),
        {"name": "홍길동", "email": "new@example.org", "password": "a-Long-pass-phrase-9"},
    )
    assert response.status_code == 200
    assert not User.objects.exists()


@pytest.mark.django_db
def test_settings_page_creates_a_token_once(client_for, make_user):
    user = make_user("enterprise")
    client = client_for(user)
    response = client.post(reverse("accounts:settings"), {"name": "회계 연동"})
    assert response.status_code == 200
    assert "dure_" in response.content.decode()
    assert ApiToken.objects.filter(user=user).count() == 1


@pytest.mark.django_db
def test_a_signup_racing_its_twin_gets_a_message_not_a_server_error(monkeypatch) -> None:
    # Two submits of one signup pass the "already exists" check together; the database keeps one.
    from django.db.models import QuerySet

    from dure.accounts.models import User
    from dure.accounts.services import user_create
    from dure.core.errors import DomainError

    user_create(email="twin@example.org", password="a-Long-pass-phrase-9")
    exists = QuerySet.exists
    monkeypatch.setattr(QuerySet, "exists", lambda self: False if self.model is User else exists(self))
    with pytest.raises(DomainError) as refused:
        user_create(email="twin@example.org", password="a-Long-pass-phrase-9")
    assert refused.value.field == "email"
    monkeypatch.undo()
    assert User.objects.filter(email="twin@example.org").count() == 1
