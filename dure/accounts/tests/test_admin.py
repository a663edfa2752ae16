"""The Django admin shows personal data: every list and record opened there is logged, and the
record of consent cannot be changed or deleted there."""

from __future__ import annotations

import pytest

from dure.accounts.services import consent_record
from dure.core.models import AuditLog

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser(make_user):
    user = make_user("staff", name="관리자")
    user.is_staff = user.is_superuser = True
    user.save()
    return user


def test_admin_lists_and_records_with_personal_data_are_logged(client_for, superuser) -> None:
    consent = consent_record(
        purpose="program", granted=True, subject_email="kim@example.org", subject_name="김"
    )
    admin = client_for(superuser)
    assert admin.get("/admin/accounts/user/").status_code == 200
    assert admin.get(f"/admin/accounts/user/{superuser.pk}/change/").status_code == 200
    assert admin.get(f"/admin/accounts/consent/{consent.pk}/change/").status_code == 200
    logged = list(
        AuditLog.objects.filter(personal_data=True, data__purpose="admin")
        .order_by("pk")
        .values_list("action", "target_pk")
    )
    assert logged == [
        ("accounts.user.personal_data_listed", ""),
        ("accounts.user.personal_data_viewed", str(superuser.pk)),
        ("accounts.consent.personal_data_viewed", str(consent.pk)),
    ]
    assert AuditLog.objects.filter(actor=superuser, data__purpose="admin").count() == 3


def test_consent_records_cannot_be_deleted_or_added_in_the_admin(client_for, superuser) -> None:
    consent = consent_record(purpose="program", granted=True, subject_email="kim@example.org")
    admin = client_for(superuser)
    assert admin.get(f"/admin/accounts/consent/{consent.pk}/delete/").status_code == 403
    assert admin.post(f"/admin/accounts/consent/{consent.pk}/delete/", {"post": "yes"}).status_code == 403
    assert admin.get("/admin/accounts/consent/add/").status_code == 403
    assert consent.__class__.objects.filter(pk=consent.pk).exists()
