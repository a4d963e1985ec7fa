from django.contrib.auth.admin import UserAdmin
from simple_history.admin import SimpleHistoryAdmin

from selaras.accounts.models import User
from selaras.web.admin import site


class SelarasUserAdmin(SimpleHistoryAdmin, UserAdmin):
    list_display = ["username", "first_name", "role", "region", "is_active", "is_superuser"]
    list_filter = ["role", "is_active", "is_superuser"]
    fieldsets = [*UserAdmin.fieldsets, ("Selaras", {"fields": ["role", "region"]})]
    raw_id_fields = ["region"]


site.register(User, SelarasUserAdmin)
