from django.urls import path

from dure.portal import views

app_name = "portal"
urlpatterns = [
    path("", views.home, name="home"),
    path("privacy/", views.privacy, name="privacy"),
    path("directory/", views.directory, name="directory"),
    path("map/", views.map_view, name="map"),
    path("map/markers.json", views.map_markers, name="map_markers"),
    path("enterprises/<int:pk>/", views.enterprise_detail, name="enterprise"),
    path("enterprises/<int:pk>/position/", views.enterprise_position, name="enterprise_position"),
    path("enterprises/<int:pk>/edit/", views.profile_edit, name="profile_edit"),
    path("enterprises/<int:pk>/photos/", views.photo_add, name="photo_add"),
    path("enterprises/<int:pk>/photos/<int:photo_pk>/remove/", views.photo_remove, name="photo_remove"),
    path("enterprises/<int:pk>/products/new/", views.product_edit, name="product_new"),
    path("enterprises/<int:pk>/products/<int:product_pk>/", views.product_edit, name="product_edit"),
    path("enterprises/<int:pk>/portal-settings/", views.enterprise_settings, name="enterprise_settings"),
    path("staff/profile-changes/", views.change_queue, name="change_queue"),
    path("staff/profile-changes/<int:pk>/decide/", views.change_decide, name="change_decide"),
    path("news/", views.news_list, name="news_list"),
    path("news/feed/", views.NewsFeed(), name="news_feed"),
    path("news/new/", views.news_edit, name="news_create"),
    path("news/<int:pk>/", views.news_detail, name="news_detail"),
    path("news/<int:pk>/edit/", views.news_edit, name="news_edit"),
]
