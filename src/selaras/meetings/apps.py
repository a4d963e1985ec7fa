from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "selaras.meetings"
    verbose_name = _("Coordination meetings")
    default_auto_field = "django.db.models.BigAutoField"
