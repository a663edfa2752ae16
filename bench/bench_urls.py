"""The project's URLs plus the floor: a minimal view returning one enterprise by primary key."""

from django.http import HttpRequest, JsonResponse
from django.urls import path

from dure.config.urls import urlpatterns as project_urlpatterns
from dure.registry.models import Enterprise


def enterprise_floor(request: HttpRequest, pk: int) -> JsonResponse:
    enterprise = Enterprise.objects.only("pk", "name").get(pk=pk)
    return JsonResponse({"pk": enterprise.pk, "name": enterprise.name})


urlpatterns = [path("bench/floor/<int:pk>/", enterprise_floor), *project_urlpatterns]
