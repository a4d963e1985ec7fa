"""Reads of plans, always through the access module: drafts by their region and provincial staff, submitted
and approved plans by the whole province, national targets by everyone signed in."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from selaras.accounts.access import Action, require
from selaras.core.plans.achievement import achievement_pct
from selaras.core.plans.rows import Polarity
from selaras.planning.models import Indicator, Nomenclature, Plan, PlanElement, PlanImport
from selaras.planning.services import decimal_or_none, higher_plans, visible_plans_q


def plan_get_for_user(*, user: Any, plan_id: int) -> Plan:
    """The plan, or 404 when it does not exist or the user may not read it (a draft of another region)."""
    plan = get_object_or_404(Plan.objects.select_related("region", "status_changed_by"), pk=plan_id)
    require(user, Action.VIEW if plan.is_public else Action.VIEW_PRIVATE, plan.region_id)
    return plan


def plan_imports(*, plan: Plan, limit: int = 20) -> list[PlanImport]:
    """The latest imports into `plan` (the caller has checked the user may read it), newest first."""
    return list(PlanImport.objects.filter(plan=plan).select_related("imported_by")[:limit])


def indicator_get_for_user(*, user: Any, plan: Plan, indicator_id: int) -> Indicator:
    return get_object_or_404(Indicator.objects.select_related("element", "plan"), pk=indicator_id, plan=plan)


def plan_list_for_user(*, user: Any) -> QuerySet[Plan]:
    return (
        Plan.objects.filter(visible_plans_q(user))
        .select_related("region")
        .defer("region__boundary", "region__boundary_json")  # lists never draw the region (issue 12, load)
        .order_by("region_id", "-start_year")
    )


def supported_regions(*, plan: Plan, user: Any) -> dict[str, str]:
    """Key -> region code of every indicator a row of `plan` may support (this plan first, then the
    province's and the national plans the user may read)."""
    found = dict(Indicator.objects.filter(plan__in=higher_plans(plan, user)).values_list("key", "region_id"))
    found.update(Indicator.objects.filter(plan=plan).values_list("key", "region_id"))
    return found


def supported_indicator(*, indicator: Indicator, user: Any) -> Indicator | None:
    """The indicator `indicator` supports (`mendukung`), or None when none or not readable."""
    if not indicator.supports_key:
        return None
    own = Indicator.objects.filter(plan_id=indicator.plan_id, key=indicator.supports_key).first()
    if own is not None:
        return own
    return Indicator.objects.filter(
        plan__in=higher_plans(indicator.plan, user), key=indicator.supports_key
    ).first()


@dataclass
class IndicatorView:
    indicator: Indicator
    targets: list[Decimal | None]
    realizations: list[Decimal | None]
    achievements: list[Decimal | None]
    supports_label: str = ""


@dataclass
class ElementView:
    element: PlanElement
    depth: int
    pagu: list[Decimal | None]
    retired: bool
    in_master: bool
    indicators: list[IndicatorView] = field(default_factory=list)


def plan_tree(*, plan: Plan, user: Any) -> list[ElementView]:
    """Elements in code order (program, then its kegiatan, then their sub kegiatan), each with indicators,
    yearly targets, pagu, realization and achievement by polarity; codes retired from the master flagged."""
    years = plan.years
    elements = list(PlanElement.objects.filter(plan=plan))
    elements.sort(key=lambda e: [int(p) if p.isdigit() else 0 for p in e.kode.split(".")])
    codes = {e.kode for e in elements}
    master = dict(Nomenclature.objects.filter(code__in=codes).values_list("code", "retired_at"))
    indicators = Indicator.objects.filter(plan=plan).order_by("position", "pk")
    regions_by_key = supported_regions(plan=plan, user=user)
    by_element: dict[int, list[IndicatorView]] = {}
    for indicator in indicators:
        targets = [decimal_or_none(indicator.targets_by_year.get(str(y))) for y in years]
        realizations = [decimal_or_none(indicator.realization_by_year.get(str(y))) for y in years]
        polarity = Polarity(indicator.polaritas)
        achievements = [achievement_pct(t, r, polarity) for t, r in zip(targets, realizations, strict=True)]
        label = ""
        if indicator.supports_key:
            region = regions_by_key.get(indicator.supports_key)
            label = f"{indicator.supports_key} ({region})" if region else f"{indicator.supports_key} (?)"
        by_element.setdefault(indicator.element_id, []).append(
            IndicatorView(indicator, targets, realizations, achievements, label)
        )
    return [
        ElementView(
            element=e,
            depth={"program": 0, "kegiatan": 1, "sub_kegiatan": 2}.get(e.level, 0),
            pagu=[decimal_or_none(e.pagu_by_year.get(str(y))) for y in years],
            retired=master.get(e.kode) is not None,
            in_master=e.kode in master,
            indicators=by_element.get(e.pk, []),
        )
        for e in elements
    ]


def plan_totals(*, plan: Plan, tree: list[ElementView]) -> list[Decimal]:
    """Pagu per year summed over programs (a program's pagu holds its kegiatan's)."""
    totals = [Decimal(0)] * len(plan.years)
    for view in tree:
        if view.depth == 0:
            totals = [t + (p or 0) for t, p in zip(totals, view.pagu, strict=True)]
    return totals
