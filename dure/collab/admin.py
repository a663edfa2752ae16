from django.contrib import admin
from django.http import HttpRequest

from dure.collab import models


class ProjectMemberInline(admin.TabularInline):
    model = models.ProjectMember
    raw_id_fields = ["enterprise"]
    extra = 0


@admin.register(models.Project)
class ProjectAdmin(admin.ModelAdmin):
    list_display = ["name", "status", "year", "lead"]
    list_filter = ["status", "year"]
    raw_id_fields = ["lead"]
    inlines = [ProjectMemberInline]
    # Status moves only through collab.services.project_transition.
    readonly_fields = ["status"]


@admin.register(models.Network)
class NetworkAdmin(admin.ModelAdmin):
    list_display = ["name", "industry", "coordinator"]
    raw_id_fields = ["coordinator"]


@admin.register(models.Settlement)
class SettlementAdmin(admin.ModelAdmin):
    list_display = ["joint_product", "window_name", "version", "received", "units"]

    def has_change_permission(self, request: HttpRequest, obj: models.Settlement | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: models.Settlement | None = None) -> bool:
        return False
