from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any, TypedDict

from django.conf import settings
from django.contrib import messages
from django.contrib.syndication.views import Feed
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from dure.core.access import staff_required
from dure.core.api_helpers import MAX_OFFSET
from dure.core.errors import DomainError, add_form_error
from dure.core.masking import mask
from dure.core.regions import DISTRICTS, DISTRICTS_BY_CODE
from dure.portal import selectors, services
from dure.portal.forms import DirectoryForm, NewsForm, PhotoForm, ProductForm, ProfileForm, RejectForm
from dure.portal.models import (
    ChangeRequestStatus,
    EnterprisePhoto,
    NewsPost,
    NewsStatus,
    ProfileChangeRequest,
)
from dure.programs.selectors import upcoming_sessions
from dure.registry.access import (
    access_enterprise_for_edit,
    access_enterprise_for_staff,
    access_enterprise_for_view,
    can_manage_enterprise,
)
from dure.registry.models import DesignationType, SviGrade
from dure.registry.presenters import enterprise_public_dict
from dure.registry.selectors import registry_counts

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

PAGE_SIZE = 20

NATIONAL_SYSTEMS: dict[str, tuple[str, StrOrPromise]] = {
    DesignationType.SOCIAL: (
        "https://www.seis.or.kr/",
        gettext_lazy("Social Enterprise Promotion Agency (seis.or.kr)"),
    ),
    DesignationType.PRE_SOCIAL: (
        "https://www.seis.or.kr/",
        gettext_lazy("Social Enterprise Promotion Agency (seis.or.kr)"),
    ),
    DesignationType.COOP: ("https://www.coop.go.kr/", gettext_lazy("Cooperatives portal (coop.go.kr)")),
    DesignationType.SOCIAL_COOP: (
        "https://www.coop.go.kr/",
        gettext_lazy("Cooperatives portal (coop.go.kr)"),
    ),
    DesignationType.VILLAGE: (
        "https://www.mois.go.kr/",
        gettext_lazy("Ministry of the Interior and Safety (mois.go.kr)"),
    ),
    DesignationType.SELF_SUFFICIENCY: (
        "https://www.kdissw.or.kr/",
        gettext_lazy("Korea Development Institute for Self-Sufficiency and Welfare (kdissw.or.kr)"),
    ),
}
MARKET_LINKS: list[tuple[str, StrOrPromise]] = [
    (
        "https://www.e-store365.com/",
        gettext_lazy("e-store 36.5 (public purchasing of social economy products)"),
    ),
]


# --- home, privacy --------------------------------------------------------------------------


def home(request: HttpRequest) -> HttpResponse:
    counts = registry_counts()
    by_type = [(value, label, counts["by_type"].get(value, 0)) for value, label in DesignationType.choices]
    by_district = [(d.code, d.label, counts["by_district"].get(d.code, 0)) for d in DISTRICTS]
    return render(
        request,
        "portal/home.html",
        {
            "total": counts["total"],
            "by_type": by_type,
            "by_district": by_district,
            "featured": selectors.featured_enterprises(limit=6),
            "products": selectors.featured_products(limit=6),
            "news": list(selectors.published_news()[:3]),
            "sessions": upcoming_sessions(limit=4),
        },
    )


def privacy(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/privacy.html")


# --- directory ------------------------------------------------------------------------------


class FacetRows(TypedDict):
    type: list[tuple[str, str, int]]
    district: list[tuple[str, str, int]]
    svi_grade: list[tuple[str, str, int]]
    online: int


def _facet_rows(facets: dict[str, dict[str, int]]) -> FacetRows:
    return {
        "type": [(v, str(label), facets.get("type", {}).get(v, 0)) for v, label in DesignationType.choices],
        "district": [(d.code, d.label, facets.get("district", {}).get(d.code, 0)) for d in DISTRICTS],
        "svi_grade": [
            (v, str(label), facets.get("svi_grade", {}).get(v, 0)) for v, label in SviGrade.choices
        ],
        "online": facets.get("sells_online", {}).get("True", 0),
    }


def directory(request: HttpRequest) -> HttpResponse:
    form = DirectoryForm(request.GET or None)
    query, filters, sort = form.query(), form.filters(), form.sort_order()
    page_number = request.GET.get("page") or 1
    try:
        number = min(max(1, int(page_number)), MAX_OFFSET // PAGE_SIZE)
    except ValueError:
        number = 1
    found = selectors.enterprise_search_page(
        query, filters=filters, sort=sort, offset=(number - 1) * PAGE_SIZE, limit=PAGE_SIZE, with_facets=True
    )
    names = {d.code: d.label for d in DISTRICTS}
    for enterprise in found.enterprises:
        # A display-only attribute for the results template, not a model field (so mypy does not
        # know it, and setattr rather than plain assignment).
        setattr(enterprise, "district_name", names.get(enterprise.district_code or "", ""))  # noqa: B010
    paginator = Paginator(range(found.count), PAGE_SIZE)
    page = paginator.get_page(number)
    params = request.GET.copy()
    params.pop("page", None)
    context: dict[str, Any] = {
        "form": form,
        "found": found,
        "page": page,
        "query": params.urlencode(),
        "facets": _facet_rows(found.facets),
        "industries": selectors.industry_choices(),
        "active_filters": form.active_filter_count(),
    }
    if request.headers.get("HX-Request") and request.headers.get("HX-Target") == "directory-results":
        context["oob"] = True
        return render(request, "portal/_directory_results.html", context)
    return render(request, "portal/directory.html", context)


# --- map ------------------------------------------------------------------------------------


def map_view(request: HttpRequest) -> HttpResponse:
    form = DirectoryForm(request.GET or None)
    districts = [{"code": d.code, "name": d.label, "lat": d.latitude, "lng": d.longitude} for d in DISTRICTS]
    config = {
        "markers": reverse("portal:map_markers"),
        "position": reverse("portal:enterprise_position", args=[0]),
        "tiles": settings.DURE_MAP_TILE_URL,
        "attribution": settings.DURE_MAP_TILE_ATTRIBUTION,
        "districts": districts,
        "draggable": bool(getattr(request.user, "is_center_staff", False)),
        "approximate": _("Shown at the centre of its district: the exact position is not known."),
        "profile": _("Profile"),
        "saved": _("Position saved."),
        "failed": _("The position could not be saved."),
        "shown": _("%(count)s enterprises on the map") % {"count": "{count}"},
    }
    return render(
        request,
        "portal/map.html",
        {"form": form, "config": config, "industries": selectors.industry_choices()},
    )


def map_markers(request: HttpRequest) -> JsonResponse:
    form = DirectoryForm(request.GET or None)
    markers = selectors.map_markers(form.query(), filters=form.filters())
    return JsonResponse({"count": len(markers), "markers": markers})


@require_POST
@staff_required
def enterprise_position(request: HttpRequest, pk: int) -> JsonResponse:
    enterprise = access_enterprise_for_staff(request.user, pk)
    try:
        payload = (
            json.loads(request.body or b"{}") if request.content_type == "application/json" else request.POST
        )
        services.enterprise_position_set(
            actor=request.user,
            enterprise=enterprise,
            latitude=payload.get("lat"),
            longitude=payload.get("lng"),
        )
    except (DomainError, ValueError) as error:
        message = error.message if isinstance(error, DomainError) else _("The request is not valid.")
        return JsonResponse({"detail": message}, status=400)
    latitude, longitude = enterprise.latitude, enterprise.longitude
    return JsonResponse(
        {
            "pk": enterprise.pk,
            "lat": float(latitude) if latitude is not None else None,
            "lng": float(longitude) if longitude is not None else None,
        }
    )


# --- enterprise profile ---------------------------------------------------------------------


def enterprise_detail(request: HttpRequest, pk: int) -> HttpResponse:
    enterprise = access_enterprise_for_view(request.user, pk)
    public = enterprise_public_dict(enterprise, user=request.user, reveal=True)
    from dure.market.models import Product

    products = list(Product.objects.filter(enterprise=enterprise, is_active=True).order_by("name", "pk"))
    district = DISTRICTS_BY_CODE.get(enterprise.district_code or "")
    position = None
    if public["latitude"] is not None and public["longitude"] is not None:
        position = {"lat": public["latitude"], "lng": public["longitude"], "approximate": False}
    elif district:
        position = {"lat": district.latitude, "lng": district.longitude, "approximate": True}
    links: list[tuple[str, StrOrPromise]] = []
    for designation_type in public["types"] or ([enterprise.primary_type] if enterprise.primary_type else []):
        link = NATIONAL_SYSTEMS.get(designation_type)
        if link and link not in links:
            links.append(link)
    if public["types"] and (products or enterprise.sells_online):
        links.extend(MARKET_LINKS)
    can_edit = can_manage_enterprise(request.user, enterprise)
    return render(
        request,
        "portal/enterprise_detail.html",
        {
            "enterprise": enterprise,
            "public": public,
            "designations": list(enterprise.designations.order_by("start_date", "pk")),
            "products": products,
            "photos": list(EnterprisePhoto.objects.filter(enterprise=enterprise)),
            "district": district,
            "position": position,
            "national_links": links,
            "can_edit": can_edit,
            # What visitors see of the contacts the enterprise does not publish (for its members).
            "masked_phone": mask(enterprise.phone, "phone") if can_edit else "",
            "masked_email": mask(enterprise.email, "email") if can_edit else "",
            "tiles": settings.DURE_MAP_TILE_URL,
            "attribution": settings.DURE_MAP_TILE_ATTRIBUTION,
        },
    )


# --- self-service ---------------------------------------------------------------------------


def profile_edit(request: HttpRequest, pk: int) -> HttpResponse:
    if not request.user.is_authenticated:
        from django.contrib.auth.views import redirect_to_login

        return redirect_to_login(request.get_full_path())
    enterprise = access_enterprise_for_edit(request.user, pk)
    form = ProfileForm(request.POST or None, instance=enterprise)
    pending = ProfileChangeRequest.objects.filter(
        enterprise=enterprise, status=ChangeRequestStatus.PENDING
    ).first()
    if request.method == "POST" and form.is_valid():
        values = {name: form.cleaned_data[name] for name in form.Meta.fields}
        enterprise.refresh_from_db()
        try:
            result = services.profile_update(actor=request.user, enterprise=enterprise, values=values)
        except DomainError as error:
            add_form_error(form, error)
        else:
            if isinstance(result, ProfileChangeRequest):
                messages.success(
                    request, _("Your change was sent to the center; it goes public once approved.")
                )
            elif result:
                messages.success(request, _("The profile was updated."))
            else:
                messages.info(request, _("Nothing was changed."))
            return redirect("portal:profile_edit", enterprise.pk)
    return render(
        request,
        "portal/profile_edit.html",
        {
            "enterprise": enterprise,
            "form": form,
            "pending": pending,
            "approval": services.approval_required(enterprise),
            "photos": list(EnterprisePhoto.objects.filter(enterprise=enterprise)),
            "photo_form": PhotoForm(),
            "products": list(enterprise.products.order_by("name", "pk")),
        },
    )


@require_POST
def photo_add(request: HttpRequest, pk: int) -> HttpResponse:
    if not request.user.is_authenticated:
        raise Http404
    enterprise = access_enterprise_for_edit(request.user, pk)
    form = PhotoForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.photo_add(
                actor=request.user,
                enterprise=enterprise,
                upload=form.cleaned_data["image"],
                alt_text=form.cleaned_data["alt_text"],
            )
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("The photo was added."))
    else:
        for errors in form.errors.values():
            for message in errors:  # an ErrorList yields its messages as strings
                messages.error(request, str(message))
    return redirect("portal:profile_edit", enterprise.pk)


@require_POST
def photo_remove(request: HttpRequest, pk: int, photo_pk: int) -> HttpResponse:
    if not request.user.is_authenticated:
        raise Http404
    enterprise = access_enterprise_for_edit(request.user, pk)
    photo = get_object_or_404(EnterprisePhoto, pk=photo_pk, enterprise=enterprise)
    services.photo_remove(actor=request.user, photo=photo)
    messages.success(request, _("The photo was removed."))
    return redirect("portal:profile_edit", enterprise.pk)


def product_edit(request: HttpRequest, pk: int, product_pk: int | None = None) -> HttpResponse:
    if not request.user.is_authenticated:
        from django.contrib.auth.views import redirect_to_login

        return redirect_to_login(request.get_full_path())
    enterprise = access_enterprise_for_edit(request.user, pk)
    product = None
    initial: dict[str, Any] = {"is_active": True}
    if product_pk is not None:
        product = get_object_or_404(enterprise.products, pk=product_pk)
        initial = {
            name: getattr(product, name)
            for name in ("name", "category", "description", "price", "stock", "is_active")
        }
    form = ProductForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        values = {k: v for k, v in form.cleaned_data.items() if k != "photo"}
        try:
            services.product_save(
                actor=request.user,
                enterprise=enterprise,
                values=values,
                product=product,
                photo=form.cleaned_data.get("photo"),
            )
        except DomainError as error:
            add_form_error(form, error)
        else:
            messages.success(request, _("The product was saved."))
            return redirect("portal:profile_edit", enterprise.pk)
    return render(
        request, "portal/product_form.html", {"enterprise": enterprise, "form": form, "product": product}
    )


@staff_required
def change_queue(request: HttpRequest) -> HttpResponse:
    pending = list(
        ProfileChangeRequest.objects.filter(status=ChangeRequestStatus.PENDING)
        .select_related("enterprise", "requested_by")
        .order_by("created_at", "pk")
    )
    recent = list(
        ProfileChangeRequest.objects.exclude(status=ChangeRequestStatus.PENDING)
        .select_related("enterprise", "decided_by")
        .order_by("-decided_at", "-pk")[:20]
    )
    rows = []
    for change in pending:
        rows.append(
            {
                "request": change,
                "fields": [
                    (name, change.previous.get(name), value) for name, value in sorted(change.values.items())
                ],
            }
        )
    return render(
        request, "portal/change_queue.html", {"rows": rows, "recent": recent, "reject_form": RejectForm()}
    )


@require_POST
@staff_required
def change_decide(request: HttpRequest, pk: int) -> HttpResponse:
    change = get_object_or_404(ProfileChangeRequest, pk=pk)
    try:
        if request.POST.get("decision") == "approve":
            services.profile_change_approve(actor=request.user, change_request=change)
            messages.success(request, _("The change was approved and is now public."))
        elif request.POST.get("decision") == "reject":
            services.profile_change_reject(
                actor=request.user, change_request=change, note=request.POST.get("note", "")
            )
            messages.success(request, _("The change was rejected."))
        else:
            messages.error(request, _("Choose approve or reject."))
    except DomainError as error:
        messages.error(request, error.message)
    return redirect("portal:change_queue")


@require_POST
@staff_required
def enterprise_settings(request: HttpRequest, pk: int) -> HttpResponse:
    enterprise = access_enterprise_for_staff(request.user, pk)
    services.enterprise_portal_settings_set(
        actor=request.user,
        enterprise=enterprise,
        require_approval=request.POST.get("require_approval") == "on",
    )
    messages.success(request, _("The setting was saved."))
    return redirect("portal:profile_edit", enterprise.pk)


# --- news -----------------------------------------------------------------------------------


def news_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.published_news(), 10).get_page(request.GET.get("page"))
    drafts = (
        list(NewsPost.objects.filter(status=NewsStatus.DRAFT))
        if getattr(request.user, "is_center_staff", False)
        else []
    )
    return render(request, "portal/news_list.html", {"page": page, "drafts": drafts, "query": ""})


def news_detail(request: HttpRequest, pk: int) -> HttpResponse:
    posts = (
        NewsPost.objects.all()
        if getattr(request.user, "is_center_staff", False)
        else selectors.published_news()
    )
    post = get_object_or_404(posts, pk=pk)
    return render(request, "portal/news_detail.html", {"post": post})


@staff_required
def news_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    post = get_object_or_404(NewsPost, pk=pk) if pk is not None else None
    form = NewsForm(request.POST or None, request.FILES or None, instance=post)
    if request.method == "POST" and form.is_valid():
        values = {
            name: form.cleaned_data[name] for name in ("title", "summary", "body", "image_alt", "status")
        }
        try:
            saved = services.news_save(
                actor=request.user, values=values, post=post, image=form.cleaned_data.get("image")
            )
        except DomainError as error:
            add_form_error(form, error)
        else:
            messages.success(request, _("The story was saved."))
            return redirect("portal:news_detail", saved.pk)
    return render(request, "portal/news_form.html", {"form": form, "post": post})


class NewsFeed(Feed):
    title = gettext_lazy("Social economy news")
    description = gettext_lazy("News from the social economy support center")

    def link(self) -> str:
        return reverse("portal:news_list")

    def items(self) -> list[NewsPost]:
        return list(selectors.published_news()[:20])

    def item_title(self, item: NewsPost) -> str:
        return item.title

    def item_description(self, item: NewsPost) -> str:
        return item.summary or item.body[:300]

    def item_link(self, item: NewsPost) -> str:
        return reverse("portal:news_detail", args=[item.pk])

    def item_pubdate(self, item: NewsPost) -> Any:
        return item.published_at
