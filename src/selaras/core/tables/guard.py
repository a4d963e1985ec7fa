"""The guard in front of every table file: checks an upload is a plain, reasonably sized csv, xlsx, xls or ods
before any parser reads it.

For the zip formats (xlsx, ods) the checks read the zip directory: a zip bomb is refused from the sizes its
directory declares, before anything is inflated. Python's zipfile never inflates an entry past its declared
size, so a directory that lies cannot make a parser inflate more than was checked here. The head of every XML
part is then read (a few KB each) and a document type declaration is refused: spreadsheets never need one, and
entity definitions are how a "billion laughs" file explodes in memory. xls and csv are capped by size.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass

from selaras.core.i18n import Msg, Text

# Generous for a 20,000-row plan (a 10,000-row one is about 1.3 MB packed, 11 MB unpacked) and small for a
# server: openpyxl holds every cell in memory, so the unpacked size bounds its memory and time.
DEFAULT_MAX_FILE_BYTES = 10 * 1024 * 1024
DEFAULT_MAX_UNCOMPRESSED_BYTES = 50 * 1024 * 1024
DEFAULT_MAX_RATIO = 200  # real xlsx sheets compress 5-30 times; bombs compress thousands of times
DEFAULT_MAX_ENTRIES = 500
DEFAULT_MAX_ROWS = 100_000  # rows with content per sheet; the national region list has about 91,000
DEFAULT_MAX_TEXT_BYTES = 20 * 1024 * 1024  # csv: 80,000 rows of a wide table is about 15 MB
_XML_HEAD_BYTES = 4096
# The most cells a file may unpack to (all sheets): 80,000 rows of 60 columns, with room. The reader allocates
# every sheet as a dense block from its first to its last filled cell, so a lone cell at XFD1048576 in a 5 KB
# file would ask for 17 billion cells (the process aborts): `_sheet_extent_refusal` counts before it reads.
MAX_CELLS = 8_000_000
_RATIO_FLOOR_BYTES = 1024 * 1024

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # old .xls and encrypted (password-protected) xlsx
_MACRO_CONTENT_TYPES = (b"macroEnabled", b"vbaProject", b"application/vnd.ms-office.activeX")

EMPTY_FILE = Msg(id="Berkas kosong.", en="The file is empty.")
TOO_LARGE = Msg(
    id="Berkas terlalu besar: {size_mb} MB, batasnya {limit_mb} MB.",
    en="The file is too large: {size_mb} MB, the limit is {limit_mb} MB.",
)
OLD_XLS = Msg(
    id=(
        "Berkas ini format Excel lama (.xls) atau dilindungi kata sandi; simpan ulang sebagai .xlsx tanpa "
        "kata sandi."
    ),
    en="This file is old Excel (.xls) or password-protected; save it again as .xlsx without a password.",
)
NOT_XLSX = Msg(
    id="Berkas ini bukan Excel .xlsx; unduh templat dan simpan sebagai .xlsx.",
    en="This file is not an Excel .xlsx file; download the template and save it as .xlsx.",
)
ZIP_BOMB = Msg(
    id=(
        "Isi berkas terlalu besar setelah dibuka ({size_mb} MB, rasio {ratio}x); berkas ditolak demi "
        "keamanan."
    ),
    en="The file unpacks to too much data ({size_mb} MB, ratio {ratio}x); it is refused for safety.",
)
TOO_MANY_PARTS = Msg(
    id="Berkas berisi terlalu banyak bagian ({count}); batasnya {limit}.",
    en="The file holds too many parts ({count}); the limit is {limit}.",
)
NOT_A_TABLE = Msg(
    id="Berkas '{name}' bukan tabel yang dapat dibaca (csv, xlsx, xls atau ods).",
    en="File '{name}' is not a table that can be read (csv, xlsx, xls or ods).",
)
NOT_ODS = Msg(
    id="Berkas ini bukan lembar kerja OpenDocument .ods yang utuh; simpan ulang sebagai .ods atau .xlsx.",
    en="This file is not a whole OpenDocument .ods spreadsheet; save it again as .ods or .xlsx.",
)
ENTITIES = Msg(
    id="Berkas berisi deklarasi XML (DOCTYPE/ENTITY) yang tidak dipakai lembar kerja biasa; berkas ditolak "
    "demi keamanan.",
    en="The file contains XML declarations (DOCTYPE/ENTITY) that plain spreadsheets never use; it is refused "
    "for safety.",
)
SHEET_TOO_WIDE = Msg(
    id=(
        "Lembar kerja dalam berkas ini membentang {rows} baris x {columns} kolom (sel kosong yang diisi spasi "
        "atau format ikut terhitung); batasnya {limit} sel. Hapus baris dan kolom kosong di bawah dan di kanan "
        "tabel, lalu simpan ulang."
    ),
    en=(
        "A worksheet of this file spans {rows} rows x {columns} columns (cells holding only spaces or formats "
        "count too); the limit is {limit} cells. Delete the empty rows and columns below and right of the "
        "table, then save it again."
    ),
)
SHEET_MOSTLY_EMPTY = Msg(
    id=(
        "Lembar kerja dalam berkas ini membentang {rows} baris x {columns} kolom, tetapi hanya {cells} sel "
        "yang terisi. Hapus baris dan kolom kosong di bawah dan di kanan tabel, lalu simpan ulang."
    ),
    en=(
        "A worksheet of this file spans {rows} rows x {columns} columns but only {cells} cells are filled. "
        "Delete the empty rows and columns below and right of the table, then save it again."
    ),
)
MACROS = Msg(
    id="Berkas berisi makro atau kontrol aktif (.xlsm); simpan sebagai .xlsx biasa tanpa makro.",
    en="The file contains macros or active controls (.xlsm); save it as a plain .xlsx without macros.",
)


@dataclass(frozen=True)
class FileLimits:
    """Upper bounds for an upload, in bytes (packed and unpacked), compression ratio, zip entries and rows."""

    max_file_bytes: int = DEFAULT_MAX_FILE_BYTES
    max_uncompressed_bytes: int = DEFAULT_MAX_UNCOMPRESSED_BYTES
    max_ratio: int = DEFAULT_MAX_RATIO
    max_entries: int = DEFAULT_MAX_ENTRIES
    max_text_bytes: int = DEFAULT_MAX_TEXT_BYTES
    max_rows: int = DEFAULT_MAX_ROWS  # rows with content per sheet (read_grids); settings.IMPORT_MAX_ROWS


def _mb(size: int) -> str:
    return f"{size / 1024 / 1024:.1f}"


def check_xlsx_bytes(data: bytes, limits: FileLimits = FileLimits()) -> Text | None:
    """Return why `data` must not be opened as a workbook, or None when it looks like a safe plain xlsx."""
    if not data:
        return EMPTY_FILE()
    if len(data) > limits.max_file_bytes:
        return TOO_LARGE(size_mb=_mb(len(data)), limit_mb=_mb(limits.max_file_bytes))
    if data.startswith(_OLE_MAGIC):
        return OLD_XLS()
    return _check_zip(data, limits, kind="xlsx")


def _check_zip(data: bytes, limits: FileLimits, *, kind: str) -> Text | None:
    not_this = NOT_XLSX if kind == "xlsx" else NOT_ODS
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except Exception:  # BadZipFile, OSError, ValueError...: a damaged file, never a 500
        return not_this()
    with archive:
        entries = archive.infolist()
        names = {entry.filename for entry in entries}
        if kind == "xlsx" and ("[Content_Types].xml" not in names or "xl/workbook.xml" not in names):
            return NOT_XLSX()
        if kind == "ods" and "content.xml" not in names:
            return NOT_ODS()
        if len(entries) > limits.max_entries:
            return TOO_MANY_PARTS(count=len(entries), limit=limits.max_entries)
        unpacked = sum(entry.file_size for entry in entries)
        packed = sum(entry.compress_size for entry in entries)
        ratio = unpacked // max(packed, 1)
        # Small parts (styles, empty sheets) legitimately compress hundreds of times; only big ones matter.
        worst_entry = max(
            (e.file_size // max(e.compress_size, 1) for e in entries if e.file_size > _RATIO_FLOOR_BYTES),
            default=0,
        )
        if unpacked > limits.max_uncompressed_bytes or max(ratio, worst_entry) > limits.max_ratio:
            return ZIP_BOMB(size_mb=_mb(unpacked), ratio=max(ratio, worst_entry))
        lowered = [name.lower() for name in names]
        # printerSettings*.bin is harmless and common; VBA projects and ActiveX controls are code.
        if any("vbaproject" in name or name.startswith(("xl/activex/", "basic/")) for name in lowered):
            return MACROS()
        try:
            if kind == "xlsx":
                content_types = archive.read("[Content_Types].xml")
                if any(marker in content_types for marker in _MACRO_CONTENT_TYPES):
                    return MACROS()
            for entry in entries:
                if entry.filename.lower().endswith((".xml", ".rels", ".vml")) and _declares_doctype(
                    archive, entry
                ):
                    return ENTITIES()
            extent = _sheet_extent_refusal(archive, kind)
        except Exception:  # zlib.error, BadZipFile, NotImplementedError...: a damaged file, never a 500
            return not_this()
        if extent is not None:
            return extent
    return None


_CHUNK_BYTES = 1 << 20
# A span of more cells than this that is less than 1/_SPARSE_RATIO filled is refused as mostly empty.
_SPARSE_FLOOR_CELLS = 1_000_000
_SPARSE_RATIO = 20
# Cell references (`r="AB12"`; rows carry only digits, ranges use other attribute names). The literal start is
# what makes the scan fast on a 50 MB sheet; other quoting or spacing takes the general pattern.
_XLSX_REF_LETTERS = re.compile(rb' r="([A-Z]{1,3})[0-9]')
_XLSX_REF_ROWS = re.compile(rb' r="[A-Z]{1,3}([0-9]{1,7})"')
_XLSX_REF_ANY = re.compile(rb"\sr=[\"']([A-Z]{1,3})([0-9]{1,7})[\"']")
_XLSX_ROW = re.compile(rb"<(?:\w+:)?row\b[^>]*?\sr=[\"']([0-9]{1,7})[\"'][^>]*>\s*<(?:\w+:)?c\b")
_XLSX_CELL = re.compile(rb"<(?:\w+:)?c[\s>/]")
_ODS_ROW = re.compile(
    rb"<table:table-row\b([^>]*?)(/?)>(.*?)(?:</table:table-row>|(?=<table:table-row\b))", re.S
)
_ODS_CELL = re.compile(
    rb"<table:(?:covered-)?table-cell\b([^>]*?)(/>|>(.*?)</table:(?:covered-)?table-cell>)", re.S
)
_ODS_TAG = re.compile(rb"<[^>]*>")
_ODS_ROWS_REPEATED = re.compile(rb"number-rows-repeated=[\"']([0-9]+)[\"']")
_ODS_COLUMNS_REPEATED = re.compile(rb"number-columns-repeated=[\"']([0-9]+)[\"']")


def _column_number(letters: bytes) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + letter - 64
    return number


def _sheet_extent_refusal(archive: zipfile.ZipFile, kind: str) -> Text | None:
    """Refuse a sheet whose filled cells span more than MAX_CELLS, or a large span that is almost all empty (a
    stray cell far below the table), before any reader allocates them."""
    if kind == "xlsx":
        parts = [e for e in archive.infolist() if e.filename.lower().startswith("xl/worksheets/")]
        extents = [_xlsx_extent(archive, entry) for entry in parts]
    else:
        extents = [_ods_extent(archive.read("content.xml"))]
    for rows, columns, cells in extents:
        if rows * columns > MAX_CELLS:
            return SHEET_TOO_WIDE(rows=rows, columns=columns, limit=MAX_CELLS)
        if rows * columns > _SPARSE_FLOOR_CELLS and cells * _SPARSE_RATIO < rows * columns:
            return SHEET_MOSTLY_EMPTY(rows=rows, columns=columns, cells=cells)
    return None


def _xlsx_extent(archive: zipfile.ZipFile, entry: zipfile.ZipInfo) -> tuple[int, int, int]:
    """(rows, columns, cells) from the first to the last cell of a worksheet part, read in chunks (its size was
    checked above); cells written without a reference count by their number in the widest row."""
    rows: set[bytes] = set()
    letters: set[bytes] = set()
    widest = cells = 0
    tail = b""
    with archive.open(entry) as stream:
        while chunk := stream.read(_CHUNK_BYTES):
            text = tail + chunk
            cut = text.rfind(b"<")
            text, tail = (text[:cut], text[cut:]) if cut > 0 else (text, b"")
            if b" r='" in text or b"\nr=" in text or b"\tr=" in text:
                refs = _XLSX_REF_ANY.findall(text)
                found_letters = [letter for letter, _row in refs]
                rows.update(row for _letter, row in refs)
            else:
                found_letters = _XLSX_REF_LETTERS.findall(text)
                rows.update(_XLSX_REF_ROWS.findall(text))
            letters.update(found_letters)
            # Counting "<c " and "<c>" is fast; a prefixed namespace ("<x:c ") takes the regular expression.
            found = text.count(b"<c ") + text.count(b"<c>") + text.count(b"<c/>")
            if b":c " in text or b":c>" in text:
                found = len(_XLSX_CELL.findall(text))
            cells += found
            if found > len(
                found_letters
            ):  # cells without a reference: their place is their row's and their order
                rows.update(_XLSX_ROW.findall(text))
                widest = max([widest, *(len(_XLSX_CELL.findall(part)) for part in text.split(b"row>"))])
    if not rows and not letters:
        return 0, 0, 0
    numbers = [int(r) for r in rows] or [1]
    columns = [_column_number(c) for c in letters] or [1]
    return max(numbers) - min(numbers) + 1, max(max(columns) - min(columns) + 1, widest), cells


def _ods_extent(content: bytes) -> tuple[int, int, int]:
    """(rows, columns, cells) an OpenDocument reader expands: repeated rows that hold a value, as wide as their
    last cell holding a value (trailing empty repeats are what LibreOffice writes for formatted columns)."""
    rows = widest = cells = 0
    for attributes, closed, body in _ODS_ROW.findall(content):
        width = filled = count = 0
        for cell_attributes, _end, cell_body in _ODS_CELL.findall(body if not closed else b""):
            repeat = _ODS_COLUMNS_REPEATED.search(cell_attributes)
            width += int(repeat.group(1)) if repeat else 1
            if b"value-type" in cell_attributes or cell_body.strip():
                filled = width  # the reader keeps it, even when it is only spaces
                if b"office:value=" in cell_attributes or _ODS_TAG.sub(b"", cell_body or b"").strip():
                    count += int(repeat.group(1)) if repeat else 1
        if filled:
            repeat = _ODS_ROWS_REPEATED.search(attributes)
            times = int(repeat.group(1)) if repeat else 1
            rows += times
            cells += times * count
            widest = max(widest, filled)
    return rows, widest, cells


def _declares_doctype(archive: zipfile.ZipFile, entry: zipfile.ZipInfo) -> bool:
    """Whether an XML part declares a document type: it must come before the root element, so its head says."""
    with archive.open(entry) as stream:
        head = stream.read(_XML_HEAD_BYTES)
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        head = head.decode("utf-16", errors="ignore").encode()
    return b"<!DOCTYPE" in head.upper() or b"<!ENTITY" in head.upper()


def table_kind(data: bytes, filename: str) -> str | None:
    """ "xlsx", "xls", "ods" or "csv" from the file's content (its first bytes), the name breaking ties; None
    when it is none of them."""
    name = (filename or "").lower()
    if data.startswith(_OLE_MAGIC):
        return "xls"  # also an encrypted xlsx: the reader says it is password-protected
    if data[:2] == b"PK":
        if name.endswith(".ods") or b"application/vnd.oasis.opendocument.spreadsheet" in data[:200]:
            return "ods"
        return "xlsx"
    if name.endswith((".xlsx", ".xlsm", ".xls", ".ods")):
        return None  # a spreadsheet name on something else: not a table
    if b"\0" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None  # binary, and not UTF-16 text
    return "csv"


def check_table_bytes(data: bytes, filename: str, limits: FileLimits = FileLimits()) -> Text | None:
    """Return why `data` must not be read as a table, or None when it looks safe: every format's guard."""
    if not data or not data.strip():
        return EMPTY_FILE()
    kind = table_kind(data, filename)
    if kind is None:
        return NOT_A_TABLE(name=filename or "upload")
    if kind == "csv":
        if len(data) > limits.max_text_bytes:
            return TOO_LARGE(size_mb=_mb(len(data)), limit_mb=_mb(limits.max_text_bytes))
        return None
    if len(data) > limits.max_file_bytes:
        return TOO_LARGE(size_mb=_mb(len(data)), limit_mb=_mb(limits.max_file_bytes))
    if kind == "xls":
        return None
    return _check_zip(data, limits, kind=kind)
