"""The guard counts the cells a sheet spans before the reader allocates them: a few KB with one cell far away
must be refused, not abort the process (python-calamine allocates first cell to last cell densely)."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable
from pathlib import Path

from selaras.core.tables import check_table_bytes, read_grids
from selaras.core.tables.guard import SHEET_MOSTLY_EMPTY, SHEET_TOO_WIDE

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"


def _rewritten(name: str, part: str, transform: Callable[[str], str]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(FIXTURES / name) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            zout.writestr(item.filename, transform(data.decode()).encode() if item.filename == part else data)
    return out.getvalue()


def _far_cell(ref: str) -> Callable[[str], str]:
    def transform(xml: str) -> str:
        row = re.sub(r"[A-Z]", "", ref)
        far = f'<row r="{row}"><c r="{ref}" t="inlineStr"><is><t> </t></is></c></row>'
        return xml.replace("</sheetData>", far + "</sheetData>")

    return transform


def test_a_lone_cell_at_the_last_row_and_column_is_refused_before_any_reader_runs() -> None:
    data = _rewritten("survei-sinyal-kukar.xlsx", "xl/worksheets/sheet1.xml", _far_cell("XFD1048576"))
    assert len(data) < 10_000
    assert check_table_bytes(data, "x.xlsx") == SHEET_TOO_WIDE(rows=1048576, columns=16384, limit=8_000_000)


def test_a_span_that_is_almost_all_empty_is_refused() -> None:
    data = _rewritten("survei-sinyal-kukar.xlsx", "xl/worksheets/sheet1.xml", _far_cell("F1000000"))
    refusal = check_table_bytes(data, "x.xlsx")
    assert refusal is not None and refusal.msg == SHEET_MOSTLY_EMPTY
    assert refusal.render("en").startswith("A worksheet of this file spans 1000000 rows x 6 columns but only")


def test_an_ods_with_a_million_repeated_rows_of_spaces_is_refused() -> None:
    rows = (
        '<table:table-row table:number-rows-repeated="1000000"><table:table-cell '
        'table:number-columns-repeated="6" office:value-type="string"><text:p> </text:p></table:table-cell>'
        "</table:table-row>"
    )
    data = _rewritten(
        "survei-sinyal-paser.ods",
        "content.xml",
        lambda xml: xml.replace("</table:table>", rows + "</table:table>", 1),
    )
    refusal = check_table_bytes(data, "x.ods")
    assert refusal is not None and refusal.msg == SHEET_MOSTLY_EMPTY


def test_office_files_and_formatted_empty_rows_pass_and_read() -> None:
    for name in ("survei-sinyal-kukar.xlsx", "survei-sinyal-paser.ods"):
        assert check_table_bytes((FIXTURES / name).read_bytes(), name) is None
    rows = "".join(f'<row r="{n}" s="1" customFormat="1"/>' for n in range(12, 100_012))
    data = _rewritten(
        "survei-sinyal-kukar.xlsx",
        "xl/worksheets/sheet1.xml",
        lambda xml: xml.replace("</sheetData>", rows + "</sheetData>"),
    )
    assert check_table_bytes(data, "x.xlsx") is None
    assert len(read_grids(data, "x.xlsx")[0].rows) == 11
