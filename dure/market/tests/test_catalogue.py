from __future__ import annotations

from typing import Any

import pytest

from dure.accounts.models import EnterpriseMembership
from dure.core.errors import Conflict, DomainError, PermissionDeniedError
from dure.core.models import AuditLog
from dure.market.models import Product, ProductVariant
from dure.market.services import order_place, product_create, product_update, variant_add
from dure.market.tests.conftest import BUYER

pytestmark = pytest.mark.django_db


def test_product_create_validates_and_audits(make_enterprise: Any) -> None:
    enterprise = make_enterprise()
    bad_values: list[dict[str, Any]] = [
        {"price": -1},
        {"price": 1.5},
        {"stock": -2},
        {"vat_mode": "zero"},
        {"name": " "},
    ]
    for bad in bad_values:
        values: dict[str, Any] = {"name": "빵", "price": 1000, **bad}
        with pytest.raises(DomainError):
            product_create(actor=None, enterprise=enterprise, **values)
    assert not Product.objects.exists()
    product = product_create(actor=None, enterprise=enterprise, name=" 빵 ", price=1000, eco_friendly=True)
    assert (product.name, product.social_tags) == ("빵", ["eco_friendly"])
    assert AuditLog.objects.filter(action="market.product.created", target_pk=str(product.pk)).count() == 1


def test_only_own_enterprise_members_edit_products(make_enterprise: Any, make_user: Any) -> None:
    product = product_create(actor=None, enterprise=make_enterprise(), name="빵", price=1000)
    member = make_user("enterprise")
    EnterpriseMembership.objects.create(user=member, enterprise=product.enterprise, role="staff")
    outsider = make_user("enterprise")
    with pytest.raises(PermissionDeniedError):
        product_update(actor=outsider, product=product, values={"price": 1})
    assert Product.objects.get(pk=product.pk).price == 1000
    assert product_update(actor=member, product=product, values={"price": 1200, "stock": 3}) == {
        "price": [1000, 1200],
        "stock": [None, 3],
    }
    with pytest.raises(PermissionDeniedError):
        product_create(actor=outsider, enterprise=product.enterprise, name="남의 빵", price=1)


def test_variant_price_and_stock(make_product: Any, open_window: Any) -> None:
    cake = make_product(name="케이크", price=30000, stock=10)
    small = variant_add(actor=None, product=cake, name="1호", price=25000, stock=1)
    open_window([cake])
    order = order_place(
        buyer=BUYER, items=[{"product": cake.pk, "variant": small.pk, "quantity": 1}], consent=True
    )
    line = order.lines.get()
    assert (line.unit_price, line.line_total, line.product_name) == (25000, 25000, "케이크 · 1호")
    assert ProductVariant.objects.get(pk=small.pk).stock == 0 and Product.objects.get(pk=cake.pk).stock == 9
    with pytest.raises(Conflict):
        order_place(
            buyer=BUYER, items=[{"product": cake.pk, "variant": small.pk, "quantity": 1}], consent=True
        )
