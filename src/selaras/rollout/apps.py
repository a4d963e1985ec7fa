from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RolloutConfig(AppConfig):
    name = "selaras.rollout"
    verbose_name = _("Rollout planning")
