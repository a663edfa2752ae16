from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from dure.core.forms import PlausibleDateField, RecordNumberField
from dure.core.regions import DISTRICT_CHOICES
from dure.registry.models import Designation, DesignationType, Enterprise, EnterpriseStatus
from dure.registry.services import DESIGNATION_FIELDS, ENTERPRISE_FIELDS


class EnterpriseForm(forms.ModelForm):
    district_code = forms.ChoiceField(
        label=_("District"), choices=[("", _("(from the address)")), *DISTRICT_CHOICES], required=False
    )
    brn = forms.CharField(
        label=_("Business registration number"),
        required=False,
        max_length=14,
        help_text=_("123-45-67890, with or without hyphens"),
    )
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https", max_length=300)

    class Meta:
        model = Enterprise
        fields = ENTERPRISE_FIELDS
        field_classes = {"founded_on": PlausibleDateField}
        widgets = {
            "founded_on": forms.DateInput(attrs={"type": "date"}),
            "description": forms.Textarea(attrs={"rows": 4}),
            "offers": forms.Textarea(attrs={"rows": 2}),
            "needs": forms.Textarea(attrs={"rows": 2}),
        }

    def _post_clean(self) -> None:
        # Validation that needs the database (uniqueness, check digits) lives in the service,
        # which reports it as a DomainError with the field name; skip the model's own checks here.
        pass


class DesignationForm(forms.ModelForm):
    class Meta:
        model = Designation
        fields = DESIGNATION_FIELDS
        field_classes = {"start_date": PlausibleDateField, "end_date": PlausibleDateField}
        widgets = {
            "start_date": forms.DateInput(attrs={"type": "date"}),
            "end_date": forms.DateInput(attrs={"type": "date"}),
        }

    def _post_clean(self) -> None:
        pass


class EnterpriseFilterForm(forms.Form):
    q = forms.CharField(label=_("Name, representative or number"), required=False, max_length=100)
    type = forms.MultipleChoiceField(
        label=_("Type"), choices=DesignationType.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    district = forms.ChoiceField(
        label=_("District"), choices=[("", _("All")), *DISTRICT_CHOICES], required=False
    )
    status = forms.ChoiceField(
        label=_("Status"), choices=[("", _("All"))] + list(EnterpriseStatus.choices), required=False
    )
    needs_review = forms.BooleanField(label=_("Needs review only"), required=False)


class MergeForm(forms.Form):
    source = RecordNumberField(label=_("Duplicate record (will be closed)"))
    target = RecordNumberField(label=_("Record that stays"))
    confirm = forms.BooleanField(required=False, widget=forms.HiddenInput)


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label=_("List file"),
        help_text=_(
            "CSV (UTF-8, CP949 or EUC-KR), XLSX, or the web-page table a portal downloads as .xls, "
            "as received from the ministry or KoSEA."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx,.xls,.tsv,.txt"}),
    )
    format = forms.ChoiceField(label=_("Format"), choices=[], initial="auto")
    dry_run = forms.BooleanField(label=_("Dry run: report what would change, write nothing"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from dure.registry.models import ImportJob

        field = self.fields["format"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = ImportJob.FORMAT_CHOICES
        self.fields["format"].widget.attrs["class"] = "krds-form-select"
