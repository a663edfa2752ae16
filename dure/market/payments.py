"""The payment-provider interface. A real gateway implements `PaymentProvider` and is named in
settings.DURE_PAYMENT_PROVIDER; order logic never talks to a gateway directly."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from django.conf import settings
from django.utils.module_loading import import_string

from dure.market.models import Channel, Payment, PaymentMethod, PaymentStatus


@dataclass(frozen=True)
class ProviderResult:
    status: str
    reference: str = ""


class PaymentProvider(Protocol):
    name: str

    def start(self, payment: Payment) -> ProviderResult:
        """Called when the order is placed, before the payment row is saved; returns its first status."""
        ...

    def capture(self, payment: Payment) -> ProviderResult:
        """Called when the goods are handed over (or the transfer arrived)."""
        ...

    def refund(self, payment: Payment) -> ProviderResult: ...


class TestProvider:
    """Deterministic provider for development and tests: no network, references from the pk.

    Cash at a booth is paid at once (the booth's staff took it); bank transfer, pay-at-pickup and
    invoices stay pending until captured (transfer seen, goods handed over, invoice settled).
    Cash anywhere else stays pending too: order_place refuses it, this is the second guard.
    """

    name = "test"

    def start(self, payment: Payment) -> ProviderResult:
        in_hand = payment.method == PaymentMethod.CASH and payment.order.channel == Channel.BOOTH
        status = PaymentStatus.PAID if in_hand else PaymentStatus.PENDING
        return ProviderResult(status=status, reference=f"TEST-{payment.method}-{payment.order_id}")

    def capture(self, payment: Payment) -> ProviderResult:
        return ProviderResult(status=PaymentStatus.PAID, reference=payment.provider_reference)

    def refund(self, payment: Payment) -> ProviderResult:
        return ProviderResult(status=PaymentStatus.REFUNDED, reference=payment.provider_reference)


def get_provider() -> PaymentProvider:
    path = getattr(settings, "DURE_PAYMENT_PROVIDER", "dure.market.payments.TestProvider")
    provider: PaymentProvider = import_string(path)()
    return provider
