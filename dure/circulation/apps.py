from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CirculationConfig(AppConfig):
    name = "dure.circulation"
    label = "circulation"
    verbose_name = _("Circular economy")
    # Public menu entries (url name, label); staff menu entries go in staff_nav.
    nav = [("circulation:public", _("Local circulation"))]
    staff_nav = [("circulation:dashboard", _("Circulation"))]
