"""Read the planner's input layers from uploaded files: fiber nodes (csv, xlsx or GeoJSON points) and the number
of schools and health posts per village (csv or xlsx, by region code).

The whole file is checked before anything is returned: every problem is collected, each naming its row (or
GeoJSON feature) and column, in Indonesian and English, and a file with any problem raises `InputFileError`, so
the caller saves all of it or nothing. Headers are matched in their common variants ("Nama", "name", "Lintang",
"lat", "Bujur", "lon", "Kode Wilayah", "kode", "Jumlah Sekolah", ...) in any case and punctuation; the header
row may sit below a few title rows. Tables are read by the one table reader (`selaras.core.tables`: csv in any
encoding and delimiter, xlsx, xls, ods, behind its guard) and numbers by `selaras.core.numbers`. Whether a
village code exists is for the caller to check (it needs the database); `FacilityRow.row` lets it name the row.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from selaras.core.i18n import Msg, Text
from selaras.core.numbers import NumberTextError, parse_integer, parse_number
from selaras.core.tables import (
    Column,
    FileLimits,
    TableError,
    data_rows,
    find_header,
    header_key,
    read_grids,
    table_kind,
)

HEADER_SEARCH_ROWS = 20
MAX_ROWS = 50_000
MAX_PROBLEMS_SHOWN = 20
# Indonesia, with a margin: a coordinate outside is almost always swapped or mistyped.
INDONESIA_LAT = (-11.5, 6.5)
INDONESIA_LNG = (94.0, 141.5)

UNSUPPORTED = Msg(
    id="Berkas '{name}' bukan csv, xlsx, xls, ods atau GeoJSON.",
    en="File '{name}' is not csv, xlsx, xls, ods or GeoJSON.",
)
UNSUPPORTED_TABLE = Msg(
    id="Berkas '{name}' bukan csv, xlsx, xls atau ods. Simpan ulang sebagai .xlsx atau .csv.",
    en="File '{name}' is not csv, xlsx, xls or ods. Save it again as .xlsx or .csv.",
)
EMPTY = Msg(id="Berkas '{name}' tidak berisi baris data.", en="File '{name}' holds no data rows.")
TOO_MANY_ROWS = Msg(
    id="Berkas berisi lebih dari {limit} baris; bagi menjadi beberapa berkas.",
    en="The file holds more than {limit} rows; split it into several files.",
)
NO_HEADER = Msg(
    id="Baris {row}: kolom '{column}' tidak ditemukan di {rows} baris pertama. Beri judul kolom salah satu "
    "dari: {expected}.",
    en="Row {row}: no column '{column}' in the first {rows} rows. Title the column one of: {expected}.",
)
REQUIRED = Msg(id="Baris {row}, kolom '{column}': wajib diisi.", en="Row {row}, column '{column}': required.")
NOT_A_NUMBER = Msg(
    id="Baris {row}, kolom '{column}': '{value}' bukan angka.",
    en="Row {row}, column '{column}': '{value}' is not a number.",
)
OUT_OF_RANGE = Msg(
    id="Baris {row}, kolom '{column}': {value} di luar Indonesia ({low} sampai {high}); apakah lintang dan "
    "bujur tertukar?",
    en="Row {row}, column '{column}': {value} lies outside Indonesia ({low} to {high}); are latitude and "
    "longitude swapped?",
)
NOT_A_COUNT = Msg(
    id="Baris {row}, kolom '{column}': '{value}' bukan bilangan bulat 0 atau lebih.",
    en="Row {row}, column '{column}': '{value}' is not a whole number, 0 or more.",
)
BAD_CODE = Msg(
    id="Baris {row}, kolom '{column}': '{value}' bukan kode desa/kelurahan (contoh 64.01.01.2001).",
    en="Row {row}, column '{column}': '{value}' is not a village code (for example 64.01.01.2001).",
)
DUPLICATE_NODE = Msg(
    id="Baris {row}, kolom '{column}': titik yang sama sudah ada di baris {first}.",
    en="Row {row}, column '{column}': the same point is already in row {first}.",
)
DUPLICATE_CODE = Msg(
    id="Baris {row}, kolom '{column}': kode {value} sudah ada di baris {first}.",
    en="Row {row}, column '{column}': code {value} is already in row {first}.",
)
NOT_GEOJSON = Msg(
    id="Berkas '{name}' bukan GeoJSON FeatureCollection: {reason}.",
    en="File '{name}' is not a GeoJSON FeatureCollection: {reason}.",
)
NOT_A_POINT = Msg(
    id="Fitur {row}, kolom 'geometry': harus Point dengan koordinat [bujur, lintang].",
    en="Feature {row}, column 'geometry': must be a Point with coordinates [longitude, latitude].",
)
MORE_PROBLEMS = Msg(id="... dan {count} masalah lain.", en="... and {count} more problems.")

FIBER_HEADERS: dict[str, tuple[str, ...]] = {
    "name": ("nama", "name", "namanode", "namasimpul", "node", "simpul", "namatitik", "titik", "label"),
    "lat": ("lat", "latitude", "lintang", "y"),
    "lng": ("lng", "lon", "long", "longitude", "bujur", "x"),
    "operator": ("operator", "penyelenggara", "pemilik", "owner", "provider"),
}
FACILITY_HEADERS: dict[str, tuple[str, ...]] = {
    "code": ("kodewilayah", "kode", "kodedesa", "kodekemendagri", "code", "regioncode", "villagecode"),
    "name": ("nama", "namadesa", "desa", "desakelurahan", "name", "village", "namawilayah"),
    "schools": ("sekolah", "jumlahsekolah", "jmlsekolah", "schools", "school", "numberofschools"),
    "health_posts": (
        "faskes",
        "jumlahfaskes",
        "fasilitaskesehatan",
        "jumlahfasilitaskesehatan",
        "poskesehatan",
        "jumlahposkesehatan",
        "puskesmaspustu",
        "healthposts",
        "healthpost",
        "healthfacilities",
    ),
}
# The column titles shown in messages and written to the templates.
FIBER_COLUMNS = ("nama", "lat", "lng", "operator")
FACILITY_COLUMNS = ("kode_wilayah", "nama", "sekolah", "faskes")
_TITLES = {
    "name": "nama",
    "lat": "lat",
    "lng": "lng",
    "operator": "operator",
    "code": "kode_wilayah",
    "schools": "sekolah",
    "health_posts": "faskes",
}
_VILLAGE_CODE = re.compile(r"^\d{2}\.\d{2}\.\d{2}\.\d{4}$")


class InputFileError(ValueError):
    """The file cannot be used; `problems` says why, each naming its row and column."""

    def __init__(self, problems: Sequence[Text]) -> None:
        shown = list(problems[:MAX_PROBLEMS_SHOWN])
        if len(problems) > MAX_PROBLEMS_SHOWN:
            shown.append(MORE_PROBLEMS(count=len(problems) - MAX_PROBLEMS_SHOWN))
        self.problems: tuple[Text, ...] = tuple(shown)
        super().__init__("; ".join(str(p) for p in self.problems))

    def render(self, lang: str = "id") -> list[str]:
        return [p.render(lang) for p in self.problems]


@dataclass(frozen=True)
class NodeRow:
    row: int
    name: str
    lat: float
    lng: float
    operator: str = ""


@dataclass(frozen=True)
class FacilityRow:
    row: int
    code: str
    name: str
    schools: int
    health_posts: int


def _columns(headers: dict[str, tuple[str, ...]], required: Sequence[str]) -> list[Column]:
    return [Column(f, aliases, "raw", f in required, _TITLES.get(f, f)) for f, aliases in headers.items()]


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


_TABLE_SUFFIXES = (".csv", ".txt", ".tsv", ".xlsx", ".xlsm", ".xls", ".ods")


def _is_table(data: bytes, file_name: str) -> bool:
    return file_name.lower().endswith(_TABLE_SUFFIXES) or table_kind(data, file_name) in (
        "xlsx",
        "xls",
        "ods",
    )


def _table(
    data: bytes,
    file_name: str,
    headers: dict[str, tuple[str, ...]],
    required: Sequence[str],
    limits: FileLimits,
) -> tuple[dict[str, int], list[tuple[int, list[Any]]]]:
    """The column of each known header and the data rows (with their 1-based row numbers), from the first sheet
    that names the required columns (csv, xlsx, xls or ods)."""
    name = file_name or "upload"
    if not data.strip():
        raise InputFileError([EMPTY(name=name)])
    try:
        grids = [g for g in read_grids(data, name, limits=limits) if not g.hidden]
    except TableError as error:
        raise InputFileError([error.text]) from error
    columns = _columns(headers, required)
    found = [find_header(grid, columns, HEADER_SEARCH_ROWS) for grid in grids]
    if not found:
        raise InputFileError([EMPTY(name=name)])
    best = min(range(len(found)), key=lambda i: (len(found[i].missing_required), i))
    header = found[best]
    if header.missing_required:
        raise InputFileError(
            [
                NO_HEADER(
                    row=header.first_row,
                    column=c.shown,
                    rows=HEADER_SEARCH_ROWS,
                    expected=", ".join(c.aliases),
                )
                for c in header.missing_required
            ]
        )
    body = list(data_rows(grids[best], header))
    if not body:
        raise InputFileError([EMPTY(name=name)])
    if len(body) > MAX_ROWS:
        raise InputFileError([TOO_MANY_ROWS(limit=MAX_ROWS)])
    return header.fields, body


def _get(row: list[Any], columns: dict[str, int], field: str) -> Any:
    column = columns.get(field)
    return row[column] if column is not None and column < len(row) else None


def _coordinate(
    value: Any, *, row: int, column: str, bounds: tuple[float, float], problems: list[Text]
) -> float:
    text = _cell(value)
    if not text:
        problems.append(REQUIRED(row=row, column=column))
        return math.nan
    try:
        number = float(parse_number(value, decimal_point=True))
    except NumberTextError:
        number = math.nan
    if not math.isfinite(number):
        problems.append(NOT_A_NUMBER(row=row, column=column, value=text[:40]))
        return math.nan
    low, high = bounds
    if not low <= number <= high:
        problems.append(OUT_OF_RANGE(row=row, column=column, value=number, low=low, high=high))
        return math.nan
    return number


def _node_checked(
    *,
    row: int,
    name: Any,
    lat: Any,
    lng: Any,
    operator: Any,
    seen: dict[tuple[float, float], int],
    problems: list[Text],
    lat_column: str = "lat",
    lng_column: str = "lng",
) -> NodeRow | None:
    before = len(problems)
    title = _cell(name)
    if not title:
        problems.append(REQUIRED(row=row, column="nama"))
    lat_v = _coordinate(lat, row=row, column=lat_column, bounds=INDONESIA_LAT, problems=problems)
    lng_v = _coordinate(lng, row=row, column=lng_column, bounds=INDONESIA_LNG, problems=problems)
    if len(problems) > before:
        return None
    point = (round(lat_v, 6), round(lng_v, 6))
    if point in seen:
        problems.append(DUPLICATE_NODE(row=row, column=f"{lat_column}, {lng_column}", first=seen[point]))
        return None
    seen[point] = row
    return NodeRow(row=row, name=title[:200], lat=lat_v, lng=lng_v, operator=_cell(operator)[:200])


def _is_geojson(data: bytes, file_name: str) -> bool:
    return file_name.lower().endswith((".geojson", ".json")) or data.lstrip()[:1] == b"{"


def _read_geojson(data: bytes, name: str) -> list[NodeRow]:
    try:
        document = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError) as error:
        raise InputFileError([NOT_GEOJSON(name=name, reason=type(error).__name__)]) from error
    features = document.get("features") if isinstance(document, dict) else None
    if not isinstance(features, list):
        raise InputFileError([NOT_GEOJSON(name=name, reason="features")])
    if not features:
        raise InputFileError([EMPTY(name=name)])
    if len(features) > MAX_ROWS:
        raise InputFileError([TOO_MANY_ROWS(limit=MAX_ROWS)])
    problems: list[Text] = []
    seen: dict[tuple[float, float], int] = {}
    nodes: list[NodeRow] = []
    for number, feature in enumerate(features, start=1):
        geometry = feature.get("geometry") if isinstance(feature, dict) else None
        coordinates = geometry.get("coordinates") if isinstance(geometry, dict) else None
        if (
            not isinstance(geometry, dict)
            or geometry.get("type") != "Point"
            or not isinstance(coordinates, list)
            or len(coordinates) < 2
        ):
            problems.append(NOT_A_POINT(row=number))
            continue
        properties = feature.get("properties") or {}
        if not isinstance(properties, dict):
            properties = {}
        keyed = {header_key(k): v for k, v in properties.items()}
        title = next((keyed[k] for k in FIBER_HEADERS["name"] if _cell(keyed.get(k))), None)
        operator = next((keyed[k] for k in FIBER_HEADERS["operator"] if _cell(keyed.get(k))), None)
        node = _node_checked(
            row=number,
            name=title,
            lat=coordinates[1],
            lng=coordinates[0],
            operator=operator,
            seen=seen,
            problems=problems,
            lat_column="coordinates[1]",
            lng_column="coordinates[0]",
        )
        if node is not None:
            nodes.append(node)
    if problems:
        raise InputFileError(problems)
    return nodes


def read_fiber_nodes(
    data: bytes,
    file_name: str,
    limits: FileLimits = FileLimits(),  # noqa: B008 -- frozen, so one shared default is safe
) -> list[NodeRow]:
    """Fiber nodes from csv/xlsx (columns nama, lat, lng, optional operator) or GeoJSON Point features
    (properties nama/name and operator). Raises `InputFileError` naming every bad row and column."""
    name = file_name or "upload"
    if not _is_table(data, file_name) and _is_geojson(data, file_name):
        return _read_geojson(data, name)
    if file_name and not file_name.lower().endswith(_TABLE_SUFFIXES):
        raise InputFileError([UNSUPPORTED(name=name)])
    columns, body = _table(data, file_name, FIBER_HEADERS, ("name", "lat", "lng"), limits)
    problems: list[Text] = []
    seen: dict[tuple[float, float], int] = {}
    nodes = []
    for number, row in body:
        node = _node_checked(
            row=number,
            name=_get(row, columns, "name"),
            lat=_get(row, columns, "lat"),
            lng=_get(row, columns, "lng"),
            operator=_get(row, columns, "operator"),
            seen=seen,
            problems=problems,
        )
        if node is not None:
            nodes.append(node)
    if problems:
        raise InputFileError(problems)
    return nodes


def village_code(value: Any) -> str | None:
    """`64.01.01.2001` as written, or from its ten digits without dots; None when it is neither."""
    text = _cell(value).replace(" ", "")
    if re.fullmatch(r"\d{10}", text):
        text = f"{text[:2]}.{text[2:4]}.{text[4:6]}.{text[6:]}"
    return text if _VILLAGE_CODE.match(text) else None


def _count(value: Any, *, row: int, column: str, problems: list[Text]) -> int:
    text = _cell(value)
    if not text:
        return 0  # an empty cell is none
    try:
        count = parse_integer(value)
    except NumberTextError:
        count = -1
    if 0 <= count < 1_000_000:
        return count
    problems.append(NOT_A_COUNT(row=row, column=column, value=text[:40]))
    return 0


def village_code_checked(raw: Any, *, row: int, seen: dict[str, int], problems: list[Text]) -> str | None:
    """The row's official village code (column kode_wilayah), with a problem added when it is empty, malformed
    or a repeat of an earlier row (`seen`: code -> first row); None when there is no valid code."""
    code = village_code(raw)
    if not _cell(raw):
        problems.append(REQUIRED(row=row, column="kode_wilayah"))
    elif code is None:
        problems.append(BAD_CODE(row=row, column="kode_wilayah", value=_cell(raw)[:40]))
    elif code in seen:
        problems.append(DUPLICATE_CODE(row=row, column="kode_wilayah", value=code, first=seen[code]))
    return code


def read_facility_counts(
    data: bytes,
    file_name: str,
    limits: FileLimits = FileLimits(),  # noqa: B008 -- frozen, so one shared default is safe
) -> list[FacilityRow]:
    """Schools and health posts per village from csv/xlsx (columns kode_wilayah, optional nama, sekolah,
    faskes; an empty count is 0). Raises `InputFileError` naming every bad row and column."""
    if file_name and not file_name.lower().endswith(_TABLE_SUFFIXES):
        raise InputFileError([UNSUPPORTED_TABLE(name=file_name)])
    columns, body = _table(data, file_name, FACILITY_HEADERS, ("code", "schools", "health_posts"), limits)
    problems: list[Text] = []
    seen: dict[str, int] = {}
    rows = []
    for number, row in body:
        before = len(problems)
        code = village_code_checked(_get(row, columns, "code"), row=number, seen=seen, problems=problems)
        schools = _count(_get(row, columns, "schools"), row=number, column="sekolah", problems=problems)
        posts = _count(_get(row, columns, "health_posts"), row=number, column="faskes", problems=problems)
        if len(problems) > before or code is None:
            continue
        seen[code] = number
        rows.append(
            FacilityRow(
                row=number,
                code=code,
                name=_cell(_get(row, columns, "name"))[:200],
                schools=schools,
                health_posts=posts,
            )
        )
    if problems:
        raise InputFileError(problems)
    return rows
