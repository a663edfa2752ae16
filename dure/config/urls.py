from django.conf import settings
from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path
from django.views.static import serve

from dure.config.api import api

urlpatterns: list[URLPattern | URLResolver] = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
    path("accounts/", include("dure.accounts.urls")),
    path("staff/", include("dure.registry.urls")),
    path("market/", include("dure.market.urls")),
    path("collab/", include("dure.collab.urls")),
    path("circulation/", include("dure.circulation.urls")),
    path("spaces/", include("dure.spaces.urls")),
    path("programs/", include("dure.programs.urls")),
    path("", include("dure.portal.urls")),
]

if settings.DEBUG or getattr(settings, "DURE_SERVE_MEDIA", False):
    urlpatterns.append(path("media/<path:path>", serve, {"document_root": settings.MEDIA_ROOT}))
