"""The regional enterprise DB: enterprises (legal entities) and their designations."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from dure.core.models import BaseModel
from dure.core.text import TEXT_DESCRIPTION, TEXT_NOTE


class DesignationType(models.TextChoices):
    VILLAGE = "village", _("village enterprise")
    SOCIAL = "social", _("certified social enterprise")
    PRE_SOCIAL = "pre_social", _("pre-certified social enterprise")
    SELF_SUFFICIENCY = "self_sufficiency", _("self-sufficiency enterprise")
    COOP = "coop", _("cooperative")
    SOCIAL_COOP = "social_coop", _("social cooperative")


# The primary type of an enterprise with several active designations is the first of these it
# holds: the designation with the strictest legal test and its own public support programme
# comes first (certified social enterprise over the pre-certification that precedes it; the
# ministry designations over the legal form a cooperative has anyway). docs/DECISIONS.md.
PRIMARY_TYPE_ORDER: tuple[str, ...] = (
    DesignationType.SOCIAL,
    DesignationType.PRE_SOCIAL,
    DesignationType.SELF_SUFFICIENCY,
    DesignationType.VILLAGE,
    DesignationType.SOCIAL_COOP,
    DesignationType.COOP,
)

DEFAULT_AUTHORITY: dict[str, str] = {
    DesignationType.VILLAGE: "행정안전부",
    DesignationType.SOCIAL: "고용노동부",
    # 예비사회적기업 are designated by the province's governor: the region this center serves.
    DesignationType.PRE_SOCIAL: settings.DURE_REGION_NAME,
    DesignationType.SELF_SUFFICIENCY: "보건복지부",
    DesignationType.COOP: "기획재정부",
    DesignationType.SOCIAL_COOP: "기획재정부",
}


class LegalForm(models.TextChoices):
    COMPANY = "company", _("company (주식회사 etc.)")
    COOPERATIVE = "cooperative", _("cooperative")
    SOCIAL_COOPERATIVE = "social_cooperative", _("social cooperative")
    NONPROFIT = "nonprofit", _("non-profit corporation or association")
    AGRICULTURAL = "agricultural", _("agricultural corporation")
    SOLE = "sole", _("sole proprietorship")
    OTHER = "other", _("other")


class EnterpriseStatus(models.TextChoices):
    ACTIVE = "active", _("active")
    # With a context: "closed" alone is also a sales window's, a program's and a project's state.
    DORMANT = "dormant", pgettext_lazy("enterprise status", "dormant")
    CLOSED = "closed", pgettext_lazy("enterprise status", "closed")


class SviGrade(models.TextChoices):
    EXCELLENT = "탁월", _("excellent (탁월)")
    GOOD = "우수", _("very good (우수)")
    FAIR = "양호", _("fair (양호)")
    POOR = "미흡", _("poor (미흡)")
    WEAK = "취약", _("weak (취약)")


class Enterprise(BaseModel):
    name = models.CharField(_("name"), max_length=200, db_index=True)
    legal_form = models.CharField(
        _("legal form"), max_length=30, choices=LegalForm.choices, default=LegalForm.OTHER
    )
    brn = models.CharField(_("business registration number"), max_length=10, blank=True, default="")
    crn = models.CharField(_("corporate registration number"), max_length=13, blank=True, default="")
    representative = models.CharField(_("representative"), max_length=100, blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    address_detail = models.CharField(_("address detail"), max_length=200, blank=True)
    district_code = models.CharField(_("district code"), max_length=10, blank=True, db_index=True)
    latitude = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    email = models.EmailField(_("email"), blank=True)
    website = models.URLField(_("website"), blank=True, max_length=300)
    publish_phone = models.BooleanField(_("publish phone"), default=True)
    publish_email = models.BooleanField(_("publish email"), default=True)
    founded_on = models.DateField(_("founded on"), null=True, blank=True)
    ksic_code = models.CharField(_("KSIC code"), max_length=6, blank=True, db_index=True)
    industry = models.CharField(_("industry"), max_length=100, blank=True)
    description = models.TextField(_("description"), blank=True, max_length=TEXT_DESCRIPTION)
    offers = models.TextField(_("what it offers"), blank=True, max_length=TEXT_NOTE)
    needs = models.TextField(_("what it needs"), blank=True, max_length=TEXT_NOTE)
    social_purpose = models.CharField(_("social purpose type"), max_length=100, blank=True)
    employees_total = models.PositiveIntegerField(_("employees"), null=True, blank=True)
    employees_vulnerable = models.PositiveIntegerField(_("vulnerable-group employees"), null=True, blank=True)
    annual_revenue = models.BigIntegerField(_("yearly revenue (won)"), null=True, blank=True)
    svi_grade = models.CharField(_("SVI grade"), max_length=4, choices=SviGrade.choices, blank=True)
    svi_score = models.DecimalField(_("SVI score"), max_digits=5, decimal_places=2, null=True, blank=True)
    svi_year = models.PositiveSmallIntegerField(_("SVI year"), null=True, blank=True)
    sells_online = models.BooleanField(_("sells online"), default=False)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=EnterpriseStatus.choices,
        default=EnterpriseStatus.ACTIVE,
        db_index=True,
    )
    # Derived from the active designations by PRIMARY_TYPE_ORDER; kept by the registry services
    # (designation_add/update/remove) so that lists can filter and count on an index.
    primary_type = models.CharField(
        _("primary type"), max_length=20, choices=DesignationType.choices, blank=True, db_index=True
    )
    needs_review = models.BooleanField(_("needs review"), default=False, db_index=True)
    review_note = models.CharField(_("review note"), max_length=300, blank=True)
    merged_into = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="merged_from",
        verbose_name=_("merged into"),
    )

    class Meta:
        verbose_name = _("enterprise")
        verbose_name_plural = _("enterprises")
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["brn"], condition=~Q(brn=""), name="registry_enterprise_brn_unique"
            ),
            models.CheckConstraint(
                condition=Q(brn="") | Q(brn__regex=r"^[0-9]{10}$"), name="registry_enterprise_brn_digits"
            ),
            models.CheckConstraint(
                condition=Q(employees_vulnerable__isnull=True)
                | Q(employees_total__isnull=True)
                | Q(employees_vulnerable__lte=models.F("employees_total")),
                name="registry_enterprise_vulnerable_le_total",
            ),
            models.CheckConstraint(
                condition=Q(latitude__isnull=True, longitude__isnull=True)
                | Q(latitude__gte=-90, latitude__lte=90, longitude__gte=-180, longitude__lte=180),
                name="registry_enterprise_coordinates_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def brn_display(self) -> str:
        from dure.core.identifiers import brn_format

        return brn_format(self.brn) if self.brn else ""


class Designation(BaseModel):
    enterprise = models.ForeignKey(Enterprise, on_delete=models.CASCADE, related_name="designations")
    type = models.CharField(_("type"), max_length=20, choices=DesignationType.choices, db_index=True)
    authority = models.CharField(_("authority"), max_length=100, blank=True)
    number = models.CharField(_("designation number"), max_length=50, blank=True)
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    round = models.CharField(_("round"), max_length=30, blank=True)
    is_active = models.BooleanField(_("active"), default=True, db_index=True)

    class Meta:
        verbose_name = _("designation")
        verbose_name_plural = _("designations")
        ordering = ["enterprise", "start_date", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(end_date__gte=models.F("start_date")),
                name="registry_designation_dates_ordered",
            ),
            models.UniqueConstraint(
                fields=["enterprise", "type", "start_date"], name="registry_designation_unique_per_start"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_type_display()} {self.number}".strip()


class ImportJobStatus(models.TextChoices):
    QUEUED = "queued", _("queued")
    RUNNING = "running", _("running")
    DONE = "done", _("done")
    FAILED = "failed", _("failed")


class ImportJob(BaseModel):
    """One uploaded official list and what importing it did (run by registry.tasks.import_job_run)."""

    FORMAT_CHOICES = [
        ("auto", _("recognise from the header")),
        ("moel", _("social enterprises (MOEL / KoSEA)")),
        ("coop", _("cooperatives")),
        ("village", _("village enterprises")),
        ("self_sufficiency", _("self-sufficiency enterprises")),
    ]

    file = models.FileField(_("file"), upload_to="registry/imports/%Y/%m/")
    original_name = models.CharField(_("file name"), max_length=255)
    format = models.CharField(_("format"), max_length=20, choices=FORMAT_CHOICES, default="auto")
    dry_run = models.BooleanField(_("dry run"), default=False)
    status = models.CharField(
        _("status"), max_length=10, choices=ImportJobStatus.choices, default=ImportJobStatus.QUEUED
    )
    rows_total = models.PositiveIntegerField(_("rows"), default=0)
    rows_done = models.PositiveIntegerField(_("rows checked"), default=0)
    result = models.JSONField(_("result"), default=dict, blank=True)
    error = models.TextField(_("error"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.original_name

    @property
    def is_finished(self) -> bool:
        return self.status in (ImportJobStatus.DONE, ImportJobStatus.FAILED)

    @property
    def percent(self) -> int:
        if self.is_finished:
            return 100
        if not self.rows_total:
            return 0
        return min(99, self.rows_done * 100 // self.rows_total)
