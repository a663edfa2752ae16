from django.urls import path

from dure.portal import views

app_name = "portal"
urlpatterns = [
    path("", views.home, name="home"),
    path("enterprises/<int:pk>/", views.enterprise_detail, name="enterprise"),
    path("privacy/", views.privacy, name="privacy"),
]
