from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistryConfig(AppConfig):
    name = "dure.registry"
    label = "registry"
    verbose_name = _("Enterprise registry")
    # Staff back-office menu entries (url name, label); the menu shows one group per app.
    staff_nav = [
        ("registry:enterprise_list", _("Enterprises")),
        ("registry:enterprise_create", _("Add an enterprise")),
        ("registry:enterprise_merge", _("Merge duplicates")),
        ("registry:designations_expiring", _("Expiring designations")),
        ("registry:enterprises_stale", _("Not updated lately")),
        ("registry:import_list", _("Import official lists")),
    ]
