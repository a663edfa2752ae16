from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MarketConfig(AppConfig):
    name = "dure.market"
    label = "market"
    verbose_name = _("Market")
    # Periodic jobs (management command, every N seconds), run by `dure run_schedule`.
    periodic = [("market_close_windows", 300)]
    # Destroys buyers' contacts once their retention ends (dure.accounts.retention).
    personal_data_expiry = "dure.market.services.retention.orders_destroy_expired"
    # Public menu entries (url name, label); staff menu entries go in staff_nav.
    nav = [("market:home", _("Market"))]
    staff_nav = [
        ("market:staff_orders", _("Market orders")),
        ("market:staff_windows", _("Sales windows")),
        ("market:purchasing_report", _("Priority purchasing")),
    ]
