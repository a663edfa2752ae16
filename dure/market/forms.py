from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from dure.core.forms import CountField, PlausibleDateField, WonField
from dure.core.regions import DISTRICT_CHOICES
from dure.core.text import TEXT_DESCRIPTION
from dure.market.models import (
    CHANNEL_PAYMENT_METHODS,
    Channel,
    PaymentMethod,
    PickupPoint,
    Product,
    SalesWindow,
    VatMode,
)
from dure.market.services.catalogue import DELIVERY_MINIMUM_MAX

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
    receive = forms.ChoiceField(
        label=_("How you receive the order"),
        choices=[],
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose a pickup point or delivery.")},
    )
    delivery_address = forms.CharField(
        label=_("Delivery address"),
        max_length=300,
        required=False,
        help_text=_("Only when you choose delivery."),
    )
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

    def __init__(self, *args: Any, window: SalesWindow | None = None, **kwargs: Any) -> None:
        """`window`: the sales window the cart is bought in (None: direct sales only)."""
        super().__init__(*args, **kwargs)
        self.pickup_points: dict[str, PickupPoint] = {}
        if window is None:
            # Direct sales: the seller delivers as agreed; an address is welcome but not asked for.
            del self.fields["receive"]
            self.fields["delivery_address"].help_text = ""
            return
        self.pickup_points = {f"pickup:{point.pk}": point for point in window.pickup_points.all()}
        choices = [(key, pickup_label(point)) for key, point in self.pickup_points.items()]
        if window.delivery:
            choices.append(("delivery", delivery_label(window)))
        else:
            del self.fields["delivery_address"]
        if not choices:
            del self.fields["receive"]
            return
        field = self.fields["receive"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = choices
        if len(choices) == 1:
            field.initial = choices[0][0]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        data["pickup_point"] = None
        receive = data.get("receive")
        if receive == "delivery":
            if not data.get("delivery_address"):
                self.add_error("delivery_address", _("Enter the address to deliver to."))
        elif receive:
            data["pickup_point"] = self.pickup_points[receive]
            data["delivery_address"] = ""  # typed before choosing a pickup point: not needed
        return data


def pickup_label(point: PickupPoint) -> str:
    parts = [point.name, point.address, point.times]
    return _("Pickup: %(where)s") % {"where": " · ".join(part for part in parts if part)}


def delivery_label(window: SalesWindow) -> str:
    label = str(_("Delivery"))
    if window.delivery_note:
        label += f" ({window.delivery_note})"
    if window.delivery_minimum:
        label += " · " + _("orders of %(minimum)s won or more") % {"minimum": f"{window.delivery_minimum:,}"}
    return label


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
        label=_("Description"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=TEXT_DESCRIPTION,
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
    delivery_minimum = WonField(
        label=_("Minimum order for delivery (won)"),
        required=False,
        max_value=DELIVERY_MINIMUM_MAX,
        help_text=_("Leave empty to deliver any order. Smaller orders can still be picked up."),
    )
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
