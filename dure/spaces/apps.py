from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SpacesConfig(AppConfig):
    name = "dure.spaces"
    label = "spaces"
    verbose_name = _("Open space")
