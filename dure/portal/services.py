"""Portal use cases: the search index, self-service profile edits, photos, products, news.

The search index has no signals: whoever changes an enterprise or a product calls
`search_reindex_enterprise(enterprise_pk=...)` or `search_reindex_product(product_pk=...)`
after the change (registry and market services should; `dure rebuild_search_index` repairs
everything at once).
"""

from __future__ import annotations

import io
import os
from decimal import Decimal, InvalidOperation
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dure.core.audit import log_action
from dure.core.errors import Conflict, DomainError, NotFound
from dure.portal.models import (
    ChangeRequestStatus,
    EnterprisePhoto,
    EnterprisePortalSettings,
    NewsPost,
    NewsStatus,
    ProfileChangeRequest,
)
from dure.portal.search import index as search_index
from dure.registry.models import Enterprise

# What an enterprise's own members may change on their public profile.
SELF_SERVICE_FIELDS: list[str] = [
    "description",
    "offers",
    "needs",
    "phone",
    "email",
    "website",
    "publish_phone",
    "publish_email",
    "address",
    "address_detail",
    "sells_online",
]
PHOTO_MAX_SIDE = 1600
THUMBNAIL_SIDE = 400
PHOTO_MAX_BYTES = 15 * 1024 * 1024
MAX_PHOTOS = 12


# --- search index -------------------------------------------------------------------------


def search_index_enterprise(enterprise: Enterprise) -> None:
    search_index.index_enterprise(enterprise)


def search_index_product(product: Any) -> None:
    search_index.index_product(product)


def search_reindex_enterprise(*, enterprise_pk: int) -> None:
    """Bring the index up to date for one enterprise and its products (call after every change)."""
    try:
        enterprise = Enterprise.objects.get(pk=enterprise_pk)
    except Enterprise.DoesNotExist:
        return
    search_index.index_enterprise(enterprise)


def search_reindex_product(*, product_pk: int) -> None:
    from dure.market.models import Product

    try:
        product = Product.objects.get(pk=product_pk)
    except Product.DoesNotExist:
        return
    search_index.index_product(product)


def search_rebuild() -> int:
    return search_index.rebuild()


# --- map position -------------------------------------------------------------------------


def _coordinate(value: Any, low: int, high: int, field: str) -> Decimal:
    try:
        number = Decimal(str(value)).quantize(Decimal("0.000001"))
    except (InvalidOperation, ValueError, TypeError) as error:
        raise DomainError(_("Coordinates must be numbers."), field=field) from error
    if not (low <= number <= high):
        raise DomainError(_("The coordinates are out of range."), field=field)
    return number


@transaction.atomic
def enterprise_position_set(*, actor: Any, enterprise: Enterprise, latitude: Any, longitude: Any) -> dict:
    """Set the exact map position (staff drag a marker); audited by registry.enterprise_update."""
    from dure.registry.services import enterprise_update

    values = {
        "latitude": _coordinate(latitude, -90, 90, "latitude"),
        "longitude": _coordinate(longitude, -180, 180, "longitude"),
    }
    changes = enterprise_update(actor=actor, enterprise=enterprise, values=values)
    log_action("portal.enterprise.position_set", actor=actor, target=enterprise, data=values)
    return changes


# --- self-service profile -----------------------------------------------------------------


def approval_required(enterprise: Enterprise) -> bool:
    if getattr(settings, "DURE_PORTAL_REQUIRE_APPROVAL", False):
        return True
    flag = EnterprisePortalSettings.objects.filter(enterprise=enterprise).values_list(
        "require_approval", flat=True
    )
    return bool(flag.first())


@transaction.atomic
def enterprise_portal_settings_set(*, actor: Any, enterprise: Enterprise, require_approval: bool) -> None:
    row, _created = EnterprisePortalSettings.objects.get_or_create(enterprise=enterprise)
    if row.require_approval == require_approval:
        return
    row.require_approval = require_approval
    row.save(update_fields=["require_approval", "updated_at"])
    log_action(
        "portal.enterprise_settings.updated",
        actor=actor,
        target=enterprise,
        data={"require_approval": require_approval},
    )


def _self_service_values(values: dict[str, Any]) -> dict[str, Any]:
    unknown = set(values) - set(SELF_SERVICE_FIELDS)
    if unknown:
        raise DomainError(_("Unknown fields: %(fields)s") % {"fields": ", ".join(sorted(unknown))})
    return dict(values)


@transaction.atomic
def profile_update(
    *, actor: Any, enterprise: Enterprise, values: dict[str, Any]
) -> ProfileChangeRequest | dict[str, Any]:
    """A member's profile edit: applied at once, or held for staff approval when required.

    Returns the pending ProfileChangeRequest, or the applied changes {field: [old, new]}.
    Center staff always apply directly.
    """
    from dure.registry.services import enterprise_update

    cleaned = _self_service_values(values)
    current = {name: getattr(enterprise, name) for name in cleaned}
    wanted = {name: value for name, value in cleaned.items() if current[name] != value}
    if not wanted:
        return {}
    if approval_required(enterprise) and not getattr(actor, "is_center_staff", False):
        if ProfileChangeRequest.objects.filter(
            enterprise=enterprise, status=ChangeRequestStatus.PENDING
        ).exists():
            raise Conflict(_("A change to this profile is already waiting for approval."))
        request = ProfileChangeRequest.objects.create(
            enterprise=enterprise,
            values=wanted,
            previous={name: current[name] for name in wanted},
            requested_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        log_action(
            "portal.profile_change.requested",
            actor=actor,
            target=enterprise,
            data={"request": request.pk, "fields": sorted(wanted)},
        )
        return request
    changes = enterprise_update(actor=actor, enterprise=enterprise, values=wanted)
    log_action("portal.profile.updated", actor=actor, target=enterprise, data={"fields": sorted(changes)})
    search_index.index_enterprise(enterprise)
    return changes


def _pending(change_request: ProfileChangeRequest) -> ProfileChangeRequest:
    locked = ProfileChangeRequest.objects.select_for_update().get(pk=change_request.pk)
    if locked.status != ChangeRequestStatus.PENDING:
        raise Conflict(_("This change request has already been decided."))
    return locked


@transaction.atomic
def profile_change_approve(*, actor: Any, change_request: ProfileChangeRequest) -> dict[str, Any]:
    from dure.registry.services import enterprise_update

    locked = _pending(change_request)
    enterprise = Enterprise.objects.get(pk=locked.enterprise_id)
    changes = enterprise_update(
        actor=actor, enterprise=enterprise, values=_self_service_values(locked.values)
    )
    locked.status = ChangeRequestStatus.APPROVED
    locked.decided_by = actor
    locked.decided_at = timezone.now()
    locked.save(update_fields=["status", "decided_by", "decided_at", "updated_at"])
    log_action(
        "portal.profile_change.approved",
        actor=actor,
        target=enterprise,
        data={"request": locked.pk, "changes": changes},
    )
    search_index.index_enterprise(enterprise)
    change_request.status = locked.status
    return changes


@transaction.atomic
def profile_change_reject(*, actor: Any, change_request: ProfileChangeRequest, note: str = "") -> None:
    locked = _pending(change_request)
    locked.status = ChangeRequestStatus.REJECTED
    locked.decided_by = actor
    locked.decided_at = timezone.now()
    locked.decision_note = (note or "")[:300]
    locked.save(update_fields=["status", "decided_by", "decided_at", "decision_note", "updated_at"])
    log_action(
        "portal.profile_change.rejected",
        actor=actor,
        target=locked.enterprise,
        data={"request": locked.pk, "note": locked.decision_note},
    )
    change_request.status = locked.status


# --- photos -------------------------------------------------------------------------------


def _resized(upload: Any, max_side: int) -> tuple[bytes, str]:
    """The upload as JPEG (or PNG with transparency) no larger than max_side; DomainError if not an image."""
    from PIL import Image, ImageOps, UnidentifiedImageError

    upload.seek(0)
    try:
        with Image.open(upload) as opened:
            opened.load()
            image = ImageOps.exif_transpose(opened)
    except (UnidentifiedImageError, OSError, ValueError) as error:
        raise DomainError(
            _("The file is not an image we can read (JPEG, PNG, WebP)."), field="image"
        ) from error
    image.thumbnail((max_side, max_side))
    out = io.BytesIO()
    if image.mode in ("RGBA", "LA", "P"):
        image.save(out, format="PNG", optimize=True)
        return out.getvalue(), "png"
    image.convert("RGB").save(out, format="JPEG", quality=85, optimize=True)
    return out.getvalue(), "jpg"


def _process_image(upload: Any, *, max_side: int) -> tuple[ContentFile, ContentFile]:
    if getattr(upload, "size", 0) > PHOTO_MAX_BYTES:
        raise DomainError(_("The image is larger than 15 MB."), field="image")
    full, extension = _resized(upload, max_side)
    thumb, thumb_extension = _resized(upload, THUMBNAIL_SIDE)
    stem = os.path.splitext(os.path.basename(getattr(upload, "name", "") or "photo"))[0][:40] or "photo"
    return ContentFile(full, name=f"{stem}.{extension}"), ContentFile(thumb, name=f"{stem}.{thumb_extension}")


@transaction.atomic
def photo_add(*, actor: Any, enterprise: Enterprise, upload: Any, alt_text: str) -> EnterprisePhoto:
    alt_text = (alt_text or "").strip()
    if not alt_text:
        raise DomainError(_("Describe the photo for people who cannot see it."), field="alt_text")
    if EnterprisePhoto.objects.filter(enterprise=enterprise).count() >= MAX_PHOTOS:
        raise DomainError(
            _("An enterprise can show at most %(n)d photos.") % {"n": MAX_PHOTOS}, field="image"
        )
    full, thumb = _process_image(upload, max_side=PHOTO_MAX_SIDE)
    position = EnterprisePhoto.objects.filter(enterprise=enterprise).count()
    photo = EnterprisePhoto(
        enterprise=enterprise,
        alt_text=alt_text[:200],
        position=position,
        uploaded_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    # _process_image always names both files; the fallback is for the type checker.
    photo.image.save(full.name or "photo", full, save=False)
    photo.thumbnail.save(thumb.name or "photo", thumb, save=False)
    photo.save()
    log_action(
        "portal.photo.added",
        actor=actor,
        target=enterprise,
        data={"photo": photo.pk, "image": photo.image.name, "alt_text": photo.alt_text},
    )
    return photo


@transaction.atomic
def photo_remove(*, actor: Any, photo: EnterprisePhoto) -> None:
    enterprise = photo.enterprise
    data = {"photo": photo.pk, "image": photo.image.name}
    image, thumbnail = photo.image, photo.thumbnail
    photo.delete()
    log_action("portal.photo.removed", actor=actor, target=enterprise, data=data)
    transaction.on_commit(lambda: (image.delete(save=False), thumbnail.delete(save=False)))


# --- products (until the market app offers its own editing service) -------------------------

PRODUCT_FIELDS = ["name", "description", "category", "price", "vat_mode", "stock", "is_active"]


@transaction.atomic
def product_save(
    *, actor: Any, enterprise: Enterprise, values: dict[str, Any], product: Any = None, photo: Any = None
) -> Any:
    """Create or update one of the enterprise's products (audited, re-indexed)."""
    from dure.market.models import Product, VatMode

    unknown = set(values) - set(PRODUCT_FIELDS)
    if unknown:
        raise DomainError(_("Unknown fields: %(fields)s") % {"fields": ", ".join(sorted(unknown))})
    cleaned = dict(values)
    if "name" in cleaned or product is None:
        cleaned["name"] = (cleaned.get("name") or "").strip()
        if not cleaned["name"]:
            raise DomainError(_("The product name is required."), field="name")
    if "price" in cleaned or product is None:
        price = cleaned.get("price")
        if price is None or int(price) < 0:
            raise DomainError(_("The price is a whole number of won, zero or more."), field="price")
        cleaned["price"] = int(price)
    if cleaned.get("stock") is not None and int(cleaned["stock"]) < 0:
        raise DomainError(_("Stock cannot be negative."), field="stock")
    if "vat_mode" in cleaned and cleaned["vat_mode"] not in VatMode.values:
        raise DomainError(_("Unknown VAT mode."), field="vat_mode")
    if product is None:
        product = Product(enterprise=enterprise)
        action = "portal.product.created"
        before: dict[str, Any] = {}
    else:
        product = Product.objects.select_for_update().get(pk=product.pk)
        if product.enterprise_id != enterprise.pk:
            raise NotFound(_("No such product."))
        action = "portal.product.updated"
        before = {name: getattr(product, name) for name in cleaned}
    for name, value in cleaned.items():
        setattr(product, name, value)
    if photo is not None:
        full, _thumb = _process_image(photo, max_side=PHOTO_MAX_SIDE)
        product.photo.save(full.name, full, save=False)
        cleaned["photo"] = product.photo.name
    product.save()
    changes = {
        name: [before.get(name), getattr(product, name) if name != "photo" else product.photo.name]
        for name in cleaned
        if before.get(name) != cleaned[name]
    }
    log_action(action, actor=actor, target=product, data={"enterprise": enterprise.pk, "changes": changes})
    search_index.index_enterprise(enterprise)
    return product


# --- news ---------------------------------------------------------------------------------

NEWS_FIELDS = ["title", "summary", "body", "image_alt", "status"]


@transaction.atomic
def news_save(
    *, actor: Any, values: dict[str, Any], post: NewsPost | None = None, image: Any = None
) -> NewsPost:
    unknown = set(values) - set(NEWS_FIELDS)
    if unknown:
        raise DomainError(_("Unknown fields: %(fields)s") % {"fields": ", ".join(sorted(unknown))})
    cleaned = dict(values)
    if "title" in cleaned or post is None:
        cleaned["title"] = (cleaned.get("title") or "").strip()
        if not cleaned["title"]:
            raise DomainError(_("A story needs a title."), field="title")
    if "body" in cleaned or post is None:
        cleaned["body"] = (cleaned.get("body") or "").strip()
        if not cleaned["body"]:
            raise DomainError(_("A story needs a text."), field="body")
    status = cleaned.get("status", post.status if post else NewsStatus.DRAFT)
    if status not in NewsStatus.values:
        raise DomainError(_("Unknown status."), field="status")
    created = post is None
    if post is None:
        post = NewsPost(author=actor if getattr(actor, "is_authenticated", False) else None)
    else:
        post = NewsPost.objects.select_for_update().get(pk=post.pk)
    for name, value in cleaned.items():
        setattr(post, name, value)
    if image is not None:
        full, _thumb = _process_image(image, max_side=PHOTO_MAX_SIDE)
        post.image.save(full.name or "photo", full, save=False)
    if (post.image or image is not None) and not (post.image_alt or "").strip():
        raise DomainError(_("Describe the image for people who cannot see it."), field="image_alt")
    if post.status == NewsStatus.PUBLISHED and post.published_at is None:
        post.published_at = timezone.now()
    post.save()
    log_action(
        "portal.news.created" if created else "portal.news.updated",
        actor=actor,
        target=post,
        data={"fields": sorted(cleaned), "status": post.status},
    )
    return post
