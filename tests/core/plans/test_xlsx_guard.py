import io
import zipfile

from selaras.core.plans.template import build_template
from selaras.core.plans.xlsx_guard import (
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
