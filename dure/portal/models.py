"""The public portal's own data: the search index, news, enterprise photos and change requests."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from dure.core.models import BaseModel
from dure.core.text import TEXT_ARTICLE


class DocumentKind(models.TextChoices):
    ENTERPRISE = "enterprise", _("enterprise")
    PRODUCT = "product", _("product")


class SearchDocument(models.Model):
    """One searchable enterprise or product, with its text pre-analysed into lexemes.

    `*_terms` hold space-separated lexemes (see search/analysis.py) padded with spaces;
    `all_terms` is their union and is what matching uses. On PostgreSQL a GIN index on
    `all_terms::tsvector` answers the matching; SQLite scans with LIKE and gets the same rows.
    The filter columns copy the enterprise's so the directory filters without joins.
    """

    kind = models.CharField(max_length=10, choices=DocumentKind.choices)
    enterprise = models.ForeignKey(
        "registry.Enterprise", on_delete=models.CASCADE, related_name="search_documents"
    )
    product = models.ForeignKey(
        "market.Product", on_delete=models.CASCADE, null=True, blank=True, related_name="search_documents"
    )
    title = models.CharField(max_length=200)
    name_terms = models.TextField(default=" ")
    offer_terms = models.TextField(default=" ")
    body_terms = models.TextField(default=" ")
    all_terms = models.TextField(default=" ")
    is_public = models.BooleanField(default=True)
    primary_type = models.CharField(max_length=20, blank=True)
    district_code = models.CharField(max_length=10, blank=True)
    industry = models.CharField(max_length=100, blank=True)
    svi_grade = models.CharField(max_length=4, blank=True)
    sells_online = models.BooleanField(default=False)
    price = models.BigIntegerField(null=True, blank=True)
    # Where the title falls in title order, in TITLE_BUCKETS ranges (search/index.py): never
    # smaller than the bucket of any document before it in (title, pk) order. PostgreSQL's
    # `tier_vec` carries it in every lexeme (migration 0007), so a ranked page can ask the GIN
    # index for the first buckets only instead of sorting every match by title.
    title_bucket = models.PositiveSmallIntegerField(default=0)
    indexed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("search document")
        verbose_name_plural = _("search documents")
        constraints = [
            models.UniqueConstraint(
                fields=["enterprise"],
                condition=Q(kind="enterprise"),
                name="portal_searchdocument_one_per_enterprise",
            ),
            models.UniqueConstraint(
                fields=["product"], condition=Q(kind="product"), name="portal_searchdocument_one_per_product"
            ),
            models.CheckConstraint(
                condition=Q(kind="enterprise", product__isnull=True)
                | Q(kind="product", product__isnull=False),
                name="portal_searchdocument_kind_matches_product",
            ),
        ]
        indexes = [
            models.Index(fields=["kind", "is_public", "title"], name="portal_sdoc_kind_title"),
        ]

    def __str__(self) -> str:
        return f"{self.kind}: {self.title}"


class SearchIndexVersion(models.Model):
    """One row whose token changes in the same transaction as every write to the search index.

    Cached search pages (search/cache.py) are keyed by this token, so a page cached before a
    change is never served after it. A fresh random token per change (not a counter) means a
    rolled-back change can never hand its token to a later, different index state.
    """

    token = models.CharField(max_length=32)

    def __str__(self) -> str:
        return self.token


class SearchTitleBoundary(models.Model):
    """The first (title, document) of each title bucket of one document kind.

    A document's bucket is the last bucket whose boundary is at or before its (title, pk), so
    buckets only grow along title order however documents are added or renamed; a rebuild
    draws the boundaries again so that the buckets are even.
    """

    kind = models.CharField(max_length=10, choices=DocumentKind.choices)
    bucket = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=200)
    document_id = models.BigIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["kind", "bucket"], name="portal_titleboundary_one_per_bucket"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.bucket}: {self.title}"


class SearchWord(models.Model):
    """The indexed vocabulary, for spelling-tolerant suggestions."""

    word = models.CharField(max_length=60, unique=True)
    jamo = models.CharField(max_length=200)
    length = models.PositiveSmallIntegerField(db_index=True)

    def __str__(self) -> str:
        return self.word


class NewsStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("news status", "draft")
    PUBLISHED = "published", pgettext_lazy("news status", "published")


class NewsPost(BaseModel):
    title = models.CharField(_("title"), max_length=200)
    summary = models.CharField(_("summary"), max_length=300, blank=True)
    body = models.TextField(_("body"), max_length=TEXT_ARTICLE)
    image = models.ImageField(_("image"), upload_to="news/%Y/", blank=True)
    image_alt = models.CharField(_("image description"), max_length=200, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=NewsStatus.choices, default=NewsStatus.DRAFT, db_index=True
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True, db_index=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("news story")
        verbose_name_plural = _("news stories")
        ordering = ["-published_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="draft") | Q(published_at__isnull=False),
                name="portal_newspost_published_has_date",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class EnterprisePhoto(BaseModel):
    enterprise = models.ForeignKey("registry.Enterprise", on_delete=models.CASCADE, related_name="photos")
    image = models.ImageField(_("photo"), upload_to="enterprises/%Y/")
    thumbnail = models.ImageField(_("thumbnail"), upload_to="enterprises/%Y/thumbs/")
    alt_text = models.CharField(_("description of the photo"), max_length=200)
    position = models.PositiveSmallIntegerField(default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("enterprise photo")
        verbose_name_plural = _("enterprise photos")
        ordering = ["enterprise", "position", "pk"]

    def __str__(self) -> str:
        return self.alt_text


class EnterprisePortalSettings(BaseModel):
    """Per-enterprise portal switches set by staff."""

    enterprise = models.OneToOneField(
        "registry.Enterprise", on_delete=models.CASCADE, related_name="portal_settings"
    )
    require_approval = models.BooleanField(_("profile changes need staff approval"), default=False)

    def __str__(self) -> str:
        return str(self.enterprise)


class ChangeRequestStatus(models.TextChoices):
    PENDING = "pending", _("pending")
    APPROVED = "approved", _("approved")
    REJECTED = "rejected", _("rejected")


class ProfileChangeRequest(BaseModel):
    """A self-service profile edit waiting for staff approval."""

    enterprise = models.ForeignKey(
        "registry.Enterprise", on_delete=models.CASCADE, related_name="profile_change_requests"
    )
    values = models.JSONField(_("requested values"))
    previous = models.JSONField(_("values when requested"), default=dict)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=ChangeRequestStatus.choices,
        default=ChangeRequestStatus.PENDING,
        db_index=True,
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("profile change request")
        verbose_name_plural = _("profile change requests")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.enterprise} ({self.get_status_display()})"
