"""Reading an official nomenclature list (programs, kegiatan, sub kegiatan of urusan 2.16, 2.20, 2.21).

Accepted files: anything the one table reader reads (`selaras.core.tables`: csv in any encoding and delimiter,
xlsx, xls, ods; the first visible sheet holding the columns; the header may sit below title rows), columns
named `code`/`kode` and `name`/`nama`/`uraian` (required), `level` and `tier` (optional: derived from the code
when empty). Codes: program `2.16.03`, kegiatan `2.16.03.2.02`, sub kegiatan `2.16.03.2.02.0024`; the
fourth part is 1 for provincial and 2 for regency/city nomenclature. All or nothing: any error means nothing
is loaded; every error names its row and column.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from selaras.core.i18n import Msg, Text
from selaras.core.tables import Column, FileLimits, Row, TableError, read_table

CODE = re.compile(r"^2\.(16|20|21)\.\d{2}(\.[12]\.\d{2}(\.\d{4})?)?$")
MAX_ENTRIES = 20_000

NOT_READABLE = Msg(
    id="Berkas tidak dapat dibaca: gunakan CSV atau Excel (.xlsx, .xls) atau .ods dengan baris judul.",
    en="The file cannot be read: use CSV or Excel (.xlsx, .xls) or .ods with a header row.",
)
MISSING_COLUMN = Msg(
    id="Kolom '{name}' tidak ada di baris judul (judul yang ada: {found}).",
    en="Column '{name}' is missing from the header row (headers found: {found}).",
)
NO_ENTRIES = Msg(id="Tidak ada baris data.", en="There are no data rows.")
TOO_MANY = Msg(
    id="Terlalu banyak baris ({count}); batasnya {limit}.",
    en="Too many rows ({count}); the limit is {limit}.",
)
BAD_CODE = Msg(
    id="Kode '{value}' tidak sah: gunakan kode urusan 2.16, 2.20 atau 2.21 seperti 2.16.03.2.02.0024.",
    en="Code '{value}' is invalid: use a code of urusan 2.16, 2.20 or 2.21 such as 2.16.03.2.02.0024.",
)
DUPLICATE = Msg(
    id="Kode '{value}' sudah ada di baris {first}.", en="Code '{value}' already appears on row {first}."
)
EMPTY_NAME = Msg(id="Nama wajib diisi.", en="The name is required.")
BAD_LEVEL = Msg(
    id="Level '{value}' tidak cocok dengan kode (seharusnya {expected}).",
    en="Level '{value}' does not fit the code (it should be {expected}).",
)
BAD_TIER = Msg(
    id="Tingkat '{value}' tidak cocok dengan kode (seharusnya {expected}).",
    en="Tier '{value}' does not fit the code (it should be {expected}).",
)
AT = Msg(id="Baris {row}, kolom {column}: {text}", en="Row {row}, column {column}: {text}")


@dataclass(frozen=True)
class NomenclatureEntry:
    code: str
    level: str  # program, kegiatan, sub_kegiatan
    tier: str  # provinsi, kabupaten/kota, semua (program codes serve both tiers)
    name: str

    @property
    def urusan(self) -> str:
        return ".".join(self.code.split(".")[:2])


@dataclass(frozen=True)
class ListError:
    row: int | None
    column: str | None
    text: Text

    def render(self, lang: str = "id") -> str:
        if self.row is None:
            return self.text.render(lang)
        return AT.render(lang, row=self.row, column=self.column or "-", text=self.text.render(lang))


def level_of(code: str) -> str:
    """program (3 parts), kegiatan (5 parts) or sub_kegiatan (6 parts)."""
    parts = code.count(".") + 1
    return {3: "program", 5: "kegiatan", 6: "sub_kegiatan"}.get(parts, "")


def tier_of(code: str) -> str:
    """provinsi when the fourth part is 1, kabupaten/kota when 2, semua for program codes."""
    parts = code.split(".")
    if len(parts) < 4:
        return "semua"
    return "provinsi" if parts[3] == "1" else "kabupaten/kota"


def _normal_tier(value: str) -> str:
    value = value.strip().lower().replace(" ", "")
    return {"kabupaten/kota": "kabupaten/kota", "kabkota": "kabupaten/kota", "provinsi": "provinsi"}.get(
        value, value
    )


COLUMNS = (
    Column("code", ("code", "kode", "kode rekening"), required=True),
    Column("name", ("name", "nama", "uraian", "nomenklatur", "nomenklatur urusan*"), required=True),
    Column("level", ("level",)),
    Column("tier", ("tier", "tingkat")),
)


def read_nomenclature_list(
    data: bytes,
    *,
    file_name: str = "",
    limits: FileLimits = FileLimits(),  # noqa: B008 -- frozen, so one shared default is safe
) -> tuple[list[NomenclatureEntry], list[ListError]]:
    """Parse and check an official list; returns (entries, errors). Never raises on bad input."""
    try:
        table = read_table(data, file_name or "nomenklatur.csv", COLUMNS, limits=limits)
    except TableError as error:
        return [], [ListError(None, None, error.text)]
    header = next(iter(table.headers.values()), None)
    if header is None:
        return [], [ListError(None, None, NOT_READABLE())]
    if header.missing_required:
        found = ", ".join(c.label for c in header.columns)
        return [], [
            ListError(header.first_row, c.field, MISSING_COLUMN(name=c.field, found=found))
            for c in header.missing_required
        ]
    body = [row for row in table.rows if any(v is not None for v in row.values.values())]
    if not body:
        return [], [ListError(None, None, NO_ENTRIES())]
    if len(body) > MAX_ENTRIES:
        return [], [ListError(None, None, TOO_MANY(count=len(body), limit=MAX_ENTRIES))]
    errors: list[ListError] = []
    entries: list[NomenclatureEntry] = []
    first_row: dict[str, int] = {}

    def cell(row: Row, key: str) -> str:
        return str(row.get(key, ""))

    for row in body:
        number = row.row
        code, name = cell(row, "code"), cell(row, "name")
        ok = True
        if not CODE.match(code):
            errors.append(ListError(number, "code", BAD_CODE(value=code)))
            ok = False
        elif code in first_row:
            errors.append(ListError(number, "code", DUPLICATE(value=code, first=first_row[code])))
            ok = False
        if not name:
            errors.append(ListError(number, "name", EMPTY_NAME()))
            ok = False
        if not ok:
            continue
        first_row[code] = number
        level, tier = level_of(code), tier_of(code)
        given_level = cell(row, "level").lower()
        if given_level and given_level.replace(" ", "_") != level:
            errors.append(ListError(number, "level", BAD_LEVEL(value=given_level, expected=level)))
            continue
        given_tier = _normal_tier(cell(row, "tier"))
        if given_tier and tier != "semua" and given_tier != tier:
            errors.append(ListError(number, "tier", BAD_TIER(value=given_tier, expected=tier)))
            continue
        entries.append(NomenclatureEntry(code=code, level=level, tier=tier, name=name))
    return (entries, []) if not errors else ([], errors)
