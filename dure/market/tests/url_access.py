from dure.core.testing import API_LOGIN, API_PUBLIC, UrlAccess


def _product(world: dict) -> dict:
    from dure.market.services import product_create

    product = product_create(
        actor=None, enterprise=world["enterprise"], name="접근 시험", price=1000, direct_sale=True
    )
    return {"pk": product.pk}


def _order(world: dict) -> dict:
    from dure.market.services import order_place, product_create

    product = product_create(
        actor=None, enterprise=world["enterprise"], name="주문 시험", price=1000, direct_sale=True
    )
    order = order_place(
        buyer={"name": "홍길동", "email": "hong@example.org"},
        items=[{"product": product.pk, "quantity": 1}],
        consent=True,
    )
    return {"pk": order.pk}


URL_ACCESS = [
    UrlAccess("api:list_products", API_PUBLIC),
    UrlAccess("api:get_product", API_PUBLIC, kwargs=_product),
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
        "api:get_order", {**dict.fromkeys(API_LOGIN, 404), "anonymous": 401, "staff": 200}, kwargs=_order
    ),
]
