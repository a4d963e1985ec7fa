"""Loading official lists: add, rename, retire, restore; nothing that points at a retired code breaks."""

from typing import Any

import pytest

from selaras.accounts.models import Role, User
from selaras.core.regions_data import OfficialRegion, iter_official_regions, parse_region_list
from selaras.regions.models import Region
from selaras.regions.services import regions_load


def _aceh_slice() -> list[OfficialRegion]:
    return [
        r
        for r in iter_official_regions(province="11")
        if r.code.count(".") < 2 or r.code.startswith("11.01.01")
    ]


def test_kaltim_is_loaded_with_its_hierarchy_kinds_and_boundaries(db: Any) -> None:
    kaltim = Region.objects.within("64")
    assert kaltim.filter(level="regency").count() == 10
    assert kaltim.filter(level="district").count() == 105
    assert kaltim.filter(level="village", village_kind="desa").count() == 841
    assert kaltim.filter(level="village", village_kind="kelurahan").count() == 197
    assert kaltim.filter(boundary__isnull=False).count() == 1153
    paser = Region.objects.get(code="64.01")
    assert paser.population == 309667
    assert paser.parent_id == "64"


def test_a_newer_list_adds_renames_and_retires_codes(db: Any) -> None:
    rows = _aceh_slice()
    village = next(r for r in rows if r.level == "village")
    gone = [r for r in rows if r.level == "village"][1]
    newer = [
        OfficialRegion(
            r.code, r.level, "Desa Baru Bernama" if r.code == village.code else r.name, r.lat, r.lng
        )
        for r in rows
        if r.code != gone.code
    ]
    newer.append(OfficialRegion("11.01.01.2999", village.level, "Desa Pemekaran", village.lat, village.lng))
    report = regions_load(rows=newer, scope="11")
    assert (report.created, report.renamed, report.retired) == (1, 1, 1)
    assert Region.objects.get(code=village.code).name == "Desa Baru Bernama"
    assert Region.objects.get(code=gone.code).retired_at is not None
    assert Region.objects.get(code="11.01.01.2999").parent_id == "11.01.01"


def test_a_retired_code_keeps_what_points_at_it_and_comes_back_when_listed_again(db: Any) -> None:
    rows = _aceh_slice()
    regency = "11.01"
    user = User.objects.create(username="someone", role=Role.REGENCY_VIEWER, region_id=regency)
    without_regency = [r for r in rows if not r.code.startswith(regency)]
    regions_load(rows=without_regency, scope="11")
    user.refresh_from_db()
    assert user.region.retired_at is not None
    report = regions_load(rows=rows, scope="11")
    assert report.restored >= 1
    assert Region.objects.get(code=regency).retired_at is None


def test_loading_one_province_never_retires_another(db: Any) -> None:
    report = regions_load(rows=_aceh_slice(), scope="11")
    assert report.retired == 0
    assert not Region.objects.within("64").filter(retired_at__isnull=False).exists()


def test_loading_the_same_list_twice_changes_nothing(db: Any) -> None:
    history_before = Region.history.count()
    report = regions_load(rows=_aceh_slice(), scope="11")
    assert (report.created, report.updated, report.retired) == (0, 0, 0)
    assert Region.history.count() == history_before


def test_a_region_list_in_an_indonesian_workbook_below_a_title_is_read() -> None:
    import io

    from openpyxl import Workbook

    book = Workbook()
    for row in (
        ["DAFTAR WILAYAH (CONTOH)"],
        ["Kode", "Tingkat", "Nama", "Lintang", "Bujur"],
        ["64", "province", "Kalimantan Timur", "0,5", "116,4"],
        ["64.01", "regency", "Paser", None, None],
    ):
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)

    rows, errors = parse_region_list(buffer.getvalue(), province="64", file_name="wilayah.xlsx")

    assert errors == []
    assert [(r.code, r.name, r.lat, r.lng) for r in rows] == [
        ("64", "Kalimantan Timur", 0.5, 116.4),
        ("64.01", "Paser", None, None),
    ]


@pytest.mark.parametrize(
    ("csv_text", "message"),
    [
        (
            "wilayah,sebutan\n64,X\n",
            "Kolom wajib tidak ada: code, level, name, lat, lng. "
            "Kolom yang diharapkan: code, level, name, lat, lng.",
        ),
        (
            "code,level,name,lat,lng\n64.1,regency,X,,\n",
            "Baris 2, kolom code: kode \u201c64.1\u201d tidak sah.",
        ),
        (
            "code,level,name,lat,lng\n11.01,regency,X,,\n",
            "Baris 2, kolom code: kode 11.01 bukan bagian dari provinsi 64.",
        ),
        (
            "code,level,name,lat,lng\n64.01,district,X,,\n",
            "Baris 2, kolom level: \u201cdistrict\u201d tidak cocok dengan kode (seharusnya regency).",
        ),
        (
            "code,level,name,lat,lng\n64.01,regency,X,abc,\n",
            "Baris 2, kolom lat: \u201cabc\u201d bukan angka koordinat.",
        ),
        (
            "code,level,name,lat,lng\n64.01,regency,X,,\n64.01,regency,Y,,\n",
            "Baris 3, kolom code: kode 64.01 sudah muncul di baris 2.",
        ),
    ],
)
def test_a_bad_region_list_is_refused_naming_row_and_column(csv_text: str, message: str) -> None:
    _rows, errors = parse_region_list(csv_text.encode(), province="64")
    assert [str(e) for e in errors] == [message]


def test_region_list_errors_are_available_in_english() -> None:
    _, errors = parse_region_list(b"code,level,name,lat,lng\n64.01,regency,,,\n", province="64")
    assert errors[0].render("en") == "Row 2, column name: the name is empty."
