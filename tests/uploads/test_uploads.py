"""The one upload path: size limit, guard, storage through STORAGES, a preview token bound to its uploader."""

from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from selaras.accounts.models import User
from selaras.core.tables import ZIP_BOMB, Column, read_table
from selaras.uploads.models import Upload
from selaras.uploads.services import (
    EXPIRED,
    TOO_LARGE,
    UploadError,
    import_in_background,
    problem_context,
    upload_discard,
    upload_keep,
    upload_open,
    upload_prune,
    upload_read,
    upload_table,
)
from selaras.web.errors import ServiceError
from tests.conftest import client_for

FIXTURES = Path(__file__).parents[1] / "fixtures" / "tables"
COLUMNS = [
    Column("kode", ("kode",), required=True),
    Column("uraian", ("program*",), required=True),
    Column("target", ("target",), kind="percent"),
]


def test_it_refuses_a_file_above_the_size_limit_from_settings(settings: Any) -> None:
    settings.MAX_UPLOAD_BYTES = 10

    with pytest.raises(UploadError) as caught:
        upload_read(SimpleUploadedFile("a.csv", b"kode;nama\n1;2\n"))

    assert caught.value.text.msg == TOO_LARGE  # type: ignore[union-attr]
    assert isinstance(caught.value, ServiceError)


def test_it_runs_the_guard_on_table_uploads() -> None:
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"<a>" + b" " * 60_000_000 + b"</a>")

    with pytest.raises(UploadError) as caught:
        upload_table(SimpleUploadedFile("bomb.xlsx", buffer.getvalue()))

    assert caught.value.text.msg == ZIP_BOMB  # type: ignore[union-attr]


def test_a_kept_upload_opens_for_its_uploader_only(operator: User, other_operator: User) -> None:
    data = (FIXTURES / "renja_kominfo.xlsx").read_bytes()

    kept = upload_keep(user=operator, data=data, file_name="renja.xlsx", purpose="plans")

    assert upload_open(kept.token, operator, purpose="plans") == data
    with pytest.raises(UploadError) as caught:
        upload_open(kept.token, other_operator)
    assert caught.value.text == EXPIRED()
    with pytest.raises(UploadError):
        upload_open(kept.token, operator, purpose="survey")


def test_it_stores_the_file_through_the_default_storage_under_a_random_name(
    operator: User, settings: Any
) -> None:
    kept = upload_keep(user=operator, data=b"kode\n1\n", file_name="../../etc/passwd.csv", purpose="x")

    stored = Upload.objects.get(token=kept.token).stored_name
    assert stored.startswith("uploads/") and "passwd" not in stored
    assert (Path(settings.STORAGES["default"]["OPTIONS"]["location"]) / stored).read_bytes() == b"kode\n1\n"


def test_expired_uploads_are_refused_and_pruned_with_their_files(operator: User, settings: Any) -> None:
    kept = upload_keep(user=operator, data=b"kode\n1\n", file_name="a.csv", purpose="x")
    stored = Upload.objects.get(token=kept.token).stored_name
    Upload.objects.filter(token=kept.token).update(expires_at=timezone.now() - timedelta(minutes=1))

    with pytest.raises(UploadError):
        upload_open(kept.token, operator)
    assert upload_prune() == 1
    assert not Upload.objects.exists()
    assert not (Path(settings.STORAGES["default"]["OPTIONS"]["location"]) / stored).exists()


def test_a_discarded_upload_is_gone(operator: User, django_capture_on_commit_callbacks: Any) -> None:
    kept = upload_keep(user=operator, data=b"kode\n1\n", file_name="a.csv", purpose="x")

    with django_capture_on_commit_callbacks(execute=True):
        upload_discard(kept.token, operator)

    with pytest.raises(UploadError):
        upload_open(kept.token, operator)


def test_large_imports_go_to_the_background_above_the_setting(settings: Any) -> None:
    settings.IMPORT_INLINE_MAX_ROWS = 100

    assert not import_in_background(100)
    assert import_in_background(101)


def test_the_uploader_downloads_the_file_with_the_problems_marked(operator: User) -> None:
    from io import BytesIO

    from openpyxl import load_workbook

    data = (FIXTURES / "renja_kominfo.ods").read_bytes()
    table = read_table(data, "renja.ods", COLUMNS)
    kept = upload_keep(
        user=operator, data=data, file_name="renja.ods", purpose="plans", problems=table.problems
    )
    response = client_for(operator).get(reverse("uploads:marked", args=[kept.token]))

    assert response.status_code == 200
    book = load_workbook(BytesIO(response.content))
    assert "'sepuluh' bukan angka." in book["Renja 2025"]["D11"].comment.text


def test_nobody_else_downloads_it(operator: User, other_operator: User, superuser: User) -> None:
    kept = upload_keep(user=operator, data=b"kode\n1\n", file_name="a.csv", purpose="x")
    url = reverse("uploads:marked", args=[kept.token])

    assert client_for(other_operator).get(url).status_code == 404
    assert client_for(superuser).get(url).status_code == 404
    assert client_for(None).get(url).status_code in (302, 404)


def test_the_problem_fragment_shows_groups_counts_and_the_download_link(operator: User) -> None:
    from django.template.loader import render_to_string

    data = (FIXTURES / "renja_kominfo.xlsx").read_bytes()
    table = read_table(data, "renja.xlsx", COLUMNS)
    kept = upload_keep(user=operator, data=data, file_name="renja.xlsx", purpose="x", problems=table.problems)

    html = render_to_string("uploads/_problems.html", problem_context(table.problems, "id", token=kept.token))

    assert "&#x27;sepuluh&#x27; bukan angka." in html
    assert reverse("uploads:marked", args=[kept.token]) in html
    assert 'data-testid="problem-group"' in html


def test_the_prune_command_deletes_expired_uploads(operator: User) -> None:
    from io import StringIO

    from django.core.management import call_command

    kept = upload_keep(user=operator, data=b"kode\n1\n", file_name="a.csv", purpose="x")
    Upload.objects.filter(token=kept.token).update(expires_at=timezone.now() - timedelta(hours=1))
    out = StringIO()

    call_command("uploads_prune", stdout=out)

    assert out.getvalue().strip() == "1 expired uploads deleted"


def test_receiving_checks_keeps_and_then_remembers_the_problems(operator: User) -> None:
    from selaras.uploads.services import upload_receive, upload_set_problems

    data = (FIXTURES / "renja_kominfo.xls").read_bytes()

    received = upload_receive(SimpleUploadedFile("renja.xls", data), user=operator, purpose="plans")
    table = read_table(received.data, received.file_name, COLUMNS)
    upload_set_problems(received.token, operator, table.problems)

    assert received.data == data
    assert upload_open(received.token, operator, purpose="plans") == data
    assert [p["en"] for p in Upload.objects.get(token=received.token).problems] == [
        "'sepuluh' is not a number."
    ]
