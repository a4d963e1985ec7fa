"""Checks an uploaded file is a plain, reasonably sized xlsx before openpyxl parses any of it.

The checks read only the zip directory (and the small `[Content_Types].xml`): a zip bomb is refused from the
sizes its directory declares, before anything is inflated. Python's zipfile never inflates an entry past its
declared size, so a directory that lies cannot make openpyxl inflate more than was checked here.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass

from selaras.core.i18n import Msg, Text

# Generous for a 20,000-row plan (a 10,000-row one is about 1.3 MB packed, 11 MB unpacked) and small for a
# server: openpyxl holds every cell in memory, so the unpacked size bounds its memory and time.
DEFAULT_MAX_FILE_BYTES = 10 * 1024 * 1024
DEFAULT_MAX_UNCOMPRESSED_BYTES = 50 * 1024 * 1024
DEFAULT_MAX_RATIO = 200  # real xlsx sheets compress 5-30 times; bombs compress thousands of times
DEFAULT_MAX_ENTRIES = 500
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
MACROS = Msg(
    id="Berkas berisi makro atau kontrol aktif (.xlsm); simpan sebagai .xlsx biasa tanpa makro.",
    en="The file contains macros or active controls (.xlsm); save it as a plain .xlsx without macros.",
)


@dataclass(frozen=True)
class FileLimits:
    """Upper bounds for an upload, in bytes (packed and unpacked), compression ratio and zip entries."""

    max_file_bytes: int = DEFAULT_MAX_FILE_BYTES
    max_uncompressed_bytes: int = DEFAULT_MAX_UNCOMPRESSED_BYTES
    max_ratio: int = DEFAULT_MAX_RATIO
    max_entries: int = DEFAULT_MAX_ENTRIES


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
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except Exception:  # BadZipFile, OSError, ValueError...: a damaged file, never a 500
        return NOT_XLSX()
    with archive:
        entries = archive.infolist()
        names = {entry.filename for entry in entries}
        if "[Content_Types].xml" not in names or "xl/workbook.xml" not in names:
            return NOT_XLSX()
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
        # printerSettings*.bin is harmless and common; VBA projects and ActiveX controls are code.
        if any("vbaproject" in name.lower() or name.lower().startswith("xl/activex/") for name in names):
            return MACROS()
        try:
            content_types = archive.read("[Content_Types].xml")
        except Exception:  # zlib.error, BadZipFile, NotImplementedError...: a damaged file, never a 500
            return NOT_XLSX()
        if any(marker in content_types for marker in _MACRO_CONTENT_TYPES):
            return MACROS()
    return None
