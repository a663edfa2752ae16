from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistryConfig(AppConfig):
    name = "dure.registry"
    label = "registry"
    verbose_name = _("Enterprise registry")
    # Staff back-office menu entries (url name, label).
    staff_nav = [("registry:import_list", _("Import official lists"))]
