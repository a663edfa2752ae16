"""Market pages: catalogue, cart and checkout, sellers' orders and reports, booth screen,
public purchasing, and the center's window and order lists."""

from __future__ import annotations

import datetime as dt
import json

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q, Sum
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dure.core.access import signed_in_user, staff_required
from dure.core.audit import log_action
from dure.core.errors import DomainError, add_form_error
from dure.core.masking import mask
from dure.core.spreadsheets import csv_response
from dure.market import selectors
from dure.market.access import (
    access_order_for_seller,
    booths_for,
    can_see_fairs,
    fair_meetings_for,
    institutions_for,
    is_staff,
    user_enterprise_pks,
)
from dure.market.cart import cart_clear, cart_items, cart_lines, cart_set, remember_order
from dure.market.exports import (
    purchase_report_xlsx,
    sales_report_table,
    xlsx_bytes,
    xlsx_response,
)
from dure.market.forms import (
    CheckoutForm,
    FairForm,
    ProductForm,
    PurchaseImportForm,
    ReportPeriodForm,
    WindowForm,
    WindowProductsForm,
)
from dure.market.models import (
    ORDER_TRANSITIONS,
    Booth,
    Fair,
    Institution,
    Order,
    OrderLine,
    OrderStatus,
    Product,
    SalesWindow,
    WindowStatus,
)
from dure.market.services import (
    booth_sale_record,
    can_sell_at_booth,
    fair_create,
    flows_deliver,
    order_place,
    order_transition,
    product_create,
    product_update,
    purchase_import,
    purchase_report,
    window_cancel,
    window_close,
    window_create,
    window_open,
    window_products_add,
)
from dure.market.services.catalogue import cart_windows
from dure.market.services.orders import windows_apart_message
from dure.market.services.purchasing import can_manage_institution

ACTIVE = (OrderStatus.PLACED, OrderStatus.CONFIRMED, OrderStatus.READY)


# Catalogue and cart ---------------------------------------------------------------------------


def home(request: HttpRequest) -> HttpResponse:
    q = request.GET.get("q", "").strip()[:100]
    category = request.GET.get("category", "").strip()[:100]
    queryset = selectors.product_list(available=True, q=q, category=category)
    page = Paginator(queryset, 24).get_page(request.GET.get("page"))
    categories = (
        selectors.available_products()
        .exclude(category="")
        .values_list("category", flat=True)
        .distinct()
        .order_by("category")
    )
    windows = selectors.open_windows().prefetch_related("pickup_points").order_by("closes_at")
    return render(
        request,
        "market/home.html",
        {
            "page": page,
            "q": q,
            "category": category,
            "categories": list(categories),
            "windows": windows,
            "cart_count": sum(cart_items(request).values()),
        },
    )


def product_detail(request: HttpRequest, pk: int) -> HttpResponse:
    product = get_object_or_404(
        Product.objects.select_related("enterprise").prefetch_related("variants", "photos"), pk=pk
    )
    available = selectors.available_products().filter(pk=pk).exists()
    return render(request, "market/product.html", {"product": product, "available": available})


@require_POST
def cart_add(request: HttpRequest) -> HttpResponse:
    try:
        product_pk = int(request.POST.get("product", ""))
        quantity = int(request.POST.get("quantity", "1"))
    except ValueError:
        messages.error(request, _("Choose a product and a quantity."))
        return redirect("market:home")
    if quantity < 1 or not selectors.available_products().filter(pk=product_pk).exists():
        messages.error(request, _("That product cannot be ordered now."))
        return redirect("market:home")
    cart_set(request, product_pk, cart_items(request).get(product_pk, 0) + quantity)
    messages.success(request, _("Added to your cart."))
    next_url = request.POST.get("next", "")
    return redirect(next_url if next_url.startswith("/market") else "market:cart")


@require_POST
def cart_update(request: HttpRequest) -> HttpResponse:
    for product_pk in list(cart_items(request)):
        value = request.POST.get(f"quantity_{product_pk}")
        if value is not None:
            try:
                cart_set(request, product_pk, max(int(value), 0))
            except ValueError:
                messages.error(request, _("Quantities are whole numbers."))
    return redirect("market:cart")


def cart(request: HttpRequest) -> HttpResponse:
    lines, total = cart_lines(request)
    apart = cart_windows([line["product"].pk for line in lines]).apart
    return render(
        request,
        "market/cart.html",
        {"lines": lines, "total": total, "apart": windows_apart_message(apart) if apart else ""},
    )


# The order service names buyer fields "buyer.<field>"; the checkout form names them plainly.
CHECKOUT_FIELDS = {
    **{f"buyer.{name}": name for name in ("name", "email", "phone", "region_code")},
    "pickup_point": "receive",
}


def checkout(request: HttpRequest) -> HttpResponse:
    lines, total = cart_lines(request)
    if not lines:
        messages.info(request, _("Your cart is empty."))
        return redirect("market:home")
    found = cart_windows([line["product"].pk for line in lines])
    if found.apart:
        # One order cannot span two windows: the cart says so before the buyer fills in the form.
        return redirect("market:cart")
    window = found.shared
    user = request.user if request.user.is_authenticated else None
    initial = (
        {"name": user.name, "email": user.email, "phone": user.phone, "region_code": user.region_code}
        if user
        else {}
    )
    form = CheckoutForm(request.POST or None, initial=initial, window=window)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            order = order_place(
                buyer={
                    "name": data["name"],
                    "email": data["email"],
                    "phone": data["phone"],
                    "region_code": data["region_code"],
                },
                items=[{"product": line["product"].pk, "quantity": line["quantity"]} for line in lines],
                consent=bool(data["consent"]),
                user=user,
                window=window,
                pickup_point=data["pickup_point"],
                delivery_address=data.get("delivery_address", ""),
                payment_method=data["payment_method"],
                # A double-clicked submit must not order twice: one key per cart submission.
                idempotency_key=request.POST.get("submission") or None,
            )
        except DomainError as error:
            add_form_error(form, error, aliases=CHECKOUT_FIELDS)
        else:
            cart_clear(request)
            remember_order(request, order.pk)
            return redirect("market:order_done", order.pk)
    import uuid

    return render(
        request,
        "market/checkout.html",
        {
            "form": form,
            "lines": lines,
            "total": total,
            "window": window,
            "submission": f"web:{uuid.uuid4()}",
        },
    )


def order_done(request: HttpRequest, pk: int) -> HttpResponse:
    order = get_object_or_404(Order.objects.select_related("window", "pickup_point"), pk=pk)
    mine = pk in request.session.get("market_orders", []) or (
        request.user.is_authenticated and order.buyer_user_id == request.user.pk
    )
    if not mine and not is_staff(request.user):
        raise Http404
    return render(
        request,
        "market/order_done.html",
        {
            "order": order,
            "lines": order.lines.select_related("enterprise"),
            "bank_account": settings.DURE_MARKET_BANK_ACCOUNT,
        },
    )


@login_required
def my_orders(request: HttpRequest) -> HttpResponse:
    orders = selectors.orders_of_buyer(signed_in_user(request))
    return render(request, "market/my_orders.html", {"orders": orders})


# Sellers -------------------------------------------------------------------------------------


def _seller_required(request: HttpRequest) -> set[int]:
    if not request.user.is_authenticated:
        raise PermissionDenied
    pks = user_enterprise_pks(request.user)
    if not pks:
        raise PermissionDenied
    return pks


@login_required
def seller_orders(request: HttpRequest) -> HttpResponse:
    """A seller's part of each order: its own lines; buyer contact unmasked only while the order
    is still to be handed over (needed for pickup), masked afterwards; never other sellers' lines."""
    own = _seller_required(request)
    status = request.GET.get("status", "")
    queryset = selectors.seller_orders(
        enterprise_pks=own, status=status if status in OrderStatus.values else ""
    )
    queryset = (
        queryset.annotate(foreign_lines=Count("lines", filter=~Q(lines__enterprise_id__in=own)))
        .prefetch_related(
            Prefetch(
                "lines",
                queryset=OrderLine.objects.filter(enterprise_id__in=own).order_by("pk"),
                to_attr="own_lines",
            )
        )
        .select_related("pickup_point")
    )
    page = Paginator(queryset, 30).get_page(request.GET.get("page"))
    rows = []
    unmasked = []
    # django-stubs loses the annotate()/Prefetch(to_attr) attributes of a queryset once it goes
    # through a Paginator page, hence the attr-defined ignores on own_lines and foreign_lines.
    for order in page:
        active = order.status in ACTIVE
        if active:
            unmasked.append(order.pk)
        rows.append(
            {
                "order": order,
                "lines": order.own_lines,  # type: ignore[attr-defined]
                "own_total": sum(line.line_total for line in order.own_lines),  # type: ignore[attr-defined]
                "buyer_name": order.buyer_name if active else mask(order.buyer_name, "name"),
                "buyer_phone": order.buyer_phone if active else mask(order.buyer_phone, "phone"),
                "buyer_email": mask(order.buyer_email, "email"),
                "delivery_address": order.delivery_address
                if active
                else mask(order.delivery_address, "address"),
                "next": [
                    (status, OrderStatus(status).label)
                    for status in sorted(ORDER_TRANSITIONS[order.status] - {OrderStatus.REFUNDED})
                ],
                # A mixed order (several sellers) is moved by the center, not by one seller.
                "can_move": order.foreign_lines == 0,  # type: ignore[attr-defined]
            }
        )
    if unmasked:
        log_action("market.orders.viewed", actor=request.user, data={"orders": unmasked}, personal_data=True)
    return render(
        request,
        "market/seller_orders.html",
        {"page": page, "rows": rows, "status": status, "statuses": OrderStatus.choices},
    )


@require_POST
@login_required
def seller_order_transition(request: HttpRequest, pk: int) -> HttpResponse:
    order = access_order_for_seller(request.user, pk)
    try:
        order_transition(actor=request.user, order=order, to_status=request.POST.get("status", ""))
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The order was updated."))
    next_url = request.POST.get("next", "")
    return redirect(next_url if next_url.startswith("/market") else "market:seller_orders")


@login_required
def seller_products(request: HttpRequest) -> HttpResponse:
    own = _seller_required(request)
    products = (
        Product.objects.filter(enterprise_id__in=own)
        .select_related("enterprise")
        .order_by("enterprise__name", "name")
    )
    return render(request, "market/seller_products.html", {"products": products})


@login_required
def seller_product_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    own = _seller_required(request)
    product = get_object_or_404(Product, pk=pk, enterprise_id__in=own) if pk else None
    from dure.registry.models import Enterprise

    enterprises = Enterprise.objects.filter(pk__in=own).order_by("name")
    form = ProductForm(request.POST or None, instance=product)
    if request.method == "POST" and form.is_valid():
        values = {k: v for k, v in form.cleaned_data.items()}
        try:
            if product is None:
                chosen = request.POST.get("enterprise")
                enterprise = (
                    enterprises.filter(pk=chosen).first() if chosen is not None else None
                ) or enterprises.first()
                product = product_create(
                    actor=request.user,
                    enterprise=enterprise,
                    name=values.pop("name"),
                    price=values.pop("price"),
                    stock=values.pop("stock"),
                    vat_mode=values.pop("vat_mode"),
                    **values,
                )
            else:
                product_update(actor=request.user, product=product, values=values)
        except DomainError as error:
            add_form_error(form, error)
        else:
            messages.success(request, _("The product was saved."))
            return redirect("market:seller_products")
    return render(
        request,
        "market/seller_product_form.html",
        {"form": form, "product": product, "enterprises": enterprises},
    )


def _period(request: HttpRequest) -> tuple[ReportPeriodForm, dt.date, dt.date]:
    today = timezone.localdate()
    form = ReportPeriodForm(request.GET or None, initial={"start": today.replace(day=1), "end": today})
    start, end = today.replace(month=1, day=1), today
    if form.is_valid():
        start, end = form.cleaned_data["start"], form.cleaned_data["end"]
    return form, start, end


@login_required
def seller_report(request: HttpRequest) -> HttpResponse:
    own = None if is_staff(request.user) else _seller_required(request)
    form, start, end = _period(request)
    rows = selectors.sales_report(enterprise_pks=own, start=start, end=end)
    export = request.GET.get("format")
    if export in ("csv", "xlsx"):
        header, body = sales_report_table(rows)
        name = f"sales_{start}_{end}.{export}"
        log_action(
            "market.sales_report.exported",
            actor=request.user,
            data={"start": start, "end": end, "format": export},
        )
        if export == "csv":
            return csv_response(name, header, body)
        return xlsx_response(
            name,
            xlsx_bytes(
                [(_("Sales"), header, body)],
                title=_("Sales %(start)s – %(end)s") % {"start": start, "end": end},
            ),
        )
    totals = {
        "units": sum(r["units"] for r in rows),
        "total": sum(r["total"] for r in rows),
        "vat": sum(r["vat"] for r in rows),
    }
    return render(
        request,
        "market/seller_report.html",
        {"form": form, "rows": rows, "totals": totals, "query": request.GET.urlencode()},
    )


# Festival booths -----------------------------------------------------------------------------


@login_required
def booth_list(request: HttpRequest) -> HttpResponse:
    booths = booths_for(signed_in_user(request))
    return render(request, "market/booth_list.html", {"booths": booths})


def _booth_for(request: HttpRequest, pk: int) -> Booth:
    if not request.user.is_authenticated:
        raise PermissionDenied
    booth = get_object_or_404(Booth, pk=pk)
    if not can_sell_at_booth(request.user, booth):
        raise Http404
    return booth


@login_required
def booth_screen(request: HttpRequest, pk: int) -> HttpResponse:
    booth = _booth_for(request, pk)
    products = booth.products.filter(is_active=True).order_by("name")
    totals = selectors.booth_day_totals(booth_pk=booth.pk, day=timezone.localdate())
    return render(
        request, "market/booth_screen.html", {"booth": booth, "products": products, "totals": totals}
    )


@login_required
def booth_totals(request: HttpRequest, pk: int) -> HttpResponse:
    booth = _booth_for(request, pk)
    totals = selectors.booth_day_totals(booth_pk=booth.pk, day=timezone.localdate())
    return render(request, "market/_booth_totals.html", {"booth": booth, "totals": totals})


@require_POST
def booth_sale(request: HttpRequest, pk: int) -> HttpResponse:
    booth = _booth_for(request, pk)
    try:
        body = json.loads(request.body or b"{}")
    except ValueError:
        return JsonResponse({"detail": _("The request is not valid.")}, status=400)
    if not isinstance(body, dict):
        return JsonResponse({"detail": _("The request is not valid.")}, status=400)
    try:
        order = booth_sale_record(
            actor=request.user,
            booth=booth,
            sale_uuid=str(body.get("sale_uuid", "")),
            items=body.get("items") or [],
            payment_method=str(body.get("payment_method") or "cash"),
        )
    except DomainError as error:
        return JsonResponse(
            {"detail": error.message, "code": error.code, "field": error.field}, status=error.status
        )
    created = bool(getattr(order, "was_created", False))
    return JsonResponse(
        {
            "pk": order.pk,
            "number": order.number,
            "total": order.total,
            "status": order.status,
            "created": created,
        },
        status=201 if created else 200,
    )


# Public purchasing ---------------------------------------------------------------------------


@login_required
def purchasing_report(request: HttpRequest) -> HttpResponse:
    institutions = institutions_for(request.user)
    if not is_staff(request.user) and not institutions.exists():
        raise PermissionDenied
    try:
        year = int(request.GET.get("year") or timezone.localdate().year)
    except ValueError:
        year = timezone.localdate().year
    year = min(max(year, 2000), 2100)
    report = purchase_report(year=year, institution_pks=institutions.values_list("pk", flat=True))
    if request.GET.get("format") == "xlsx":
        log_action("market.purchase_report.exported", actor=request.user, data={"year": year})
        return xlsx_response(f"priority_purchases_{year}.xlsx", purchase_report_xlsx(report))
    return render(
        request,
        "market/purchasing_report.html",
        {"report": report, "year": year, "institutions": institutions, "fairs": selectors.fairs_recent()},
    )


@login_required
def purchase_import_view(request: HttpRequest, pk: int) -> HttpResponse:
    institution = get_object_or_404(Institution, pk=pk)
    if not can_manage_institution(request.user, institution):
        raise Http404
    form = PurchaseImportForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > 5 * 1024 * 1024:
            form.add_error("file", _("The file is larger than 5 MB."))
        else:
            try:
                result = purchase_import(
                    actor=request.user, institution=institution, content=upload.read(), filename=upload.name
                )
            except DomainError as error:
                form.add_error("file", error.message)
    purchases = institution.purchases.order_by("-purchased_on", "-pk")[:50]
    return render(
        request,
        "market/purchase_import.html",
        {"institution": institution, "form": form, "result": result, "purchases": purchases},
    )


@login_required
def fair_list(request: HttpRequest) -> HttpResponse:
    if not can_see_fairs(request.user):
        raise PermissionDenied
    staff = is_staff(request.user)
    form = FairForm(request.POST or None) if staff else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            try:
                fair = fair_create(actor=request.user, **form.cleaned_data)
            except DomainError as error:
                add_form_error(form, error)
            else:
                messages.success(
                    request, _("The fair was created. Institutions can now post what they need.")
                )
                return redirect("market:fair_detail", pk=fair.pk)
    return render(request, "market/fair_list.html", {"fairs": selectors.fairs_recent(), "form": form})


@login_required
def fair_detail(request: HttpRequest, pk: int) -> HttpResponse:
    fair = get_object_or_404(Fair, pk=pk)
    if not can_see_fairs(request.user):
        raise PermissionDenied
    needs = fair.needs.select_related("institution").prefetch_related("answers__enterprise")
    meetings = fair_meetings_for(request.user, fair)
    return render(request, "market/fair_detail.html", {"fair": fair, "needs": needs, "meetings": meetings})


# The center's back office --------------------------------------------------------------------


@staff_required
def staff_windows(request: HttpRequest) -> HttpResponse:
    windows = (
        SalesWindow.objects.prefetch_related("pickup_points")
        .annotate(units=Sum("entries__units_ordered"))
        .order_by("-opens_at")[:100]
    )
    return render(request, "market/staff_windows.html", {"windows": windows, "now": timezone.now()})


@staff_required
def staff_window_create(request: HttpRequest) -> HttpResponse:
    form = WindowForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        pickup = {k: data[f"pickup_{k}"].strip() for k in ("name", "address", "times")}
        try:
            window = window_create(
                actor=request.user,
                name=data["name"],
                opens_at=data["opens_at"],
                closes_at=data["closes_at"],
                capacity=data["capacity"],
                product_pks=[p.pk for p in data["products"]],
                description=data["description"],
                delivery=data["delivery"],
                delivery_note=data["delivery_note"],
                delivery_minimum=data["delivery_minimum"],
                status=WindowStatus.OPEN if data["publish"] else WindowStatus.DRAFT,
                pickup_points=[pickup] if pickup["name"] else [],
            )
        except DomainError as error:
            add_form_error(form, error)
        else:
            messages.success(request, _("The sales window was created."))
            return redirect("market:staff_window_detail", pk=window.pk)
    return render(request, "market/staff_window_form.html", {"form": form})


@staff_required
def staff_window_detail(request: HttpRequest, pk: int) -> HttpResponse:
    window = get_object_or_404(SalesWindow.objects.prefetch_related("pickup_points"), pk=pk)
    form = WindowProductsForm(request.POST or None, window=window)
    if request.method == "POST" and form.is_valid():
        try:
            added = window_products_add(
                actor=request.user, window=window, product_pks=[p.pk for p in form.cleaned_data["products"]]
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("%(count)d products were added.") % {"count": added})
            return redirect("market:staff_window_detail", pk=window.pk)
    return render(
        request,
        "market/staff_window_detail.html",
        {"window": window, "entries": selectors.window_entries(window), "form": form, "now": timezone.now()},
    )


_WINDOW_MOVES = {
    "open": (window_open, _("The sales window is open.")),
    "close": (window_close, _("The sales window was closed.")),
    "cancel": (window_cancel, _("The sales window was cancelled.")),
}


@require_POST
@staff_required
def staff_window_move(request: HttpRequest, pk: int, move: str) -> HttpResponse:
    window = get_object_or_404(SalesWindow, pk=pk)
    if move not in _WINDOW_MOVES:
        raise Http404
    service, done = _WINDOW_MOVES[move]
    try:
        service(actor=request.user, window=window)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, done)
    if request.POST.get("next") == "detail":
        return redirect("market:staff_window_detail", pk=pk)
    return redirect("market:staff_windows")


@staff_required
def staff_orders(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", "")
    queryset = Order.objects.select_related("window", "booth", "institution").order_by("-placed_at", "-pk")
    if status in OrderStatus.values:
        queryset = queryset.filter(status=status)
    page = Paginator(queryset, 50).get_page(request.GET.get("page"))
    return render(
        request, "market/staff_orders.html", {"page": page, "status": status, "statuses": OrderStatus.choices}
    )


@require_POST
@staff_required
def staff_order_transition(request: HttpRequest, pk: int) -> HttpResponse:
    order = get_object_or_404(Order, pk=pk)
    try:
        order_transition(actor=request.user, order=order, to_status=request.POST.get("status", ""))
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The order was updated."))
    return redirect("market:staff_orders")


@require_POST
@staff_required
def staff_flows_deliver(request: HttpRequest) -> HttpResponse:
    delivered = flows_deliver(actor=request.user)
    messages.success(
        request, _("%(n)s money flows were written to the circulation ledger.") % {"n": delivered}
    )
    return redirect("market:staff_orders")
