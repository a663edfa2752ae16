from django.contrib import admin

from dure.accounts.models import ApiToken, Consent, EnterpriseMembership, User


@admin.register(User)
class UserAdmin(admin.ModelAdmin):
    list_display = ("email", "name", "role", "team", "is_active", "locked_until")
    list_filter = ("role", "team", "is_active")
    search_fields = ("email", "name", "organization")
    exclude = ("password",)


@admin.register(EnterpriseMembership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ("user", "enterprise", "role")
    raw_id_fields = ("user", "enterprise")


@admin.register(Consent)
class ConsentAdmin(admin.ModelAdmin):
    list_display = ("created_at", "user", "subject_email", "purpose", "granted")
    list_filter = ("purpose", "granted")

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ("user", "name", "prefix", "created_at", "last_used_at", "revoked_at")
    readonly_fields = ("prefix", "token_hash")
