"""Which numeric cells are formatted as percentages, read from the file itself (python-calamine gives values
only): a cell typed as `75%` in Excel holds 0.75 and shows 75%, and an office means 75.

xlsx: the styles whose number format has a `%` (built-in 9 and 10, or a custom code with an unquoted %), then
the cells of each sheet that use one of them (a streaming pass, only when such a style exists). ods: cells of
value type `percentage`. The guard has refused DOCTYPE/ENTITY declarations in every part before this runs.
"""

from __future__ import annotations

import io
import posixpath
import re
import xml.etree.ElementTree as ElementTree
import zipfile

_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PKG = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
_OFFICE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
# A cell's start tag (`<c r="D7" s="3" t="n">`; `<col` and `<cfRule` do not match) and its attributes.
_CELL_TAG = re.compile(rb"<(?:\w+:)?c\s([^>]*)>")
_CELL_TYPE = re.compile(rb"\st=[\"'](\w+)[\"']")
_CELL_REF_ATTR = re.compile(rb"\sr=[\"']([A-Z]{1,3})([0-9]{1,7})[\"']")
_PERCENT_BUILTIN = {9, 10}
_MAX_REPEAT = 1_048_576

Cells = set[tuple[int, int]]
Span = tuple[int, int, int, int]


def _column_number(letters: str) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - 64
    return number


def _is_percent_code(code: str) -> bool:
    return "%" in re.sub(r'"[^"]*"|\\.', "", code)


def _parse(archive: zipfile.ZipFile, name: str) -> ElementTree.Element:
    return ElementTree.fromstring(archive.read(name))  # noqa: S314 -- parts checked by the guard first


def xlsx_percent_cells(data: bytes) -> dict[str, Cells]:
    """Sheet name -> (row, column), 1-based, of numeric cells formatted as percentages in an xlsx file."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            if "xl/styles.xml" not in names:
                return {}
            styles = _parse(archive, "xl/styles.xml")
            custom = {
                int(f.get("numFmtId", "0")): f.get("formatCode", "") for f in styles.iter(f"{_MAIN}numFmt")
            }
            xfs = styles.find(f"{_MAIN}cellXfs")
            percent_styles = {
                str(index)
                for index, xf in enumerate(xfs if xfs is not None else [])
                if (number := int(xf.get("numFmtId", "0"))) in _PERCENT_BUILTIN
                or _is_percent_code(custom.get(number, ""))
            }
            if not percent_styles:
                return {}
            workbook = _parse(archive, "xl/workbook.xml")
            rels = _parse(archive, "xl/_rels/workbook.xml.rels")
            targets = {r.get("Id"): r.get("Target", "") for r in rels.iter(f"{_PKG}Relationship")}
            found: dict[str, Cells] = {}
            for sheet in workbook.iter(f"{_MAIN}sheet"):
                target = targets.get(sheet.get(f"{_REL}id"), "")
                path = target.lstrip("/") if target.startswith("/") else posixpath.normpath("xl/" + target)
                if path not in names:
                    continue
                cells: Cells = set()
                styled = re.compile(
                    rb"\ss=[\"'](?:" + b"|".join(s.encode() for s in percent_styles) + rb")[\"']"
                )
                for tag in _CELL_TAG.finditer(archive.read(path)):  # size bounded by the guard
                    attributes = b" " + tag.group(1)
                    if not styled.search(attributes):
                        continue
                    kind = _CELL_TYPE.search(attributes)
                    reference = _CELL_REF_ATTR.search(attributes)
                    if reference and (kind is None or kind.group(1) == b"n"):
                        cells.add((int(reference.group(2)), _column_number(reference.group(1).decode())))
                if cells:
                    found[sheet.get("name", "")] = cells
            return found
    except (KeyError, ValueError, OSError, zipfile.BadZipFile, ElementTree.ParseError):
        return {}


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
