from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.utils.translation import gettext_lazy as _

from dure.core.forms import CountField
from dure.core.regions import DISTRICT_CHOICES
from dure.core.text import TEXT_NOTE
from dure.programs.models import (
    AGENDA_KINDS,
    AgeGroup,
    AgendaItem,
    AgendaStatus,
    Program,
    ProgramKind,
    Session,
)
from dure.programs.services import AGENDA_FIELDS, PROGRAM_FIELDS, SESSION_FIELDS

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from dure.accounts.models import User

SCORE_CHOICES = [(str(n), str(n)) for n in range(5, 0, -1)]


class ProgramForm(forms.ModelForm):
    class Meta:
        model = Program
        fields = PROGRAM_FIELDS
        widgets = {"description": forms.Textarea(attrs={"rows": 5})}

    def _post_clean(self) -> None:
        # Rules that span fields live in the service, which reports them with the field name.
        pass


class SessionForm(forms.ModelForm):
    reserve_room = forms.BooleanField(
        label=_("Book the room in the open space for this session"), required=False, initial=True
    )
    starts_at = forms.DateTimeField(
        label=_("starts at"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    ends_at = forms.DateTimeField(
        label=_("ends at"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )

    class Meta:
        model = Session
        fields = [*SESSION_FIELDS, "reserve_room"]

    def _post_clean(self) -> None:
        pass


class RegistrationForm(forms.Form):
    name = forms.CharField(label=_("Name (contact person for groups)"), max_length=100)
    email = forms.EmailField(label=_("Email"))
    phone = forms.CharField(label=_("Phone"), max_length=30, required=False)
    group_name = forms.CharField(
        label=_("School or group"),
        max_length=200,
        required=False,
        help_text=_("Only for group registrations."),
    )
    head_count = CountField(label=_("Participants (e.g. students)"), min_value=1, initial=1, required=False)
    companions = CountField(label=_("Accompanying adults (e.g. teachers)"), initial=0, required=False)
    age_group = forms.ChoiceField(
        label=_("Age group (optional)"), choices=[("", "—"), *AgeGroup.choices], required=False
    )
    district_code = forms.ChoiceField(
        label=_("District where you live (optional)"), choices=[("", "—"), *DISTRICT_CHOICES], required=False
    )
    join_waiting_list = forms.BooleanField(
        label=_("Put me on the waiting list if it is full"), required=False
    )
    consent = forms.BooleanField(
        label=_(
            "I agree that the center uses my name, email and phone to run this program, send its notices "
            "and issue certificates, and keeps them for three years."
        ),
        required=False,
    )

    def __init__(
        self, *args: Any, program: Program, user: User | AnonymousUser | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        if not program.allow_groups:
            for name in ("group_name", "companions"):
                del self.fields[name]
            self.fields["head_count"].widget = forms.HiddenInput()
        else:
            head_count = self.fields["head_count"]
            assert isinstance(head_count, forms.IntegerField)
            head_count.max_value = program.max_group_seats
        if user is not None and user.is_authenticated:
            self.fields["email"].disabled = True
            self.fields["email"].initial = user.email
            self.fields["name"].initial = user.name


class CheckInForm(forms.Form):
    code = forms.CharField(
        label=_("Check-in code"),
        max_length=300,
        widget=forms.TextInput(attrs={"autocomplete": "off", "autofocus": True}),
    )


class SurveyForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=_("Overall, how was the program?"), choices=SCORE_CHOICES, coerce=int, widget=forms.RadioSelect
    )
    usefulness = forms.TypedChoiceField(
        label=_("How useful was it for your work or life?"),
        choices=SCORE_CHOICES,
        coerce=int,
        widget=forms.RadioSelect,
    )
    would_recommend = forms.BooleanField(label=_("I would recommend it to others"), required=False)
    comment = forms.CharField(
        label=_("Comments and suggestions"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=TEXT_NOTE,
    )


class AgendaItemForm(forms.ModelForm):
    status = forms.ChoiceField(label=_("status"), choices=AgendaStatus.choices, required=False)

    class Meta:
        model = AgendaItem
        fields = AGENDA_FIELDS
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "follow_up": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        program = self.fields["program"]
        assert isinstance(program, forms.ModelChoiceField)
        program.queryset = Program.objects.filter(kind__in=list(AGENDA_KINDS)).order_by("-pk")
        if self.instance.pk is None:
            del self.fields["status"]
        else:
            self.fields["status"].initial = self.instance.status

    def _post_clean(self) -> None:
        pass


class KindFilterForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind"), choices=[("", _("All kinds"))] + ProgramKind.choices, required=False
    )
