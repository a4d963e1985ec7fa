"""`selaras meetings_remind [--date YYYY-MM-DD]`: make the in-app reminders of meeting follow-ups that are due
within two weeks or overdue, and e-mail them when SELARAS_SMTP_HOST is set. The scheduler runs it daily."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from selaras.meetings.services import reminders_refresh


class Command(BaseCommand):
    help = "Create reminders for meeting follow-ups that are due soon or overdue."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--date", help="the day to check (default: today)")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            today = date.fromisoformat(options["date"]) if options["date"] else timezone.localdate()
        except ValueError as error:
            raise CommandError(f"--date: {error}") from None
        report = reminders_refresh(today=today)
        self.stdout.write(f"{report.created} reminders created, {report.emailed} e-mailed")
