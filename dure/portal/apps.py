from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "dure.portal"
    label = "portal"
    verbose_name = _("Public portal")
    # Public menu entries (url name, label); staff menu entries go in staff_nav.
    nav = [
        ("portal:directory", _("Find enterprises")),
        ("portal:map", _("Map")),
        ("portal:news_list", _("News")),
    ]
    staff_nav = [
        ("portal:change_queue", _("Profile changes")),
        ("portal:news_create", _("Write news")),
    ]
