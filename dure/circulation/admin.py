from __future__ import annotations

from typing import Any

from django.contrib import admin

from dure.circulation.models import DeclaredShare, Flow, Party


@admin.register(Party)
class PartyAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "brn", "region_code", "enterprise"]
    list_filter = ["kind"]
    search_fields = ["name", "brn"]
    raw_id_fields = ["enterprise"]


@admin.register(Flow)
class FlowAdmin(admin.ModelAdmin):
    """Read-only: the ledger is append-only; corrections are reversing flows."""

    list_display = ["occurred_on", "payer", "payee", "amount", "kind", "source", "reference"]
    list_filter = ["kind", "source"]
    search_fields = ["reference", "payer__name", "payee__name"]
    date_hierarchy = "occurred_on"

    def has_add_permission(self, request: Any) -> bool:
        return False

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        return False


@admin.register(DeclaredShare)
class DeclaredShareAdmin(admin.ModelAdmin):
    list_display = ["party", "year", "share"]
    raw_id_fields = ["party"]
