from django.contrib import admin
from django.http import HttpRequest

from dure.spaces.models import (
    BlockedPeriod,
    BookableHours,
    Booking,
    IncubationApplication,
    IncubationCall,
    Room,
    RoomPhoto,
    Tenancy,
)


class BookableHoursInline(admin.TabularInline):
    model = BookableHours
    extra = 0


class RoomPhotoInline(admin.TabularInline):
    model = RoomPhoto
    extra = 0


@admin.register(Room)
class RoomAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "kind",
        "capacity",
        "is_bookable",
        "staff_policy",
        "enterprise_policy",
        "citizen_policy",
    ]
    inlines = [BookableHoursInline, RoomPhotoInline]


@admin.register(Booking)
class BookingAdmin(admin.ModelAdmin):
    # Read-only: bookings change only through the services (rules, audit log).
    list_display = ["room", "start", "end", "status", "booker", "enterprise"]
    list_filter = ["status", "room"]
    date_hierarchy = "start"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Booking | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Booking | None = None) -> bool:
        return False


@admin.register(BlockedPeriod)
class BlockedPeriodAdmin(admin.ModelAdmin):
    list_display = ["room", "start", "end", "reason"]


@admin.register(IncubationCall)
class IncubationCallAdmin(admin.ModelAdmin):
    list_display = ["title", "opens_on", "closes_on", "monthly_fee", "deposit"]
    filter_horizontal = ["rooms"]


@admin.register(IncubationApplication)
class IncubationApplicationAdmin(admin.ModelAdmin):
    list_display = ["call", "enterprise", "status", "created_at"]
    list_filter = ["status"]


@admin.register(Tenancy)
class TenancyAdmin(admin.ModelAdmin):
    list_display = ["room", "enterprise", "start_date", "end_date", "terminated_on", "monthly_fee"]
