from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django_tasks import task

from selaras.accounts.models import User
from selaras.core.regions_data import parse_region_list
from selaras.jobs.services import job_run
from selaras.regions.services import regions_load


@task()
def regions_load_file(*, job_id: str, file_name: str, province: str, user_id: int | None) -> None:
    """Load an uploaded official list (already checked when it was uploaded) for one province."""
    path = Path(settings.FILES_DIR) / "region-lists" / file_name
    user = User.objects.filter(pk=user_id).first() if user_id else None

    def work(progress: Any) -> dict[str, Any]:
        rows, errors = parse_region_list(path.read_bytes(), province=province)
        if errors:
            raise ValueError("; ".join(str(e) for e in errors[:5]))
        report = regions_load(
            rows=rows, scope=province, user=user, reason=f"upload {file_name}", progress=progress
        )
        return report.as_dict()

    job_run(job_id, work)
