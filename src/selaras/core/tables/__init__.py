"""The one way Selaras reads tables that people send: csv, xlsx, xls and ods, through one guard.

Shape (everything importable from `selaras.core.tables`):

- `read_grids(data, filename, *, limits=FileLimits()) -> list[Grid]`: every sheet as rows of cell values
  (`Grid.rows[i]` is sheet row i + 1; empty cells None; whole numbers int; merged cells filled from their
  anchor, the ranges kept in `Grid.merged`, ods included; hidden sheets marked `Grid.hidden`; numbers
  formatted as percentages listed in `Grid.percent`, xlsx and ods; xlsx formula cells in `Grid.formulas`,
  hidden rows and columns in `Grid.hidden_rows` / `Grid.hidden_columns`). csv in any encoding
  (BOM, utf-8, else charset-normalizer: cp1252, latin-1, utf-16) and delimiter (, ; tab |). Raises
  `TableError` (bilingual `.text`) when the guard refuses the file or it cannot be read.
- The guard, `check_table_bytes(data, filename, limits) -> Text | None` (and `check_xlsx_bytes` for xlsx
  only): size caps for every format; for xlsx/ods the zip directory (bombs, too many parts, macros) and the
  head of every XML part (DOCTYPE/ENTITY: billion laughs) before any parser runs.
- `Column(field, aliases, kind="text", required=False|True|"warning", title="")` declares a column;
  `find_header(grid, columns, search_rows=20, *, mapping=None) -> Header` finds the header below title rows,
  over up to three rows with merged parents ("Target Kinerja 2025 / Rp"), aliases compared by `header_key`
  (no case, accents, spaces or punctuation; "alias*" is a prefix); `Header.fields` (field -> 0-based
  column), `Header.unknown` (labelled columns no field claimed, for a mapping UI), `Header.missing`.
- `data_rows(grid, header, skipped) -> (row number, cells)...`: passes over blank rows, skips column-number
  rows ("(1) (2) (3)", "1 2 3") and total rows ("JUMLAH", "Total", "Jumlah Total"), reporting each into
  `skipped` with its row number.
- `read_table(data, filename, columns, *, sheet=None, mapping=None, ...) -> Table`: `Table.rows` (`Row`:
  sheet, row, values by field read per the column's kind, raw cells), `Table.headers` by sheet,
  `Table.problems` (`Problem(sheet, row, column, text, severity, col)`), `Table.skipped`;
  `Table.problem(row, field, text, severity)` adds a caller's own located problem. Column kinds: text, number
  (Indonesian rules), decimal (either separator), integer, percent, rupiah, raw (`read_value`); a numeric cell
  formatted as a percentage reads as the number shown (0.75 -> 75).
- Numbers and Rupiah text: `selaras.core.numbers` (parse_number, parse_rupiah, parse_percent, format_number...).
- `group_problems(problems, first=5) -> list[ProblemGroup]` and
  `annotate(data, filename, problems, lang) -> bytes` (the user's file as xlsx, problem cells filled red or
  yellow with a comment, and a sheet listing every problem).
"""

from selaras.core.tables.annotate import annotate
from selaras.core.tables.grids import (
    Cell,
    Grid,
    Merged,
    TableError,
    column_index,
    column_letter,
    decode_text,
    read_grids,
    sniff_delimiter,
)
from selaras.core.tables.guard import (
    EMPTY_FILE,
    ENTITIES,
    NOT_A_TABLE,
    TOO_LARGE,
    ZIP_BOMB,
    FileLimits,
    check_table_bytes,
    check_xlsx_bytes,
    table_kind,
)
from selaras.core.tables.header import Column, Header, HeaderColumn, find_header, header_key
from selaras.core.tables.table import (
    MISSING_COLUMN,
    NO_DATA,
    REQUIRED,
    Problem,
    ProblemGroup,
    Row,
    Severity,
    Table,
    data_rows,
    file_problem,
    group_problems,
    is_column_numbers,
    read_table,
    read_value,
    total_label,
)

__all__ = [
    "EMPTY_FILE",
    "ENTITIES",
    "MISSING_COLUMN",
    "NOT_A_TABLE",
    "NO_DATA",
    "REQUIRED",
    "TOO_LARGE",
    "ZIP_BOMB",
    "Cell",
    "Column",
    "FileLimits",
    "Grid",
    "Header",
    "HeaderColumn",
    "Merged",
    "Problem",
    "ProblemGroup",
    "Row",
    "Severity",
    "Table",
    "TableError",
    "annotate",
    "check_table_bytes",
    "check_xlsx_bytes",
    "column_index",
    "column_letter",
    "data_rows",
    "decode_text",
    "file_problem",
    "find_header",
    "group_problems",
    "header_key",
    "is_column_numbers",
    "read_grids",
    "read_table",
    "read_value",
    "sniff_delimiter",
    "table_kind",
    "total_label",
]
