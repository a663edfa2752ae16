from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgramsConfig(AppConfig):
    name = "dure.programs"
    label = "programs"
    verbose_name = _("Programs")
    # Periodic jobs (management command, every N seconds), run by `dure run_schedule`.
    periodic = [("expire_program_offers", 3600), ("send_program_reminders", 3600)]
    # Destroys registrants' contacts once their retention ends (dure.accounts.retention).
    personal_data_expiry = "dure.programs.retention.registrations_destroy_expired"
    # Public menu entries (url name, label); staff menu entries go in staff_nav.
    nav = [("programs:calendar", _("Programs"))]
    staff_nav = [
        ("programs:staff_list", _("Programs")),
        ("programs:agenda_list", _("Agenda items")),
        ("programs:reports", _("Program reports")),
    ]
