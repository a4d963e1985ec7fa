"""What python-calamine does not report (it gives values only), read from the file itself.

Percentages: a cell typed as `75%` in Excel holds 0.75 and shows 75%, and an office means 75. xlsx: the styles
whose number format has a `%` (built-in 9 and 10, or a custom code with an unquoted %), then the cells of each
sheet that use one of them (a pass over the sheet's cell tags, only when such a style exists). ods: cells of
value type `percentage`.

xlsx layout (`xlsx_layout`): per sheet, the formula cells with their formula text (`=SUM(1,2)`; a shared
formula's followers show the first cell's formula), the hidden rows (hidden by hand or by a filter) and the
hidden columns. Each is found with a byte search over the sheet part first (`<f`, `hidden=`), so a sheet
without any costs one scan; only a sheet with formulas is parsed (streaming) to place them.

The guard has refused DOCTYPE/ENTITY declarations in every part before this runs.
"""

from __future__ import annotations

import io
import posixpath
import re
import xml.etree.ElementTree as ElementTree
import zipfile
from dataclasses import dataclass, field

_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PKG = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
_OFFICE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
# A cell's start tag (`<c r="D7" s="3" t="n">`; `<col` and `<cfRule` do not match) and its attributes.
_CELL_TAG = re.compile(rb"<(?:\w+:)?c\s([^>]*)>")
_CELL_TYPE = re.compile(rb"\st=[\"'](\w+)[\"']")
_CELL_REF_ATTR = re.compile(rb"\sr=[\"']([A-Z]{1,3})([0-9]{1,7})[\"']")
_ROW_TAG = re.compile(rb"<(?:\w+:)?row\b([^>]*)>")
_COL_TAG = re.compile(rb"<(?:\w+:)?col\s([^>]*)>")
_FORMULA_TAG = re.compile(rb"<(?:\w+:)?f[\s>/]")
_HIDDEN = re.compile(rb"\shidden=[\"'](?:1|true)[\"']")
_ROW_NUMBER = re.compile(rb"\sr=[\"']([0-9]{1,7})[\"']")
_MIN = re.compile(rb"\smin=[\"']([0-9]{1,5})[\"']")
_MAX = re.compile(rb"\smax=[\"']([0-9]{1,5})[\"']")
_CELL_REF = re.compile(r"^([A-Z]{1,3})([0-9]{1,7})$")
_PERCENT_BUILTIN = {9, 10}
_MAX_COLUMN = 16_384
_MAX_REPEAT = 1_048_576

Cells = set[tuple[int, int]]
Span = tuple[int, int, int, int]


@dataclass
class XlsxLayout:
    """One xlsx sheet's layout beyond its values (1-based rows and columns)."""

    percent: Cells = field(default_factory=set)
    formulas: dict[tuple[int, int], str] = field(default_factory=dict)  # (row, col) -> "=SUM(1,2)"
    hidden_rows: set[int] = field(default_factory=set)
    hidden_columns: set[int] = field(default_factory=set)


def column_number(letters: str) -> int:
    """The 1-based number of a column's letters: A -> 1, AA -> 27."""
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - 64
    return number


def _is_percent_code(code: str) -> bool:
    return "%" in re.sub(r'"[^"]*"|\\.', "", code)


def _parse(archive: zipfile.ZipFile, name: str) -> ElementTree.Element:
    return ElementTree.fromstring(archive.read(name))  # noqa: S314 -- parts checked by the guard first


def xlsx_layout(data: bytes) -> dict[str, XlsxLayout]:
    """Sheet name -> its percent-formatted numeric cells, formula cells, hidden rows and hidden columns, for
    the sheets that have any of them; {} when the file cannot be read this way (calamine reports that)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            percent_styles = _percent_styles(archive) if "xl/styles.xml" in names else set()
            workbook = _parse(archive, "xl/workbook.xml")
            rels = _parse(archive, "xl/_rels/workbook.xml.rels")
            targets = {r.get("Id"): r.get("Target", "") for r in rels.iter(f"{_PKG}Relationship")}
            styled = (
                re.compile(rb"\ss=[\"'](?:" + b"|".join(s.encode() for s in percent_styles) + rb")[\"']")
                if percent_styles
                else None
            )
            found: dict[str, XlsxLayout] = {}
            for sheet in workbook.iter(f"{_MAIN}sheet"):
                target = targets.get(sheet.get(f"{_REL}id"), "")
                path = target.lstrip("/") if target.startswith("/") else posixpath.normpath("xl/" + target)
                if path not in names:
                    continue
                part = archive.read(path)  # size bounded by the guard
                layout = XlsxLayout()
                if styled is not None:
                    layout.percent = _percent_cells(part, styled)
                data_start = max(part.find(b"sheetData"), 0)
                layout.hidden_columns = _hidden_columns(part[:data_start])
                # Plain byte searches first (fast); the regular expressions only where they may match.
                if part.find(b"hidden=", data_start) >= 0:
                    layout.hidden_rows = _hidden_rows(part, data_start)
                if _has_formula(part, data_start):
                    layout.formulas = _formula_cells(part)
                if layout.percent or layout.formulas or layout.hidden_rows or layout.hidden_columns:
                    found[sheet.get("name", "")] = layout
            return found
    except (KeyError, ValueError, OSError, zipfile.BadZipFile, ElementTree.ParseError):
        return {}


def _percent_styles(archive: zipfile.ZipFile) -> set[str]:
    styles = _parse(archive, "xl/styles.xml")
    custom = {int(f.get("numFmtId", "0")): f.get("formatCode", "") for f in styles.iter(f"{_MAIN}numFmt")}
    xfs = styles.find(f"{_MAIN}cellXfs")
    return {
        str(index)
        for index, xf in enumerate(xfs if xfs is not None else [])
        if (number := int(xf.get("numFmtId", "0"))) in _PERCENT_BUILTIN
        or _is_percent_code(custom.get(number, ""))
    }


def _percent_cells(part: bytes, styled: re.Pattern[bytes]) -> Cells:
    cells: Cells = set()
    for tag in _CELL_TAG.finditer(part):
        attributes = b" " + tag.group(1)
        if not styled.search(attributes):
            continue
        kind = _CELL_TYPE.search(attributes)
        reference = _CELL_REF_ATTR.search(attributes)
        if reference and (kind is None or kind.group(1) == b"n"):
            cells.add((int(reference.group(2)), column_number(reference.group(1).decode())))
    return cells


def _has_formula(part: bytes, start: int) -> bool:
    """Whether the sheet data holds an `<f>` element: a formula with text ends in `</f>` (or `</x:f>`), and a
    shared formula's followers (`<f t="shared" si="0"/>`) always come with the first cell's."""
    if part.find(b"</f>", start) >= 0:
        return True
    return part.find(b":f>", start) >= 0 and _FORMULA_TAG.search(part, start) is not None


def _hidden_columns(head: bytes) -> set[int]:
    """Columns of `<col min max hidden="1">` elements (in `<cols>`, before the sheet's data)."""
    hidden: set[int] = set()
    for tag in _COL_TAG.finditer(head):
        attributes = b" " + tag.group(1)
        low, high = _MIN.search(attributes), _MAX.search(attributes)
        if _HIDDEN.search(attributes) and low and high:
            hidden.update(range(int(low.group(1)), min(int(high.group(1)), _MAX_COLUMN) + 1))
    return hidden


def _hidden_rows(part: bytes, start: int) -> set[int]:
    """Rows whose `<row>` says hidden (by hand or by a filter); a row without `r` follows the one before."""
    hidden: set[int] = set()
    number = 0
    for tag in _ROW_TAG.finditer(part, start):
        attributes = b" " + tag.group(1)
        given = _ROW_NUMBER.search(attributes)
        number = int(given.group(1)) if given else number + 1
        if _HIDDEN.search(attributes):
            hidden.add(number)
    return hidden


def _formula_cells(part: bytes) -> dict[tuple[int, int], str]:
    """(row, col) -> "=" + formula of every cell holding a `<f>` (streaming; cells without `r` counted)."""
    found: dict[tuple[int, int], str] = {}
    shared: dict[str, str] = {}
    row = col = 0
    for event, element in ElementTree.iterparse(io.BytesIO(part), events=("start", "end")):  # noqa: S314
        tag = element.tag.rsplit("}", 1)[-1]
        if event == "start":
            if tag == "row":
                given = element.get("r", "")
                row, col = (int(given) if given.isdigit() else row + 1), 0
            elif tag == "c":
                reference = _CELL_REF.match(element.get("r", ""))
                if reference:
                    row, col = int(reference.group(2)), column_number(reference.group(1))
                else:
                    col += 1
            continue
        if tag == "f":
            text = element.text or ""
            index = element.get("si")
            if element.get("t") == "shared" and index is not None:
                text = shared.setdefault(index, text) if text else shared.get(index, "")
            found[(row, col)] = "=" + text
        elif tag == "row":
            element.clear()
    return found


def ods_layout(data: bytes) -> tuple[dict[str, list[Span]], dict[str, Cells]]:
    """What calamine does not report of an ods file, in one pass over content.xml: per sheet name, the merged
    ranges (first row, first column, last row, last column; 1-based) and the cells of value type percentage."""
    merges: dict[str, list[Span]] = {}
    percent: dict[str, Cells] = {}
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive, archive.open("content.xml") as stream:
            sheet, row, col, depth = "", 0, 0, 0
            for event, element in ElementTree.iterparse(stream, events=("start", "end")):  # noqa: S314
                tag = element.tag
                if event == "start":
                    if tag == f"{_TABLE}table":
                        depth += 1
                        if depth == 1:
                            sheet, row = element.get(f"{_TABLE}name", ""), 0
                    elif tag == f"{_TABLE}table-row":
                        col = 0
                    continue
                if tag == f"{_TABLE}table":
                    depth -= 1
                elif depth == 1 and tag == f"{_TABLE}table-row":
                    row += min(int(element.get(f"{_TABLE}number-rows-repeated", "1")), _MAX_REPEAT)
                    element.clear()
                elif depth == 1 and tag in (f"{_TABLE}table-cell", f"{_TABLE}covered-table-cell"):
                    repeat = min(int(element.get(f"{_TABLE}number-columns-repeated", "1")), _MAX_REPEAT)
                    rows = int(element.get(f"{_TABLE}number-rows-spanned", "1"))
                    cols = int(element.get(f"{_TABLE}number-columns-spanned", "1"))
                    if (rows, cols) != (1, 1):
                        merges.setdefault(sheet, []).append((row + 1, col + 1, row + rows, col + cols))
                    if element.get(f"{_OFFICE}value-type") == "percentage":
                        percent.setdefault(sheet, set()).update(
                            (row + 1, col + 1 + i) for i in range(min(repeat, 1024))
                        )
                    col += repeat
    except (KeyError, ValueError, OSError, zipfile.BadZipFile, ElementTree.ParseError):
        return {}, {}
    return merges, percent
