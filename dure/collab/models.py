"""Collaboration networks and projects, joint products, member parts, split rules, settlements."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from dure.core.models import BaseModel
from dure.core.text import TEXT_ARTICLE, TEXT_DOCUMENT, TEXT_NOTE

# ---------------------------------------------------------------------------------------------
# Collaboration networks (협업 체계): standing groups by industry


class Network(BaseModel):
    name = models.CharField(_("name"), max_length=200)
    industry = models.CharField(_("industry"), max_length=100, blank=True)
    ksic_code = models.CharField(_("KSIC code"), max_length=6, blank=True)
    description = models.TextField(_("description"), blank=True, max_length=TEXT_DOCUMENT)
    coordinator = models.ForeignKey(
        "registry.Enterprise",
        verbose_name=_("coordinator"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="coordinated_networks",
    )
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("staff officer"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    enterprises = models.ManyToManyField(
        "registry.Enterprise", through="NetworkMember", related_name="collab_networks"
    )

    class Meta:
        verbose_name = _("collaboration network")
        verbose_name_plural = _("collaboration networks")
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name


class NetworkMember(BaseModel):
    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="members")
    enterprise = models.ForeignKey("registry.Enterprise", on_delete=models.CASCADE, related_name="+")
    joined_on = models.DateField(_("joined on"), null=True, blank=True)

    class Meta:
        verbose_name = _("network member")
        verbose_name_plural = _("network members")
        ordering = ["network", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["network", "enterprise"], name="collab_network_member_unique")
        ]

    def __str__(self) -> str:
        return f"{self.network} · {self.enterprise}"


class NetworkEvent(BaseModel):
    """One entry of a network's shared calendar."""

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="events")
    title = models.CharField(_("title"), max_length=200)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    location = models.CharField(_("location"), max_length=200, blank=True)
    description = models.TextField(_("description"), blank=True, max_length=TEXT_DOCUMENT)

    class Meta:
        verbose_name = _("network event")
        verbose_name_plural = _("network events")
        ordering = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gte=models.F("starts_at")), name="collab_event_ordered"
            )
        ]

    def __str__(self) -> str:
        return self.title


# ---------------------------------------------------------------------------------------------
# Collaboration projects


class ProjectStatus(models.TextChoices):
    PROPOSED = "proposed", _("proposed")
    SELECTED = "selected", _("selected")
    DEVELOPING = "developing", _("developing")
    SELLING = "selling", _("selling")
    CLOSED = "closed", pgettext_lazy("project status", "closed")


# The only moves a project's status may make (project_transition enforces it).
PROJECT_TRANSITIONS: dict[str, tuple[str, ...]] = {
    ProjectStatus.PROPOSED: (ProjectStatus.SELECTED, ProjectStatus.CLOSED),
    ProjectStatus.SELECTED: (ProjectStatus.DEVELOPING, ProjectStatus.CLOSED),
    ProjectStatus.DEVELOPING: (ProjectStatus.SELLING, ProjectStatus.CLOSED),
    ProjectStatus.SELLING: (ProjectStatus.CLOSED,),
    ProjectStatus.CLOSED: (),
}


class Project(BaseModel):
    name = models.CharField(_("name"), max_length=200)
    summary = models.TextField(_("public summary"), blank=True, max_length=TEXT_NOTE)
    description = models.TextField(_("description"), blank=True, max_length=TEXT_DOCUMENT)
    lead = models.ForeignKey(
        "registry.Enterprise", verbose_name=_("lead enterprise"), on_delete=models.PROTECT, related_name="+"
    )
    network = models.ForeignKey(
        Network,
        verbose_name=_("network"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="projects",
    )
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("staff officer in charge"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=ProjectStatus.choices,
        default=ProjectStatus.PROPOSED,
        db_index=True,
    )
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    starts_on = models.DateField(_("starts on"), null=True, blank=True)
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    grant_program = models.CharField(_("grant programme"), max_length=200, blank=True)
    grant_amount = models.BigIntegerField(_("grant (won)"), default=0)
    budget = models.BigIntegerField(_("budget (won)"), default=0)
    # Students or citizens the project reached (education and service projects).
    reached_count = models.PositiveIntegerField(_("people reached"), default=0)
    reached_label = models.CharField(_("who was reached"), max_length=50, blank=True)
    is_public = models.BooleanField(_("shown on the public site"), default=True)
    enterprises = models.ManyToManyField(
        "registry.Enterprise", through="ProjectMember", related_name="collab_projects"
    )

    class Meta:
        verbose_name = _("collaboration project")
        verbose_name_plural = _("collaboration projects")
        ordering = ["-year", "name", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(grant_amount__gte=0), name="collab_project_grant_not_negative"
            ),
            models.CheckConstraint(condition=Q(budget__gte=0), name="collab_project_budget_not_negative"),
        ]

    def __str__(self) -> str:
        return self.name


class MemberRole(models.TextChoices):
    LEAD = "lead", _("lead")
    PRODUCER = "producer", _("producer")
    PARTNER = "partner", _("partner")
    ADVISOR = "advisor", _("advisor")


class ProjectMember(BaseModel):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="members")
    enterprise = models.ForeignKey("registry.Enterprise", on_delete=models.PROTECT, related_name="+")
    role = models.CharField(_("role"), max_length=10, choices=MemberRole.choices, default=MemberRole.PRODUCER)
    role_note = models.CharField(_("role in the project"), max_length=200, blank=True)
    # Member order: used for ties in every split (ties go to the earlier member).
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("project member")
        verbose_name_plural = _("project members")
        ordering = ["project", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["project", "enterprise"], name="collab_project_member_unique")
        ]

    def __str__(self) -> str:
        return f"{self.project} · {self.enterprise}"


class Milestone(BaseModel):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(_("title"), max_length=200)
    due_on = models.DateField(_("due on"), null=True, blank=True)
    done_on = models.DateField(_("done on"), null=True, blank=True)

    class Meta:
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        ordering = ["project", "due_on", "pk"]

    def __str__(self) -> str:
        return self.title


class ProjectDocument(BaseModel):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="documents")
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(_("file"), upload_to="collab/%Y/")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("project document")
        verbose_name_plural = _("project documents")
        ordering = ["project", "-created_at", "pk"]

    def __str__(self) -> str:
        return self.title


class MeetingNote(BaseModel):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="meetings")
    held_on = models.DateField(_("held on"))
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("notes"), blank=True, max_length=TEXT_ARTICLE)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("meeting note")
        verbose_name_plural = _("meeting notes")
        ordering = ["project", "-held_on", "pk"]

    def __str__(self) -> str:
        return self.title


# ---------------------------------------------------------------------------------------------
# Joint products, member parts and split rules


class SplitRule(models.TextChoices):
    UNITS = "units", _("by units produced")
    PERCENT = "percent", _("by fixed percentages")
    COST_PLUS = "cost_plus", _("cost-plus")


class RemainderRule(models.TextChoices):
    """How cost-plus shares what is left after every member's costs are paid back."""

    UNITS = "units", _("by units produced")
    PERCENT = "percent", _("by fixed percentages")
    EQUAL = "equal", _("equally")


class AllocationRule(models.TextChoices):
    CAPACITY = "capacity", _("in proportion to capacity (largest remainders)")
    ORDER = "order", _("by member order, each up to its capacity")


class JointProduct(BaseModel):
    """A market product owned by a project; the lead enterprise is the seller of record."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="joint_products")
    product = models.OneToOneField(
        "market.Product", on_delete=models.PROTECT, related_name="joint", verbose_name=_("product")
    )
    split_rule = models.CharField(
        _("revenue split rule"), max_length=10, choices=SplitRule.choices, default=SplitRule.UNITS
    )
    remainder_rule = models.CharField(
        _("cost-plus remainder rule"),
        max_length=10,
        choices=RemainderRule.choices,
        default=RemainderRule.UNITS,
    )
    allocation_rule = models.CharField(
        _("production allocation"),
        max_length=10,
        choices=AllocationRule.choices,
        default=AllocationRule.CAPACITY,
    )
    # The part of the project grant earmarked for this product, shared like the revenue.
    grant_amount = models.BigIntegerField(_("grant for this product (won)"), default=0)

    class Meta:
        verbose_name = _("joint product")
        verbose_name_plural = _("joint products")
        ordering = ["project", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(grant_amount__gte=0), name="collab_joint_grant_not_negative"),
        ]

    def __str__(self) -> str:
        return str(self.product)


class MemberPart(BaseModel):
    """What one member makes for a joint product, how much it can make and what it costs."""

    joint_product = models.ForeignKey(JointProduct, on_delete=models.CASCADE, related_name="parts")
    member = models.ForeignKey(ProjectMember, on_delete=models.CASCADE, related_name="parts")
    component = models.CharField(_("units or components produced"), max_length=200, blank=True)
    capacity = models.PositiveIntegerField(_("capacity (units per sales window)"))
    unit_cost = models.BigIntegerField(_("input cost per unit (won)"), default=0)
    percent = models.DecimalField(
        _("fixed percentage"), max_digits=5, decimal_places=2, default=Decimal("0"), blank=True
    )

    class Meta:
        verbose_name = _("member part")
        verbose_name_plural = _("member parts")
        ordering = ["joint_product", "member__position", "member__pk"]
        constraints = [
            models.UniqueConstraint(fields=["joint_product", "member"], name="collab_part_unique"),
            models.CheckConstraint(condition=Q(unit_cost__gte=0), name="collab_part_cost_not_negative"),
            models.CheckConstraint(
                condition=Q(percent__gte=0) & Q(percent__lte=100), name="collab_part_percent_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.joint_product} · {self.member.enterprise}"


# ---------------------------------------------------------------------------------------------
# Settlements


class Settlement(BaseModel):
    """One computed statement for a joint product's sales in one closed window; versioned."""

    joint_product = models.ForeignKey(JointProduct, on_delete=models.PROTECT, related_name="settlements")
    # The market's sales window (kept as its key so that this app's schema does not depend on
    # the market's window table; the name is a snapshot for statements).
    window_pk = models.PositiveIntegerField(_("sales window"), db_index=True)
    window_name = models.CharField(_("sales window name"), max_length=200, blank=True)
    version = models.PositiveIntegerField(_("version"), default=1)
    rule = models.CharField(_("split rule"), max_length=10, choices=SplitRule.choices)
    remainder_rule = models.CharField(_("remainder rule"), max_length=10, choices=RemainderRule.choices)
    received = models.BigIntegerField(_("received (won)"))
    units = models.PositiveIntegerField(_("units sold"))
    grant_amount = models.BigIntegerField(_("grant (won)"), default=0)
    computed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    inputs = models.JSONField(_("inputs"), default=dict)
    # When the payouts were written to the circulation ledger (collab.services.settlement_record_payouts).
    payouts_recorded_at = models.DateTimeField(_("payouts recorded"), null=True, blank=True)

    class Meta:
        verbose_name = _("settlement")
        verbose_name_plural = _("settlements")
        ordering = ["joint_product", "window_pk", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["joint_product", "window_pk", "version"], name="collab_settlement_version_unique"
            ),
            models.CheckConstraint(
                condition=Q(received__gte=0), name="collab_settlement_received_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.joint_product} · {self.window_name} v{self.version}"


class SettlementLine(models.Model):
    settlement = models.ForeignKey(Settlement, on_delete=models.CASCADE, related_name="lines")
    enterprise = models.ForeignKey("registry.Enterprise", on_delete=models.PROTECT, related_name="+")
    position = models.PositiveSmallIntegerField(default=0)
    units = models.PositiveIntegerField(_("units made"))
    cost = models.BigIntegerField(_("costs (won)"))
    revenue_share = models.BigIntegerField(_("revenue share (won)"))
    grant_share = models.BigIntegerField(_("grant share (won)"))
    amount = models.BigIntegerField(_("amount to pay (won)"))

    class Meta:
        verbose_name = _("settlement line")
        verbose_name_plural = _("settlement lines")
        ordering = ["settlement", "position", "pk"]

    def __str__(self) -> str:
        return f"{self.enterprise}: {self.amount}"
