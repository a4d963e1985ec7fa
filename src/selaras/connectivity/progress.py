"""Progress towards "every desa connected", counted from access-point status histories (pure Python).

A village counts as connected at a date when at least one of its access points was `live` on that date: the
last status change on or before the date says `live`. Years are counted at their last day (or today for the
current year); years still to come have no count, only the target.

The target of each year comes from the region's approved plan when a plan indicator is linked to its progress
(`plan_targets`: e.g. the province's RPJMD indicator "desa with free internet", 716 for 2025 and all 841 after);
for years the plan does not cover, and regions without a linked indicator, it is an assumption the page states:
a straight line from the count at the end of the first year of the period to all desa at the end of the last year.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

PERIOD_START = 2025  # Rakorda 2025 baseline; the agreements promise every desa within five years
PERIOD_END = 2030

# Status order for a village with several access points: the best one decides its colour on the map.
STATUS_RANK = {"live": 5, "down": 4, "installing": 3, "planned": 2, "removed": 1}


@dataclass(frozen=True)
class Change:
    access_point: int
    village: str
    status: str
    effective_on: date


def status_at(changes: Iterable[Change], when: date) -> dict[int, str]:
    """Each access point's status on `when` (access points with no change yet are left out)."""
    latest: dict[int, tuple[date, str]] = {}
    for change in changes:
        if change.effective_on > when:
            continue
        known = latest.get(change.access_point)
        if known is None or change.effective_on >= known[0]:
            latest[change.access_point] = (change.effective_on, change.status)
    return {ap: status for ap, (_when, status) in latest.items()}


def connected_villages(changes: list[Change], when: date) -> set[str]:
    """Villages with at least one live access point on `when`."""
    village_of = {c.access_point: c.village for c in changes}
    return {village_of[ap] for ap, status in status_at(changes, when).items() if status == "live"}


def village_status(statuses: Iterable[str]) -> str:
    """The status that colours a village: its best access point's, or "none"."""
    best = max(statuses, key=lambda s: STATUS_RANK.get(s, 0), default="none")
    return best if best != "removed" else "none"


@dataclass(frozen=True)
class YearCount:
    year: int
    desa_live: int | None  # None for years still to come
    kelurahan_live: int | None
    desa_target: int | None  # None before the baseline exists
    target_from_plan: bool = False  # the target is the linked plan indicator's, not the straight line

    def share(self, total: int) -> float | None:
        return None if self.desa_live is None or not total else self.desa_live / total


@dataclass(frozen=True)
class ProgressRow:
    code: str
    name: str
    desa_total: int
    kelurahan_total: int
    years: tuple[YearCount, ...]

    @property
    def targets_from_plan(self) -> bool:
        """Whether any year's target is the linked plan indicator's."""
        return any(y.target_from_plan for y in self.years)

    @property
    def latest(self) -> YearCount:
        known = [y for y in self.years if y.desa_live is not None]
        return known[-1] if known else self.years[0]

    @property
    def latest_share(self) -> float | None:
        return self.latest.share(self.desa_total)


def target_path(baseline: int, total: int, year: int) -> int:
    """Desa to be connected by the end of `year`: from `baseline` (end of the first year) to all at the end."""
    if year <= PERIOD_START:
        return baseline
    if year >= PERIOD_END:
        return total
    step = (total - baseline) * (year - PERIOD_START) / (PERIOD_END - PERIOD_START)
    return min(total, baseline + math.ceil(step))


def yearly_progress(
    *,
    code: str,
    name: str,
    village_kinds: dict[str, str],
    changes: list[Change],
    today: date,
    plan_targets: dict[int, int] | None = None,
) -> ProgressRow:
    """Progress of one area: `village_kinds` maps each village code in it to "desa" or "kelurahan".

    `plan_targets` (year -> desa) are the linked plan indicator's targets; other years get the straight line."""
    plan_targets = plan_targets or {}
    desa_total = sum(kind == "desa" for kind in village_kinds.values())
    kelurahan_total = len(village_kinds) - desa_total
    mine = [c for c in changes if c.village in village_kinds]
    counted: dict[int, tuple[int, int]] = {}
    for year in range(PERIOD_START, min(today.year, PERIOD_END) + 1):
        when = min(date(year, 12, 31), today)
        live = connected_villages(mine, when)
        kinds: dict[str, int] = defaultdict(int)
        for village in live:
            kinds[village_kinds[village]] += 1
        counted[year] = (kinds["desa"], kinds["kelurahan"])
    baseline = counted.get(PERIOD_START, (0, 0))[0]
    years = tuple(
        YearCount(
            year=year,
            desa_live=counted[year][0] if year in counted else None,
            kelurahan_live=counted[year][1] if year in counted else None,
            desa_target=(
                plan_targets[year]
                if year in plan_targets
                else target_path(baseline, desa_total, year)
                if PERIOD_START in counted
                else None
            ),
            target_from_plan=year in plan_targets,
        )
        for year in range(PERIOD_START, PERIOD_END + 1)
    )
    return ProgressRow(code, name, desa_total, kelurahan_total, years)
