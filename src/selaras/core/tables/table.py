"""Rows of a declared table, with every problem located (sheet, row, column) and grouped for showing."""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Literal

from selaras.core.i18n import Msg, Text
from selaras.core.numbers import NumberTextError, parse_integer, parse_number, parse_rupiah
from selaras.core.tables.grids import Cell, Grid, TableError, read_grids
from selaras.core.tables.guard import FileLimits
from selaras.core.tables.header import HEADER_SEARCH_ROWS, Column, Header, find_header, header_key

Severity = Literal["error", "warning"]

REQUIRED = Msg(id="Wajib diisi.", en="Required.")
MISSING_COLUMN = Msg(
    id="Kolom '{column}' tidak ditemukan di {rows} baris pertama. Beri judul kolom salah satu dari: {expected}.",
    en="No column '{column}' in the first {rows} rows. Title the column one of: {expected}.",
)
NO_DATA = Msg(id="Berkas '{name}' tidak berisi baris data.", en="File '{name}' holds no data rows.")
TOO_MANY_ROWS = Msg(
    id="Berkas berisi lebih dari {limit} baris data; bagi menjadi beberapa berkas.",
    en="The file holds more than {limit} data rows; split it into several files.",
)
SKIPPED_NUMBERS = Msg(id="Baris nomor kolom ({values}) dilewati.", en="Column-number row ({values}) skipped.")
SKIPPED_NOTE = Msg(
    id="Baris catatan di bawah tabel ('{text}') dilewati.", en="Note row below the table ('{text}') skipped."
)
SHEET_SKIPPED = Msg(
    id="Lembar ini dilewati: kolom {columns} tidak ditemukan.",
    en="This sheet is skipped: no column {columns}.",
)
SKIPPED_HEADER = Msg(id="Judul kolom berulang ({values}) dilewati.", en="Repeated header ({values}) skipped.")
SKIPPED_TOTAL = Msg(id="Baris jumlah '{label}' dilewati.", en="Total row '{label}' skipped.")
LOCATED = Msg(id="{place}: {text}", en="{place}: {text}")
PLACE_SHEET = Msg(id="Lembar '{sheet}'", en="Sheet '{sheet}'")
PLACE_ROW = Msg(id="baris {row}", en="row {row}")
PLACE_COLUMN = Msg(id="kolom {column}", en="column {column}")
_TOTAL_START = re.compile(r"\W*(jumlah|total|sub\s*total|grand\s*total)\b", re.IGNORECASE)
_NUMBERISH = re.compile(
    r"^[\s(\-\u2212]*(rp\.?)?[\s\d.,()%\-\u2212]*(triliun|miliar|milyar|mlyr|mil|juta|jt|ribu|rb|t|m)?\.?[\s,.\-]*$",
    re.IGNORECASE,
)
MORE = Msg(id="... dan {count} lagi", en="... and {count} more")

_NUMBERED = re.compile(r"^[(\[]?(\d{1,3})[)\].]?(\s*[=x*+\-:/].*)?$")
_TOTAL = re.compile(
    r"^(jumlah|total|sub ?total|grand ?total)( (total|keseluruhan|seluruhnya|akhir|umum|program|kegiatan|"
    r"sub ?kegiatan|anggaran|pagu|\d+|[ivx]+|[a-z]))*$"
)


@dataclass(frozen=True)
class Problem:
    """What is wrong where. `row` is the 1-based sheet row (None: the whole file or sheet); `col` the 0-based
    column (None: the whole row); `column` how messages name it ("Pagu (D)"). `text` is the reason without
    the place, so problems of one kind group together."""

    sheet: str
    row: int | None
    column: str
    text: Text
    severity: Severity = "error"
    col: int | None = None

    @property
    def is_error(self) -> bool:
        return self.severity == "error"

    def place(self, lang: str = "id") -> str:
        parts = []
        if self.sheet:
            parts.append(PLACE_SHEET.render(lang, sheet=self.sheet))
        if self.row is not None:
            parts.append(PLACE_ROW.render(lang, row=self.row))
        if self.column:
            parts.append(PLACE_COLUMN.render(lang, column=self.column))
        text = ", ".join(parts)
        return text[:1].upper() + text[1:]

    def render(self, lang: str = "id") -> str:
        """ "Lembar 'Data', baris 5, kolom Pagu (D): '12a' bukan angka." """
        place = self.place(lang)
        return LOCATED.render(lang, place=place, text=self.text) if place else self.text.render(lang)


def file_problem(text: Text, severity: Severity = "error") -> Problem:
    """A problem of the whole file (no sheet, row or column)."""
    return Problem(sheet="", row=None, column="", text=text, severity=severity)


@dataclass(frozen=True)
class ProblemGroup:
    """Problems of one kind (same message, severity and column): how many, and the first few."""

    severity: Severity
    msg: Msg
    column: str
    count: int
    first: tuple[Problem, ...]

    @property
    def rows(self) -> list[int]:
        return [p.row for p in self.first if p.row is not None]

    def render(self, lang: str = "id") -> str:
        """The first problem's message, for a group's heading."""
        return self.first[0].text.render(lang)


def group_problems(problems: Sequence[Problem], first: int = 5) -> list[ProblemGroup]:
    """Problems grouped by severity, message and column, errors first, larger groups first."""
    groups: dict[tuple[str, str, str, str], list[Problem]] = {}
    for problem in problems:
        key = (problem.severity, problem.text.msg.id, problem.text.msg.en, problem.column)
        groups.setdefault(key, []).append(problem)
    result = [
        ProblemGroup(items[0].severity, items[0].text.msg, items[0].column, len(items), tuple(items[:first]))
        for items in groups.values()
    ]
    result.sort(key=lambda g: (g.severity != "error", -g.count))
    return result


@dataclass(frozen=True)
class Row:
    """One data row: its sheet, 1-based row number, values by field (read per the column's kind; None for an
    empty cell or one that could not be read) and the raw cells of the whole row."""

    sheet: str
    row: int
    values: dict[str, Any]
    cells: tuple[Cell, ...]

    def __getitem__(self, field_name: str) -> Any:
        return self.values.get(field_name)

    def get(self, field_name: str, default: Any = None) -> Any:
        value = self.values.get(field_name)
        return default if value is None else value


@dataclass
class Table:
    """What `read_table` read: rows of every sheet that holds the declared columns, each sheet's header, every
    problem (errors and warnings) and the rows skipped on purpose (column numbers, totals) as `skipped`."""

    rows: list[Row]
    headers: dict[str, Header]
    problems: list[Problem] = field(default_factory=list)
    skipped: list[Problem] = field(default_factory=list)
    grids: list[Grid] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if not p.is_error]

    @property
    def ok(self) -> bool:
        return not self.errors

    def problem(self, row: Row, field_name: str | None, text: Text, severity: Severity = "error") -> Problem:
        """A located problem for a caller's own check of `row` (at the column of `field_name`), added to
        `problems` and returned."""
        header = self.headers.get(row.sheet)
        col = header.fields.get(field_name) if header is not None and field_name else None
        column = header.where(col) if header is not None and col is not None else ""
        problem = Problem(row.sheet, row.row, column, text, severity, col)
        self.problems.append(problem)
        return problem


def _text_of(value: object) -> str:
    if value is None:
        return ""
    return str(value).strip()


def is_column_numbers(cells: Sequence[Cell]) -> bool:
    """A row numbering the columns: "(1) (2) (3) ..." or "1 2 3 ...", three or more, counting up by one."""
    values = [v for v in cells if v is not None and _text_of(v)]
    if len(values) < 3:
        return False
    numbers = []
    for value in values:
        if isinstance(value, bool):
            return False
        if isinstance(value, int):
            numbers.append(value)
            continue
        match = _NUMBERED.match(_text_of(value))
        if match is None:
            return False
        numbers.append(int(match.group(1)))
    distinct = [n for i, n in enumerate(numbers) if i == 0 or n != numbers[i - 1]]  # merged cells repeat
    steps = sum(1 for a, b in itertools.pairwise(distinct) if b == a + 1)
    return distinct[0] <= 2 and len(distinct) >= 3 and steps >= 0.8 * (len(distinct) - 1)


def total_label(cells: Sequence[Cell]) -> str | None:
    """The label of a total row ("JUMLAH", "Total", "Jumlah Total", "Sub Total Program"): its text cells (other
    than numbers) are one label, repeated at most by a merge; None for any other row."""
    if not any(isinstance(v, str) and _TOTAL_START.match(v) for v in cells):
        return None  # most rows: no cell even starts like a total label
    texts: list[str] = []
    for value in cells:
        if value is None or isinstance(value, int | float | Decimal | bool):
            continue
        text = _text_of(value)
        if not text or _is_number_text(text):
            continue
        if not texts:
            words = re.sub(r"[^a-z0-9 ]", " ", text.lower())
            if not _TOTAL.match(" ".join(words.split())):
                return None  # the first text is the label, or this is no total row
        if texts and texts[-1] == text:
            continue
        texts.append(text)
        if len(texts) > 2:
            return None
    return texts[0] if texts else None


def _is_number_text(text: str) -> bool:
    if not _NUMBERISH.match(text):
        return text.strip() in ("-", "\u2013")
    try:
        parse_rupiah(text)
    except NumberTextError:
        return text.strip() in ("-", "\u2013")
    return True


def data_rows(
    grid: Grid,
    header: Header,
    skipped: list[Problem] | None = None,
    key_fields: Sequence[str] | None = None,
) -> Iterator[tuple[int, list[Cell]]]:
    """(row number, cells) of every data row below the header: blank rows are passed over (they hold nothing),
    column-number rows and total rows are skipped, and so are note rows below the table (after a blank or a
    total row, a row with none of the `key_fields` filled: "Samarinda, 12 Januari 2025", "KEPALA DINAS",
    "NIP ..."; default: every recognised field). Each skipped row is reported into `skipped` with its row
    number; a row with a key field filled is always data."""
    keys = [header.fields[f] for f in (key_fields or header.fields) if f in header.fields]
    labels = {
        (index, header_key(grid.cell(number, index + 1)))
        for number in range(header.first_row, header.last_row + 1)
        for index in header.fields.values()
        if grid.cell(number, index + 1) is not None
    }
    after_break = False
    for number in range(header.last_row + 1, len(grid.rows) + 1):
        cells = grid.rows[number - 1]
        if all(v is None for v in cells):
            after_break = True
            continue
        if is_column_numbers(cells):
            if skipped is not None:
                shown = " ".join(_text_of(v) for v in cells if v is not None)[:60]
                skipped.append(Problem(grid.name, number, "", SKIPPED_NUMBERS(values=shown), "warning"))
            continue
        if _repeats_header(cells, header, labels):
            if skipped is not None:
                shown = " ".join(_text_of(v) for v in cells if v is not None)[:60]
                skipped.append(Problem(grid.name, number, "", SKIPPED_HEADER(values=shown), "warning"))
            continue
        label = total_label(cells)
        if label is not None:
            if skipped is not None:
                skipped.append(Problem(grid.name, number, "", SKIPPED_TOTAL(label=label[:60]), "warning"))
            after_break = True
            continue
        if after_break and keys and all(cells[i] is None for i in keys if i < len(cells)):
            if skipped is not None:
                shown = " ".join(_text_of(v) for v in cells if v is not None)[:60]
                skipped.append(Problem(grid.name, number, "", SKIPPED_NOTE(text=shown), "warning"))
            continue
        after_break = False
        yield number, cells


def _repeats_header(cells: Sequence[Cell], header: Header, labels: set[tuple[int, str]]) -> bool:
    """A header row repeated in the body (tables pasted page by page): its cells under the recognised columns
    are the header's own labels, two or more of them, and nothing else."""
    filled = [(i, cells[i]) for i in header.fields.values() if i < len(cells) and cells[i] is not None]
    return len(filled) >= 2 and all(isinstance(v, str) and (i, header_key(v)) in labels for i, v in filled)


def read_value(value: Cell | Decimal, column: Column, *, shown_as_percent: bool = False) -> Any:
    """A cell read per its column's kind; raises NumberTextError for a number that cannot be read. Empty cells
    are None. Kinds: text (str), number (Indonesian rules), decimal (either separator: coordinates,
    measurements), integer, percent (the number shown), rupiah (Rp text and scales), raw (the cell).
    `shown_as_percent`: a numeric cell formatted as a percentage reads as the number shown (0.75 -> 75)."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    kind = column.kind
    if (
        shown_as_percent
        and kind not in ("raw", "text")
        and isinstance(value, int | float)
        and value is not True
    ):
        shown = parse_number(value) * 100
        value = shown.quantize(Decimal(1)) if shown == shown.to_integral_value() else shown.normalize()
    if kind == "raw":
        return value
    if kind == "text":
        if isinstance(value, float) and value.is_integer():
            return str(int(value))
        return _text_of(value)
    if kind == "integer":
        return parse_integer(value)
    if kind == "rupiah":
        return parse_rupiah(value)
    return parse_number(value, decimal_point=kind == "decimal")


def _missing(grid: Grid, header: Header, column: Column, search_rows: int, severity: Severity) -> Problem:
    expected = ", ".join(a.rstrip("*") for a in column.aliases)
    text = MISSING_COLUMN(column=column.shown, rows=search_rows, expected=expected)
    return Problem(grid.name, header.first_row, column.shown, text, severity)


def read_table(
    data: bytes,
    filename: str,
    columns: Sequence[Column],
    *,
    sheet: str | None = None,
    mapping: Mapping[str, str] | None = None,
    search_rows: int = HEADER_SEARCH_ROWS,
    include_hidden: bool = False,
    max_rows: int | None = None,
    limits: FileLimits = FileLimits(),  # noqa: B008 -- frozen, so one shared default is safe
    grids: list[Grid] | None = None,
) -> Table:
    """Read the declared columns from every sheet whose header names all required columns (or only `sheet`).

    Every cell of a known column is read per its kind; a cell that cannot be read is an error, an empty cell
    of a required column an error (or a warning for required="warning"). With no sheet holding the required
    columns, the problems name the missing columns on the sheet that came closest. Raises `TableError` when
    the file itself cannot be read. `grids` lets a caller pass sheets it already read."""
    name = filename or "upload"
    grids = grids if grids is not None else read_grids(data, filename, limits=limits)
    candidates = [g for g in grids if (sheet is None and (include_hidden or not g.hidden)) or g.name == sheet]
    table = Table(rows=[], headers={}, grids=grids)
    found: list[tuple[Grid, Header]] = []
    others: list[tuple[Grid, Header]] = []
    closest: tuple[tuple[int, int], Grid, Header] | None = None
    for grid in candidates:
        header = find_header(grid, columns, search_rows, mapping=mapping)
        (found if not header.missing_required and header.fields else others).append((grid, header))
        score = (-len(header.missing_required), len(header.fields))
        if closest is None or score > closest[0]:
            closest = (score, grid, header)
    if not found:
        if closest is None:
            raise TableError(NO_DATA(name=name))
        _, grid, header = closest
        table.problems += [_missing(grid, header, c, search_rows, "error") for c in header.missing_required]
        table.headers[grid.name] = header
        return table
    for grid, header in others:
        if len(header.fields) >= 2:  # looks like the table, but lacks a required column: say so
            shown = ", ".join(c.shown for c in header.missing_required)
            table.skipped.append(Problem(grid.name, None, "", SHEET_SKIPPED(columns=shown), "warning"))
    by_field = {c.field: c for c in columns}
    key_fields = [c.field for c in columns if c.required is True] or None
    for grid, header in found:
        table.headers[grid.name] = header
        table.problems += [
            _missing(grid, header, c, search_rows, "warning")
            for c in header.missing
            if c.required == "warning"
        ]
        for number, cells in data_rows(grid, header, table.skipped, key_fields):
            values: dict[str, Any] = {}
            for field_name, index in header.fields.items():
                column = by_field[field_name]
                raw = cells[index] if index < len(cells) else None
                try:
                    value = read_value(raw, column, shown_as_percent=(number, index + 1) in grid.percent)
                except NumberTextError as error:
                    table.problems.append(
                        Problem(grid.name, number, header.where(index), error.text, col=index)
                    )
                    value = None
                else:
                    if value is None and column.required:
                        severity: Severity = "warning" if column.required == "warning" else "error"
                        table.problems.append(
                            Problem(grid.name, number, header.where(index), REQUIRED(), severity, index)
                        )
                values[field_name] = value
            table.rows.append(Row(grid.name, number, values, tuple(cells)))
            if max_rows is not None and len(table.rows) > max_rows:
                raise TableError(TOO_MANY_ROWS(limit=max_rows))
    if not table.rows and not table.problems:
        table.problems.append(file_problem(NO_DATA(name=name)))
    return table
