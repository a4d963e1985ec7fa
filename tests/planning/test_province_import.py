"""Province-wide workbooks (issue 11, part 4): the provincial administrator imports the workbook the province
collected (tests/fixtures/, typed in LibreOffice); every row goes to its region's plan, all or nothing."""

from __future__ import annotations

import io
from collections import Counter
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404
from openpyxl import load_workbook

from selaras.core.plans import workbook as wb
from selaras.planning import selectors, services
from selaras.planning.models import Indicator, Plan, PlanImport, PlanStatus
from tests.core.plans.test_province_workbook import FIXTURE, REGENCIES
from tests.planning.helpers import make_plan

REGIONS = ["00", "64", *REGENCIES]


def _commit(user: Any, data: bytes) -> services.ProvinceImportCheck:
    return services.province_import_commit(user=user, data=data, kind="rpjmd", file_name="provinsi.xlsx")


def _with_cell(cell: str, value: object) -> bytes:
    book = load_workbook(FIXTURE)
    book["Program"][cell] = value
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_the_preview_lists_each_region_with_its_rows_and_warnings(province_admin: Any) -> None:
    check = services.province_import_check(user=province_admin, data=FIXTURE.read_bytes(), kind="rpjmd")
    assert check.errors == ()
    assert [part.region_code for part in check.regions] == REGIONS
    assert all(part.plan is None for part in check.regions)
    berau = next(part for part in check.regions if part.region_code == "64.03")
    assert (berau.check.count("new"), len(berau.warnings)) == (4, 6)
    assert Counter(w.text.msg for w in berau.warnings)[wb.PAGU_DIFFERS] == 2
    assert Plan.objects.count() == 0


def test_it_saves_every_regions_rows_into_that_regions_plan(province_admin: Any) -> None:
    check = _commit(province_admin, FIXTURE.read_bytes())
    assert check.errors == ()
    plans = {p.region_id: p for p in Plan.objects.all()}
    assert sorted(plans) == REGIONS
    assert plans["00"].kind == "rpjmn"
    assert {p.kind for code, p in plans.items() if code != "00"} == {"rpjmd"}
    assert all(
        p.status == PlanStatus.DRAFT and p.years == (2026, 2027, 2028, 2029, 2030) for p in plans.values()
    )
    per_region = Counter(Indicator.objects.values_list("plan__region_id", flat=True))
    assert per_region == {"00": 3, "64": 6, **{code: 4 for code in REGIONS[2:]}}
    assert all(i.region_id == i.plan.region_id for i in Indicator.objects.select_related("plan"))
    assert set(Indicator.objects.filter(region_id="64.11").values_list("key", flat=True)) == {
        "Program!35",
        "Program!36",
        "Program!37",
        "Program!38",
    }


def test_each_region_sees_what_was_imported_for_it(province_admin: Any) -> None:
    _commit(province_admin, FIXTURE.read_bytes())
    record = PlanImport.objects.get(plan__region_id="64.01")
    assert (record.from_province, record.imported_by, record.rows, record.created) == (
        True,
        province_admin,
        4,
        4,
    )
    assert record.file_name == "provinsi.xlsx"
    assert PlanImport.objects.count() == len(REGIONS)


def test_links_between_regions_resolve_inside_the_file(province_admin: Any, operator: Any) -> None:
    _commit(province_admin, FIXTURE.read_bytes())
    paser = Indicator.objects.get(key="PSR-P03-I1")
    supported = selectors.supported_indicator(indicator=paser, user=province_admin)
    assert supported is not None
    assert (supported.key, supported.region_id) == ("KTM-P03-I1", "64")
    province_row = Indicator.objects.get(key="KTM-P03-I1")
    national = selectors.supported_indicator(indicator=province_row, user=province_admin)
    assert national is not None and national.region_id == "00"


def test_one_unreadable_number_anywhere_saves_nothing(province_admin: Any) -> None:
    # Row 40 is a Balikpapan row; its target_2028 (column L) typed as a word.
    check = _commit(province_admin, _with_cell("L40", "tinggi"))
    assert [(e.row, e.column) for e in check.errors] == [(40, "target_2028")]
    assert (Plan.objects.count(), Indicator.objects.count(), PlanImport.objects.count()) == (0, 0, 0)


def test_a_locked_plan_of_one_region_saves_nothing_anywhere(province_admin: Any) -> None:
    locked = make_plan("64.02", start_year=2026, end_year=2030, status=PlanStatus.SUBMITTED)
    check = _commit(province_admin, FIXTURE.read_bytes())
    assert [e.text.msg for e in check.errors] == [services.REGION_PLAN_LOCKED]
    assert Plan.objects.exclude(pk=locked.pk).count() == 0
    assert Indicator.objects.count() == 0


def test_a_submitted_plan_that_the_workbook_leaves_unchanged_does_not_block_the_others(
    province_admin: Any,
) -> None:
    _commit(province_admin, FIXTURE.read_bytes())
    Plan.objects.filter(region_id="64.02").update(status=PlanStatus.SUBMITTED)
    check = _commit(province_admin, _with_cell("J11", 99))  # a Paser target changes, Kukar's rows do not
    assert check.errors == ()
    assert Indicator.objects.get(key="PSR-P03-I1").targets_by_year["2026"] == "99"
    assert PlanImport.objects.filter(plan__region_id="64.02").count() == 1


def test_importing_the_same_workbook_again_changes_nothing(province_admin: Any) -> None:
    _commit(province_admin, FIXTURE.read_bytes())
    check = services.province_import_check(user=province_admin, data=FIXTURE.read_bytes(), kind="rpjmd")
    assert check.errors == ()
    assert all(part.plan is not None and not part.check.changes_anything for part in check.regions)


def test_existing_draft_plans_are_filled_not_duplicated(province_admin: Any) -> None:
    paser = make_plan("64.01", start_year=2026, end_year=2030)
    _commit(province_admin, FIXTURE.read_bytes())
    assert Plan.objects.filter(region_id="64.01").count() == 1
    assert paser.indicators.count() == 4


@pytest.mark.parametrize("persona", ["operator", "province_viewer"])
def test_only_provincial_administrators_import_for_the_province(persona: str, request: Any, db: None) -> None:
    # `db` asked for up front: a database first asked for through getfixturevalue, right after a transactional
    # test (tests/ops/test_scheduler.py), saw the regions that test's flush removed.
    user = request.getfixturevalue(persona)
    with pytest.raises((PermissionDenied, Http404)):
        services.province_import_check(user=user, data=FIXTURE.read_bytes(), kind="rpjmd")
    assert Plan.objects.count() == 0
