from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from dure.core.audit import log_action
from dure.core.models import AuditLog


@admin.register(AuditLog)
class AuditLogAdmin(admin.ModelAdmin):
    list_display = ("created_at", "actor_label", "action", "target_repr", "ip", "personal_data")
    list_filter = ("personal_data", "action")
    search_fields = ("action", "target_repr", "actor_label", "target_pk")
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class PersonalDataAdmin(admin.ModelAdmin):
    """A model admin whose pages show personal data: each list and each record opened there is
    logged as a personal-data access, as the rest of Dure logs them (PIPA). `personal_fields`
    names the fields it shows."""

    personal_fields: tuple[str, ...] = ()

    def _log(self, request: HttpRequest, verb: str, target: Any = None, **data: Any) -> None:
        meta = self.model._meta
        log_action(
            f"{meta.app_label}.{meta.model_name}.personal_data_{verb}",
            actor=request.user,
            target=target,
            data={"fields": list(self.personal_fields), "purpose": "admin", **data},
            ip=request.META.get("REMOTE_ADDR"),
            personal_data=True,
        )

    def changelist_view(self, request: HttpRequest, extra_context: Any = None) -> Any:
        response = super().changelist_view(request, extra_context)
        if request.method == "GET" and getattr(response, "status_code", 0) == 200:
            self._log(request, "listed", query=request.GET.urlencode()[:500])
        return response

    def change_view(
        self, request: HttpRequest, object_id: str, form_url: str = "", extra_context: Any = None
    ) -> Any:
        response = super().change_view(request, object_id, form_url, extra_context)
        if request.method == "GET" and getattr(response, "status_code", 0) == 200:
            target = self.get_object(request, object_id)
            self._log(request, "viewed", target=target)
        return response
