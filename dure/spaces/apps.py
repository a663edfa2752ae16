from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SpacesConfig(AppConfig):
    name = "dure.spaces"
    label = "spaces"
    verbose_name = _("Open space")
    # Periodic jobs (management command, every N seconds), run by `dure run_schedule`.
    periodic = [("send_incubation_reminders", 3600)]
    # Public menu entries (url name, label); staff menu entries go in staff_nav.
    nav = [("spaces:room_list", _("Open space"))]
    staff_nav = [
        ("spaces:approval_queue", _("Booking approvals")),
        ("spaces:blocked_periods", _("Blocked periods")),
        ("spaces:occupancy", _("Incubation occupancy")),
        ("spaces:staff_calls", _("Incubation calls")),
        ("spaces:application_list", _("Incubation applications")),
    ]
