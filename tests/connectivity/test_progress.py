"""Progress per year is counted from status histories: a desa is connected at a date when one of its access
points was live then; the target path runs from the first year's count to all desa at the end (pure Python)."""

from datetime import date

from selaras.connectivity.progress import (
    Change,
    connected_villages,
    status_at,
    target_path,
    village_status,
    yearly_progress,
)

CHANGES = [
    Change(1, "64.01.01.2009", "planned", date(2025, 1, 10)),
    Change(1, "64.01.01.2009", "live", date(2025, 6, 1)),
    Change(1, "64.01.01.2009", "down", date(2026, 3, 1)),
    Change(2, "64.01.01.2010", "live", date(2026, 2, 1)),
    Change(3, "64.01.04.1001", "live", date(2025, 2, 1)),
]
KINDS = {
    "64.01.01.2009": "desa",
    "64.01.01.2010": "desa",
    "64.01.01.2011": "desa",
    "64.01.04.1001": "kelurahan",
}


def test_an_access_point_has_the_status_of_its_last_change_on_or_before_the_date() -> None:
    assert status_at(CHANGES, date(2025, 5, 31))[1] == "planned"
    assert status_at(CHANGES, date(2025, 12, 31))[1] == "live"
    assert 2 not in status_at(CHANGES, date(2025, 12, 31))


def test_a_down_access_point_no_longer_connects_its_village() -> None:
    assert connected_villages(CHANGES, date(2026, 6, 1)) == {"64.01.01.2010", "64.01.04.1001"}


def test_each_year_counts_desa_and_kelurahan_separately_and_future_years_only_have_a_target() -> None:
    row = yearly_progress(
        code="64.01", name="Paser", village_kinds=KINDS, changes=CHANGES, today=date(2026, 11, 1)
    )
    by_year = {y.year: y for y in row.years}
    assert (row.desa_total, row.kelurahan_total) == (3, 1)
    assert (by_year[2025].desa_live, by_year[2025].kelurahan_live) == (1, 1)
    assert by_year[2026].desa_live == 1  # one went down, another came up
    assert by_year[2027].desa_live is None
    assert by_year[2030].desa_target == 3
    assert row.latest.year == 2026


def test_the_target_path_runs_from_the_baseline_to_every_desa_by_the_end() -> None:
    assert [target_path(90, 139, y) for y in range(2025, 2031)] == [90, 100, 110, 120, 130, 139]
    assert target_path(139, 139, 2027) == 139


def test_the_best_access_point_colours_a_village() -> None:
    assert village_status(["planned", "live", "down"]) == "live"
    assert village_status(["removed"]) == "none"
    assert village_status([]) == "none"
