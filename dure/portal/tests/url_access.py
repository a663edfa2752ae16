from __future__ import annotations

from typing import Any

from dure.core.testing import API_PUBLIC, PUBLIC, ROLES, STAFF_ONLY, UrlAccess

# Pages of one enterprise's own members: anonymous go to login, other roles get not-found.
MEMBERS_ONLY = {**dict.fromkeys(ROLES, 404), "anonymous": 302, "enterprise": 200, "staff": 200}
MEMBERS_POST = {**dict.fromkeys(ROLES, 404), "anonymous": 404, "enterprise": 302, "staff": 302}
STAFF_POST = {**STAFF_ONLY, "staff": 302}


def _own(world: dict[str, Any]) -> dict[str, Any]:
    return {"pk": world["own_enterprise"].pk}


def _news(world: dict[str, Any]) -> None:
    from django.utils import timezone

    from dure.portal.models import NewsPost

    world["news"] = NewsPost.objects.create(
        title="소식", body="본문", status="published", published_at=timezone.now()
    )


def _product(world: dict[str, Any]) -> None:
    from dure.market.models import Product

    world["product"] = Product.objects.create(enterprise=world["own_enterprise"], name="식빵", price=3000)


def _photos(world: dict[str, Any]) -> None:
    from django.core.files.base import ContentFile

    from dure.portal.models import EnterprisePhoto

    world["photos"] = []
    for n in range(8):
        photo = EnterprisePhoto(enterprise=world["own_enterprise"], alt_text=f"사진 {n}")
        photo.image.save("a.jpg", ContentFile(b"x"), save=False)
        photo.thumbnail.save("a.jpg", ContentFile(b"x"), save=False)
        photo.save()
        world["photos"].append(photo)


def _change(world: dict[str, Any]) -> None:
    from dure.portal.models import ProfileChangeRequest

    world["change"] = ProfileChangeRequest.objects.create(
        enterprise=world["own_enterprise"], values={"offers": "새 제품"}, previous={"offers": ""}
    )


URL_ACCESS = [
    UrlAccess("portal:home", PUBLIC),
    UrlAccess("portal:privacy", PUBLIC),
    UrlAccess("portal:directory", PUBLIC, query="q=빵&district=29170&online=on"),
    UrlAccess("portal:map", PUBLIC),
    UrlAccess("portal:map_markers", PUBLIC, query="q=돌봄"),
    UrlAccess("portal:enterprise", PUBLIC, kwargs=lambda w: {"pk": w["enterprise"].pk}),
    UrlAccess(
        "portal:enterprise_position",
        {**STAFF_ONLY, "staff": 200},
        kwargs=lambda w: {"pk": w["enterprise"].pk},
        method="post",
        data=lambda w: {"lat": "35.15", "lng": "126.85"},
    ),
    UrlAccess("portal:profile_edit", MEMBERS_ONLY, kwargs=_own),
    UrlAccess("portal:photo_add", MEMBERS_POST, kwargs=_own, method="post", data=lambda w: {"alt_text": "x"}),
    UrlAccess(
        "portal:photo_remove",
        {**MEMBERS_POST, "staff": {302, 404}, "enterprise": {302, 404}},
        kwargs=lambda w: {"pk": w["own_enterprise"].pk, "photo_pk": w["photos"][0].pk},
        method="post",
        setup=_photos,
    ),
    UrlAccess("portal:product_new", MEMBERS_ONLY, kwargs=_own),
    UrlAccess(
        "portal:product_edit",
        MEMBERS_ONLY,
        kwargs=lambda w: {"pk": w["own_enterprise"].pk, "product_pk": w["product"].pk},
        setup=_product,
    ),
    UrlAccess(
        "portal:enterprise_settings",
        STAFF_POST,
        kwargs=lambda w: {"pk": w["enterprise"].pk},
        method="post",
        data=lambda w: {"require_approval": "on"},
    ),
    UrlAccess("portal:change_queue", STAFF_ONLY),
    UrlAccess(
        "portal:change_decide",
        STAFF_POST,
        kwargs=lambda w: {"pk": w["change"].pk},
        method="post",
        data=lambda w: {"decision": "reject"},
        setup=_change,
    ),
    UrlAccess("portal:news_list", PUBLIC),
    UrlAccess("portal:news_feed", PUBLIC),
    UrlAccess("portal:news_detail", PUBLIC, kwargs=lambda w: {"pk": w["news"].pk}, setup=_news),
    UrlAccess("portal:news_create", STAFF_ONLY),
    UrlAccess("portal:news_edit", STAFF_ONLY, kwargs=lambda w: {"pk": w["news"].pk}, setup=_news),
    UrlAccess("api:search_all", API_PUBLIC, query="q=케이크"),
]
