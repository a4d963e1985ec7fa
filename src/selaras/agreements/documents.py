"""Signed documents and evidence files: checked by content, stored under FILES_DIR with a random name.

A file is accepted as a PDF only when its bytes say so: it starts with `%PDF-1.x`/`%PDF-2.x`, ends with an
`%%EOF` marker (within the last 1 KiB, as the format allows trailing whitespace) and contains at least one
indirect object (`n 0 obj`) and a cross-reference (`xref`/`startxref`). The name and the browser's claimed type
are ignored. Files are never served directly: the download view asks the access module first.
"""

from __future__ import annotations

import contextlib
import hashlib
import re
import uuid
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from selaras.web.errors import ServiceError

PDF_CONTENT_TYPE = "application/pdf"
SUBFOLDER = "agreements"

NOT_A_PDF = _("The file is not a PDF document (its content does not start with %PDF- and end with %%EOF).")
TOO_LARGE = _("The file is larger than the limit of %(limit)s MB.")
EMPTY_FILE = _("The file is empty.")

_HEADER = re.compile(rb"^%PDF-[12]\.\d")
_OBJECT = re.compile(rb"\d+\s+\d+\s+obj\b")


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
    return None


def folder() -> Path:
    path = Path(settings.FILES_DIR) / SUBFOLDER
    path.mkdir(parents=True, exist_ok=True)
    return path


def read_upload(upload: UploadedFile[bytes]) -> bytes:
    limit = settings.MAX_UPLOAD_BYTES
    if upload.size is not None and upload.size > limit:
        raise DocumentError(str(TOO_LARGE) % {"limit": limit // (1024 * 1024)})
    data: bytes = upload.read(limit + 1)
    problem = pdf_problem(data, limit_bytes=limit)
    if problem:
        raise DocumentError(problem)
    return data


def store(data: bytes) -> Stored:
    name = f"{uuid.uuid4().hex}.pdf"
    (folder() / name).write_bytes(data)
    return Stored(name, len(data), hashlib.sha256(data).hexdigest())


def path_of(stored_name: str) -> Path:
    if not re.fullmatch(r"[0-9a-f]{32}\.pdf", stored_name):
        raise FileNotFoundError(stored_name)
    return folder() / stored_name


def remove(stored_name: str) -> None:
    with contextlib.suppress(FileNotFoundError):
        path_of(stored_name).unlink(missing_ok=True)


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
