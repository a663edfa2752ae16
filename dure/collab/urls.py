from django.urls import path

from dure.collab import views

app_name = "collab"
urlpatterns = [
    path("", views.project_list, name="project_list"),
    path("projects/new/", views.project_create, name="project_create"),
    path("projects/<int:pk>/", views.project_detail, name="project_detail"),
    path("projects/<int:pk>/transition/", views.project_transition, name="project_transition"),
    path("projects/<int:pk>/members/", views.project_member_add, name="project_member_add"),
    path("projects/<int:pk>/notes/", views.meeting_note_add, name="meeting_note_add"),
    path("projects/<int:pk>/documents/", views.document_add, name="document_add"),
    path("projects/<int:pk>/settle/", views.settlement_run, name="settlement_run"),
    path("projects/<int:pk>/payouts/", views.settlement_payouts, name="settlement_payouts"),
    path("projects/<int:pk>/settlement.xlsx", views.settlement_export, name="settlement_export"),
    path("projects/<int:pk>/settlement/print/", views.settlement_print, name="settlement_print"),
    path("projects/<int:pk>/report/", views.project_report, name="project_report"),
    path("partners/", views.partner_search, name="partner_search"),
    path("networks/", views.network_list, name="network_list"),
    path("networks/<int:pk>/", views.network_detail, name="network_detail"),
    path("networks/<int:pk>/calendar.ics", views.network_calendar, name="network_calendar"),
]
