"""The write stamp: one row whose counter every committed write to the database raises (selaras.web.caching)."""

from __future__ import annotations

from django.db import models


class WriteStamp(models.Model):
    """Parts of pages are cached under `epoch.writes`: any write makes every cached part stale at once. `epoch`
    is set when the row is (re)created, so a counter that starts again (a flushed database) never meets parts
    cached before."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    writes = models.BigIntegerField(default=0)
    epoch = models.BigIntegerField(default=0)

    class Meta:
        db_table = "web_writestamp"

    def __str__(self) -> str:
        return f"{self.epoch}.{self.writes}"
