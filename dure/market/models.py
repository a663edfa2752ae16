"""The market: catalogue, sales windows, orders, payments, booths and public purchasing.

A sales window is Open Food Network's order cycle made simpler: the center is always the
coordinator, products take part directly (no incoming/outgoing exchanges, no hubs, no enterprise
fees), and pickup points hang off the window. See docs/market.md.
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from dure.core.models import BaseModel
from dure.core.text import TEXT_DESCRIPTION, TEXT_NOTE


class VatMode(models.TextChoices):
    INCLUDED = "included", _("VAT included")
    EXEMPT = "exempt", _("VAT exempt")


class SocialTag(models.TextChoices):
    LOCAL_INGREDIENTS = "local_ingredients", _("local ingredients")
    VULNERABLE_WORKERS = "vulnerable_workers", _("made by vulnerable-group workers")
    ECO_FRIENDLY = "eco_friendly", _("eco-friendly")


class Product(BaseModel):
    enterprise = models.ForeignKey(
        "registry.Enterprise", on_delete=models.CASCADE, related_name="products", verbose_name=_("enterprise")
    )
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True, max_length=TEXT_DESCRIPTION)
    category = models.CharField(_("category"), max_length=100, blank=True, db_index=True)
    price = models.BigIntegerField(_("price (won)"))
    vat_mode = models.CharField(_("VAT"), max_length=10, choices=VatMode.choices, default=VatMode.INCLUDED)
    # None: unlimited (made to order within capacity).
    stock = models.IntegerField(_("stock"), null=True, blank=True)
    is_active = models.BooleanField(_("on sale"), default=True, db_index=True)
    photo = models.ImageField(_("photo"), upload_to="products/%Y/", blank=True)
    unit = models.CharField(_("unit"), max_length=30, blank=True, default="")
    # Sold at any time without a sales window (an enterprise's standing catalogue).
    direct_sale = models.BooleanField(_("sold outside sales windows"), default=False, db_index=True)
    # Production capacity per sales window (units); None: no limit beyond stock.
    capacity_per_window = models.PositiveIntegerField(_("capacity per sales window"), null=True, blank=True)
    local_ingredients = models.BooleanField(_("local ingredients"), default=False)
    vulnerable_workers = models.BooleanField(_("made by vulnerable-group workers"), default=False)
    eco_friendly = models.BooleanField(_("eco-friendly"), default=False)
    # A joint product of a collaboration project (collab app's pk; the enterprise is its lead).
    collab_project_pk = models.PositiveBigIntegerField(_("collaboration project"), null=True, blank=True)

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

    @property
    def social_tags(self) -> list[str]:
        return [tag.value for tag in SocialTag if getattr(self, tag.value)]

    @property
    def social_tag_labels(self) -> list[str]:
        return [str(tag.label) for tag in SocialTag if getattr(self, tag.value)]


class ProductVariant(BaseModel):
    """A size or flavour of a product with its own price and stock."""

    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="variants")
    name = models.CharField(_("name"), max_length=100)
    price = models.BigIntegerField(_("price (won)"))
    stock = models.IntegerField(_("stock"), null=True, blank=True)
    is_active = models.BooleanField(_("on sale"), default=True)

    class Meta:
        verbose_name = _("product variant")
        verbose_name_plural = _("product variants")
        ordering = ["product", "price", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(price__gte=0), name="market_variant_price_not_negative"),
            models.CheckConstraint(
                condition=Q(stock__isnull=True) | Q(stock__gte=0), name="market_variant_stock_not_negative"
            ),
            models.UniqueConstraint(fields=["product", "name"], name="market_variant_unique_name"),
        ]

    def __str__(self) -> str:
        return f"{self.product.name} · {self.name}"


class ProductPhoto(BaseModel):
    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="photos")
    image = models.ImageField(_("photo"), upload_to="products/%Y/")
    alt = models.CharField(_("description for screen readers"), max_length=200, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("product photo")
        verbose_name_plural = _("product photos")
        ordering = ["product", "position", "pk"]

    def __str__(self) -> str:
        return self.alt or self.image.name or ""


class WindowStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    OPEN = "open", _("open")
    CLOSED = "closed", _("closed")
    CANCELLED = "cancelled", _("cancelled")


class SalesWindow(BaseModel):
    """A time-boxed sale in which several enterprises offer products (OFN's order cycle).

    `status` open means published; orders are taken while status is open and
    opens_at <= now < closes_at. It closes by `window_close`, automatically when `capacity`
    units are ordered, or in effect when closes_at passes (see `window_is_closed`).
    """

    TRANSITIONS: ClassVar[dict[str, set[str]]] = {
        WindowStatus.DRAFT: {WindowStatus.OPEN, WindowStatus.CANCELLED},
        WindowStatus.OPEN: {WindowStatus.CLOSED, WindowStatus.CANCELLED},
        WindowStatus.CLOSED: set(),
        WindowStatus.CANCELLED: set(),
    }

    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True, max_length=TEXT_DESCRIPTION)
    opens_at = models.DateTimeField(_("opens at"), db_index=True)
    closes_at = models.DateTimeField(_("closes at"), db_index=True)
    status = models.CharField(
        _("status"), max_length=10, choices=WindowStatus.choices, default=WindowStatus.OPEN, db_index=True
    )
    # Units the window can take in all; None: no limit. units_ordered counts live orders.
    capacity = models.PositiveIntegerField(_("capacity (units)"), null=True, blank=True)
    units_ordered = models.PositiveIntegerField(_("units ordered"), default=0)
    delivery = models.BooleanField(_("delivery offered"), default=False)
    delivery_note = models.CharField(_("delivery note"), max_length=300, blank=True)
    # The smallest order total (won, VAT included) delivered; None: any order is delivered.
    delivery_minimum = models.PositiveIntegerField(
        _("minimum order for delivery (won)"), null=True, blank=True
    )
    products = models.ManyToManyField(
        Product, through="WindowProduct", related_name="windows", verbose_name=_("products")
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    close_reason = models.CharField(_("close reason"), max_length=20, blank=True)

    class Meta:
        verbose_name = _("sales window")
        verbose_name_plural = _("sales windows")
        ordering = ["-opens_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_at__gt=models.F("opens_at")), name="market_window_times"
            ),
            models.CheckConstraint(
                condition=Q(capacity__isnull=True) | Q(units_ordered__lte=models.F("capacity")),
                name="market_window_capacity_not_exceeded",
            ),
            models.CheckConstraint(
                condition=Q(delivery_minimum__isnull=True) | Q(delivery=True),
                name="market_window_delivery_minimum_needs_delivery",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def enterprises(self) -> list:
        seen: dict[int, object] = {}
        for product in self.products.all():
            seen.setdefault(product.enterprise_id, product.enterprise)
        return list(seen.values())


class WindowProduct(models.Model):
    """A product taking part in a window; `units_ordered` counts it against its capacity."""

    window = models.ForeignKey(SalesWindow, on_delete=models.CASCADE, related_name="entries")
    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="window_entries")
    units_ordered = models.PositiveIntegerField(_("units ordered"), default=0)

    class Meta:
        verbose_name = _("product in a sales window")
        verbose_name_plural = _("products in sales windows")
        constraints = [
            models.UniqueConstraint(fields=["window", "product"], name="market_window_product_unique")
        ]

    def __str__(self) -> str:
        return f"{self.window} · {self.product}"


class PickupPoint(BaseModel):
    window = models.ForeignKey(SalesWindow, on_delete=models.CASCADE, related_name="pickup_points")
    name = models.CharField(_("name"), max_length=200)
    address = models.CharField(_("address"), max_length=300, blank=True)
    times = models.CharField(_("pickup times"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("pickup point")
        verbose_name_plural = _("pickup points")
        ordering = ["window", "name", "pk"]

    def __str__(self) -> str:
        return self.name


def served_region_code() -> str:
    """The region this center serves (DURE_REGION_PREFIX): a new booth's default place."""
    return str(settings.DURE_REGION_PREFIX)


class Booth(BaseModel):
    """A festival sales booth (충장축제, 프린지페스티벌, university festivals)."""

    name = models.CharField(_("name"), max_length=200)
    festival = models.CharField(_("festival"), max_length=200)
    location = models.CharField(_("location"), max_length=300, blank=True)
    # Where the festival is: the region this center serves unless said otherwise (the circulation
    # measures count a booth sale without a buyer's district there).
    region_code = models.CharField(_("region code"), max_length=10, default=served_region_code)
    starts_on = models.DateField(_("first day"))
    ends_on = models.DateField(_("last day"))
    products = models.ManyToManyField(Product, related_name="booths", verbose_name=_("products"), blank=True)
    staff = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="market_booths", verbose_name=_("booth staff"), blank=True
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("festival booth")
        verbose_name_plural = _("festival booths")
        ordering = ["-starts_on", "name", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gte=models.F("starts_on")), name="market_booth_days")
        ]

    def __str__(self) -> str:
        return f"{self.festival} · {self.name}"


class Channel(models.TextChoices):
    ONLINE = "online", _("online")
    BOOTH = "booth", _("festival booth")
    INSTITUTION = "institution", _("institution")


class OrderStatus(models.TextChoices):
    PLACED = "placed", _("placed")
    CONFIRMED = "confirmed", pgettext_lazy("order status", "confirmed")
    READY = "ready", _("ready for pickup")
    FULFILLED = "fulfilled", _("fulfilled")
    CANCELLED = "cancelled", _("cancelled")
    REFUNDED = "refunded", _("refunded")


# The order pipeline (Oscar-style): forward steps may be skipped (a booth hands goods over at
# once); cancelling releases stock and is possible until fulfilment; refunds follow fulfilment.
ORDER_TRANSITIONS: dict[str, frozenset[str]] = {
    OrderStatus.PLACED: frozenset(
        {OrderStatus.CONFIRMED, OrderStatus.READY, OrderStatus.FULFILLED, OrderStatus.CANCELLED}
    ),
    OrderStatus.CONFIRMED: frozenset({OrderStatus.READY, OrderStatus.FULFILLED, OrderStatus.CANCELLED}),
    OrderStatus.READY: frozenset({OrderStatus.FULFILLED, OrderStatus.CANCELLED}),
    OrderStatus.FULFILLED: frozenset({OrderStatus.REFUNDED}),
    OrderStatus.CANCELLED: frozenset(),
    OrderStatus.REFUNDED: frozenset(),
}


class PaymentMethod(models.TextChoices):
    BANK_TRANSFER = "bank_transfer", _("bank transfer")
    CARD_AT_PICKUP = "card_at_pickup", _("card at pickup")
    LOCAL_CURRENCY = "local_currency", _("광주상생카드 at pickup")
    INVOICE = "invoice", _("invoice (institutions)")
    CASH = "cash", _("cash")


# Which payment methods each channel takes. Online buyers pay by transfer or at pickup (nothing
# is paid when the order is placed); invoices are for institutions (public purchasing); cash is
# taken in person only, at a booth by its staff — the test provider books cash as paid at once.
CHANNEL_PAYMENT_METHODS: dict[str, tuple[str, ...]] = {
    Channel.ONLINE: (PaymentMethod.BANK_TRANSFER, PaymentMethod.CARD_AT_PICKUP, PaymentMethod.LOCAL_CURRENCY),
    Channel.BOOTH: (
        PaymentMethod.CASH,
        PaymentMethod.CARD_AT_PICKUP,
        PaymentMethod.LOCAL_CURRENCY,
        PaymentMethod.BANK_TRANSFER,
    ),
    Channel.INSTITUTION: (PaymentMethod.INVOICE, PaymentMethod.BANK_TRANSFER),
}


class Order(BaseModel):
    TRANSITIONS: ClassVar[dict[str, frozenset[str]]] = ORDER_TRANSITIONS

    window = models.ForeignKey(
        SalesWindow,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="orders",
        verbose_name=_("sales window"),
    )
    booth = models.ForeignKey(
        Booth, null=True, blank=True, on_delete=models.PROTECT, related_name="orders", verbose_name=_("booth")
    )
    institution = models.ForeignKey(
        "market.Institution",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="orders",
        verbose_name=_("institution"),
    )
    channel = models.CharField(
        _("channel"), max_length=12, choices=Channel.choices, default=Channel.ONLINE, db_index=True
    )
    status = models.CharField(
        _("status"), max_length=10, choices=OrderStatus.choices, default=OrderStatus.PLACED, db_index=True
    )
    buyer_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="market_orders",
    )
    buyer_name = models.CharField(_("buyer name"), max_length=100, blank=True)
    buyer_email = models.EmailField(_("buyer email"), blank=True)
    buyer_phone = models.CharField(_("buyer phone"), max_length=30, blank=True)
    buyer_region_code = models.CharField(_("buyer region code"), max_length=10, blank=True)
    is_institution = models.BooleanField(_("institution purchase"), default=False, db_index=True)
    pickup_point = models.ForeignKey(
        PickupPoint,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="orders",
        verbose_name=_("pickup point"),
    )
    delivery_address = models.CharField(_("delivery address"), max_length=300, blank=True)
    payment_method = models.CharField(
        _("payment method"), max_length=20, choices=PaymentMethod.choices, default=PaymentMethod.BANK_TRANSFER
    )
    total = models.BigIntegerField(_("total (won)"), default=0)
    vat = models.BigIntegerField(_("VAT (won)"), default=0)
    units = models.PositiveIntegerField(_("units"), default=0)
    # An Idempotency-Key is the client's, so it is unique per requester only (see
    # services.orders.idempotency_scope): "user:<pk>", "booth:<pk>" or "anonymous:<hash of the
    # buyer's details>".
    idempotency_scope = models.CharField(_("idempotency scope"), max_length=100, blank=True, default="")
    idempotency_key = models.CharField(_("idempotency key"), max_length=200, null=True, blank=True)
    request_hash = models.CharField(_("request fingerprint"), max_length=64, blank=True)
    consent = models.ForeignKey(
        "accounts.Consent", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The day the buyer's contact and address were destroyed, their retention having ended.
    personal_data_destroyed_on = models.DateField(_("personal data destroyed on"), null=True, blank=True)
    placed_at = models.DateTimeField(_("placed at"), db_index=True)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    ready_at = models.DateTimeField(_("ready at"), null=True, blank=True)
    fulfilled_at = models.DateTimeField(_("fulfilled at"), null=True, blank=True, db_index=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    refunded_at = models.DateTimeField(_("refunded at"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)

    # Not a database field: order_place sets it on the order it returns (True: placed now; False:
    # an earlier order found by its Idempotency-Key). Unset on orders loaded otherwise.
    was_created: bool

    class Meta:
        verbose_name = _("order")
        verbose_name_plural = _("orders")
        ordering = ["-placed_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(total__gte=0), name="market_order_total_not_negative"),
            models.UniqueConstraint(
                fields=["idempotency_scope", "idempotency_key"],
                condition=Q(idempotency_key__isnull=False),
                name="market_order_idempotency_key_per_scope",
            ),
            models.CheckConstraint(
                condition=Q(
                    *[
                        Q(channel=channel, payment_method__in=methods)
                        for channel, methods in CHANNEL_PAYMENT_METHODS.items()
                    ],
                    _connector=Q.OR,
                ),
                name="market_order_payment_method_fits_channel",
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.pk}"

    @property
    def number(self) -> str:
        return f"D{self.pk:07d}" if self.pk else ""

    def can_move_to(self, status: str) -> bool:
        return status in ORDER_TRANSITIONS.get(self.status, frozenset())


class OrderLine(models.Model):
    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="lines")
    product = models.ForeignKey(Product, on_delete=models.PROTECT, related_name="order_lines")
    variant = models.ForeignKey(
        ProductVariant, null=True, blank=True, on_delete=models.PROTECT, related_name="order_lines"
    )
    enterprise = models.ForeignKey(
        "registry.Enterprise", on_delete=models.PROTECT, related_name="order_lines"
    )
    product_name = models.CharField(_("product"), max_length=300)
    quantity = models.PositiveIntegerField(_("quantity"))
    unit_price = models.BigIntegerField(_("unit price (won)"))
    line_total = models.BigIntegerField(_("line total (won)"))
    vat_mode = models.CharField(_("VAT"), max_length=10, choices=VatMode.choices)
    supply_value = models.BigIntegerField(_("supply value (won)"))
    vat = models.BigIntegerField(_("VAT (won)"))

    class Meta:
        verbose_name = _("order line")
        verbose_name_plural = _("order lines")
        ordering = ["order", "pk"]
        indexes = [models.Index(fields=["enterprise", "order"])]
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gte=1), name="market_line_quantity_positive"),
            models.CheckConstraint(
                condition=Q(line_total=models.F("supply_value") + models.F("vat")),
                name="market_line_vat_adds_up",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.product_name} × {self.quantity}"


class PaymentStatus(models.TextChoices):
    PENDING = "pending", pgettext_lazy("payment status", "pending")
    PAID = "paid", _("paid")
    FAILED = "failed", _("failed")
    REFUNDED = "refunded", _("refunded")
    CANCELLED = "cancelled", _("cancelled")


class Payment(BaseModel):
    order = models.ForeignKey(Order, on_delete=models.PROTECT, related_name="payments")
    method = models.CharField(_("method"), max_length=20, choices=PaymentMethod.choices)
    amount = models.BigIntegerField(_("amount (won)"))
    status = models.CharField(
        _("status"), max_length=10, choices=PaymentStatus.choices, default=PaymentStatus.PENDING
    )
    provider = models.CharField(_("provider"), max_length=50)
    provider_reference = models.CharField(_("provider reference"), max_length=200, blank=True)
    paid_at = models.DateTimeField(_("paid at"), null=True, blank=True)

    class Meta:
        verbose_name = _("payment")
        verbose_name_plural = _("payments")
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return f"{self.order} {self.method} {self.amount}"


class MoneyFlowOutbox(BaseModel):
    """A sale's money flow waiting to be written into the circulation ledger.

    One row per (order, enterprise, event); `reference` is the idempotency key circulation uses.
    """

    reference = models.CharField(_("reference"), max_length=100, unique=True)
    order = models.ForeignKey(Order, on_delete=models.PROTECT, related_name="money_flows")
    occurred_on = models.DateField(_("date"))
    payer_name = models.CharField(_("payer"), max_length=200)
    payer_region = models.CharField(_("payer region"), max_length=10, blank=True)
    payer_brn = models.CharField(_("payer BRN"), max_length=10, blank=True)
    payee_name = models.CharField(_("payee"), max_length=200)
    payee_region = models.CharField(_("payee region"), max_length=10, blank=True)
    payee_brn = models.CharField(_("payee BRN"), max_length=10, blank=True)
    amount = models.BigIntegerField(_("amount (won)"))
    kind = models.CharField(_("kind"), max_length=20, default="sale")
    delivered_at = models.DateTimeField(_("written to circulation at"), null=True, blank=True, db_index=True)
    last_error = models.CharField(_("last error"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("pending money flow")
        verbose_name_plural = _("pending money flows")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.reference


# Public purchasing (우선구매) -------------------------------------------------------------


class InstitutionKind(models.TextChoices):
    PUBLIC = "public", _("public institution")
    COMPANY = "company", _("company")


class Institution(BaseModel):
    name = models.CharField(_("name"), max_length=200, unique=True)
    kind = models.CharField(
        _("kind"), max_length=10, choices=InstitutionKind.choices, default=InstitutionKind.PUBLIC
    )
    region_code = models.CharField(_("region code"), max_length=10, blank=True)
    brn = models.CharField(_("business registration number"), max_length=10, blank=True)
    users = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="market_institutions", blank=True, verbose_name=_("buyers")
    )

    class Meta:
        verbose_name = _("institution")
        verbose_name_plural = _("institutions")
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name


class PurchaseTarget(BaseModel):
    """An institution's yearly priority-purchase target; enterprise_type '' is the overall target."""

    institution = models.ForeignKey(Institution, on_delete=models.CASCADE, related_name="targets")
    year = models.PositiveSmallIntegerField(_("year"))
    enterprise_type = models.CharField(_("enterprise type"), max_length=20, blank=True)
    amount = models.BigIntegerField(_("target (won)"))

    class Meta:
        verbose_name = _("purchase target")
        verbose_name_plural = _("purchase targets")
        ordering = ["institution", "year", "enterprise_type"]
        constraints = [
            models.UniqueConstraint(
                fields=["institution", "year", "enterprise_type"], name="market_target_unique"
            ),
            models.CheckConstraint(condition=Q(amount__gte=0), name="market_target_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.institution} {self.year}"


class PurchaseSource(models.TextChoices):
    DURE = "dure", _("bought on Dure")
    IMPORTED = "imported", _("bought elsewhere (imported)")


class InstitutionPurchase(BaseModel):
    institution = models.ForeignKey(Institution, on_delete=models.CASCADE, related_name="purchases")
    purchased_on = models.DateField(_("purchase date"), db_index=True)
    enterprise = models.ForeignKey(
        "registry.Enterprise",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="institution_purchases",
    )
    enterprise_name = models.CharField(_("enterprise"), max_length=200)
    enterprise_brn = models.CharField(_("business registration number"), max_length=10, blank=True)
    enterprise_type = models.CharField(_("enterprise type"), max_length=20, blank=True, db_index=True)
    item = models.CharField(_("item"), max_length=300, blank=True)
    amount = models.BigIntegerField(_("amount (won)"))
    source = models.CharField(_("source"), max_length=10, choices=PurchaseSource.choices)
    order = models.ForeignKey(
        Order, null=True, blank=True, on_delete=models.SET_NULL, related_name="institution_purchases"
    )
    reference = models.CharField(_("reference"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("institution purchase")
        verbose_name_plural = _("institution purchases")
        ordering = ["-purchased_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["institution", "reference"],
                condition=~Q(reference=""),
                name="market_purchase_reference_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.institution} {self.enterprise_name} {self.amount}"


class Fair(BaseModel):
    """A purchase consultation fair (구매상담회)."""

    name = models.CharField(_("name"), max_length=200)
    held_on = models.DateField(_("date"))
    venue = models.CharField(_("venue"), max_length=300, blank=True)
    slot_minutes = models.PositiveSmallIntegerField(_("meeting length (minutes)"), default=20)

    class Meta:
        verbose_name = _("consultation fair")
        verbose_name_plural = _("consultation fairs")
        ordering = ["-held_on", "pk"]

    def __str__(self) -> str:
        return self.name


class FairNeed(BaseModel):
    fair = models.ForeignKey(Fair, on_delete=models.CASCADE, related_name="needs")
    institution = models.ForeignKey(Institution, on_delete=models.CASCADE, related_name="fair_needs")
    title = models.CharField(_("what is needed"), max_length=200)
    description = models.TextField(_("details"), blank=True, max_length=TEXT_NOTE)
    budget = models.BigIntegerField(_("budget (won)"), null=True, blank=True)

    class Meta:
        verbose_name = _("purchase need")
        verbose_name_plural = _("purchase needs")
        ordering = ["fair", "pk"]

    def __str__(self) -> str:
        return self.title


class FairAnswer(BaseModel):
    need = models.ForeignKey(FairNeed, on_delete=models.CASCADE, related_name="answers")
    enterprise = models.ForeignKey(
        "registry.Enterprise", on_delete=models.CASCADE, related_name="fair_answers"
    )
    message = models.TextField(_("proposal"), max_length=TEXT_NOTE)

    class Meta:
        verbose_name = _("answer to a need")
        verbose_name_plural = _("answers to needs")
        ordering = ["need", "pk"]
        constraints = [models.UniqueConstraint(fields=["need", "enterprise"], name="market_answer_once")]

    def __str__(self) -> str:
        return f"{self.enterprise} → {self.need}"


class FairMeeting(BaseModel):
    """A 1:1 meeting slot at a fair; neither side can be in two meetings at once."""

    fair = models.ForeignKey(Fair, on_delete=models.CASCADE, related_name="meetings")
    institution = models.ForeignKey(Institution, on_delete=models.CASCADE, related_name="fair_meetings")
    enterprise = models.ForeignKey(
        "registry.Enterprise", on_delete=models.CASCADE, related_name="fair_meetings"
    )
    starts_at = models.DateTimeField(_("starts at"))
    table = models.CharField(_("table"), max_length=20, blank=True)

    class Meta:
        verbose_name = _("fair meeting")
        verbose_name_plural = _("fair meetings")
        ordering = ["fair", "starts_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["fair", "institution", "starts_at"], name="market_meeting_institution_free"
            ),
            models.UniqueConstraint(
                fields=["fair", "enterprise", "starts_at"], name="market_meeting_enterprise_free"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.starts_at:%H:%M} {self.institution} / {self.enterprise}"
