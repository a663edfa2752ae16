from django.urls import path
from django.views.generic import RedirectView

from dure.registry import import_views, views

app_name = "registry"
urlpatterns = [
    # /staff/ itself is the back office's front door: its enterprise list (which checks access).
    path("", RedirectView.as_view(pattern_name="registry:enterprise_list"), name="home"),
    path("enterprises/", views.enterprise_list, name="enterprise_list"),
    path("enterprises/new/", views.enterprise_create, name="enterprise_create"),
    path("enterprises/<int:pk>/", views.enterprise_edit, name="enterprise_edit"),
    path("enterprises/<int:pk>/designations/", views.designation_add, name="designation_add"),
    path(
        "enterprises/<int:pk>/designations/<int:designation_pk>/remove/",
        views.designation_remove,
        name="designation_remove",
    ),
    path("enterprises/merge/", views.enterprise_merge, name="enterprise_merge"),
    path("designations/expiring/", views.designations_expiring, name="designations_expiring"),
    path("enterprises/stale/", views.enterprises_stale, name="enterprises_stale"),
    path("imports/", import_views.import_list, name="import_list"),
    path("imports/<int:pk>/", import_views.import_detail, name="import_detail"),
    path("imports/<int:pk>/rejected.xlsx", import_views.import_rejected_xlsx, name="import_rejected_xlsx"),
]
