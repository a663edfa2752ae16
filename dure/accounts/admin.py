from django.contrib import admin

from dure.accounts.models import ApiToken, Consent, EnterpriseMembership, User
from dure.core.admin import PersonalDataAdmin


@admin.register(User)
class UserAdmin(PersonalDataAdmin):
    personal_fields = ("email", "name", "phone")
    list_display = ("email", "name", "role", "team", "is_active", "locked_until")
    list_filter = ("role", "team", "is_active")
    search_fields = ("email", "name", "organization")
    exclude = ("password",)


@admin.register(EnterpriseMembership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ("user", "enterprise", "role")
    raw_id_fields = ("user", "enterprise")


@admin.register(Consent)
class ConsentAdmin(PersonalDataAdmin):
    # The record of consent is evidence (PIPA art. 22): read-only, never added or deleted here.
    personal_fields = ("subject_email", "subject_name")
    list_display = ("created_at", "user", "subject_email", "purpose", "granted")
    list_filter = ("purpose", "granted")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ("user", "name", "prefix", "created_at", "last_used_at", "revoked_at")
    readonly_fields = ("prefix", "token_hash")
