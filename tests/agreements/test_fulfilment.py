"""The coverage rule on tiny histories whose answer is known by hand."""

from __future__ import annotations

from datetime import date

from selaras.agreements.fulfilment import (
    AWAITING,
    CONNECTED,
    FULFILLED,
    INTERRUPTED,
    NOT_LIVE,
    StatusRow,
    coverage,
    village_year,
)

START, END = date(2026, 1, 1), date(2030, 12, 31)


def _year(rows: list[StatusRow], as_of: date, year: int = 2027, **kwargs: object) -> object:
    return village_year(
        rows, village="v", year=year, period_start=START, period_end=END, as_of=as_of, **kwargs
    )


def test_a_village_live_all_year_is_fulfilled() -> None:
    result = _year([StatusRow(1, "v", "live", date(2026, 6, 1))], as_of=date(2028, 1, 10))
    assert result.state == FULFILLED and result.live_days == 365 and result.uptime_pct == 100.0


def test_a_village_that_never_went_live_is_not_live() -> None:
    result = _year([StatusRow(1, "v", "planned", date(2026, 6, 1))], as_of=date(2028, 1, 10))
    assert result.state == NOT_LIVE and result.live_days == 0


def test_a_long_outage_breaks_the_stays_live_promise() -> None:
    rows = [
        StatusRow(1, "v", "live", date(2026, 6, 1)),
        StatusRow(1, "v", "down", date(2027, 3, 1)),
        StatusRow(1, "v", "live", date(2027, 4, 1)),
    ]
    result = _year(rows, as_of=date(2028, 1, 10))
    assert result.state == INTERRUPTED and result.live_days == 365 - 31


def test_a_short_outage_within_the_minimum_uptime_still_fulfils() -> None:
    rows = [
        StatusRow(1, "v", "live", date(2026, 6, 1)),
        StatusRow(1, "v", "down", date(2027, 3, 1)),
        StatusRow(1, "v", "live", date(2027, 3, 8)),
    ]
    assert _year(rows, as_of=date(2028, 1, 10)).state == FULFILLED


def test_a_village_down_at_the_end_of_the_year_is_not_fulfilled() -> None:
    rows = [StatusRow(1, "v", "live", date(2026, 6, 1)), StatusRow(1, "v", "down", date(2027, 12, 30))]
    assert _year(rows, as_of=date(2028, 1, 10)).state == INTERRUPTED


def test_a_second_access_point_covers_the_first_ones_outage() -> None:
    rows = [
        StatusRow(1, "v", "live", date(2026, 6, 1)),
        StatusRow(1, "v", "down", date(2027, 3, 1)),
        StatusRow(2, "v", "live", date(2027, 2, 1)),
    ]
    assert _year(rows, as_of=date(2028, 1, 10)).live_days == 365


def test_before_the_go_live_deadline_a_village_is_only_connected_or_awaiting() -> None:
    live = [StatusRow(1, "v", "live", date(2026, 5, 1))]
    deadline = date(2026, 12, 31)
    assert _year(live, as_of=date(2026, 6, 1), year=2026, live_by=deadline).state == CONNECTED
    assert _year([], as_of=date(2026, 6, 1), year=2026, live_by=deadline).state == AWAITING


def test_the_current_year_is_measured_up_to_today() -> None:
    result = _year([StatusRow(1, "v", "live", date(2026, 1, 1))], as_of=date(2027, 1, 10))
    assert result.measured_days == 10 and result.state == FULFILLED


def test_an_obligation_is_late_once_due_with_a_village_unfulfilled() -> None:
    rows = [StatusRow(1, "a", "live", date(2026, 2, 1))]
    result = coverage(
        rows,
        villages=["a", "b"],
        year=2026,
        period_start=START,
        period_end=END,
        due_on=date(2026, 12, 31),
        as_of=date(2027, 1, 5),
        live_by=date(2026, 12, 31),
    )
    assert result.status == "late" and (result.fulfilled, result.total, result.live_today) == (1, 2, 1)


def test_an_obligation_in_its_year_is_in_progress_when_a_village_is_live() -> None:
    rows = [StatusRow(1, "a", "live", date(2026, 2, 1))]
    common = {
        "villages": ["a", "b"],
        "year": 2026,
        "period_start": START,
        "period_end": END,
        "due_on": date(2026, 12, 31),
        "as_of": date(2026, 6, 1),
    }
    assert coverage(rows, **common).status == "in_progress"  # type: ignore[arg-type]
    assert coverage([], **common).status == "not_started"  # type: ignore[arg-type]


def test_renaming_villages_changes_nothing_but_their_names() -> None:
    rows = [StatusRow(1, "a", "live", date(2026, 2, 1)), StatusRow(2, "b", "down", date(2026, 2, 1))]
    renamed = [StatusRow(r.access_point, r.village.upper(), r.status, r.effective_on) for r in rows]
    common = {"year": 2026, "period_start": START, "period_end": END, "due_on": date(2026, 12, 31)}
    one = coverage(rows, villages=["a", "b"], as_of=date(2027, 2, 1), **common)  # type: ignore[arg-type]
    two = coverage(renamed, villages=["A", "B"], as_of=date(2027, 2, 1), **common)  # type: ignore[arg-type]
    assert [v.state for v in one.villages] == [v.state for v in two.villages]


def test_an_indicator_obligation_follows_the_plans_realization() -> None:
    from selaras.agreements.fulfilment import indicator_status

    due, before, after = date(2026, 12, 31), date(2026, 6, 1), date(2027, 2, 1)
    common = {"target": 80.0, "higher_is_better": True, "due_on": due}
    assert indicator_status(realized=85.0, as_of=before, **common) == "fulfilled"  # type: ignore[arg-type]
    assert indicator_status(realized=60.0, as_of=before, **common) == "in_progress"  # type: ignore[arg-type]
    assert indicator_status(realized=None, as_of=before, **common) == "not_started"  # type: ignore[arg-type]
    assert indicator_status(realized=60.0, as_of=after, **common) == "late"  # type: ignore[arg-type]
    lower = {"target": 10.0, "higher_is_better": False, "due_on": due, "as_of": after}
    assert indicator_status(realized=8.0, **lower) == "fulfilled"  # type: ignore[arg-type]
