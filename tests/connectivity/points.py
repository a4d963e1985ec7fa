"""Access points recorded through the service, for tests of the pages that show them."""

from __future__ import annotations

from datetime import date

from selaras.connectivity import services
from selaras.connectivity.models import AccessPoint
from selaras.regions.models import Region

SAMURANGAU = "64.01.01.2009"


def live_point(code: str = SAMURANGAU) -> AccessPoint:
    """A live access point (a village office on LEO with solar power) since 1 June 2025."""
    return services.access_point_create(
        village=Region.objects.get(code=code),
        status="live",
        status_since=date(2025, 6, 1),
        facility="village_office",
        technology="leo",
        power="solar",
    )
