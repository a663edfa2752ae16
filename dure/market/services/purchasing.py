"""Public purchasing (우선구매): institutions, yearly targets, purchases, consultation fairs."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.db import transaction
from django.utils import timezone

from dure.market.models import InstitutionPurchase, Order, PurchaseSource


@transaction.atomic
def purchase_record_from_order(*, order: Order, refund: bool = False) -> list[InstitutionPurchase]:
    """An institution's order on Dure counts toward its purchases when fulfilled; a refund reverses it."""
    per_enterprise: dict[int, int] = defaultdict(int)
    enterprises: dict[int, Any] = {}
    items: dict[int, list[str]] = defaultdict(list)
    for line in order.lines.select_related("enterprise"):
        per_enterprise[line.enterprise_id] += line.line_total
        enterprises[line.enterprise_id] = line.enterprise
        items[line.enterprise_id].append(line.product_name)
    when = order.refunded_at if refund else order.fulfilled_at
    rows = []
    for enterprise_pk, amount in sorted(per_enterprise.items()):
        enterprise = enterprises[enterprise_pk]
        reference = f"order:{order.pk}:{enterprise_pk}" + (":refund" if refund else "")
        row, _created = InstitutionPurchase.objects.get_or_create(
            institution_id=order.institution_id,
            reference=reference,
            defaults={
                "purchased_on": timezone.localdate(when or timezone.now()),
                "enterprise": enterprise,
                "enterprise_name": enterprise.name,
                "enterprise_brn": enterprise.brn,
                "enterprise_type": enterprise.primary_type,
                "item": ", ".join(items[enterprise_pk])[:300],
                "amount": -amount if refund else amount,
                "source": PurchaseSource.DURE,
                "order": order,
            },
        )
        rows.append(row)
    return rows
