"""The money-flow ledger of the regional circular economy: parties, flows, declared shares.

Flows are append-only: a correction is a reversing flow (negative amount) that points at the
flow it reverses. Each flow carries both parties' region codes as they were when it happened,
so that the measures can draw any boundary (the region, a district, a province) afterwards.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from dure.core.models import AppendOnlyModel
from dure.core.text import TEXT_NOTE


class PartyKind(models.TextChoices):
    ENTERPRISE = "enterprise", _("enterprise")
    INSTITUTION = "institution", _("institution")
    HOUSEHOLD = "household", _("household aggregate")
    OUTSIDE = "outside", _("other named party")


class FlowKind(models.TextChoices):
    SALE = "sale", _("sale")
    PURCHASE = "purchase", _("purchase")
    WAGE = "wage", _("wage")
    GRANT = "grant", _("grant")
    TAX = "tax", _("tax")
    LOAN = "loan", _("loan")
    OTHER = "other", _("other")


class FlowSource(models.TextChoices):
    MARKET = "market", _("market")
    COLLABORATION = "collaboration", _("collaboration")
    FUND = "fund", _("fund")
    IMPORT = "import", _("import")
    MANUAL = "manual", _("manual")


class Party(models.Model):
    """Someone who pays or is paid: an enterprise (by 사업자등록번호) or a named party in a region."""

    kind = models.CharField(_("kind"), max_length=20, choices=PartyKind.choices, default=PartyKind.OUTSIDE)
    name = models.CharField(_("name"), max_length=200)
    brn = models.CharField(_("business registration number"), max_length=10, blank=True, default="")
    region_code = models.CharField(_("region code"), max_length=10, blank=True, default="", db_index=True)
    enterprise = models.ForeignKey(
        "registry.Enterprise",
        verbose_name=_("enterprise"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="circulation_parties",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("party")
        verbose_name_plural = _("parties")
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["brn"], condition=~Q(brn=""), name="circulation_party_brn_unique"
            ),
            models.UniqueConstraint(
                fields=["name", "region_code"],
                condition=Q(brn=""),
                name="circulation_party_name_region_unique",
            ),
            models.CheckConstraint(
                condition=Q(brn="") | Q(brn__regex=r"^[0-9]{10}$"), name="circulation_party_brn_digits"
            ),
        ]

    def __str__(self) -> str:
        if self.brn:
            return f"{self.name} ({self.brn[:3]}-{self.brn[3:5]}-{self.brn[5:]})"
        return f"{self.name} [{self.region_code}]"


class Flow(AppendOnlyModel):
    """One payment from payer to payee. Append-only; negative amounts only in reversing entries."""

    occurred_on = models.DateField(_("date"), db_index=True)
    payer = models.ForeignKey(
        Party, verbose_name=_("payer"), on_delete=models.PROTECT, related_name="outflows"
    )
    payee = models.ForeignKey(
        Party, verbose_name=_("payee"), on_delete=models.PROTECT, related_name="inflows"
    )
    payer_region = models.CharField(_("payer region"), max_length=10, blank=True, default="")
    payee_region = models.CharField(_("payee region"), max_length=10, blank=True, default="")
    amount = models.BigIntegerField(_("amount (won)"))
    kind = models.CharField(_("kind"), max_length=20, choices=FlowKind.choices)
    source = models.CharField(_("source"), max_length=20, choices=FlowSource.choices)
    reference = models.CharField(_("reference"), max_length=200, blank=True, default="")
    reverses = models.ForeignKey(
        "self",
        verbose_name=_("reverses"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reversals",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    append_only_message = "The flow ledger is append-only; record a reversing flow instead."

    class Meta:
        verbose_name = _("flow")
        verbose_name_plural = _("flows")
        ordering = ["occurred_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["reference"], condition=~Q(reference=""), name="circulation_flow_reference_unique"
            ),
            models.CheckConstraint(
                condition=Q(amount__gt=0) | (Q(amount__lt=0) & Q(reverses__isnull=False)),
                name="circulation_flow_amount_sign",
            ),
            models.UniqueConstraint(
                fields=["reverses"], condition=Q(reverses__isnull=False), name="circulation_flow_one_reversal"
            ),
        ]
        indexes = [
            models.Index(fields=["payer", "occurred_on"], name="circ_flow_payer_date"),
            models.Index(fields=["payee", "occurred_on"], name="circ_flow_payee_date"),
            # Covering, in grouping order: the network and all-party LM3 sum flows per
            # (payer, payee, regions) with a GroupAggregate over an index-only scan (PostgreSQL),
            # instead of hashing every row of the table.
            models.Index(
                fields=["payer", "payee", "payer_region", "payee_region", "occurred_on"],
                include=["amount"],
                name="circ_flow_pair_cover",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.occurred_on} {self.payer_id}→{self.payee_id} {self.amount:,}"


class DeclaredShare(models.Model):
    """A party without recorded outlays declares, from a survey, the local share of its spending."""

    party = models.ForeignKey(
        Party, verbose_name=_("party"), on_delete=models.CASCADE, related_name="declared_shares"
    )
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    share = models.DecimalField(
        _("local share of spending"),
        max_digits=5,
        decimal_places=4,
        validators=[MinValueValidator(0), MaxValueValidator(1)],
    )
    declared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("declared by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("declared at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("declared local share")
        verbose_name_plural = _("declared local shares")
        ordering = ["-year", "party_id"]
        constraints = [
            models.UniqueConstraint(fields=["party", "year"], name="circulation_declared_share_unique"),
            models.CheckConstraint(
                condition=Q(share__gte=0) & Q(share__lte=1), name="circulation_declared_share_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.party} {self.year}: {self.share}"


class PartyGroup(models.Model):
    """A project or a group of enterprises measured as one organisation (e.g. a collaboration project)."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    description = models.TextField(_("description"), blank=True, max_length=TEXT_NOTE)
    parties = models.ManyToManyField(Party, verbose_name=_("parties"), related_name="groups")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("party group")
        verbose_name_plural = _("party groups")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
