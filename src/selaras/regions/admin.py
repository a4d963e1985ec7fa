from simple_history.admin import SimpleHistoryAdmin

from selaras.regions.models import Region
from selaras.web.admin import site


class RegionAdmin(SimpleHistoryAdmin):
    list_display = ["code", "name", "level", "village_kind", "retired_at"]
    list_filter = ["level", "village_kind"]
    search_fields = ["code", "name"]
    raw_id_fields = ["parent"]
    exclude = ["boundary"]


site.register(Region, RegionAdmin)
