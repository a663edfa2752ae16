from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from dure.core.forms import CountField, WonField
from dure.core.regions import DISTRICT_CHOICES
from dure.core.text import TEXT_DESCRIPTION
from dure.portal.models import NewsPost, NewsStatus
from dure.portal.search.query import SearchFilters
from dure.portal.services import SELF_SERVICE_FIELDS
from dure.registry.models import DesignationType, Enterprise, SviGrade

SORT_CHOICES = [
    ("relevance", _("Best match")),
    ("name", _("Name (ㄱ→ㅎ)")),
    ("-name", _("Name (ㅎ→ㄱ)")),
]


class DirectoryForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    type = forms.MultipleChoiceField(
        label=_("Type"), choices=DesignationType.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    district = forms.ChoiceField(
        label=_("District"), choices=[("", _("All districts")), *DISTRICT_CHOICES], required=False
    )
    industry = forms.CharField(label=_("Industry"), required=False, max_length=100)
    svi_grade = forms.ChoiceField(
        label=_("SVI grade"), choices=[("", _("Any grade")), *SviGrade.choices], required=False
    )
    online = forms.BooleanField(label=_("Sells online"), required=False)
    sort = forms.ChoiceField(label=_("Sort by"), choices=SORT_CHOICES, required=False)

    def filters(self) -> SearchFilters:
        data = self.cleaned_data if self.is_valid() else {}
        return SearchFilters(
            types=list(data.get("type") or []),
            district=data.get("district") or "",
            industry=data.get("industry") or "",
            svi_grade=data.get("svi_grade") or "",
            sells_online=True if data.get("online") else None,
        )

    def active_filter_count(self) -> int:
        """How many filters narrow the results (each checked type counts): shown on the folded
        filter panel of a phone, so a person knows the list is narrowed."""
        f = self.filters()
        return len(f.types) + sum(bool(v) for v in (f.district, f.industry, f.svi_grade, f.sells_online))

    def query(self) -> str:
        return (self.cleaned_data.get("q") or "").strip() if self.is_valid() else ""

    def sort_order(self) -> str:
        return (self.cleaned_data.get("sort") or "relevance") if self.is_valid() else "relevance"


class ProfileForm(forms.ModelForm):
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https", max_length=300)

    class Meta:
        model = Enterprise
        fields = SELF_SERVICE_FIELDS
        widgets = {
            "description": forms.Textarea(attrs={"rows": 5}),
            "offers": forms.Textarea(attrs={"rows": 2}),
            "needs": forms.Textarea(attrs={"rows": 2}),
        }

    def _post_clean(self) -> None:
        # The registry service validates against the database and reports DomainErrors.
        pass


class PhotoForm(forms.Form):
    image = forms.ImageField(
        label=_("Photo"), help_text=_("JPEG, PNG or WebP; resized to at most 1600 pixels.")
    )
    alt_text = forms.CharField(
        label=_("Description of the photo"),
        max_length=200,
        help_text=_("What the photo shows, for people who cannot see it."),
    )


class ProductForm(forms.Form):
    name = forms.CharField(label=_("Product name"), max_length=200)
    category = forms.CharField(label=_("Category"), max_length=100, required=False)
    description = forms.CharField(
        label=_("Description"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=TEXT_DESCRIPTION,
    )
    price = WonField(label=_("Price (won)"))
    stock = CountField(label=_("Stock"), required=False, help_text=_("Empty: made to order."))
    is_active = forms.BooleanField(label=_("On sale"), required=False, initial=True)
    photo = forms.ImageField(label=_("Photo"), required=False)


class NewsForm(forms.ModelForm):
    image = forms.ImageField(label=_("Image"), required=False)

    class Meta:
        model = NewsPost
        fields = ["title", "summary", "body", "image_alt", "status"]
        widgets = {"body": forms.Textarea(attrs={"rows": 10})}

    status = forms.ChoiceField(label=_("Status"), choices=NewsStatus.choices)

    def _post_clean(self) -> None:
        pass


class RejectForm(forms.Form):
    note = forms.CharField(label=_("Reason"), max_length=300, required=False)
