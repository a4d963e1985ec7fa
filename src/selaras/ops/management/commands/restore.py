"""`selaras restore FILE [--passphrase-file F] [--force]`: restore a `selaras backup` archive into this
installation (DATABASE_URL and SELARAS_DATA_DIR); refuses a non-empty one unless --force."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from selaras.ops.backup import backup_restore, passphrase_read
from selaras.web.errors import ServiceError


class Command(BaseCommand):
    help = "Restore a backup archive into an empty installation (database and uploaded files)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file")
        parser.add_argument("--passphrase-file", help="the passphrase of an encrypted backup (first line)")
        parser.add_argument(
            "--force", action="store_true", help="overwrite a non-empty installation (its data is replaced)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            phrase = passphrase_read(options["passphrase_file"]) if options["passphrase_file"] else None
            manifest = backup_restore(Path(options["file"]), passphrase=phrase, force=options["force"])
        except ServiceError as error:
            raise CommandError(error.render("en")) from None
        self.stdout.write(
            f"restored backup of {manifest['created_at']}: database ({manifest['engine']} via "
            f"{manifest['method']}) and {len(manifest['files'])} files. Next: `selaras migrate` "
            "(when this version is newer), then start the services."
        )
