from django.contrib.auth import views as auth_views
from django.urls import path

from dure.accounts import views

app_name = "accounts"
urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("signup/", views.signup, name="signup"),
    path("settings/", views.settings_page, name="settings"),
    path("tokens/<int:pk>/revoke/", views.token_revoke, name="token_revoke"),
]
