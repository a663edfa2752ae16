"""Django admin views for support staff; day-to-day work happens on the staff pages, through services."""

from django.contrib import admin

from dure.core.admin import PersonalDataAdmin
from dure.programs.models import AgendaItem, Certificate, Program, Registration, Session


class SessionInline(admin.TabularInline):
    model = Session
    extra = 0
    raw_id_fields = ("room", "booking")


@admin.register(Program)
class ProgramAdmin(admin.ModelAdmin):
    list_display = ("title", "kind", "status", "capacity", "team")
    list_filter = ("kind", "status", "team")
    search_fields = ("title",)
    inlines = [SessionInline]


@admin.register(Registration)
class RegistrationAdmin(PersonalDataAdmin):
    personal_fields = ("name", "email", "phone")
    # Seats and statuses move only through services (waiting list, locks): read-only here.
    list_display = ("program", "group_name", "seats", "status", "created_at")
    list_filter = ("status",)
    raw_id_fields = ("program", "user", "consent")
    exclude = ("token", "code")

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False


@admin.register(Certificate)
class CertificateAdmin(PersonalDataAdmin):
    personal_fields = ("holder_name",)
    list_display = ("code", "registration", "sessions_attended", "sessions_total", "created_at")
    search_fields = ("code",)

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(AgendaItem)
class AgendaItemAdmin(admin.ModelAdmin):
    list_display = ("title", "program", "kind", "status", "handed_at")
    list_filter = ("status", "kind")
