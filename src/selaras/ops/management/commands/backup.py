"""`selaras backup --out FILE [--passphrase-file F]`: the database and the uploaded files in one archive
(selaras.ops.backup), encrypted when a passphrase file is given; records the backup heartbeat."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from selaras.ops.backup import backup_write, passphrase_read
from selaras.web.errors import ServiceError


class Command(BaseCommand):
    help = "Back up the database and the uploaded files into one archive (optionally encrypted)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--out", required=True, help="archive to write (e.g. selaras-20261204.tar.gz)")
        parser.add_argument(
            "--passphrase-file", help="encrypt with the passphrase on this file's first line (AES-GCM, scrypt)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            phrase = passphrase_read(options["passphrase_file"]) if options["passphrase_file"] else None
            summary = backup_write(Path(options["out"]), passphrase=phrase)
        except ServiceError as error:
            raise CommandError(error.render("en")) from None
        self.stdout.write(
            f"backup written: {summary.path} ({summary.size_bytes} bytes; database: {summary.engine} "
            f"via {summary.method}; {summary.files} files, {summary.file_bytes} bytes; "
            f"{'encrypted' if summary.encrypted else 'NOT encrypted'})"
        )
