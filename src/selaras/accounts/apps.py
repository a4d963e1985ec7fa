from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "selaras.accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from selaras.accounts.services import last_login_record

        # Django's own receiver saves the whole user, which writes an empty "account changed" history row
        # after every sign-in (last_login is not audited); ours updates the one column without a save.
        user_logged_in.disconnect(dispatch_uid="update_last_login")
        user_logged_in.connect(last_login_record, dispatch_uid="update_last_login")
