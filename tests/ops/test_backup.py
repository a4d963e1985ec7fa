"""`selaras backup` and `selaras restore`: an installation with a signed agreement document and a kept plan
import file is backed up, restored into a new empty installation (its own database and data directory, by the
real command in another process) and the document downloads byte for byte."""

from __future__ import annotations

import hashlib
import io
import os
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from selaras.accounts.models import User
from selaras.agreements.models import Document
from selaras.ops import backup
from selaras.ops.heartbeats import BACKUP
from selaras.ops.models import Heartbeat
from selaras.uploads.models import Upload
from selaras.uploads.services import stored_read, upload_keep
from selaras.web.errors import ServiceError
from tests.agreements.test_flow import _draft, _sign

PLAN_FILE = b"kode_desa,tahun\n64.01.01.2001,2027\n"  # CONTOH
DOWNLOAD = """
import hashlib
from django.test import Client
from selaras.accounts.models import User
from selaras.agreements.models import Document
from selaras.uploads.models import Upload
from selaras.uploads.services import stored_read
client = Client()
client.force_login(User.objects.get(username="admin.kaltim"))
response = client.get(f"/pks/berkas/{Document.objects.get().pk}/", SERVER_NAME="localhost")
assert response.status_code == 200, response.status_code
print("document", hashlib.sha256(b"".join(response.streaming_content)).hexdigest())
print("upload", hashlib.sha256(stored_read(Upload.objects.get().stored_name)).hexdigest())
"""


def _new_installation(tmp_path: Path) -> dict[str, str]:
    """The environment of a new, empty installation: its own data directory and database."""
    data = tmp_path / "restored"
    data.mkdir()
    params = connection.settings_dict
    if connection.vendor == "sqlite":
        url = f"sqlite:///{data / 'selaras.sqlite3'}"
    else:
        name = f"{params['NAME']}_restored"
        admin = psycopg.connect(
            dbname="postgres", host=params["HOST"], port=params["PORT"] or 5432, user=params["USER"],
            password=params["PASSWORD"] or None, autocommit=True,
        )
        with admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
            admin.execute(f'CREATE DATABASE "{name}"')
        auth = params["USER"] + (f":{params['PASSWORD']}" if params["PASSWORD"] else "")
        url = f"postgres://{auth}@{params['HOST']}:{params['PORT'] or 5432}/{name}"
    return {**os.environ, "DATABASE_URL": url, "SELARAS_DATA_DIR": str(data), "SELARAS_DEMO": "0"}


def _selaras(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 -- our own interpreter and command
        [sys.executable, "-m", "selaras.cli", *args], env=env, capture_output=True, text=True, timeout=120,
        check=False,
    )


def test_a_backup_restores_into_a_new_installation_and_the_document_downloads_identical(
    flushed_afterwards: None, transactional_db: None, province_admin: User, tmp_path: Path
) -> None:
    agreement = _draft(province_admin)
    assert _sign(province_admin, agreement, "64").status_code == 302
    upload_keep(user=province_admin, data=PLAN_FILE, file_name="rencana.csv", purpose="plan")
    document = Document.objects.get(agreement=agreement)
    expected_document = hashlib.sha256(stored_read(document.stored_name)).hexdigest()
    expected_upload = hashlib.sha256(PLAN_FILE).hexdigest()
    phrase = tmp_path / "phrase"
    phrase.write_text("kata sandi cadangan CONTOH\n")
    archive = tmp_path / "selaras.tar.gz.enc"

    out = io.StringIO()
    call_command("backup", "--out", str(archive), "--passphrase-file", str(phrase), stdout=out)
    assert "encrypted" in out.getvalue() and f"via {backup.backup_method()}" in out.getvalue()
    assert backup.is_encrypted(archive) and Heartbeat.objects.get(name=BACKUP).detail["file"] == str(archive)

    env = _new_installation(tmp_path)
    restored = _selaras(env, "restore", str(archive), "--passphrase-file", str(phrase))
    assert restored.returncode == 0, restored.stderr
    assert "2 files" in restored.stdout
    downloaded = _selaras(env, "shell", "-c", DOWNLOAD)
    assert downloaded.returncode == 0, downloaded.stderr
    hashes = [line.split() for line in downloaded.stdout.splitlines() if line.startswith(("document", "upload"))]
    assert hashes == [["document", expected_document], ["upload", expected_upload]]

    again = _selaras(env, "restore", str(archive), "--passphrase-file", str(phrase))
    assert again.returncode != 0 and "not empty" in again.stderr and "--force" in again.stderr


def test_a_wrong_passphrase_is_refused_clearly_and_nothing_is_restored(tmp_path: Path) -> None:
    archive = tmp_path / "backup.enc"
    with archive.open("wb") as target:
        backup.encrypt_stream(io.BytesIO(b"x" * (backup.CHUNK + 10)), target, b"right")
    wrong = tmp_path / "wrong"
    wrong.write_text("wrong\n")
    with pytest.raises(CommandError, match="Wrong backup passphrase"):
        call_command("restore", str(archive), "--passphrase-file", str(wrong))
    with pytest.raises(CommandError, match="encrypted: give its passphrase"):
        call_command("restore", str(archive))


def test_a_truncated_encrypted_backup_is_refused_even_with_the_right_passphrase() -> None:
    sealed = io.BytesIO()
    backup.encrypt_stream(io.BytesIO(b"y" * (2 * backup.CHUNK + 5)), sealed, b"right")
    whole = sealed.getvalue()
    plain = io.BytesIO()
    backup.decrypt_stream(io.BytesIO(whole), plain, b"right")
    assert plain.getvalue() == b"y" * (2 * backup.CHUNK + 5)
    cut = whole[: len(whole) - (backup.CHUNK // 2)]
    with pytest.raises(ServiceError) as refused:
        backup.decrypt_stream(io.BytesIO(cut), io.BytesIO(), b"right")
    assert refused.value.text.msg is backup.WRONG_PASSPHRASE


def test_a_non_empty_installation_is_refused_and_keeps_its_data(
    flushed_afterwards: None, transactional_db: None, province_admin: User, tmp_path: Path
) -> None:
    upload_keep(user=province_admin, data=PLAN_FILE, file_name="rencana.csv", purpose="plan")
    archive = tmp_path / "plain.tar.gz"
    summary = backup.backup_write(archive)
    assert not summary.encrypted and summary.files == 1
    with pytest.raises(ServiceError) as refused:
        backup.backup_restore(archive)
    assert refused.value.text.msg is backup.NOT_EMPTY
    assert "stored files" in refused.value.render("en")
    assert User.objects.filter(pk=province_admin.pk).exists() and Upload.objects.count() == 1


def test_a_file_that_is_not_a_backup_is_refused(tmp_path: Path) -> None:
    bogus = tmp_path / "notes.tar.gz"
    bogus.write_bytes(b"not a tar at all")
    with pytest.raises(CommandError, match="is not a Selaras backup"):
        call_command("restore", str(bogus))
