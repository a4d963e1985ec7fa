"""Backups: the database and the uploaded files in one archive, optionally encrypted; restore into an empty
installation.

The archive is a gzip'd tar: `manifest.json` (format, database engine, method, sha256 of every file), the
database (`database.sqlite3` taken with SQLite's online backup API, `database.pgdump` from `pg_dump -Fc`, or
`database.json` from Django's dumpdata when pg_dump is missing) and `files/` (everything under the default
storage's location). The database is copied first and the files after: stored files are only ever added or
removed, never rewritten, so every file the database copy names is in the archive (a file added meanwhile is an
unreferenced extra, harmless).

Encrypted archives: MAGIC, a 16-byte salt, an 8-byte nonce prefix, then chunks of up to 1 MiB, each
`length (4 bytes) + AES-256-GCM(chunk)` with the key derived from the passphrase by scrypt; the chunk number and
a last-chunk flag are authenticated, so a truncated or reordered file is refused like a wrong passphrase.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import os
import shutil
import sqlite3
import struct
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt
from django.core.files.storage import storages
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from selaras.core.i18n import Msg
from selaras.ops.heartbeats import BACKUP, heartbeat_record
from selaras.web.caching import stamp_restart
from selaras.web.errors import ServiceError

FORMAT = "selaras-backup-1"
MAGIC = b"SELARAS-BACKUP-AESGCM-1\n"
CHUNK = 1 << 20
SCRYPT_N = 2**15
METHOD_SQLITE = "sqlite-backup-api"
METHOD_PG_DUMP = "pg_dump-custom"
METHOD_DUMPDATA = "django-dumpdata"
DB_MEMBERS = {
    METHOD_SQLITE: "database.sqlite3",
    METHOD_PG_DUMP: "database.pgdump",
    METHOD_DUMPDATA: "database.json",
}
# Rows in these tables do not make an installation "non-empty": Django fills them at migrate time, and
# `selaras serve` loads the shipped regions into an empty database.
_SETUP_TABLES = ("django_migrations", "django_content_type", "auth_permission", "django_session", "regions_")

WRONG_PASSPHRASE = Msg(
    id="Kata sandi cadangan salah, atau berkas cadangan rusak/terpotong; tidak ada yang dipulihkan.",
    en="Wrong backup passphrase, or the backup file is damaged/truncated; nothing was restored.",
)
NEEDS_PASSPHRASE = Msg(
    id="Berkas cadangan ini terenkripsi: berikan kata sandinya dengan --passphrase-file.",
    en="This backup is encrypted: give its passphrase with --passphrase-file.",
)
NOT_A_BACKUP = Msg(
    id="Berkas {file} bukan cadangan Selaras ({reason}).",
    en="{file} is not a Selaras backup ({reason}).",
)
NOT_EMPTY = Msg(
    id="Instalasi tujuan tidak kosong ({what}); pemulihan ditolak. Gunakan basis data dan direktori data baru, "
    "atau --force untuk menimpanya.",
    en="The target installation is not empty ({what}); restore refused. Use a new database and data directory, "
    "or --force to overwrite it.",
)
WRONG_ENGINE = Msg(
    id="Cadangan ini dari basis data {source}; tujuan memakai {target}. Pulihkan ke basis data {source}.",
    en="This backup is of a {source} database; the target uses {target}. Restore into a {source} database.",
)
IN_TRANSACTION = Msg(
    id="Cadangan tidak dapat dibuat di dalam transaksi basis data yang sedang menulis.",
    en="A backup cannot be taken inside a database transaction that is writing.",
)
TOOL_FAILED = Msg(id="{tool} gagal: {detail}", en="{tool} failed: {detail}")
EMPTY_PASSPHRASE = Msg(id="Berkas kata sandi kosong.", en="The passphrase file is empty.")
FILE_MISMATCH = Msg(
    id="Berkas {name} dalam cadangan tidak cocok dengan sidik sha256-nya; cadangan rusak.",
    en="File {name} in the backup does not match its sha256; the backup is damaged.",
)


@dataclass(frozen=True)
class BackupSummary:
    path: Path
    method: str
    engine: str
    files: int
    file_bytes: int
    encrypted: bool
    size_bytes: int


# --- passphrases and encryption ---------------------------------------------------------------------------


def passphrase_read(path: str | Path) -> bytes:
    """The passphrase in a file (its first line, without the line end), so it never shows in `ps`."""
    text = Path(path).read_bytes().splitlines()
    phrase = text[0].strip() if text else b""
    if not phrase:
        raise ServiceError(EMPTY_PASSPHRASE())
    return phrase


def _key(passphrase: bytes, salt: bytes) -> bytes:
    return Scrypt(salt=salt, length=32, n=SCRYPT_N, r=8, p=1).derive(passphrase)


def _aad(index: int, last: bool) -> bytes:
    return struct.pack(">Q?", index, last)


def _chunks(source: IO[bytes]) -> Iterator[tuple[bytes, bool]]:
    current = source.read(CHUNK)
    while True:
        following = source.read(CHUNK)
        yield current, not following
        if not following:
            return
        current = following


def encrypt_stream(source: IO[bytes], target: IO[bytes], passphrase: bytes) -> None:
    salt, prefix = os.urandom(16), os.urandom(8)
    cipher = AESGCM(_key(passphrase, salt))
    target.write(MAGIC + salt + prefix)
    for index, (chunk, last) in enumerate(_chunks(source)):
        sealed = cipher.encrypt(prefix + struct.pack(">I", index), chunk, _aad(index, last))
        target.write(struct.pack(">I", len(sealed)) + sealed)


def decrypt_stream(source: IO[bytes], target: IO[bytes], passphrase: bytes) -> None:
    """Raises ServiceError(WRONG_PASSPHRASE) on a wrong passphrase or a damaged or truncated file."""
    if source.read(len(MAGIC)) != MAGIC:
        raise ServiceError(NOT_A_BACKUP(file="", reason="no encryption header"))
    salt, prefix = source.read(16), source.read(8)
    cipher = AESGCM(_key(passphrase, salt))
    index, finished = 0, False
    while header := source.read(4):
        if finished or len(header) < 4:
            raise ServiceError(WRONG_PASSPHRASE())
        sealed = source.read(struct.unpack(">I", header)[0])
        nonce = prefix + struct.pack(">I", index)
        try:
            target.write(cipher.decrypt(nonce, sealed, _aad(index, False)))
        except InvalidTag:
            try:
                target.write(cipher.decrypt(nonce, sealed, _aad(index, True)))
            except InvalidTag:
                raise ServiceError(WRONG_PASSPHRASE()) from None
            finished = True
        index += 1
    if not finished:
        raise ServiceError(WRONG_PASSPHRASE())


def is_encrypted(path: Path) -> bool:
    with path.open("rb") as handle:
        return handle.read(len(MAGIC)) == MAGIC


# --- the database -----------------------------------------------------------------------------------------


def _engine() -> str:
    return str(connection.vendor)


def _pg_env() -> dict[str, str]:
    params = connection.settings_dict
    env = {**os.environ}
    for key, name in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER"), ("PASSWORD", "PGPASSWORD")):
        if params.get(key):
            env[name] = str(params[key])
    env["PGDATABASE"] = str(params["NAME"])
    return env


def _run(argv: list[str], tool: str) -> None:
    done = subprocess.run(argv, env=_pg_env(), capture_output=True, text=True, check=False)  # noqa: S603
    if done.returncode != 0:
        raise ServiceError(TOOL_FAILED(tool=tool, detail=(done.stderr or done.stdout).strip()[-2000:]))


def backup_method() -> str:
    """How this installation's database is copied: SQLite's backup API, pg_dump when on PATH, else dumpdata."""
    if _engine() == "sqlite":
        return METHOD_SQLITE
    if _engine() == "postgresql" and shutil.which("pg_dump"):
        return METHOD_PG_DUMP
    return METHOD_DUMPDATA


def _database_dump(target: Path, method: str) -> None:
    if method == METHOD_SQLITE:
        copy = sqlite3.connect(target)
        try:
            if connection.is_in_memory_db():
                # Tests' in-memory database: only Django's own connection sees it; SQLite refuses to copy a
                # database its connection is writing (the backup API would retry forever).
                if connection.in_atomic_block:
                    raise ServiceError(IN_TRANSACTION())
                connection.ensure_connection()
                connection.connection.backup(copy)
            else:
                # A connection of its own: a consistent snapshot of what is committed, while others write.
                source = sqlite3.connect(str(connection.settings_dict["NAME"]), timeout=30)
                try:
                    source.backup(copy)
                finally:
                    source.close()
        finally:
            copy.close()
    elif method == METHOD_PG_DUMP:
        _run([shutil.which("pg_dump") or "pg_dump", "--format=custom", "--no-owner", "--file", str(target)],
             "pg_dump")
    else:
        call_command(
            "dumpdata", "--natural-foreign", "--natural-primary", "--exclude=contenttypes",
            "--exclude=auth.permission", "--exclude=sessions", f"--output={target}", verbosity=0,
        )


def _database_load(source: Path, method: str) -> None:
    if method == METHOD_SQLITE:
        connection.close()
        connection.ensure_connection()
        copy = sqlite3.connect(source)
        try:
            copy.backup(connection.connection)
        finally:
            copy.close()
        connection.close()
    elif method == METHOD_PG_DUMP:
        connection.close()
        _run(
            [shutil.which("pg_restore") or "pg_restore", "--clean", "--if-exists", "--no-owner",
             "--exit-on-error", "--single-transaction", "--dbname", str(connection.settings_dict["NAME"]),
             str(source)],
            "pg_restore",
        )
    else:
        call_command("migrate", interactive=False, verbosity=0)
        call_command("flush", interactive=False, verbosity=0)
        call_command("loaddata", str(source), verbosity=0)
    # Parts of pages cached before the restore must never match the restored stamp (selaras.web.caching).
    stamp_restart()


def installation_contents() -> list[str]:
    """What makes the installation non-empty: tables with rows (beyond what migrate and region loading fill)
    and stored files. Empty list: an empty installation."""
    found: list[str] = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            if table.startswith(_SETUP_TABLES):
                continue
            cursor.execute(f"SELECT 1 FROM {connection.ops.quote_name(table)} LIMIT 1")  # noqa: S608
            if cursor.fetchone():
                found.append(table)
    files = sum(1 for _ in _stored_files(_files_root()))
    return [f"{len(found)} tables with rows: {', '.join(found[:5])}"] * bool(found) + [
        f"{files} stored files"
    ] * bool(files)


# --- files ------------------------------------------------------------------------------------------------


def _files_root() -> Path:
    return Path(storages["default"].location)


def _stored_files(root: Path) -> Iterator[Path]:
    if root.is_dir():
        for path in sorted(root.rglob("*")):
            if path.is_file():
                yield path


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while block := handle.read(CHUNK):
            digest.update(block)
    return digest.hexdigest()


# --- backup and restore -----------------------------------------------------------------------------------


def backup_write(out: Path, *, passphrase: bytes | None = None, method: str | None = None) -> BackupSummary:
    """Write the archive to `out` (atomically: a partial file never carries the final name) and record the
    backup heartbeat /healthz reads."""
    out = Path(out).resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    method = method or backup_method()
    root = _files_root()
    with tempfile.TemporaryDirectory(dir=out.parent, prefix=".selaras-backup-") as work:
        workdir = Path(work)
        database = workdir / DB_MEMBERS[method]
        _database_dump(database, method)
        files = {str(p.relative_to(root).as_posix()): p for p in _stored_files(root)}
        manifest = {
            "format": FORMAT,
            "created_at": timezone.now().isoformat(),
            "engine": _engine(),
            "method": method,
            "database": {"member": database.name, "sha256": _sha256(database)},
            "files": {name: {"sha256": _sha256(p), "size": p.stat().st_size} for name, p in files.items()},
        }
        plain = workdir / "archive.tar.gz"
        with tarfile.open(plain, "w:gz") as tar:
            body = json.dumps(manifest, indent=1).encode()
            info = tarfile.TarInfo("manifest.json")
            info.size, info.mtime = len(body), int(timezone.now().timestamp())
            tar.addfile(info, io.BytesIO(body))
            tar.add(database, arcname=database.name)
            for name, path in files.items():
                tar.add(path, arcname=f"files/{name}")
        partial = workdir / "final"
        if passphrase:
            with plain.open("rb") as source, partial.open("wb") as target:
                encrypt_stream(source, target, passphrase)
        else:
            plain.rename(partial)
        partial.chmod(0o600)
        os.replace(partial, out)
    summary = BackupSummary(
        path=out,
        method=method,
        engine=manifest["engine"],
        files=len(files),
        file_bytes=sum(f["size"] for f in manifest["files"].values()),
        encrypted=bool(passphrase),
        size_bytes=out.stat().st_size,
    )
    heartbeat_record(
        name=BACKUP,
        detail={"file": str(out), "method": method, "files": summary.files, "encrypted": summary.encrypted,
                "bytes": summary.size_bytes},
    )
    return summary


def _safe_member(name: str) -> bool:
    parts = Path(name).parts
    return bool(parts) and not Path(name).is_absolute() and ".." not in parts


def backup_restore(path: Path, *, passphrase: bytes | None = None, force: bool = False) -> dict[str, Any]:
    """Restore the archive at `path` into this installation (its database and default storage). Refuses a
    non-empty installation unless `force`, an encrypted archive without (or with the wrong) passphrase, a
    backup of another database engine (except dumpdata ones), and damaged files. Returns the manifest."""
    path = Path(path)
    if not path.is_file():
        raise ServiceError(NOT_A_BACKUP(file=str(path), reason="no such file"))
    root = _files_root()
    with tempfile.TemporaryDirectory(prefix=".selaras-restore-") as work:
        workdir = Path(work)
        archive = path
        if is_encrypted(path):
            if not passphrase:
                raise ServiceError(NEEDS_PASSPHRASE())
            archive = workdir / "archive.tar.gz"
            with path.open("rb") as source, archive.open("wb") as target:
                decrypt_stream(source, target, passphrase)
        try:
            tar = tarfile.open(archive, "r:gz")  # noqa: SIM115 -- closed by the `with tar` below
        except (tarfile.TarError, gzip.BadGzipFile, OSError) as error:
            raise ServiceError(NOT_A_BACKUP(file=str(path), reason=type(error).__name__)) from None
        with tar:
            try:
                manifest = json.load(tar.extractfile("manifest.json"))  # type: ignore[arg-type]
            except (KeyError, ValueError, TypeError):
                raise ServiceError(NOT_A_BACKUP(file=str(path), reason="no manifest")) from None
            if manifest.get("format") != FORMAT:
                raise ServiceError(NOT_A_BACKUP(file=str(path), reason=f"format {manifest.get('format')!r}"))
            method = manifest["method"]
            if method != METHOD_DUMPDATA and manifest["engine"] != _engine():
                raise ServiceError(WRONG_ENGINE(source=manifest["engine"], target=_engine()))
            contents = installation_contents()
            if contents and not force:
                raise ServiceError(NOT_EMPTY(what="; ".join(contents)))
            staged = workdir / "staged"
            for member in tar.getmembers():
                if not member.isfile() or not _safe_member(member.name):
                    continue
                tar.extract(member, staged, filter="data")
        database = staged / manifest["database"]["member"]
        expected = {manifest["database"]["member"]: manifest["database"]["sha256"]}
        expected.update({f"files/{n}": f["sha256"] for n, f in manifest["files"].items()})
        for name, digest in expected.items():
            member = staged / name
            if not member.is_file() or _sha256(member) != digest:
                raise ServiceError(FILE_MISMATCH(name=name))
        _database_load(database, method)
        for name in manifest["files"]:
            target = root / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(staged / "files" / name, target)
    return dict(manifest)
