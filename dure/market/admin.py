from django.contrib import admin

from dure.core.admin import PersonalDataAdmin
from dure.market import models


@admin.register(models.Product)
class ProductAdmin(admin.ModelAdmin):
    list_display = ["name", "enterprise", "price", "vat_mode", "stock", "is_active", "direct_sale"]
    list_filter = ["is_active", "direct_sale", "vat_mode", "category"]
    search_fields = ["name", "enterprise__name"]
    raw_id_fields = ["enterprise"]


@admin.register(models.SalesWindow)
class SalesWindowAdmin(admin.ModelAdmin):
    list_display = ["name", "opens_at", "closes_at", "status", "capacity", "units_ordered"]
    list_filter = ["status"]
    # Status moves through the services (window_close etc.), not by editing the row.
    readonly_fields = ["status", "units_ordered", "closed_at", "close_reason"]


@admin.register(models.Order)
class OrderAdmin(PersonalDataAdmin):
    personal_fields = ("buyer_name", "buyer_email", "buyer_phone", "delivery_address")
    list_display = ["pk", "channel", "status", "total", "placed_at"]
    list_filter = ["status", "channel"]
    readonly_fields = [f.name for f in models.Order._meta.fields]

    def has_add_permission(self, request):  # noqa: ANN001, ANN201
        return False


@admin.register(models.MoneyFlowOutbox)
class MoneyFlowOutboxAdmin(admin.ModelAdmin):
    list_display = ["reference", "amount", "payer_region", "payee_name", "delivered_at", "last_error"]
    readonly_fields = [f.name for f in models.MoneyFlowOutbox._meta.fields]


admin.site.register([models.Booth, models.Institution, models.PurchaseTarget, models.Fair, models.FairNeed])
