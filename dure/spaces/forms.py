from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django import forms
from django.utils.translation import gettext_lazy as _

from dure.core.forms import CountField, WonField
from dure.core.text import TEXT_DOCUMENT
from dure.spaces.models import RepeatFrequency, Room, RoomKind

if TYPE_CHECKING:
    from dure.registry.models import Enterprise
    from dure.spaces.models import IncubationApplication


class DateInput(forms.DateInput):
    input_type = "date"


class TimeInput(forms.TimeInput):
    input_type = "time"


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"


class BookingForm(forms.Form):
    date = forms.DateField(label=_("Date"), widget=DateInput)
    # The grid is said, not set as the inputs' `step`: a browser then blocks the submit with a
    # bubble that vanishes (and phone pickers ignore it), where the service's message stays beside
    # the field.
    start_time = forms.TimeField(
        label=_("From"),
        widget=TimeInput,
        help_text=_("On the hour or the half hour, e.g. 10:00 or 10:30."),
    )
    end_time = forms.TimeField(label=_("Until"), widget=TimeInput)
    purpose = forms.CharField(label=_("Purpose"), max_length=200)
    attendees = CountField(label=_("Attendees"), min_value=1, initial=1)
    enterprise: forms.ModelChoiceField[Enterprise] = forms.ModelChoiceField(
        label=_("On behalf of"),
        queryset=None,
        required=False,
        empty_label=_("myself"),
    )
    repeat = forms.ChoiceField(
        label=_("Repeat"), choices=[("", _("does not repeat")), *RepeatFrequency.choices], required=False
    )
    count = forms.IntegerField(
        label=_("Number of occurrences"),
        min_value=1,
        max_value=52,
        initial=1,
        required=False,
        help_text=_("Occurrences that fall on a taken or closed time are skipped and listed."),
    )

    def __init__(self, *args: Any, enterprises: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from dure.registry.models import Enterprise

        field = self.fields["enterprise"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Enterprise.objects.filter(pk__in=[e.pk for e in enterprises])
        if not enterprises:
            del self.fields["enterprise"]
        elif len(enterprises) == 1:
            field.initial = enterprises[0].pk

    def period(self) -> tuple[dt.datetime, dt.datetime]:
        from django.utils import timezone

        tz = timezone.get_current_timezone()
        day = self.cleaned_data["date"]
        return (
            dt.datetime.combine(day, self.cleaned_data["start_time"], tzinfo=tz),
            dt.datetime.combine(day, self.cleaned_data["end_time"], tzinfo=tz),
        )


class DecisionForm(forms.Form):
    note = forms.CharField(label=_("Note to the booker"), max_length=300, required=False)


class BlockedPeriodForm(forms.Form):
    room = forms.ModelChoiceField(
        label=_("Room"),
        queryset=Room.objects.filter(is_active=True),
        required=False,
        empty_label=_("all rooms"),
    )
    start = forms.DateTimeField(label=_("From"), widget=DateTimeInput)
    end = forms.DateTimeField(label=_("Until"), widget=DateTimeInput)
    reason = forms.CharField(label=_("Reason"), max_length=200)
    cancel_bookings = forms.BooleanField(label=_("Cancel the bookings in this period"), required=False)


class ApplicationForm(forms.Form):
    enterprise: forms.ModelChoiceField[Enterprise] = forms.ModelChoiceField(
        label=_("Enterprise"), queryset=None
    )
    plan = forms.CharField(
        label=_("Business plan"), max_length=TEXT_DOCUMENT, widget=forms.Textarea(attrs={"rows": 6})
    )
    team_size = forms.IntegerField(
        label=_("People who will work in the room"), min_value=1, max_value=20, initial=2
    )

    def __init__(self, *args: Any, enterprises: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from dure.registry.models import Enterprise

        field = self.fields["enterprise"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Enterprise.objects.filter(pk__in=[e.pk for e in enterprises])


class TenancyForm(forms.Form):
    room = forms.ModelChoiceField(label=_("Room"), queryset=Room.objects.filter(kind=RoomKind.INCUBATION))
    application: forms.ModelChoiceField[IncubationApplication] = forms.ModelChoiceField(
        label=_("Accepted application"), queryset=None
    )
    start_date = forms.DateField(label=_("Starts"), widget=DateInput)
    end_date = forms.DateField(label=_("Ends"), widget=DateInput)
    monthly_fee = WonField(label=_("Monthly fee (won)"))
    deposit = WonField(label=_("Deposit (won)"), initial=0)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from dure.spaces.models import ApplicationStatus, IncubationApplication

        field = self.fields["application"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = IncubationApplication.objects.filter(
            status=ApplicationStatus.ACCEPTED, tenancy__isnull=True
        ).select_related("enterprise", "call")


class IncubationCallForm(forms.Form):
    """A call for incubation tenants; the rules are incubation_call_create's."""

    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(
        label=_("Description"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=TEXT_DOCUMENT,
    )
    opens_on = forms.DateField(label=_("Applications open"), widget=DateInput)
    closes_on = forms.DateField(label=_("Applications close"), widget=DateInput)
    rooms = forms.ModelMultipleChoiceField(
        label=_("Rooms"),
        queryset=Room.objects.filter(kind=RoomKind.INCUBATION, is_active=True).order_by("name"),
        widget=forms.CheckboxSelectMultiple,
    )
    term_months = forms.IntegerField(label=_("Term (months)"), min_value=1, max_value=60, initial=12)
    monthly_fee = WonField(label=_("Monthly fee (won)"), initial=0)
    deposit = WonField(label=_("Deposit (won)"), initial=0)
