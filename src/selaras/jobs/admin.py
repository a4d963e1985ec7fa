from django.contrib import admin

from selaras.jobs.models import Job
from selaras.web.admin import site


class JobAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "region", "status", "created_at"]
    readonly_fields = [f.name for f in Job._meta.fields]


site.register(Job, JobAdmin)
