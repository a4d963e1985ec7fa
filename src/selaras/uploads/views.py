from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.http import require_GET

from selaras.accounts.access import can_open_upload
from selaras.core.tables import annotate
from selaras.uploads.models import Upload
from selaras.uploads.services import UploadError, problems_from_json, stored_read, table_limits
from selaras.web.i18n import request_language

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@require_GET
def marked(request: HttpRequest, token: str) -> HttpResponse:
    """The uploader's own file as xlsx with the problems the check found marked and commented."""
    upload = Upload.objects.filter(token=token).first()
    if upload is None or not can_open_upload(request.user, upload):
        raise Http404
    try:
        data = stored_read(upload.stored_name)
        body = annotate(
            data,
            upload.file_name,
            problems_from_json(upload.problems),
            request_language(),
            limits=table_limits(),
        )
    except (OSError, UploadError, ValueError) as error:
        raise Http404 from error
    stem = upload.file_name.rsplit(".", 1)[0] or "berkas"
    response = HttpResponse(body, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{stem[:80]}-masalah.xlsx"'
    return response
