"""Enterprise self-service: profile edits (direct or through approval), photos, products; all audited."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from dure.accounts.models import EnterpriseMembership
from dure.core.errors import Conflict, DomainError
from dure.core.models import AuditLog
from dure.market.models import Product
from dure.portal import services
from dure.portal.models import EnterprisePhoto, ProfileChangeRequest
from dure.portal.selectors import enterprise_search_page


@pytest.fixture
def setup(make_enterprise: Any, make_user: Any, staff_user: Any) -> dict[str, Any]:
    enterprise = make_enterprise("coop", name="빛고을두부 협동조합", offers="두부")
    owner = make_user("enterprise", name="대표")
    EnterpriseMembership.objects.create(user=owner, enterprise=enterprise, role="owner")
    services.search_rebuild()
    return {"enterprise": enterprise, "owner": owner, "staff": staff_user}


def _jpeg(width: int, height: int) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (200, 120, 40)).save(buffer, format="JPEG")
    return SimpleUploadedFile("big.jpg", buffer.getvalue(), content_type="image/jpeg")


@pytest.mark.django_db
def test_member_edits_apply_at_once_audited_and_indexed(setup: dict[str, Any], client_for: Any) -> None:
    enterprise, owner = setup["enterprise"], setup["owner"]
    client = client_for(owner)
    response = client.post(
        f"/enterprises/{enterprise.pk}/edit/",
        {
            "description": "콩물과 순두부를 만듭니다.",
            "offers": "두부, 콩국수",
            "needs": "",
            "phone": "062-123-4567",
            "email": "",
            "website": "",
            "address": enterprise.address,
            "address_detail": "",
        },
    )
    assert response.status_code == 302
    enterprise.refresh_from_db()
    assert enterprise.offers == "두부, 콩국수"
    assert enterprise.publish_phone is False  # unchecked box
    actions = list(AuditLog.objects.filter(target_pk=str(enterprise.pk)).values_list("action", "actor_id"))
    assert ("registry.enterprise.updated", owner.pk) in actions
    assert ("portal.profile.updated", owner.pk) in actions
    assert [e.name for e in enterprise_search_page("콩국수").enterprises] == ["빛고을두부 협동조합"]


@pytest.mark.django_db
def test_outsider_cannot_edit(setup: dict[str, Any], client_for: Any, make_user: Any) -> None:
    enterprise = setup["enterprise"]
    response = client_for(make_user("enterprise")).post(
        f"/enterprises/{enterprise.pk}/edit/", {"offers": "x"}
    )
    assert response.status_code == 404
    enterprise.refresh_from_db()
    assert enterprise.offers == "두부"
    assert not AuditLog.objects.filter(action__startswith="portal.").exists()


@pytest.mark.django_db
def test_approval_holds_the_change_until_staff_approve(setup: dict[str, Any]) -> None:
    enterprise, owner, staff = setup["enterprise"], setup["owner"], setup["staff"]
    services.enterprise_portal_settings_set(actor=staff, enterprise=enterprise, require_approval=True)
    request = services.profile_update(actor=owner, enterprise=enterprise, values={"offers": "두부, 두유"})
    assert isinstance(request, ProfileChangeRequest)
    enterprise.refresh_from_db()
    assert enterprise.offers == "두부"
    assert request.values == {"offers": "두부, 두유"} and request.previous == {"offers": "두부"}
    assert enterprise_search_page("두유").count == 0
    with pytest.raises(Conflict):
        services.profile_update(actor=owner, enterprise=enterprise, values={"needs": "차량"})
    changes = services.profile_change_approve(actor=staff, change_request=request)
    assert changes == {"offers": ["두부", "두부, 두유"]}
    enterprise.refresh_from_db()
    assert enterprise.offers == "두부, 두유"
    assert enterprise_search_page("두유").count == 1
    actions = list(AuditLog.objects.order_by("pk").values_list("action", flat=True))
    assert actions[-3:] == [
        "portal.profile_change.requested",
        "registry.enterprise.updated",
        "portal.profile_change.approved",
    ]
    with pytest.raises(Conflict):
        services.profile_change_approve(actor=staff, change_request=request)


@pytest.mark.django_db
def test_rejected_change_leaves_the_profile(setup: dict[str, Any], client_for: Any) -> None:
    enterprise, owner, staff = setup["enterprise"], setup["owner"], setup["staff"]
    services.enterprise_portal_settings_set(actor=staff, enterprise=enterprise, require_approval=True)
    request = services.profile_update(actor=owner, enterprise=enterprise, values={"offers": "광고"})
    assert isinstance(request, ProfileChangeRequest)
    response = client_for(staff).post(
        f"/staff/profile-changes/{request.pk}/decide/", {"decision": "reject", "note": "광고성 문구"}
    )
    assert response.status_code == 302
    request.refresh_from_db()
    enterprise.refresh_from_db()
    assert (request.status, request.decision_note, enterprise.offers) == ("rejected", "광고성 문구", "두부")
    assert AuditLog.objects.filter(action="portal.profile_change.rejected").count() == 1


@pytest.mark.django_db
def test_staff_edits_skip_the_queue(setup: dict[str, Any]) -> None:
    enterprise, staff = setup["enterprise"], setup["staff"]
    services.enterprise_portal_settings_set(actor=staff, enterprise=enterprise, require_approval=True)
    assert services.profile_update(actor=staff, enterprise=enterprise, values={"needs": "판로"}) == {
        "needs": ["", "판로"]
    }


@pytest.mark.django_db
def test_self_service_refuses_other_fields(setup: dict[str, Any]) -> None:
    with pytest.raises(DomainError):
        services.profile_update(
            actor=setup["owner"], enterprise=setup["enterprise"], values={"svi_grade": "탁월"}
        )


@pytest.mark.django_db
def test_photo_is_resized_with_a_thumbnail(setup: dict[str, Any]) -> None:
    photo = services.photo_add(
        actor=setup["owner"],
        enterprise=setup["enterprise"],
        upload=_jpeg(3200, 1600),
        alt_text="두부 만드는 모습",
    )
    with photo.image.open("rb") as stored, Image.open(stored) as image:
        assert image.size == (1600, 800)
    with photo.thumbnail.open("rb") as stored, Image.open(stored) as thumb:
        assert thumb.size == (400, 200)
    assert (
        AuditLog.objects.filter(action="portal.photo.added", target_pk=str(setup["enterprise"].pk)).count()
        == 1
    )


@pytest.mark.django_db
def test_photo_refuses_garbage_and_missing_alt_text(setup: dict[str, Any]) -> None:
    garbage = SimpleUploadedFile("x.jpg", b"not an image", content_type="image/jpeg")
    with pytest.raises(DomainError):
        services.photo_add(
            actor=setup["owner"], enterprise=setup["enterprise"], upload=garbage, alt_text="사진"
        )
    with pytest.raises(DomainError):
        services.photo_add(
            actor=setup["owner"], enterprise=setup["enterprise"], upload=_jpeg(10, 10), alt_text=" "
        )
    assert EnterprisePhoto.objects.count() == 0


@pytest.mark.django_db
def test_member_adds_a_product_through_the_page(setup: dict[str, Any], client_for: Any) -> None:
    enterprise = setup["enterprise"]
    client = client_for(setup["owner"])
    response = client.post(
        f"/enterprises/{enterprise.pk}/products/new/", {"name": "손두부", "price": "5000", "is_active": "on"}
    )
    assert response.status_code == 302
    product = Product.objects.get(enterprise=enterprise)
    assert (product.name, product.price, product.is_active) == ("손두부", 5000, True)
    assert AuditLog.objects.filter(action="portal.product.created").count() == 1
    assert [e.name for e in enterprise_search_page("손두부").enterprises] == ["빛고을두부 협동조합"]
    response = client.post(f"/enterprises/{enterprise.pk}/products/new/", {"name": "", "price": "-1"})
    assert response.status_code == 200
    assert Product.objects.count() == 1
    # A 20-digit price or stock is refused with a message, not passed on to the database.
    for field in ("price", "stock"):
        data = {"name": "두부", "price": "5000", field: "99999999999999999999"}
        response = client.post(f"/enterprises/{enterprise.pk}/products/new/", data)
        assert response.status_code == 200 and response.context["form"].errors[field]
    assert Product.objects.count() == 1
