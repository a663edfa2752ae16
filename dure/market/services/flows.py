"""Every fulfilled or refunded sale becomes a money flow for the circulation measures.

The flow is always written to MoneyFlowOutbox first (the market's own trace, idempotent per
reference); when the circulation app offers `flow_record`, the row is delivered at once, inside
the same transaction, and marked delivered. `flows_deliver` retries whatever is still pending.
"""

from __future__ import annotations

import importlib
from collections import defaultdict
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from dure.core.audit import log_action
from dure.market.models import MoneyFlowOutbox, Order

# Individual buyers are households in the circulation ledger: never their names (PIPA).
CITIZEN_PAYER = "개인 구매자"
REFUND_SUFFIX = ":refund"


def _circulation(name: str) -> Callable[..., Any] | None:
    try:
        module = importlib.import_module("dure.circulation.services")
    except ImportError:
        return None
    return getattr(module, name, None)


def circulation_flow_record() -> Callable[..., Any] | None:
    return _circulation("flow_record")


def _payer(order: Order) -> tuple[str, str, str]:
    # A buyer who did not say where they live is counted in the center's own region: they buy
    # from a Gwangju market and pick up in Gwangju (docs/market.md, "Money flows").
    default_region = settings.DURE_REGION_PREFIX
    # Reading an unset foreign key gives None without a query.
    institution = order.institution
    if institution is not None:
        region = order.buyer_region_code or institution.region_code or default_region
        return institution.name, region, institution.brn
    if order.booth is not None:
        return CITIZEN_PAYER, order.buyer_region_code or order.booth.region_code or default_region, ""
    return CITIZEN_PAYER, order.buyer_region_code or default_region, ""


@transaction.atomic
def order_flows_record(*, order: Order, refund: bool = False) -> list[MoneyFlowOutbox]:
    """One flow per enterprise in the order (buyer's region → seller); a refund reverses each."""
    per_enterprise: dict[int, int] = defaultdict(int)
    enterprises: dict[int, Any] = {}
    for line in order.lines.select_related("enterprise"):
        per_enterprise[line.enterprise_id] += line.line_total
        enterprises[line.enterprise_id] = line.enterprise
    payer_name, payer_region, payer_brn = _payer(order)
    occurred = timezone.localdate(
        order.refunded_at if refund and order.refunded_at else order.fulfilled_at or timezone.now()
    )
    rows = []
    for enterprise_pk, amount in sorted(per_enterprise.items()):
        enterprise = enterprises[enterprise_pk]
        reference = f"market:order:{order.pk}:{enterprise_pk}" + (REFUND_SUFFIX if refund else "")
        row, _created = MoneyFlowOutbox.objects.get_or_create(
            reference=reference,
            defaults={
                "order": order,
                "occurred_on": occurred,
                "payer_name": payer_name[:200],
                "payer_region": payer_region,
                "payer_brn": payer_brn,
                "payee_name": enterprise.name[:200],
                "payee_region": enterprise.district_code or settings.DURE_REGION_PREFIX,
                "payee_brn": enterprise.brn,
                "amount": -amount if refund else amount,
                "kind": "sale",
            },
        )
        rows.append(row)
    if circulation_flow_record() is not None:
        _deliver(rows)
    return rows


def _deliver(rows: list[MoneyFlowOutbox]) -> int:
    flow_record = circulation_flow_record()
    if flow_record is None:
        return 0
    delivered = 0
    for row in rows:
        if row.delivered_at is not None:
            continue
        try:
            with transaction.atomic():
                if row.amount < 0 and row.reference.endswith(REFUND_SUFFIX):
                    # A refund is the circulation ledger's reversing entry of the sale's flow.
                    flow_reverse = _circulation("flow_reverse")
                    if flow_reverse is None:
                        raise LookupError("dure.circulation.services.flow_reverse is missing")
                    flow_reverse(reference=row.reference.removesuffix(REFUND_SUFFIX))
                else:
                    flow_record(
                        occurred_on=row.occurred_on,
                        payer_name=row.payer_name,
                        payer_region=row.payer_region,
                        payee_name=row.payee_name,
                        payee_region=row.payee_region,
                        amount=row.amount,
                        kind=row.kind,
                        source="market",
                        reference=row.reference,
                        payer_brn=row.payer_brn,
                        payee_brn=row.payee_brn,
                    )
        except Exception as error:  # noqa: BLE001  (kept pending with the reason; retried later)
            row.last_error = str(error)[:300]
            row.save(update_fields=["last_error", "updated_at"])
            continue
        row.delivered_at = timezone.now()
        row.last_error = ""
        row.save(update_fields=["delivered_at", "last_error", "updated_at"])
        delivered += 1
    return delivered


@transaction.atomic
def flows_deliver(*, actor: Any = None, limit: int = 10_000) -> int:
    """Drain pending flows into the circulation ledger; returns how many were delivered."""
    rows = list(
        MoneyFlowOutbox.objects.select_for_update().filter(delivered_at__isnull=True).order_by("pk")[:limit]
    )
    delivered = _deliver(rows)
    if delivered:
        log_action("market.flows.delivered", actor=actor, data={"delivered": delivered})
    return delivered
