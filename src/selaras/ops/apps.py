from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpsConfig(AppConfig):
    name = "selaras.ops"
    verbose_name = _("Operations")

    def ready(self) -> None:
        from django.core.signals import request_finished

        from selaras.ops.logs import request_id_forget

        request_finished.connect(request_id_forget, dispatch_uid="selaras.ops.request_id_forget")
