from django.urls import path

from dure.spaces import views

app_name = "spaces"
urlpatterns = [
    path("", views.room_list, name="room_list"),
    path("rooms/<int:pk>/", views.room_detail, name="room_detail"),
    path("rooms/<int:pk>/book/", views.booking_create, name="booking_create"),
    path("bookings/", views.my_bookings, name="my_bookings"),
    path("bookings/<int:pk>/cancel/", views.booking_cancel, name="booking_cancel"),
    path("staff/approvals/", views.approval_queue, name="approval_queue"),
    path("staff/bookings/<int:pk>/decide/", views.booking_decide, name="booking_decide"),
    path("staff/blocked/", views.blocked_periods, name="blocked_periods"),
    path("staff/blocked/<int:pk>/delete/", views.blocked_period_delete, name="blocked_period_delete"),
    path("incubation/", views.incubation_calls, name="incubation_calls"),
    path("incubation/calls/<int:pk>/apply/", views.incubation_apply, name="incubation_apply"),
    path("staff/incubation/calls/", views.staff_calls, name="staff_calls"),
    path("staff/incubation/applications/", views.application_list, name="application_list"),
    path(
        "staff/incubation/applications/<int:pk>/decide/", views.application_decide, name="application_decide"
    ),
    path("staff/incubation/occupancy/", views.occupancy, name="occupancy"),
]
