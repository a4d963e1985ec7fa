"""The official region list shipped with Selaras, read without a database.

Codes follow Kepmendagri: `64` province, `64.01` regency/city, `64.01.01` district, `64.01.01.2001` village.
A village whose fourth part starts with 2 is a desa, with 1 a kelurahan. Source and licence:
`selaras/data/ATTRIBUTION.md`.
"""

from __future__ import annotations

import csv
import gzip
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from selaras.core.i18n import Msg, Text
from selaras.core.numbers import NumberTextError, number_or_none
from selaras.core.tables import Column, FileLimits, TableError, read_table

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
REGIONS_CSV = DATA_DIR / "wilayah" / "regions_id.csv.gz"
POPULATION_CSV = DATA_DIR / "wilayah" / "population_area.csv"
BOUNDARIES_GEOJSON = DATA_DIR / "wilayah" / "kaltim_boundaries.geojson.gz"
REGION_COLUMNS = ("code", "level", "name", "lat", "lng")


class Level(StrEnum):
    PROVINCE = "province"
    REGENCY = "regency"
    DISTRICT = "district"
    VILLAGE = "village"


LEVEL_BY_PARTS = {1: Level.PROVINCE, 2: Level.REGENCY, 3: Level.DISTRICT, 4: Level.VILLAGE}


class VillageKind(StrEnum):
    DESA = "desa"
    KELURAHAN = "kelurahan"


@dataclass(frozen=True)
class OfficialRegion:
    code: str
    level: Level
    name: str
    lat: float | None
    lng: float | None

    @property
    def parent_code(self) -> str | None:
        return self.code.rsplit(".", 1)[0] if "." in self.code else None

    @property
    def province_code(self) -> str:
        return self.code.split(".", 1)[0]

    @property
    def village_kind(self) -> VillageKind | None:
        return village_kind(self.code)


def village_kind(code: str) -> VillageKind | None:
    """Desa or kelurahan, read from the code's fourth part; None for a code that is not a village."""
    parts = code.split(".")
    if len(parts) != 4 or not parts[3]:
        return None
    return VillageKind.KELURAHAN if parts[3].startswith("1") else VillageKind.DESA


def level_of(code: str) -> Level | None:
    return LEVEL_BY_PARTS.get(code.count(".") + 1)


def is_within(code: str, ancestor: str) -> bool:
    """True when `code` is `ancestor` itself or lies below it in the hierarchy."""
    return code == ancestor or code.startswith(ancestor + ".")


def _open_text(path: Path) -> io.TextIOBase:
    if path.suffix == ".gz":
        return io.TextIOWrapper(gzip.open(path, "rb"), encoding="utf-8", newline="")
    return open(path, encoding="utf-8", newline="")


def _float_or_none(value: str) -> float | None:
    """A coordinate of the shipped list, which Selaras' own data script writes as plain decimals (uploaded
    lists go through `selaras.core.numbers` in `parse_region_list`)."""
    value = value.strip()
    return float(value) if value else None


def iter_official_regions(path: Path = REGIONS_CSV, province: str | None = None) -> Iterator[OfficialRegion]:
    """Rows of the official list (columns `code,level,name,lat,lng`), optionally only one province's."""
    with _open_text(path) as handle:
        for row in csv.DictReader(handle):
            code = row["code"].strip()
            if province and not is_within(code, province):
                continue
            yield OfficialRegion(
                code=code,
                level=Level(row["level"].strip()),
                name=row["name"].strip(),
                lat=_float_or_none(row["lat"]),
                lng=_float_or_none(row["lng"]),
            )


@dataclass(frozen=True)
class PopulationArea:
    code: str
    population: int | None
    area_km2: float | None


def iter_population_area(path: Path = POPULATION_CSV) -> Iterator[PopulationArea]:
    with _open_text(path) as handle:
        for row in csv.DictReader(handle):
            total = row["population_total"].strip()
            area = row["area_km2"].strip()
            yield PopulationArea(
                code=row["code"].strip(),
                population=int(total) if total else None,
                area_km2=float(area) if area else None,
            )


CODE_PATTERN = re.compile(r"^\d{2}(\.\d{2}(\.\d{2}(\.\d{4})?)?)?$")

MISSING_COLUMNS = Msg(
    id="Kolom wajib tidak ada: {columns}. Kolom yang diharapkan: code, level, name, lat, lng.",
    en="Required columns are missing: {columns}. Expected columns: code, level, name, lat, lng.",
)
BAD_CODE = Msg(
    id="Baris {row}, kolom code: kode \u201c{value}\u201d tidak sah.",
    en="Row {row}, column code: \u201c{value}\u201d is not a valid code.",
)
OUTSIDE_PROVINCE = Msg(
    id="Baris {row}, kolom code: kode {value} bukan bagian dari provinsi {province}.",
    en="Row {row}, column code: {value} is not part of province {province}.",
)
BAD_LEVEL = Msg(
    id="Baris {row}, kolom level: \u201c{value}\u201d tidak cocok dengan kode (seharusnya {expected}).",
    en="Row {row}, column level: \u201c{value}\u201d does not fit the code (expected {expected}).",
)
EMPTY_NAME = Msg(id="Baris {row}, kolom name: nama kosong.", en="Row {row}, column name: the name is empty.")
BAD_NUMBER = Msg(
    id="Baris {row}, kolom {column}: \u201c{value}\u201d bukan angka koordinat.",
    en="Row {row}, column {column}: \u201c{value}\u201d is not a coordinate number.",
)
DUPLICATE_CODE = Msg(
    id="Baris {row}, kolom code: kode {value} sudah muncul di baris {first}.",
    en="Row {row}, column code: {value} already appears in row {first}.",
)
NO_ROWS = Msg(id="Berkas tidak berisi satu wilayah pun.", en="The file holds no region.")
TOO_MANY_ERRORS = 50


REGION_LIST_COLUMNS = (
    Column("code", ("code", "kode", "kode wilayah", "kode kemendagri")),
    Column("level", ("level", "tingkat", "jenis")),
    Column("name", ("name", "nama", "nama wilayah")),
    Column("lat", ("lat", "latitude", "lintang"), kind="raw"),
    Column("lng", ("lng", "lon", "longitude", "bujur"), kind="raw"),
)


def parse_region_list(
    data: bytes,
    *,
    province: str | None,
    file_name: str = "regions.csv",
    limits: FileLimits = FileLimits(),  # noqa: B008 -- frozen, so one shared default is safe
) -> tuple[list[OfficialRegion], list[Text]]:
    """Read an official region list (columns code,level,name,lat,lng; csv in any encoding, xlsx, xls or ods, read
    by the one table reader) and check every row.

    Returns the rows and the problems, each naming row and column; callers save nothing when there is any
    problem. Rows are numbered as a spreadsheet shows them (the header is row 1).
    """
    try:
        table = read_table(data, file_name, REGION_LIST_COLUMNS, limits=limits)
    except TableError as error:
        return [], [error.text]
    header = next(iter(table.headers.values()), None)
    missing = [c for c in REGION_COLUMNS if header is None or c not in header.fields]
    if missing:
        return [], [MISSING_COLUMNS(columns=", ".join(missing))]
    rows: list[OfficialRegion] = []
    errors: list[Text] = []
    first_row: dict[str, int] = {}
    for raw in table.rows:
        if len(errors) >= TOO_MANY_ERRORS:
            break
        number = raw.row
        code = raw.get("code", "")
        level = raw.get("level", "")
        name = raw.get("name", "")
        if not CODE_PATTERN.match(code):
            errors.append(BAD_CODE(row=number, value=code))
            continue
        if province and not is_within(code, province):
            errors.append(OUTSIDE_PROVINCE(row=number, value=code, province=province))
            continue
        expected = level_of(code)
        if expected is None or level != expected.value:
            errors.append(BAD_LEVEL(row=number, value=level, expected=expected.value if expected else "?"))
            continue
        if not name:
            errors.append(EMPTY_NAME(row=number))
            continue
        if code in first_row:
            errors.append(DUPLICATE_CODE(row=number, value=code, first=first_row[code]))
            continue
        first_row[code] = number
        coordinates: list[float | None] = []
        for column in ("lat", "lng"):
            try:
                value = number_or_none(raw[column], decimal_point=True)
            except NumberTextError:
                errors.append(BAD_NUMBER(row=number, column=column, value=str(raw[column])))
            else:
                coordinates.append(None if value is None else float(value))
        if len(coordinates) == 2:
            rows.append(OfficialRegion(code, expected, name, coordinates[0], coordinates[1]))
    if not rows and not errors:
        errors.append(NO_ROWS())
    return rows, errors
