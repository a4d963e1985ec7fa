"""Fulfilment of a village-internet coverage obligation, computed from access-point status histories.

Pure Python (no Django): the selector feeds it plain rows read from selaras.connectivity.

The rule, per village and year ("the village is live, and stays live"):
- a village is live on a day when at least one of its access points is `live` on that day (the last status
  change on or before the day says `live`);
- the year is measured over its window: from the later of 1 January, the agreement's start and the obligation's
  go-live deadline (`live_by`), to the earlier of 31 December, the agreement's end and today (`as_of`);
- before the deadline the village is only `connected` (live today) or `awaiting`: nothing is owed yet;
- after it, the village is `fulfilled` when it is live at the window's end and was live at least
  `min_uptime_pct` percent of the window's days; `interrupted` when it was live at some point but not so;
  `not_live` when it never was.
The obligation is `fulfilled` when its due date has passed and every village is fulfilled, `late` when the due
date has passed and some village is not, otherwise `in_progress` (or `not_started` while no village is live).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

LIVE = "live"
FULFILLED = "fulfilled"
CONNECTED = "connected"
AWAITING = "awaiting"
INTERRUPTED = "interrupted"
NOT_LIVE = "not_live"


@dataclass(frozen=True)
class StatusRow:
    """An access point of `village` entered `status` on `effective_on`."""

    access_point: int
    village: str
    status: str
    effective_on: date


@dataclass(frozen=True)
class VillageYear:
    village: str
    year: int
    state: str  # fulfilled, connected, awaiting, interrupted, not_live
    live_today: bool
    first_live_on: date | None
    measured_days: int
    live_days: int

    @property
    def uptime_pct(self) -> float | None:
        return round(100.0 * self.live_days / self.measured_days, 1) if self.measured_days else None


@dataclass(frozen=True)
class CoverageResult:
    year: int
    status: str  # not_started, in_progress, fulfilled, late
    villages: tuple[VillageYear, ...]

    def count(self, state: str) -> int:
        return sum(1 for v in self.villages if v.state == state)

    @property
    def total(self) -> int:
        return len(self.villages)

    @property
    def fulfilled(self) -> int:
        return self.count(FULFILLED)

    @property
    def live_today(self) -> int:
        return sum(1 for v in self.villages if v.live_today)

    @property
    def fulfilled_pct(self) -> float:
        return round(100.0 * self.fulfilled / self.total, 1) if self.total else 0.0

    @property
    def live_pct(self) -> float:
        return round(100.0 * self.live_today / self.total, 1) if self.total else 0.0


def _live_intervals(rows: Iterable[StatusRow], until: date) -> list[tuple[date, date]]:
    """Half-open [start, end) day intervals in which some access point was live, merged, ending by `until`."""
    by_point: dict[int, list[StatusRow]] = defaultdict(list)
    for row in rows:
        by_point[row.access_point].append(row)
    intervals: list[tuple[date, date]] = []
    for changes in by_point.values():
        changes.sort(key=lambda r: r.effective_on)
        for i, change in enumerate(changes):
            if change.status != LIVE:
                continue
            end = changes[i + 1].effective_on if i + 1 < len(changes) else until
            end = min(end, until)
            if change.effective_on < end:
                intervals.append((change.effective_on, end))
    intervals.sort()
    merged: list[tuple[date, date]] = []
    for start, end in intervals:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def _days_in(intervals: Sequence[tuple[date, date]], start: date, end_inclusive: date) -> int:
    stop = end_inclusive + timedelta(days=1)
    return sum(max(0, (min(e, stop) - max(s, start)).days) for s, e in intervals)


def village_year(
    rows: Iterable[StatusRow],
    *,
    village: str,
    year: int,
    period_start: date,
    period_end: date,
    as_of: date,
    live_by: date | None = None,
    min_uptime_pct: float = 95.0,
) -> VillageYear:
    """Whether `village` fulfilled its coverage in `year` (see the module's rule); `rows` are its changes."""
    window_start = max(date(year, 1, 1), period_start)
    window_end = min(date(year, 12, 31), period_end, as_of)
    intervals = _live_intervals(rows, until=as_of + timedelta(days=1))
    live_today = any(s <= window_end < e for s, e in intervals) if window_end >= window_start else False
    first_live = next((s for s, e in intervals if e > window_start), None)
    first_live_on = max(first_live, window_start) if first_live else None
    if first_live_on is not None and first_live_on > window_end:
        first_live_on = None
    measure_from = max(window_start, live_by) if live_by else window_start

    def result(state: str, measured: int = 0, live: int = 0) -> VillageYear:
        return VillageYear(village, year, state, live_today, first_live_on, measured, live)

    if window_end < measure_from:
        return result(CONNECTED if live_today else AWAITING)
    measured = (window_end - measure_from).days + 1
    live = _days_in(intervals, measure_from, window_end)
    if live == 0:
        return result(NOT_LIVE, measured, live)
    if live_today and 100.0 * live / measured >= min_uptime_pct:
        return result(FULFILLED, measured, live)
    return result(INTERRUPTED, measured, live)


def coverage(
    rows: Iterable[StatusRow],
    *,
    villages: Sequence[str],
    year: int,
    period_start: date,
    period_end: date,
    due_on: date,
    as_of: date,
    live_by: date | None = None,
    min_uptime_pct: float = 95.0,
) -> CoverageResult:
    """Fulfilment of one coverage obligation (a set of villages, one year) and the obligation's status."""
    by_village: dict[str, list[StatusRow]] = defaultdict(list)
    for row in rows:
        by_village[row.village].append(row)
    results = tuple(
        village_year(
            by_village.get(code, []),
            village=code,
            year=year,
            period_start=period_start,
            period_end=period_end,
            as_of=as_of,
            live_by=live_by,
            min_uptime_pct=min_uptime_pct,
        )
        for code in villages
    )
    if as_of > due_on:
        status = "fulfilled" if all(v.state == FULFILLED for v in results) else "late"
    elif any(v.live_today or v.state in (FULFILLED, INTERRUPTED) for v in results):
        status = "in_progress"
    else:
        status = "not_started"
    return CoverageResult(year, status, results)


def indicator_status(
    *, target: float | None, realized: float | None, higher_is_better: bool, due_on: date, as_of: date
) -> str:
    """An obligation measured by a plan indicator: fulfilled once the year's realization reaches the target
    (at or above it, or at or below it for an indicator where lower is better); late when the due date has
    passed without that; in progress while a realization below the target is recorded; else not started."""
    if target is not None and realized is not None:
        reached = realized >= target if higher_is_better else realized <= target
        if reached:
            return "fulfilled"
    if as_of > due_on:
        return "late"
    return "in_progress" if realized is not None else "not_started"
