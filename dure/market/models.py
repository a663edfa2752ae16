"""The market's catalogue. Orders, sales windows and booths arrive with the market issue."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from dure.core.models import BaseModel


class VatMode(models.TextChoices):
    INCLUDED = "included", _("VAT included")
    EXEMPT = "exempt", _("VAT exempt")


class Product(BaseModel):
    enterprise = models.ForeignKey(
        "registry.Enterprise", on_delete=models.CASCADE, related_name="products", verbose_name=_("enterprise")
    )
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    category = models.CharField(_("category"), max_length=100, blank=True)
    price = models.BigIntegerField(_("price (won)"))
    vat_mode = models.CharField(_("VAT"), max_length=10, choices=VatMode.choices, default=VatMode.INCLUDED)
    # None: unlimited (made to order within capacity).
    stock = models.IntegerField(_("stock"), null=True, blank=True)
    is_active = models.BooleanField(_("on sale"), default=True, db_index=True)
    photo = models.ImageField(_("photo"), upload_to="products/%Y/", blank=True)

    class Meta:
        verbose_name = _("product")
        verbose_name_plural = _("products")
        ordering = ["name", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(price__gte=0), name="market_product_price_not_negative"),
            models.CheckConstraint(
                condition=Q(stock__isnull=True) | Q(stock__gte=0), name="market_product_stock_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return self.name
