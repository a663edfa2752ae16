from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CollabConfig(AppConfig):
    name = "dure.collab"
    label = "collab"
    verbose_name = _("Collaboration projects")
    # Public menu entries (url name, label); staff menu entries go in staff_nav.
    nav = [("collab:project_list", _("Collaboration"))]
    staff_nav = [
        ("collab:project_create", _("New collaboration project")),
        ("collab:partner_search", _("Find partners")),
    ]
