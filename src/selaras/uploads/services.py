"""The one upload path: size limit, the guard, storage through Django's STORAGES, a preview token bound to the
uploader and expiring, and whether a commit runs inline or as a background job.

A view receiving a table file:

    received = upload_receive(request.FILES.get("file"), user=request.user, purpose="fiber_nodes")
                                                         # UploadError (a ServiceError) when refused
    table = read_table(received.data, received.file_name, COLUMNS)   # selaras.core.tables
    upload_set_problems(received.token, request.user, table.problems) # for the marked-up download
    context |= problem_context(table.problems, lang, token=received.token)  # uploads/_problems.html
    ... later, the commit:
    data = upload_open(token, request.user, purpose="fiber_nodes")
    if import_in_background(len(rows)): job_start(...)   # settings.IMPORT_INLINE_MAX_ROWS
    upload_discard(token, request.user)

Files that stay (signed agreements) use `upload_read` for the size check and `stored_save`/`stored_read` for
the storage; they are never served directly.
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from selaras.core.i18n import Msg, Text
from selaras.core.tables import FileLimits, Problem, check_table_bytes, group_problems
from selaras.uploads.models import Upload
from selaras.web.errors import ServiceError

FOLDER = "uploads"
TOKEN_BYTES = 24

TOO_LARGE = Msg(
    id="Berkas terlalu besar: {size_mb} MB, batasnya {limit_mb} MB.",
    en="The file is too large: {size_mb} MB, the limit is {limit_mb} MB.",
)
NO_FILE = Msg(id="Pilih berkas untuk diunggah.", en="Choose a file to upload.")
EXPIRED = Msg(
    id="Pratinjau ini sudah kedaluwarsa atau bukan milik Anda; unggah berkas lagi.",
    en="This preview has expired or is not yours; upload the file again.",
)


class UploadError(ServiceError):
    """An upload refused (too large, not a safe table, an expired preview)."""


def _mb(size: int) -> str:
    return f"{size / 1024 / 1024:.1f}"


def _storage() -> Any:
    return storages["default"]


def upload_limit() -> int:
    """The largest upload accepted, in bytes (settings.MAX_UPLOAD_BYTES)."""
    return int(settings.MAX_UPLOAD_BYTES)


def table_limits() -> FileLimits:
    """The guard's limits with the file size from settings.MAX_UPLOAD_BYTES and the rows per sheet from
    settings.IMPORT_MAX_ROWS (every import: plans, surveys, fiber nodes, facilities, regions, nomenclature)."""
    return FileLimits(
        max_file_bytes=upload_limit(), max_text_bytes=upload_limit(), max_rows=int(settings.IMPORT_MAX_ROWS)
    )


def upload_read(upload: UploadedFile[bytes] | None, *, limit: int | None = None) -> bytes:
    """The bytes of an uploaded file within `limit` (default settings.MAX_UPLOAD_BYTES); UploadError otherwise."""
    if upload is None:
        raise UploadError(NO_FILE())
    limit = limit or upload_limit()
    if upload.size is not None and upload.size > limit:
        raise UploadError(TOO_LARGE(size_mb=_mb(upload.size), limit_mb=_mb(limit)))
    upload.seek(0)
    data: bytes = upload.read(limit + 1)
    if len(data) > limit:
        raise UploadError(TOO_LARGE(size_mb=_mb(len(data)), limit_mb=_mb(limit)))
    return data


def upload_table(upload: UploadedFile[bytes] | None, *, limits: FileLimits | None = None) -> bytes:
    """The bytes of an uploaded table file (csv, xlsx, xls, ods) that passed the guard; UploadError otherwise."""
    limits = limits or table_limits()
    data = upload_read(upload, limit=limits.max_file_bytes)
    refusal = check_table_bytes(data, getattr(upload, "name", "") or "", limits)
    if refusal is not None:
        raise UploadError(refusal)
    return data


# --- files that stay ------------------------------------------------------------------------------------------


def stored_save(data: bytes, *, folder: str, suffix: str = "") -> str:
    """Save `data` in the default storage under `folder` with a random name; returns the stored name."""
    name = f"{folder}/{secrets.token_hex(16)}{suffix}"
    return str(_storage().save(name, ContentFile(data)))


def stored_read(name: str) -> bytes:
    with _storage().open(name, "rb") as handle:
        return bytes(handle.read())


def stored_open(name: str) -> Any:
    """A stored file opened for reading (a File the caller closes, e.g. through FileResponse)."""
    return _storage().open(name, "rb")


def stored_delete(name: str) -> None:
    if name:
        _storage().delete(name)


def stored_exists(name: str) -> bool:
    return bool(name) and bool(_storage().exists(name))


# --- previews -------------------------------------------------------------------------------------------------


def _problem_json(problem: Problem) -> dict[str, Any]:
    return {
        "sheet": problem.sheet,
        "row": problem.row,
        "column": problem.column,
        "col": problem.col,
        "severity": problem.severity,
        "kind_id": problem.text.msg.id,
        "kind_en": problem.text.msg.en,
        "id": problem.text.render("id"),
        "en": problem.text.render("en"),
    }


def problems_from_json(items: Sequence[dict[str, Any]]) -> list[Problem]:
    """Problems kept with an upload, back as `Problem`s (their text as it was rendered)."""
    return [
        Problem(
            sheet=item.get("sheet", ""),
            row=item.get("row"),
            column=item.get("column", ""),
            text=Text(Msg(id=str(item.get("id", "")), en=str(item.get("en", "")))),
            severity="warning" if item.get("severity") == "warning" else "error",
            col=item.get("col"),
        )
        for item in items
    ]


@dataclass(frozen=True)
class Kept:
    token: str
    file_name: str
    expires_at: datetime


def upload_keep(
    *,
    user: Any,
    data: bytes,
    file_name: str,
    purpose: str,
    region_code: str = "",
    problems: Sequence[Problem] = (),
) -> Kept:
    """Keep an upload for its commit step (and its problems for the marked-up download): stored in the default
    storage under a random name, found again by `token` only by `user`, for settings.UPLOAD_PREVIEW_HOURS."""
    token = secrets.token_urlsafe(TOKEN_BYTES)
    suffix = "." + file_name.rsplit(".", 1)[-1].lower()[:5] if "." in file_name else ""
    stored = stored_save(data, folder=FOLDER, suffix=suffix if suffix[1:].isalnum() else "")
    expires = timezone.now() + timedelta(hours=settings.UPLOAD_PREVIEW_HOURS)
    Upload.objects.create(
        token=token,
        user=user,
        purpose=purpose[:50],
        region_code=region_code[:40],
        file_name=(file_name or "upload")[-255:],
        stored_name=stored,
        size_bytes=len(data),
        problems=[_problem_json(p) for p in problems],
        expires_at=expires,
    )
    return Kept(token=token, file_name=file_name, expires_at=expires)


@dataclass(frozen=True)
class Received(Kept):
    """An upload received and kept: its token and its bytes (to read now)."""

    data: bytes = b""


def upload_receive(
    upload: UploadedFile[bytes] | None, *, user: Any, purpose: str, region_code: str = ""
) -> Received:
    """The whole receiving step for a table file: size limit, guard, kept under a token for `user` (add what
    the check finds with `upload_set_problems`). Raises UploadError when refused; nothing is kept then."""
    data = upload_table(upload)
    file_name = getattr(upload, "name", "") or "upload"
    kept = upload_keep(user=user, data=data, file_name=file_name, purpose=purpose, region_code=region_code)
    return Received(token=kept.token, file_name=kept.file_name, expires_at=kept.expires_at, data=data)


def upload_get(token: str, user: Any, *, purpose: str | None = None) -> Upload:
    """The kept upload of `token` if it is `user`'s, unexpired (and for `purpose`); UploadError otherwise."""
    if not token or len(token) > 64 or not getattr(user, "pk", None):
        raise UploadError(EXPIRED())
    found = Upload.objects.filter(token=token, user_id=user.pk, expires_at__gt=timezone.now()).first()
    if found is None or (purpose is not None and found.purpose != purpose):
        raise UploadError(EXPIRED())
    return found


def upload_open(token: str, user: Any, *, purpose: str | None = None) -> bytes:
    """The bytes kept under `token` for `user`; UploadError when expired, someone else's or gone."""
    upload = upload_get(token, user, purpose=purpose)
    try:
        return stored_read(upload.stored_name)
    except OSError as error:
        raise UploadError(EXPIRED()) from error


def upload_set_problems(token: str, user: Any, problems: Sequence[Problem]) -> None:
    """Replace the problems kept with an upload (after a fresh check at commit time)."""
    upload_get(token, user)
    Upload.objects.filter(token=token).update(problems=[_problem_json(p) for p in problems])


def upload_discard(token: str, user: Any) -> None:
    """Forget an upload once committed (or abandoned): the row and its file."""
    if not getattr(user, "pk", None):
        return
    upload = Upload.objects.filter(token=token, user_id=user.pk).first()
    if upload is not None:
        name = upload.stored_name
        upload.delete()
        transaction.on_commit(lambda: stored_delete(name))


def upload_prune(now: datetime | None = None) -> int:
    """Delete expired uploads and their files; returns how many. For the scheduler (`selaras uploads prune`)."""
    now = now or timezone.now()
    expired = list(Upload.objects.filter(expires_at__lte=now))
    for upload in expired:
        stored_delete(upload.stored_name)
    Upload.objects.filter(pk__in=[u.pk for u in expired]).delete()
    return len(expired)


def import_in_background(row_count: int) -> bool:
    """Whether a commit of `row_count` rows runs as a background job (more than settings.IMPORT_INLINE_MAX_ROWS)."""
    return row_count > int(settings.IMPORT_INLINE_MAX_ROWS)


# --- showing problems -----------------------------------------------------------------------------------------


def problem_context(problems: Sequence[Problem], lang: str, *, token: str | None = None) -> dict[str, Any]:
    """What `uploads/_problems.html` shows: groups (message, column, count, first rows), the counts of errors
    and warnings, and the link to the file with the problems marked when the upload was kept."""
    from django.urls import reverse

    groups = [
        {
            "severity": group.severity,
            "message": group.render(lang),
            "column": group.column,
            "count": group.count,
            "more": group.count - len(group.first),
            "first": [{"sheet": p.sheet, "row": p.row, "text": p.render(lang)} for p in group.first],
        }
        for group in group_problems(problems)
    ]
    return {
        "problem_groups": groups,
        "problem_errors": sum(1 for p in problems if p.is_error),
        "problem_warnings": sum(1 for p in problems if not p.is_error),
        "problems_marked_url": reverse("uploads:marked", args=[token]) if token and problems else "",
    }
