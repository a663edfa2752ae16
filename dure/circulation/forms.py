from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from dure.circulation.models import FlowKind, PartyGroup
from dure.core.forms import WonField
from dure.core.identifiers import brn_error
from dure.core.regions import DISTRICT_CHOICES, SIDO, region_name

OUTLAY_KINDS = [
    (FlowKind.PURCHASE, FlowKind.PURCHASE.label),
    (FlowKind.TAX, FlowKind.TAX.label),
    (FlowKind.LOAN, _("loan repayment")),
    (FlowKind.OTHER, FlowKind.OTHER.label),
]


def _residence_choices() -> list[tuple[str, list[tuple[str, str]]]]:
    home = settings.DURE_REGION_PREFIX[:2]
    others = [(code, region_name(code)) for code in SIDO if code != home]
    return [(region_name(home), DISTRICT_CHOICES), (str(_("Other regions")), others)]


def _typed(form: forms.Form, names: tuple[str, ...]) -> bool:
    return any(str(form.data.get(form.add_prefix(name), "") or "").strip() for name in names)


class PeriodForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100, required=False)
    boundary = forms.RegexField(
        label=_("Boundary (region code)"),
        regex=r"^\d{2,10}$",
        max_length=10,
        required=False,
        help_text=_("Empty: the configured region. 5 digits: a district; 2 digits: a province."),
    )


class OutlayForm(forms.Form):
    supplier_name = forms.CharField(label=_("Supplier"), max_length=200)
    supplier_brn = forms.CharField(
        label=_("Supplier's business registration number"), max_length=12, required=False
    )
    supplier_region = forms.RegexField(
        label=_("Supplier's region code"),
        regex=r"^\d{2,10}$",
        max_length=10,
        required=False,
        help_text=_("e.g. 29200 for Gwangsan-gu, 11 for Seoul; not needed for enterprises registered here."),
    )
    amount = WonField(label=_("Amount (won)"), min_value=1)
    kind = forms.ChoiceField(label=_("Kind"), choices=OUTLAY_KINDS, initial=FlowKind.PURCHASE)

    def has_changed(self) -> bool:
        # A select always sends a value; a line counts as filled in when any typed field is.
        return _typed(self, ("supplier_name", "supplier_brn", "supplier_region", "amount"))

    def clean_supplier_brn(self) -> str:
        value = self.cleaned_data["supplier_brn"].strip()
        if value and brn_error(value):
            raise forms.ValidationError(_("This is not a valid business registration number."))
        return value

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("supplier_brn") and not data.get("supplier_region") and not self.errors:
            raise forms.ValidationError(_("Give the supplier's business registration number or its region."))
        return data


class WageForm(forms.Form):
    district = forms.ChoiceField(label=_("Where the staff live"), choices=_residence_choices)
    amount = WonField(label=_("Wages paid in the year (won)"), min_value=1)

    def has_changed(self) -> bool:
        return _typed(self, ("amount",))


OutlayFormSet = forms.formset_factory(OutlayForm, extra=3, max_num=200)
WageFormSet = forms.formset_factory(WageForm, extra=2, max_num=50)


class OutlayYearForm(forms.Form):
    year = forms.IntegerField(label=_("Year of the outlays"), min_value=2000, max_value=2100)


class DeclaredShareForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    percent = forms.DecimalField(
        label=_("Share of your spending that stays in the region (%)"),
        min_value=0,
        max_value=100,
        decimal_places=2,
        help_text=_("From a survey of your own spending, when you cannot report your outlays line by line."),
    )


class WhatIfForm(forms.Form):
    group = forms.ModelChoiceField(label=_("Project or group"), queryset=PartyGroup.objects.order_by("name"))
    percent = forms.IntegerField(
        label=_("Move this share of outside purchases to local suppliers (%)"), min_value=0, max_value=100
    )
