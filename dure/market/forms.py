from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from dure.core.forms import CountField, PlausibleDateField
from dure.core.regions import DISTRICT_CHOICES
from dure.market.models import CHANNEL_PAYMENT_METHODS, Channel, PaymentMethod, PickupPoint, Product, VatMode

# The checkout offers exactly what order_place accepts online (no cash, no invoice).
ONLINE_METHODS = [(method, PaymentMethod(method).label) for method in CHANNEL_PAYMENT_METHODS[Channel.ONLINE]]


class CheckoutForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100)
    email = forms.EmailField(label=_("Email"), help_text=_("We send the order confirmation here."))
    phone = forms.CharField(label=_("Phone"), max_length=30, required=False)
    region_code = forms.ChoiceField(
        label=_("Where you live"),
        choices=[("", _("elsewhere / rather not say")), *DISTRICT_CHOICES],
        required=False,
        help_text=_("Only the district, to measure how much money stays in the region."),
        widget=forms.Select(attrs={"class": "krds-form-select"}),
    )
    pickup_point = forms.ModelChoiceField(
        label=_("Pickup point"),
        queryset=PickupPoint.objects.none(),
        required=False,
        widget=forms.Select(attrs={"class": "krds-form-select"}),
    )
    delivery_address = forms.CharField(label=_("Delivery address"), max_length=300, required=False)
    payment_method = forms.ChoiceField(
        label=_("Payment"),
        choices=ONLINE_METHODS,
        widget=forms.RadioSelect,
        initial=PaymentMethod.BANK_TRANSFER,
    )
    consent = forms.BooleanField(
        label=_(
            "I agree that my name, email and phone are used to process this order and kept for 3 years "
            "(purpose: processing orders and delivery)."
        ),
        required=True,
        error_messages={"required": _("Please agree to the use of your personal data for this order.")},
    )

    def __init__(self, *args: Any, pickup_points: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if pickup_points is not None:
            field = self.fields["pickup_point"]
            assert isinstance(field, forms.ModelChoiceField)
            field.queryset = pickup_points


class ProductForm(forms.ModelForm):
    class Meta:
        model = Product
        fields = [
            "name",
            "description",
            "category",
            "price",
            "vat_mode",
            "stock",
            "unit",
            "direct_sale",
            "capacity_per_window",
            "local_ingredients",
            "vulnerable_workers",
            "eco_friendly",
            "is_active",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "vat_mode": forms.Select(choices=VatMode.choices, attrs={"class": "krds-form-select"}),
        }

    def _post_clean(self) -> None:
        # Rules live in the service (product_create / product_update), reported as DomainError.
        pass


class PurchaseImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV or XLSX file"), help_text=_("Columns: 구매일자, 기업명, 사업자등록번호, 품목, 금액")
    )


class ReportPeriodForm(forms.Form):
    start = PlausibleDateField(label=_("From"), widget=forms.DateInput(attrs={"type": "date"}))
    end = PlausibleDateField(label=_("To"), widget=forms.DateInput(attrs={"type": "date"}))


_DATETIME_LOCAL = "%Y-%m-%dT%H:%M"


def _datetime_local_field(label: Any) -> forms.DateTimeField:
    """A date and time the browser's own picker fills in (`<input type="datetime-local">`)."""
    return forms.DateTimeField(
        label=label,
        input_formats=[_DATETIME_LOCAL],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=_DATETIME_LOCAL),
    )


class _ProductChoices(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.enterprise.name} · {obj.name}"


def _window_products_field(**kwargs: Any) -> _ProductChoices:
    return _ProductChoices(
        label=_("Products taking part"),
        queryset=Product.objects.filter(is_active=True)
        .select_related("enterprise")
        .order_by("enterprise__name", "name"),
        widget=forms.CheckboxSelectMultiple,
        **kwargs,
    )


class WindowForm(forms.Form):
    """A new sales window; the rules (times, capacity, products) are window_create's."""

    name = forms.CharField(label=_("Name"), max_length=200)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    opens_at = _datetime_local_field(_("Opens at"))
    closes_at = _datetime_local_field(_("Closes at"))
    capacity = CountField(
        label=_("Capacity (units)"),
        required=False,
        min_value=1,
        help_text=_("Leave empty for no limit. The window closes itself when this many units are ordered."),
    )
    delivery = forms.BooleanField(label=_("Delivery offered"), required=False)
    delivery_note = forms.CharField(label=_("Delivery note"), max_length=300, required=False)
    pickup_name = forms.CharField(label=_("Pickup point"), max_length=200, required=False)
    pickup_address = forms.CharField(label=_("Pickup address"), max_length=300, required=False)
    pickup_times = forms.CharField(label=_("Pickup times"), max_length=200, required=False)
    publish = forms.BooleanField(
        label=_("Publish now"),
        required=False,
        help_text=_("Unticked, the window is saved as a draft that buyers do not see."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["products"] = _window_products_field(required=False)


class WindowProductsForm(forms.Form):
    def __init__(self, *args: Any, window: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = _window_products_field()
        assert field.queryset is not None  # _window_products_field always gives one
        field.queryset = field.queryset.exclude(window_entries__window=window)
        self.fields["products"] = field


class FairForm(forms.Form):
    """A purchase consultation fair (구매상담회); fair_create holds the rules."""

    name = forms.CharField(label=_("Name"), max_length=200)
    held_on = PlausibleDateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    venue = forms.CharField(label=_("Venue"), max_length=300, required=False)
    slot_minutes = forms.IntegerField(
        label=_("Meeting length (minutes)"), min_value=5, max_value=120, initial=20
    )
