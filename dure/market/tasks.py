"""Background tasks of the market (django-tasks)."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _
from django_tasks import task

from dure.market.models import Order


@task()
def order_confirmation_send(order_pk: int) -> bool:
    """Email the buyer what they ordered, where to pick it up and how to pay."""
    order = (
        Order.objects.select_related("window", "pickup_point")
        .prefetch_related("lines")
        .filter(pk=order_pk)
        .first()
    )
    if order is None or not order.buyer_email:
        return False
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Your order %(number)s") % {"number": order.number}
        body = render_to_string(
            "market/email/order_confirmation.txt",
            {"order": order, "bank_account": getattr(settings, "DURE_MARKET_BANK_ACCOUNT", "")},
        )
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [order.buyer_email])
    return True
