"""`selaras uploads_prune`: delete upload previews past their expiry (and their files). Run it daily."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from selaras.uploads.services import upload_prune


class Command(BaseCommand):
    help = "Delete expired upload previews and their files."

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(f"{upload_prune()} expired uploads deleted")
