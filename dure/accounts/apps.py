from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "dure.accounts"
    label = "accounts"
    verbose_name = _("Accounts")
    # Once a day: destroy personal data whose retention has ended (dure.accounts.retention).
    periodic = [("destroy_expired_personal_data", 86400)]
