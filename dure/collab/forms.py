from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from dure.collab.models import MemberRole, ProjectStatus
from dure.core.forms import CountField, PlausibleDateField, WonField
from dure.core.regions import DISTRICT_CHOICES
from dure.core.text import TEXT_ARTICLE, TEXT_NOTE
from dure.registry.models import DesignationType, Enterprise


class PartnerSearchForm(forms.Form):
    need = forms.CharField(
        label=_("What do you need?"),
        max_length=300,
        widget=forms.TextInput(
            attrs={"placeholder": _("a wheat bakery to make Christmas cakes with"), "class": "krds-input"}
        ),
    )
    industry = forms.CharField(label=_("Industry or KSIC code"), max_length=100, required=False)
    district = forms.ChoiceField(
        label=_("District"), choices=[("", _("anywhere")), *DISTRICT_CHOICES], required=False
    )
    type = forms.ChoiceField(
        label=_("Enterprise type"), choices=[("", _("any"))] + list(DesignationType.choices), required=False
    )
    capacity = CountField(label=_("Capacity needed (units)"), min_value=1, required=False)


class TransitionForm(forms.Form):
    to_status = forms.ChoiceField(label=_("New status"), choices=ProjectStatus.choices)


class ProjectForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    summary = forms.CharField(
        label=_("Public summary"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=TEXT_NOTE,
    )
    lead = forms.ModelChoiceField(
        label=_("Lead enterprise"), queryset=Enterprise.objects.filter(status="active")
    )
    members = forms.ModelMultipleChoiceField(
        label=_("Other members"), queryset=Enterprise.objects.filter(status="active"), required=False
    )
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100, required=False)
    grant_program = forms.CharField(label=_("Grant programme"), max_length=200, required=False)
    grant_amount = WonField(label=_("Grant (won)"), required=False)
    budget = WonField(label=_("Budget (won)"), required=False)


class MeetingNoteForm(forms.Form):
    held_on = PlausibleDateField(label=_("Held on"), widget=forms.DateInput(attrs={"type": "date"}))
    title = forms.CharField(label=_("Title"), max_length=200)
    body = forms.CharField(
        label=_("Notes"), widget=forms.Textarea(attrs={"rows": 4}), required=False, max_length=TEXT_ARTICLE
    )


class DocumentForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    file = forms.FileField(label=_("File"))


class MemberAddForm(forms.Form):
    enterprise = forms.ModelChoiceField(
        label=_("Enterprise"), queryset=Enterprise.objects.filter(status="active")
    )
    role = forms.ChoiceField(label=_("Role"), choices=MemberRole.choices, initial=MemberRole.PRODUCER)
    role_note = forms.CharField(label=_("Role in the project"), max_length=200, required=False)
