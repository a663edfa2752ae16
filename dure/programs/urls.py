from django.urls import path

from dure.programs import views

app_name = "programs"
urlpatterns = [
    path("", views.program_calendar, name="calendar"),
    path("<int:pk>/", views.program_detail, name="detail"),
    path("<int:pk>/register/", views.program_register, name="register"),
    path("mine/", views.my_registrations, name="my_registrations"),
    path("r/<str:token>/", views.registration_page, name="registration"),
    path("r/<str:token>/cancel/", views.registration_cancel, name="registration_cancel"),
    path("r/<str:token>/accept/", views.registration_accept, name="registration_accept"),
    path("r/<str:token>/qr.svg", views.registration_qr, name="registration_qr"),
    path("r/<str:token>/certificate.pdf", views.registration_certificate, name="registration_certificate"),
    path("r/<str:token>/survey/", views.registration_survey, name="registration_survey"),
    path("certificates/verify/", views.certificate_verify, name="verify"),
    path("check-in/<str:code>/", views.checkin_code, name="checkin_code"),
    # Staff back office
    path("staff/", views.staff_program_list, name="staff_list"),
    path("staff/new/", views.program_create, name="program_create"),
    path("staff/<int:pk>/", views.program_edit, name="program_edit"),
    path("staff/<int:pk>/status/", views.program_transition, name="program_transition"),
    path("staff/<int:pk>/sessions/", views.session_add, name="session_add"),
    path("staff/<int:pk>/sessions/<int:session_pk>/remove/", views.session_remove, name="session_remove"),
    path("staff/<int:pk>/participants/", views.participants, name="participants"),
    path(
        "staff/<int:pk>/participants/<int:registration_pk>/cancel/",
        views.registration_staff_cancel,
        name="registration_staff_cancel",
    ),
    path("staff/<int:pk>/certificates/", views.certificates_issue, name="certificates_issue"),
    path("staff/sessions/<int:session_pk>/check-in/", views.checkin, name="checkin"),
    path(
        "staff/sessions/<int:session_pk>/check-in/<int:registration_pk>/",
        views.checkin_manual,
        name="checkin_manual",
    ),
    path("staff/agenda/", views.agenda_list, name="agenda_list"),
    path("staff/agenda/new/", views.agenda_create, name="agenda_create"),
    path("staff/agenda/<int:pk>/", views.agenda_edit, name="agenda_edit"),
    path("staff/reports/", views.reports, name="reports"),
]
