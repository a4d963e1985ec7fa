"""Village connectivity (issue 4) in the isolation matrix.

Reads of connectivity data are the province's shared data; imports under review are a region's own work; every
write (records on the village page, a status change, an upload, resolving and saving an import) is for the
operators and provincial administrators of the region the village lies in.
"""

from __future__ import annotations

import io
import uuid
from datetime import date
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from selaras.accounts.models import Role, User
from selaras.connectivity.models import AccessPoint, ImportState, StatusChange, SurveyImport, SurveyRow
from selaras.regions.models import Region
from tests.access.rules import PERSONAS, Case, World, reads_private, reads_region, signed_in


def _within(code: str, ancestor: str) -> bool:
    return code == ancestor or code.startswith(ancestor + ".")


def writes_region(persona: str, target: str) -> bool:
    """Operators and provincial administrators write inside their own region; viewers never; superusers all."""
    role, region, superuser = PERSONAS[persona]
    if superuser:
        return True
    return (
        role in (Role.PROVINCE_ADMIN, Role.REGENCY_OPERATOR)
        and region is not None
        and _within(target, region)
    )


def _upload(world: World) -> dict[str, Any]:
    village = world.values["village_code"]
    name = Region.objects.get(code=village).name
    data = f"Desa;Sinyal\n{name};4G\n".encode()
    return {
        "region": world.region,
        "source": "Survei matriks",
        "observed_on": "2025-08-01",
        "file": SimpleUploadedFile("survei.csv", io.BytesIO(data).getvalue(), "text/csv"),
    }


def _signal(world: World) -> dict[str, Any]:
    return {"s-signal": "4g", "s-observed_on": "2025-08-01", "s-source": "Matriks"}


def _status(world: World) -> dict[str, Any]:
    return {"st-status": "down", "st-effective_on": "2025-09-01"}


def _resolve(world: World) -> dict[str, Any]:
    return {"decision": "choose", "code": world.values["village_code"]}


def _mapping(world: World) -> dict[str, Any]:
    return {"col.no": "-", "val.signal.kencang": "signal=4g"}


def _target(world: World) -> dict[str, Any]:
    return {"region": world.region, "indicator": ""}  # unlinking needs no plan; the write is what is checked


CASES: dict[str, Case] = {
    "connectivity:home": Case(signed_in),
    "connectivity:progress_target": Case(writes_region, ("POST",), _target),
    "connectivity:map": Case(signed_in),
    "connectivity:export": Case(signed_in),
    "connectivity:village": Case(reads_region),
    "connectivity:village_record": Case(writes_region, ("POST",), _signal),
    "connectivity:access_point_status": Case(writes_region, ("POST",), _status),
    "connectivity:imports": Case(signed_in),
    "connectivity:import_upload": Case(writes_region, ("POST",), _upload),
    "connectivity:import_detail": Case(reads_private),
    "connectivity:import_resolve": Case(writes_region, ("POST",), _resolve),
    "connectivity:import_mapping": Case(writes_region, ("POST",), _mapping),
    "connectivity:import_accept": Case(writes_region, ("POST",)),
    "connectivity:import_commit": Case(writes_region, ("POST",)),
    "api:connectivity-access-point-list": Case(signed_in),
    "api:connectivity-access-point-detail": Case(reads_region),
    "api:connectivity-signal-list": Case(signed_in),
    "api:connectivity-outage-list": Case(signed_in),
    "api:connectivity-village-list": Case(signed_in),
    "api:connectivity-village-detail": Case(reads_region),
    "api:connectivity-progress-list": Case(signed_in),
}


def make_objects(region: str, subject: User) -> dict[str, str]:
    village = (
        Region.objects.within(region)
        .active()
        .filter(level="village")
        .order_by("code")
        .values_list("code", flat=True)
    )[0]
    point = AccessPoint.objects.create(
        region_id=village,
        facility="village_office",
        technology="leo",
        status="live",
        status_since=date(2025, 5, 1),
    )
    StatusChange.objects.create(
        access_point=point, region_id=village, status="live", effective_on=date(2025, 5, 1)
    )
    survey = SurveyImport.objects.create(
        region_id=region,
        file_name="matriks.csv",
        stored_name=f"{uuid.uuid4()}.csv",
        source="Matriks",
        observed_on=date(2025, 8, 1),
        state=ImportState.REVIEW,
        row_count=1,
    )
    row = SurveyRow.objects.create(
        survey=survey,
        row_number=2,
        village_text="Desa Entah",
        match_status="fuzzy",
        suggested_code=village,
        values={"signal": "4g"},
    )
    return {
        "village_code": village,
        "access_point_id": str(point.pk),
        "survey_id": str(survey.pk),
        "row_id": str(row.pk),
        "export_kind": "csv",
        "record_kind": "sinyal",
    }
