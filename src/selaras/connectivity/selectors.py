"""Reads of connectivity data, always through the access module's scope."""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from selaras.accounts.access import Action, require, scope
from selaras.connectivity.models import (
    AccessPoint,
    Outage,
    ProgressTarget,
    SignalObservation,
    StatusChange,
    SurveyColumnMapping,
    SurveyImport,
    SurveyValueMapping,
)
from selaras.connectivity.progress import Change, ProgressRow, village_status, yearly_progress
from selaras.connectivity.survey import Outcome, SurveyMapping, outcome_decode
from selaras.core.names import VillageIndex
from selaras.core.numbers import NumberTextError, number_or_none
from selaras.core.regions_data import Level as CoreLevel
from selaras.core.regions_data import OfficialRegion
from selaras.planning.models import Indicator, PlanStatus
from selaras.regions.models import Level, Region, VillageKind
from selaras.web.caching import cached_part

_INDEXES: dict[tuple[str, int, str], VillageIndex] = {}


def village_index(*, province: str) -> VillageIndex:
    """The matcher's index of the province's active regions as they are in the database, built once per
    version of the list (cached in the process)."""
    regions = Region.objects.within(province).active()
    stamp = (province, regions.count(), str(regions.order_by("-code").values_list("code", flat=True).first()))
    if stamp not in _INDEXES:
        rows = [
            OfficialRegion(code, CoreLevel(level), name, lat, lng)
            for code, level, name, lat, lng in regions.order_by("code").values_list(
                "code", "level", "name", "lat", "lng"
            )
        ]
        _INDEXES.clear()
        _INDEXES[stamp] = VillageIndex(rows)
    return _INDEXES[stamp]


def village_get_for_user(*, user: Any, code: str, action: Action = Action.VIEW) -> Region:
    """A village the user may `action`, or 404 (403 for a forbidden write in sight)."""
    village = get_object_or_404(
        Region.objects.select_related("parent__parent").defer(
            "parent__boundary",
            "parent__boundary_json",
            "parent__parent__boundary",
            "parent__parent__boundary_json",
        ),
        code=code,
    )
    require(user, action, village.code)
    if village.level != Level.VILLAGE:
        raise Http404
    return village


def survey_get_for_user(*, user: Any, survey_id: int, action: Action = Action.VIEW_PRIVATE) -> SurveyImport:
    survey = get_object_or_404(SurveyImport.objects.select_related("region", "created_by"), pk=survey_id)
    require(user, Action.VIEW_PRIVATE, survey.region_id)
    if action != Action.VIEW_PRIVATE:
        require(user, action, survey.region_id)
    return survey


def survey_undecided(*, survey: SurveyImport) -> int:
    """Rows of an import that still need the operator's decision."""
    return survey.rows.filter(skipped=False, chosen_code="").count()


def surveys_for_user(*, user: Any, limit: int = 30) -> list[SurveyImport]:
    queryset = scope(user, SurveyImport.objects.select_related("region", "created_by"), Action.VIEW_PRIVATE)
    return list(queryset[:limit])


def _changes(codes_prefix: str, *, include_sample: bool = True) -> list[Change]:
    changes = StatusChange.objects.filter(region__code__startswith=codes_prefix + ".")
    if not include_sample:
        changes = changes.filter(is_sample=False)
    rows = changes.values_list("access_point_id", "region_id", "status", "effective_on")
    return [Change(ap, village, status, when) for ap, village, status, when in rows]


@dataclass(frozen=True)
class PlanTargets:
    """The yearly desa targets a region takes from its linked plan indicator (empty when none is linked)."""

    key: str = ""
    indicator: str = ""
    plan: str = ""
    by_year: dict[int, int] | None = None


def _desa_target(value: Any, unit: str, desa_total: int) -> int | None:
    try:
        number = number_or_none(value, decimal_point=True)
    except NumberTextError:
        return None
    if number is None:
        return None
    if "%" in unit or "persen" in unit.lower():
        return min(desa_total, math.ceil(float(number) * desa_total / 100 - 1e-9))
    return round(float(number))


def plan_targets_for(*, region_code: str, desa_total: int) -> PlanTargets:
    """The desa targets per year of the indicator linked to `region_code`'s progress, each year from the newest
    APPROVED plan of the region covering it (a percentage is turned into desa of `desa_total`)."""
    link = ProgressTarget.objects.filter(region_id=region_code).first()
    if link is None:
        return PlanTargets()
    by_year: dict[int, int] = {}
    label = plan = ""
    indicators = (
        Indicator.objects.filter(
            region_id=region_code, key=link.indicator_key, plan__status=PlanStatus.APPROVED
        )
        .select_related("plan")
        .order_by("plan_id")
    )
    for indicator in indicators:  # newer plans override older ones year by year
        label, plan = indicator.indikator, indicator.plan.label
        for year in indicator.plan.years:
            target = _desa_target(indicator.targets_by_year.get(str(year)), indicator.satuan, desa_total)
            if target is not None:
                by_year[year] = target
    return (
        PlanTargets(link.indicator_key, label, plan, by_year) if by_year else PlanTargets(link.indicator_key)
    )


def progress_for_province(
    *, province: Region, today: date | None = None, include_sample: bool = True
) -> tuple[ProgressRow, list[ProgressRow]]:
    """The province's progress and each regency/city's, per year of the period; each region's targets come
    from its linked plan indicator when it has one (`plan_targets_for`), else from the straight line. Without
    the sample records' changes when `include_sample` is false (a province that publishes without them)."""
    today = today or timezone.localdate()
    villages = Region.objects.within(province.code).active().filter(level=Level.VILLAGE)
    kinds_by_regency: dict[str, dict[str, str]] = defaultdict(dict)
    all_kinds: dict[str, str] = {}
    for code, kind in villages.values_list("code", "village_kind"):
        kinds_by_regency[code[:5]][code] = kind
        all_kinds[code] = kind
    changes = _changes(province.code, include_sample=include_sample)
    regencies = (
        Region.objects.filter(parent=province, level=Level.REGENCY)
        .active()
        .defer("boundary", "boundary_json")
        .order_by("code")
    )

    def targets(code: str, kinds: dict[str, str]) -> dict[int, int]:
        desa = sum(kind == VillageKind.DESA for kind in kinds.values())
        return plan_targets_for(region_code=code, desa_total=desa).by_year or {}

    rows = [
        yearly_progress(
            code=r.code,
            name=r.name,
            village_kinds=kinds_by_regency[r.code],
            changes=changes,
            today=today,
            plan_targets=targets(r.code, kinds_by_regency[r.code]),
        )
        for r in regencies
    ]
    total = yearly_progress(
        code=province.code,
        name=province.name,
        village_kinds=all_kinds,
        changes=changes,
        today=today,
        plan_targets=targets(province.code, all_kinds),
    )
    return total, rows


@dataclass
class VillageState:
    code: str
    name: str
    kind: str
    district: str
    regency_code: str
    regency: str
    status: str  # live, down, installing, planned, none
    technologies: list[str]
    access_points: list[AccessPoint]
    signal: str
    signal_on: date | None
    is_sample: bool


def village_states(*, user: Any, province: str, regency: str = "") -> list[VillageState]:
    """Current status of every active village the user may see in the province (or one regency)."""
    area = regency if regency.startswith(province + ".") else province
    villages = scope(
        user, Region.objects.within(area).active().filter(level=Level.VILLAGE), Action.VIEW, field="code"
    )
    return _states(villages, area)


def village_states_published(*, province: str) -> list[VillageState]:
    """Current status of every active village of the province, for its published open data (no user: the
    caller has checked that the province published it, selaras.opendata.publication)."""
    return _states(Region.objects.within(province).active().filter(level=Level.VILLAGE), province)


def _states(villages_queryset: Any, area: str) -> list[VillageState]:
    # Plain rows, not model instances: the map asks for this on every visit (issue 12, load).
    villages = list(
        villages_queryset.order_by("code").values_list(
            "code", "name", "village_kind", "parent__name", "parent__parent__code", "parent__parent__name"
        )
    )
    codes = {v[0] for v in villages}
    points: dict[str, list[AccessPoint]] = defaultdict(list)
    ap_fields = ("region_id", "status", "technology", "provider", "programme", "is_sample")
    for ap in AccessPoint.objects.filter(region__code__startswith=area + ".").only(*ap_fields).order_by("pk"):
        if ap.region_id in codes:
            points[ap.region_id].append(ap)
    signals: dict[str, tuple[str, date, bool]] = {}
    for code, signal, observed_on, is_sample in (
        SignalObservation.objects.filter(region__code__startswith=area + ".")
        .order_by("observed_on", "pk")
        .values_list("region_id", "signal", "observed_on", "is_sample")
    ):
        signals[code] = (signal, observed_on, is_sample)  # the last one wins
    states = []
    for code, name, kind, district, regency_code, regency_name in villages:
        aps = points.get(code, [])
        signal = signals.get(code)
        states.append(
            VillageState(
                code=code,
                name=name,
                kind=kind,
                district=district or "",
                regency_code=regency_code or "",
                regency=regency_name or "",
                status=village_status(ap.status for ap in aps),
                technologies=sorted({ap.technology for ap in aps if ap.status != "removed"}),
                access_points=aps,
                signal=signal[0] if signal else "",
                signal_on=signal[1] if signal else None,
                is_sample=any(ap.is_sample for ap in aps) or bool(signal and signal[2]),
            )
        )
    return states


@dataclass(frozen=True)
class TimelineEntry:
    when: date
    kind: str  # signal, status, outage
    title: str
    detail: str
    is_sample: bool


def village_timeline(*, village: Region) -> list[TimelineEntry]:
    """Everything recorded about a village, newest first."""
    entries: list[TimelineEntry] = []
    for obs in SignalObservation.objects.filter(region=village):
        entries.append(
            TimelineEntry(obs.observed_on, "signal", obs.get_signal_display(), obs.source, obs.is_sample)
        )
    for change in StatusChange.objects.filter(region=village).select_related("access_point"):
        ap = change.access_point
        title = f"{ap.get_facility_display()} · {ap.get_technology_display()}"
        entries.append(
            TimelineEntry(change.effective_on, "status", title, change.get_status_display(), change.is_sample)
        )
    for outage in Outage.objects.filter(region=village):
        detail = outage.cause
        if outage.ended_on:
            detail = f"{detail} (→ {outage.ended_on.isoformat()})".strip()
        entries.append(TimelineEntry(outage.started_on, "outage", "", detail, outage.is_sample))
    entries.sort(key=lambda e: e.when, reverse=True)
    return entries


def village_access_points(*, village: Region) -> list[AccessPoint]:
    return list(AccessPoint.objects.filter(region=village).order_by("pk"))


def regencies_of(*, province: str) -> list[Region]:
    return list(
        Region.objects.filter(parent_id=province, level=Level.REGENCY)
        .active()
        .defer("boundary", "boundary_json")
        .order_by("code")
    )


def villages_for_choice(*, region: Region) -> list[tuple[str, str, str]]:
    """(code, name, district) of the active villages under `region`, for the operator's pick list."""
    rows = (
        Region.objects.within(region.code)
        .active()
        .filter(level=Level.VILLAGE)
        .select_related("parent")
        .defer("boundary", "boundary_json", "parent__boundary", "parent__boundary_json")
        .order_by("code")
    )
    return [(r.code, r.name, r.parent.name if r.parent else "") for r in rows]


def sample_present(*, province: str) -> bool:
    """Whether any sample record lies in the province: pages then show the sample label (cached by write stamp)."""
    return cached_part(
        "sample-present",
        province,
        build=lambda: AccessPoint.objects.filter(
            region__code__startswith=province + ".", is_sample=True
        ).exists(),
    )


def province_progress(
    *, province: Region, today: date | None = None
) -> tuple[ProgressRow, list[ProgressRow]]:
    """`progress_for_province`, cached by write stamp (selaras.web.caching): the same for everyone who may see
    the province, so callers check that first (the dashboard, the connectivity page, the API)."""
    day = today or timezone.localdate()
    return cached_part(
        "province-progress",
        province.code,
        day,
        build=lambda: progress_for_province(province=province, today=day),
        per_language=True,
    )


def village_latest_signal(*, village: Region) -> SignalObservation | None:
    return SignalObservation.objects.filter(region=village).order_by("-observed_on", "-pk").first()


def survey_mapping_for(*, region_code: str) -> SurveyMapping:
    """The column and value choices a region made in earlier survey previews (only its own, not its
    neighbours' nor its province's: offices type differently)."""
    columns = dict(SurveyColumnMapping.objects.filter(region_id=region_code).values_list("header", "field"))
    values: dict[tuple[str, str], Outcome] = {}
    for kind, value, outcome in SurveyValueMapping.objects.filter(region_id=region_code).values_list(
        "field", "value", "outcome"
    ):
        decoded = outcome_decode(outcome)
        if decoded is not None:
            values[(kind, value)] = decoded
    return SurveyMapping(columns=columns, values=values)
