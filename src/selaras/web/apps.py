from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "selaras.web"
    verbose_name = "Selaras"

    def ready(self) -> None:
        # The admin site is our own (superusers only), so each app's admin module is loaded here.
        from django.utils.module_loading import autodiscover_modules

        autodiscover_modules("admin")
