from django.urls import path

from dure.circulation import views

app_name = "circulation"
urlpatterns = [
    path("", views.public, name="public"),
    path("csv/<slug:key>/", views.public_csv, name="public_csv"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("dashboard/csv/<slug:key>/", views.dashboard_csv, name="dashboard_csv"),
    path("enterprises/<int:pk>/", views.enterprise_figures, name="enterprise_figures"),
    path("enterprises/<int:pk>/outlays/", views.enterprise_outlays, name="enterprise_outlays"),
    path("enterprises/<int:pk>/share/", views.enterprise_share, name="enterprise_share"),
    path(
        "enterprises/<int:pk>/flows/<int:flow_pk>/reverse/",
        views.enterprise_flow_reverse,
        name="enterprise_flow_reverse",
    ),
]
