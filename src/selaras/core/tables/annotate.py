"""The user's own file back, as xlsx, with every problem cell filled (error red, warning yellow) and commented."""

from __future__ import annotations

import io
from collections import defaultdict
from collections.abc import Sequence
from datetime import date, datetime, time, timedelta

from selaras.core.i18n import Msg
from selaras.core.tables.grids import Grid, read_grids
from selaras.core.tables.guard import FileLimits, table_kind
from selaras.core.tables.table import Problem

PROBLEMS_SHEET = Msg(id="Masalah", en="Problems")
HEADINGS = (
    Msg(id="Lembar", en="Sheet"),
    Msg(id="Baris", en="Row"),
    Msg(id="Kolom", en="Column"),
    Msg(id="Jenis", en="Kind"),
    Msg(id="Pesan", en="Message"),
)
ERROR = Msg(id="galat", en="error")
WARNING = Msg(id="peringatan", en="warning")

_RED = "FFC7CE"
_YELLOW = "FFEB9C"
_COMMENT_AUTHOR = "Selaras"


def annotate(
    data: bytes,
    filename: str,
    problems: Sequence[Problem],
    lang: str = "id",
    *,
    limits: FileLimits = FileLimits(),  # noqa: B008 -- frozen, so one shared default is safe
) -> bytes:
    """The file as xlsx with each located problem's cell (or, without a column, the row's first cell) filled and
    commented, plus a sheet listing every problem. An xlsx keeps its own formatting; csv, xls and ods are
    copied cell by cell into a new workbook at the same positions. The file must have passed the guard."""
    from openpyxl import Workbook, load_workbook

    if table_kind(data, filename) == "xlsx":
        book = load_workbook(io.BytesIO(data))
    else:
        book = Workbook()
        book.remove(book.active)
        for grid in read_grids(data, filename, limits=limits):
            _copy(book, grid)
    _mark(book, problems, lang)
    _listing(book, problems, lang)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _copy(book: object, grid: Grid) -> None:
    sheet = book.create_sheet(title=_safe_title(grid.name))  # type: ignore[attr-defined]
    anchors = {(m.first_row, m.first_col) for m in grid.merged}
    inside = {
        (r, c)
        for m in grid.merged
        for r in range(m.first_row, m.last_row + 1)
        for c in range(m.first_col, m.last_col + 1)
    }
    for r, row in enumerate(grid.rows, start=1):
        for c, value in enumerate(row, start=1):
            if value is None or ((r, c) in inside and (r, c) not in anchors):
                continue
            if isinstance(value, timedelta) or not isinstance(
                value, str | int | float | bool | date | datetime | time
            ):
                value = str(value)
            sheet.cell(row=r, column=c, value=value)
    for m in grid.merged:
        sheet.merge_cells(
            start_row=m.first_row, start_column=m.first_col, end_row=m.last_row, end_column=m.last_col
        )
    if grid.hidden:
        sheet.sheet_state = "hidden"


def _safe_title(name: str) -> str:
    cleaned = "".join("_" if ch in "[]:*?/\\" else ch for ch in name)[:31]
    return cleaned or "Sheet"


def _mark(book: object, problems: Sequence[Problem], lang: str) -> None:
    from openpyxl.comments import Comment
    from openpyxl.styles import PatternFill

    fills = {
        s: PatternFill("solid", start_color=c, end_color=c)
        for s, c in (("error", _RED), ("warning", _YELLOW))
    }
    by_cell: dict[tuple[str, int, int], list[Problem]] = defaultdict(list)
    for problem in problems:
        if problem.row is None:
            continue
        by_cell[(problem.sheet, problem.row, (problem.col or 0) + 1)].append(problem)
    sheetnames: list[str] = book.sheetnames  # type: ignore[attr-defined]
    for (sheet_name, row, col), items in by_cell.items():
        if sheet_name in sheetnames:
            title = sheet_name
        elif _safe_title(sheet_name) in sheetnames:
            title = _safe_title(sheet_name)
        elif len(sheetnames) == 1:
            title = sheetnames[0]  # a csv: one sheet, whatever the caller named it
        else:
            continue
        sheet = book[title]  # type: ignore[index]
        cell = sheet.cell(row=row, column=col)
        if type(cell).__name__ == "MergedCell":
            block = next(r for r in sheet.merged_cells.ranges if cell.coordinate in r)
            cell = sheet.cell(row=block.min_row, column=block.min_col)
        severity = "error" if any(p.is_error for p in items) else "warning"
        cell.fill = fills[severity]
        text = "\n".join(p.text.render(lang) for p in items)
        if cell.comment is not None:
            text = f"{cell.comment.text}\n{text}"
        comment = Comment(text[:30000], _COMMENT_AUTHOR)
        comment.width, comment.height = 300, 120
        cell.comment = comment


def _listing(book: object, problems: Sequence[Problem], lang: str) -> None:
    title = PROBLEMS_SHEET.render(lang)
    if title in book.sheetnames:  # type: ignore[attr-defined]
        title = f"{title} (Selaras)"
    sheet = book.create_sheet(title=title, index=0)  # type: ignore[attr-defined]
    sheet.append([h.render(lang) for h in HEADINGS])
    for problem in problems:
        sheet.append(
            [
                problem.sheet,
                problem.row,
                problem.column,
                (ERROR if problem.is_error else WARNING).render(lang),
                problem.text.render(lang),
            ]
        )
    sheet.column_dimensions["E"].width = 90
    book.active = 0  # type: ignore[attr-defined]
