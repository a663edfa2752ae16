from __future__ import annotations

import uuid
from typing import Any

from dure.core.testing import API_LOGIN, API_PUBLIC, LOGIN, PUBLIC, ROLES, STAFF_ONLY, UrlAccess

SELLER_ONLY = {**dict.fromkeys(ROLES, 403), "anonymous": 302, "enterprise": 200}
BOOTH_STAFF = {**dict.fromkeys(ROLES, 404), "anonymous": 302, "staff": 200}
ALL_REDIRECT = dict.fromkeys(ROLES, 302)


def _product(world: dict, *, own: bool = False, name: str = "접근 시험") -> Any:
    from dure.market.services import product_create

    enterprise = world["own_enterprise"] if own else world["enterprise"]
    return product_create(actor=None, enterprise=enterprise, name=name, price=1000, direct_sale=True)


def _order(world: dict, *, own: bool = False) -> Any:
    from dure.market.services import order_place

    product = _product(world, own=own, name="주문 시험")
    return order_place(
        buyer={"name": "홍길동", "email": "hong@example.org"},
        items=[{"product": product.pk, "quantity": 1}],
        consent=True,
    )


def _booth(world: dict) -> Any:
    import datetime as dt

    from django.utils import timezone

    from dure.market.models import Booth

    if "booth" not in world:
        today = timezone.localdate()
        booth = Booth.objects.create(
            name="부스", festival="충장축제", starts_on=today, ends_on=today + dt.timedelta(days=1)
        )
        booth.products.add(_product(world, name="부스 상품"))
        world["booth"] = booth
    return world["booth"]


def _institution(world: dict) -> Any:
    from dure.market.services import institution_create

    if "institution" not in world:
        world["institution"] = institution_create(
            actor=None, name="광주광역시청", region_code="29", users=[world["users"]["institution"]]
        )
    return world["institution"]


def _fair(world: dict) -> dict:
    import datetime as dt

    from dure.market.services import fair_create

    _institution(world)
    return {"pk": fair_create(actor=None, name="상담회", held_on=dt.date(2026, 12, 1)).pk}


def _window(world: dict) -> dict:
    import datetime as dt

    from django.utils import timezone

    from dure.market.services import window_create

    now = timezone.now()
    window = window_create(actor=None, name="장터", opens_at=now, closes_at=now + dt.timedelta(days=1))
    return {"pk": window.pk}


URL_ACCESS = [
    UrlAccess("api:list_products", API_PUBLIC),
    UrlAccess("api:get_product", API_PUBLIC, kwargs=lambda w: {"pk": _product(w).pk}),
    UrlAccess("api:list_windows", API_PUBLIC),
    UrlAccess(
        "api:create_order",
        dict.fromkeys(API_PUBLIC, 400),
        method="post",
        data=lambda w: {"items": [], "buyer": {"name": "홍길동", "email": "a@example.org"}, "consent": True},
        content_type="application/json",
    ),
    # Someone else's guest order: only staff may read it.
    UrlAccess(
        "api:get_order",
        {**dict.fromkeys(API_LOGIN, 404), "anonymous": 401, "staff": 200},
        kwargs=lambda w: {"pk": _order(w).pk},
    ),
    UrlAccess("market:home", PUBLIC),
    UrlAccess("market:product", PUBLIC, kwargs=lambda w: {"pk": _product(w).pk}),
    UrlAccess("market:cart", PUBLIC),
    UrlAccess(
        "market:cart_add",
        ALL_REDIRECT,
        method="post",
        data=lambda w: {"product": _product(w).pk, "quantity": 1},
    ),
    UrlAccess("market:cart_update", ALL_REDIRECT, method="post", data=lambda w: {}),
    UrlAccess("market:checkout", ALL_REDIRECT),  # an empty cart goes back to the catalogue
    UrlAccess(
        "market:order_done",
        {**dict.fromkeys(ROLES, 404), "staff": 200},
        kwargs=lambda w: {"pk": _order(w).pk},
    ),
    UrlAccess("market:my_orders", LOGIN),
    UrlAccess("market:seller_orders", SELLER_ONLY),
    UrlAccess(
        "market:seller_order_transition",
        {**dict.fromkeys(ROLES, 404), "anonymous": 302, "enterprise": 302, "staff": 302},
        kwargs=lambda w: {"pk": _order(w, own=True).pk},
        method="post",
        data=lambda w: {"status": "confirmed"},
    ),
    UrlAccess("market:seller_products", SELLER_ONLY),
    UrlAccess("market:seller_product_create", SELLER_ONLY),
    UrlAccess("market:seller_product_edit", SELLER_ONLY, kwargs=lambda w: {"pk": _product(w, own=True).pk}),
    UrlAccess("market:seller_report", {**SELLER_ONLY, "staff": 200}),
    UrlAccess("market:booth_list", LOGIN),
    UrlAccess("market:booth_screen", BOOTH_STAFF, kwargs=lambda w: {"pk": _booth(w).pk}),
    UrlAccess("market:booth_totals", BOOTH_STAFF, kwargs=lambda w: {"pk": _booth(w).pk}),
    UrlAccess(
        "market:booth_sale",
        {**dict.fromkeys(ROLES, 404), "anonymous": 403, "staff": 201},
        kwargs=lambda w: {"pk": _booth(w).pk},
        method="post",
        data=lambda w: {
            "sale_uuid": str(uuid.uuid4()),
            "items": [{"product": _booth(w).products.get().pk, "quantity": 1}],
        },
        content_type="application/json",
    ),
    UrlAccess(
        "market:purchasing_report",
        {**dict.fromkeys(ROLES, 403), "anonymous": 302, "institution": 200, "staff": 200},
        setup=_institution,
    ),
    UrlAccess(
        "market:purchase_import",
        {**dict.fromkeys(ROLES, 404), "anonymous": 302, "institution": 200, "staff": 200},
        kwargs=lambda w: {"pk": _institution(w).pk},
    ),
    UrlAccess(
        "market:fair_list",
        {**dict.fromkeys(ROLES, 403), "anonymous": 302, "enterprise": 200, "institution": 200, "staff": 200},
        setup=_institution,
    ),
    UrlAccess(
        "market:fair_detail",
        {**dict.fromkeys(ROLES, 403), "anonymous": 302, "enterprise": 200, "institution": 200, "staff": 200},
        kwargs=_fair,
    ),
    UrlAccess("market:staff_windows", STAFF_ONLY),
    UrlAccess("market:staff_window_create", STAFF_ONLY),
    UrlAccess("market:staff_window_detail", STAFF_ONLY, kwargs=_window),
    UrlAccess("market:staff_window_open", {**STAFF_ONLY, "staff": 302}, kwargs=_window, method="post"),
    UrlAccess("market:staff_window_close", {**STAFF_ONLY, "staff": 302}, kwargs=_window, method="post"),
    UrlAccess("market:staff_window_cancel", {**STAFF_ONLY, "staff": 302}, kwargs=_window, method="post"),
    UrlAccess("market:staff_orders", STAFF_ONLY),
    UrlAccess(
        "market:staff_order_transition",
        {**STAFF_ONLY, "staff": 302},
        kwargs=lambda w: {"pk": _order(w).pk},
        method="post",
        data=lambda w: {"status": "confirmed"},
    ),
    UrlAccess("market:staff_flows_deliver", {**STAFF_ONLY, "staff": 302}, method="post", data=lambda w: {}),
]
