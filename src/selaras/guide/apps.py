from django.apps import AppConfig


class GuideConfig(AppConfig):
    name = "selaras.guide"
    verbose_name = "User guide"
