import io
import zipfile

import pytest

from selaras.core.plans.template import build_template
from selaras.core.tables.guard import (
    EMPTY_FILE,
    MACROS,
    NOT_XLSX,
    OLD_XLS,
    TOO_LARGE,
    ZIP_BOMB,
    FileLimits,
    check_xlsx_bytes,
)


def _with_extra_entry(data: bytes, name: str, payload: bytes) -> bytes:
    buffer = io.BytesIO(data)
    with zipfile.ZipFile(buffer, "a", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(name, payload)
    return buffer.getvalue()


def test_it_accepts_the_template() -> None:
    assert check_xlsx_bytes(build_template([2025, 2026], region_code="64.02")) is None


def test_it_refuses_an_empty_file() -> None:
    assert check_xlsx_bytes(b"") == EMPTY_FILE()


def test_it_refuses_a_csv_file() -> None:
    assert check_xlsx_bytes(b"id,kode_wilayah\nA,64.02\n") == NOT_XLSX()


def test_it_refuses_a_zip_that_is_not_a_workbook() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "hello")
    assert check_xlsx_bytes(buffer.getvalue()) == NOT_XLSX()


def test_it_refuses_old_xls_files() -> None:
    assert check_xlsx_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100) == OLD_XLS()


def test_it_refuses_a_file_above_the_size_limit() -> None:
    data = build_template([2025], region_code="64")
    refusal = check_xlsx_bytes(data, FileLimits(max_file_bytes=len(data) - 1))
    assert refusal is not None
    assert refusal.msg == TOO_LARGE


def test_it_refuses_a_zip_bomb_from_its_directory_alone() -> None:
    bomb = _with_extra_entry(
        build_template([2025], region_code="64"), "xl/worksheets/sheet9.xml", b"\0" * 5_000_000
    )
    refusal = check_xlsx_bytes(bomb)
    assert refusal is not None
    assert refusal.msg == ZIP_BOMB


def test_it_refuses_a_workbook_that_unpacks_beyond_the_limit() -> None:
    data = build_template([2025], region_code="64")
    refusal = check_xlsx_bytes(data, FileLimits(max_uncompressed_bytes=1_000))
    assert refusal is not None
    assert refusal.msg == ZIP_BOMB


def test_it_refuses_a_workbook_with_a_vba_project() -> None:
    data = _with_extra_entry(build_template([2025], region_code="64"), "xl/vbaProject.bin", b"macro")
    assert check_xlsx_bytes(data) == MACROS()


def test_it_accepts_printer_settings_which_are_not_code() -> None:
    data = build_template([2025], region_code="64")
    data = _with_extra_entry(data, "xl/printerSettings/printerSettings1.bin", b"\1\2\3")
    assert check_xlsx_bytes(data) is None


LAUGHS = (
    b'<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE lolz [<!ENTITY lol "lololololololololol">'
    + b"".join(
        b'<!ENTITY lol%d "%s">'
        % (n, b"".join(b"&lol%s;" % (str(n - 1).encode() if n > 1 else b"") for _ in range(10)))
        for n in range(1, 10)
    )
    + b']>\n<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>&lol9;</t></si></sst>'
)


def _replace_entry(data: bytes, name: str, payload: bytes) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for entry in source.infolist():
            archive.writestr(entry.filename, payload if entry.filename == name else source.read(entry))
        if name not in source.namelist():
            archive.writestr(name, payload)
    return buffer.getvalue()


def test_it_refuses_a_billion_laughs_workbook_before_any_parser_reads_it() -> None:
    import tracemalloc

    from selaras.core.tables import ENTITIES, TableError, read_grids

    bomb = _replace_entry(build_template([2025], region_code="64"), "xl/sharedStrings.xml", LAUGHS)
    tracemalloc.start()
    with pytest.raises(TableError) as caught:
        read_grids(bomb, "laughs.xlsx")
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()

    assert caught.value.text == ENTITIES()
    assert "DOCTYPE" in caught.value.render("en")
    assert peak < 20 * 1024 * 1024


def test_it_refuses_a_zip_bomb_in_an_ods_from_its_directory_alone() -> None:
    from selaras.core.tables import ZIP_BOMB, check_table_bytes

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", b"<a>" + b" " * 60_000_000 + b"</a>")
    refusal = check_table_bytes(buffer.getvalue(), "bomb.ods")

    assert refusal is not None
    assert refusal.msg == ZIP_BOMB


def test_it_caps_the_size_of_csv_and_xls_files() -> None:
    from selaras.core.tables import check_table_bytes

    limits = FileLimits(max_file_bytes=1000, max_text_bytes=1000)

    csv_refusal = check_table_bytes(b"a;b\n" * 300, "big.csv", limits)
    xls_refusal = check_table_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 2000, "big.xls", limits)

    assert csv_refusal is not None and csv_refusal.msg == TOO_LARGE
    assert xls_refusal is not None and xls_refusal.msg == TOO_LARGE


def test_a_spreadsheet_name_on_text_is_refused_as_not_a_table() -> None:
    from selaras.core.tables import NOT_A_TABLE, check_table_bytes

    refusal = check_table_bytes(b"just text", "plan.xlsx")

    assert refusal is not None and refusal.msg == NOT_A_TABLE


def test_a_lone_cell_far_below_the_table_is_refused_before_any_reader_allocates_it() -> None:
    from openpyxl import Workbook

    from selaras.core.tables import TableError, read_grids
    from selaras.core.tables.guard import SHEET_TOO_WIDE

    book = Workbook()
    book.active.append(["Kode", "Uraian"])
    book.active["XFD1048576"] = "x"
    buffer = io.BytesIO()
    book.save(buffer)

    with pytest.raises(TableError) as caught:
        read_grids(buffer.getvalue(), "jauh.xlsx")

    assert caught.value.text.msg == SHEET_TOO_WIDE
