"""The scheduler's history and the heartbeats, for the installation administrator (read-only fields, as jobs)."""

from django.contrib import admin

from selaras.ops.models import Heartbeat, ScheduledRun
from selaras.web.admin import site


class ScheduledRunAdmin(admin.ModelAdmin):
    list_display = ["job", "slot", "ok", "started_at", "finished_at", "holder"]
    list_filter = ["job", "ok"]
    readonly_fields = [f.name for f in ScheduledRun._meta.fields]


class HeartbeatAdmin(admin.ModelAdmin):
    list_display = ["name", "at"]
    readonly_fields = [f.name for f in Heartbeat._meta.fields]


site.register(ScheduledRun, ScheduledRunAdmin)
site.register(Heartbeat, HeartbeatAdmin)
