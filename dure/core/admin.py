from django.contrib import admin

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
