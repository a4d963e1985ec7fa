from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "selaras.web"
    verbose_name = "Selaras"

    def ready(self) -> None:
        # The admin site is our own (superusers only), so each app's admin module is loaded here.
        from django.utils.module_loading import autodiscover_modules

        autodiscover_modules("admin")

        from django.core.signals import request_finished, request_started
        from django.db.backends.signals import connection_created

        from selaras.web.caching import request_began, request_ended, watch_writes

        # Every write raises the write stamp that cached parts of pages are keyed by (selaras.web.caching).
        connection_created.connect(watch_writes, dispatch_uid="selaras-watch-writes")
        request_started.connect(request_began, dispatch_uid="selaras-request-stamps")
        request_finished.connect(request_ended, dispatch_uid="selaras-request-stamps")
