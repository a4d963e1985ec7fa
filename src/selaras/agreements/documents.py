"""Signed documents and evidence files: checked by content, stored through the upload module (Django's default
storage, `agreements/<random>.pdf`).

A file is accepted as a PDF only when its bytes say so: it starts with `%PDF-1.x`/`%PDF-2.x`, ends with an
`%%EOF` marker (within the last 1 KiB, as the format allows trailing whitespace) and contains at least one
indirect object (`n 0 obj`) and a cross-reference (`xref`/`startxref`). The name and the browser's claimed type
are ignored. Files are never served directly: the download view asks the access module first.

Active content is refused (issue 12): a PDF whose objects name /JavaScript, /JS, /Launch, /EmbeddedFile(s),
/RichMedia, /SubmitForm or /ImportData (an /OpenAction running script names /JS) is not stored. The scan is
our own, no library: names are read after undoing `#xx` escapes (`/J#61vaScript`), and every
`/FlateDecode` stream (object streams included) is decompressed, at most 64 MiB in all, and scanned too.
A download is always named `<stem>.pdf`, `application/pdf`, as an attachment, whatever name it was sent with.
"""

from __future__ import annotations

import contextlib
import hashlib
import re
import zlib
from dataclasses import dataclass
from typing import IO

from django.core.files.uploadedfile import UploadedFile
from django.http import FileResponse
from django.utils.translation import gettext_lazy as _

from selaras.uploads.services import (
    UploadError,
    stored_delete,
    stored_exists,
    stored_open,
    stored_save,
    upload_limit,
    upload_read,
)
from selaras.web.errors import ServiceError

PDF_CONTENT_TYPE = "application/pdf"
SUBFOLDER = "agreements"

NOT_A_PDF = _("The file is not a PDF document (its content does not start with %PDF- and end with %%EOF).")
TOO_LARGE = _("The file is larger than the limit of %(limit)s MB.")
EMPTY_FILE = _("The file is empty.")
ACTIVE_CONTENT = _(
    "The PDF contains active content (%(names)s); save it again without scripts, actions or attached files "
    "(for example, print it to PDF) and upload that."
)

_HEADER = re.compile(rb"^%PDF-[12]\.\d")
_OBJECT = re.compile(rb"\d+\s+\d+\s+obj\b")
_NAME = re.compile(rb"/([^\s/<>\[\]()%{}]+)")
_ACTIVE = frozenset(
    {"JavaScript", "JS", "Launch", "EmbeddedFile", "EmbeddedFiles", "RichMedia", "SubmitForm", "ImportData"}
)
_STREAM = re.compile(rb"(?<!end)stream\r?\n")
_INFLATED_LIMIT = 64 * 1024 * 1024


class DocumentError(ServiceError, ValueError):
    """The upload was refused; `str(error)` is the message for the user."""


@dataclass(frozen=True)
class Stored:
    stored_name: str
    size_bytes: int
    sha256: str


def pdf_problem(data: bytes, *, limit_bytes: int) -> str | None:
    """The user-facing reason `data` is not an acceptable PDF, or None when it is."""
    if not data:
        return str(EMPTY_FILE)
    if len(data) > limit_bytes:
        return str(TOO_LARGE) % {"limit": limit_bytes // (1024 * 1024)}
    if not _HEADER.match(data[:16]):
        return str(NOT_A_PDF)
    if b"%%EOF" not in data[-1024:]:
        return str(NOT_A_PDF)
    if not _OBJECT.search(data) or (b"startxref" not in data[-2048:] and b"xref" not in data):
        return str(NOT_A_PDF)
    found = active_content(data)
    if found:
        return str(ACTIVE_CONTENT) % {"names": ", ".join("/" + name for name in found)}
    return None


def _names(data: bytes) -> set[str]:
    """Every PDF name in `data`, `#xx` escapes undone."""
    out = set()
    for match in _NAME.finditer(data):
        raw = match.group(1)
        if b"#" in raw:
            raw = re.sub(rb"#([0-9A-Fa-f]{2})", lambda m: bytes([int(m.group(1), 16)]), raw)
        out.add(raw.decode("latin-1"))
    return out


def _inflated_streams(data: bytes) -> list[bytes]:
    """The decompressed content of every Flate stream, up to _INFLATED_LIMIT bytes in all (bombs stop there)."""
    out: list[bytes] = []
    budget = _INFLATED_LIMIT
    for match in _STREAM.finditer(data):
        if budget <= 0:
            break
        end = data.find(b"endstream", match.end())
        if end < 0:
            break
        inflater = zlib.decompressobj()
        try:
            chunk = inflater.decompress(data[match.end() : end], budget)
        except zlib.error:
            continue
        budget -= len(chunk)
        out.append(chunk)
    return out


def active_content(data: bytes) -> list[str]:
    """The names of active content in the PDF `data` (sorted; empty when there is none)."""
    names = _names(data)
    for chunk in _inflated_streams(data):
        names |= _names(chunk)
    return sorted(names & _ACTIVE)


def download_name(file_name: str) -> str:
    """The name a stored document downloads under: its stem (path parts dropped) with `.pdf`."""
    stem = re.split(r"[\\/]", file_name)[-1].rsplit(".", 1)[0].strip(" .") or "dokumen"
    return f"{stem[:120]}.pdf"


def pdf_attachment(handle: IO[bytes], file_name: str) -> FileResponse:
    """The download of a stored PDF: always `<stem>.pdf`, `application/pdf`, as an attachment, never sniffed."""
    response = FileResponse(
        handle, as_attachment=True, filename=download_name(file_name), content_type=PDF_CONTENT_TYPE
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


def read_upload(upload: UploadedFile[bytes]) -> bytes:
    """The bytes of an uploaded PDF within settings.MAX_UPLOAD_BYTES (the upload module's limit)."""
    try:
        data = upload_read(upload)
    except UploadError as error:
        raise DocumentError(list(error.texts)) from error
    problem = pdf_problem(data, limit_bytes=upload_limit())
    if problem:
        raise DocumentError(problem)
    return data


def store(data: bytes) -> Stored:
    name = stored_save(data, folder=SUBFOLDER, suffix=".pdf")
    return Stored(name, len(data), hashlib.sha256(data).hexdigest())


def _storage_name(stored_name: str) -> str:
    """The storage name of a document: `agreements/<hex>.pdf` (documents stored before the upload module kept
    the bare `<hex>.pdf`, in the same folder)."""
    if re.fullmatch(r"[0-9a-f]{32}\.pdf", stored_name):
        return f"{SUBFOLDER}/{stored_name}"
    if re.fullmatch(rf"{SUBFOLDER}/[0-9a-f]{{32}}\.pdf", stored_name):
        return stored_name
    raise FileNotFoundError(stored_name)


def open_stored(stored_name: str) -> IO[bytes]:
    """The stored document for reading; FileNotFoundError when the name is not a document's or it is gone."""
    name = _storage_name(stored_name)
    if not stored_exists(name):
        raise FileNotFoundError(stored_name)
    handle: IO[bytes] = stored_open(name)
    return handle


def remove(stored_name: str) -> None:
    with contextlib.suppress(FileNotFoundError):
        stored_delete(_storage_name(stored_name))


def minimal_pdf(text: str) -> bytes:
    """A tiny valid one-page PDF showing `text` (sample documents and tests)."""
    safe = text.replace("\\", "").replace("(", "").replace(")", "")
    stream = f"BT /F1 14 Tf 50 780 Td ({safe}) Tj ET".encode("latin-1", "replace")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for offset in offsets:
        out += f"{offset:010d} 00000 n \n".encode()
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)
